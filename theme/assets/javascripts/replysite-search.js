// Search over the Pagefind indexes of the site, year by year, newest year first.
//
// Each part of a year is indexed on its own (a build re-indexes only the part it rebuilds).
// A search pays for each index it touches (its metadata, a chunk per word, a filter file), so
// each year is a Pagefind instance of its own (createInstance, its parts merged with
// mergeIndex), and the results come year after year: the first page needs only the newest
// years' indexes, and the others are searched after it is shown, for the count. Sorting by date
// is done here, not by Pagefind: across merged indexes Pagefind interleaves each index's sorted
// results instead of ordering them all, so the date order is a merge of one date-sorted search
// per part (its hidden 分册 filter).

const FILTERS = ["年度", "类别", "主办单位", "会办单位", "主题", "办理结果", "满意度"];
// The panel's filters named, as Pagefind's preload takes them to fetch their files.
const PANEL_FILTERS = Object.fromEntries(FILTERS.map((name) => [name, ""]));
const PAGE_SIZE = 10;
const DEBOUNCE_MS = 250;
// 第71号, 71, 第21-168号, 21-168: searched as an exact number before the full text.
const NUMBER_QUERY = /^第?\s*(\d+(?:-\d+)*)\s*号?$/;
const DECIMAL_DIGIT = /\p{Nd}/u;
// How many of a part's first results the guard below reads for the query as typed.
const GUARD_DEPTH = 5;
// How long a year's indexes may take to load before the page says the search failed.
const LOAD_TIMEOUT_MS = 30000;

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

// Pagefind answers a word that an index does not hold with the longest word it holds that
// begins the query's word (杨某 by 杨), and drops a word it cannot match at all. Each part of a
// year is an index of its own, so a part lacking a rare name would fill the results with
// unrelated replies while the parts holding it answer properly. Since an index either holds a
// word or falls back for every page, one result per part tells which parts answered with the
// query's own words: the others are left out. Words are found as Chromium segments Chinese, with
// ICU like Pagefind.
const SEGMENTER = new Intl.Segmenter("zh", { granularity: "word" });

function queryWords(query) {
  return [...SEGMENTER.segment(foldText(query))]
    .filter((segment) => segment.isWordLike).map((segment) => segment.segment);
}

// The query as the 标识 filters' numbers are written (generator/records/characters.py fold_number):
// NFKC turns full-width 第３７号 into 第37号, and every other decimal digit (٣٧) becomes its
// ASCII digit. Unicode encodes each set of decimal digits as ten code points from 0 to 9, some
// sets right after others, so a digit's value is how many digits precede it, modulo ten.
function foldNumber(text) {
  return [...text.normalize("NFKC")].map((char) => {
    if ((char >= "0" && char <= "9") || !DECIMAL_DIGIT.test(char)) return char;
    const code = char.codePointAt(0);
    let before = 0;
    while (DECIMAL_DIGIT.test(String.fromCodePoint(code - before - 1))) before += 1;
    return String(before % 10);
  }).join("");
}

// Text as the guard and the 标识 filters compare it: folded as foldNumber, lowercase, no spaces.
function foldText(text) {
  return foldNumber(text).toLowerCase().replace(/\s+/gu, "");
}

// An identifier typed as a whole (文号, 索引号, a unit's name), folded as the 标识 filters' values
// are written (generator/pages/search_keys.py identifier_key): every bracket as 〔 or 〕, and a
// comma as ， since Pagefind splits filter values on commas.
function identifierKey(text) {
  return foldText(text).replace(/[(\[{<【〖〘《〈「『]/gu, "〔")
    .replace(/[)\]}>】〗〙》〉」』]/gu, "〕")
    .replaceAll(",", "，");
}

// A 文号 as GB/T 9704-2012 writes it (generator/pages/search_keys.py _DOC_NUMBER): the year in
// 〔〕, the serial number without 第 or leading zeros. Typed without brackets (丰住建复20249号),
// with a zero (〔2024〕09号) or without the final 号, it is looked up in that form too.
const DOC_NUMBER = /^(.*?[^\d〔〕])〔?((?:19|20)\d\d)〕?第?0*(\d+)号?$/u;

// The keys a query is looked up by in the 标识 filters: its number (numberKey) and, for a query
// with a digit, its identifier key and a 文号's standard form (search_keys.py doc_number_keys).
function identifierKeys(term) {
  const keys = new Set([numberKey(term)]);
  if (/\d/u.test(term)) {
    const key = identifierKey(term);
    const match = key.match(DOC_NUMBER);
    keys.add(key);
    if (match) keys.add(`${match[1]}〔${match[2]}〕${match[3]}号`);
  }
  keys.delete(null);
  return [...keys];
}

// Queries in Traditional characters are converted with opencc-js (served from the site's own
// assets by the build, generator/html/traditional.py), loaded only for a query that holds a
// character it converts.
class Traditional {
  constructor(siteRoot) {
    this.base = new URL("assets/javascripts/", siteRoot).href;
  }

  async simplified(text) {
    if (!/\p{Script=Han}/u.test(text)) return text;
    this.characters ??= import(`${this.base}opencc-t2cn-characters.js`)
      .then((module) => new Set(module.default));
    const characters = await this.characters;
    if (![...text].some((char) => characters.has(char))) return text;
    this.converter ??= import(`${this.base}opencc-t2cn.js`)
      .then((OpenCC) => OpenCC.Converter({ from: "t", to: "cn" }));
    return (await this.converter)(text);
  }
}

// The file of the identifier map holding `key` (generator/pages/search_keys.py shard_of): its
// 32-bit FNV-1a hash of UTF-8, modulo the number of files. Change one, change both.
function shardOf(key, shards) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(key)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash % shards;
}

// One result's filter values (from its data, Pagefind's fragment) as Pagefind counts a
// search's: { 年度: { 2024: 1 }, … }.
function countsOf(data) {
  return Object.fromEntries(Object.entries(data.filters || {}).map(([name, values]) =>
    [name, Object.fromEntries(values.map((value) => [value, 1]))]));
}

function numberKey(query) {
  const match = foldNumber(query).match(NUMBER_QUERY);
  if (!match) return null;
  return match[1].split("-").map((part) => part.replace(/^0+(?=\d)/, "")).join("-");
}

// Results found group by group, in a fixed order (each year's exact identifiers, newest year
// first, then each year's full text), each group searched only once the results before it are
// all handed out or `complete` is asked for: the first results need only the newest year's
// indexes. A record found by an earlier group is left out of later ones.
// Work run in turn, whoever asks: each piece after those asked for before it. A piece that
// fails (a file that did not load) fails for its caller alone.
class InTurn {
  constructor() {
    this.chain = Promise.resolve();
  }

  queued(work) {
    const step = this.chain.then(work);
    this.chain = step.catch(() => {});
    return step;
  }
}

class Results extends InTurn {
  constructor(groups) {
    super();
    this.groups = groups;  // [{ exact: whether it holds the query as an identifier, search }]
    this.exactTotal = 0;
    this.searched = 0;
    this.waiting = [];
    this.seen = new Set();
    this.total = 0;
    this.exactFound = [];
    this.fullTextIds = new Set();
  }

  get done() { return this.searched >= this.groups.length; }

  // One more group searched, in turn.
  step() {
    return this.queued(async () => {
      if (this.done) return;
      const group = this.groups[this.searched];
      const found = await group.search();
      this.searched += 1;
      const fresh = found.filter((result) => !this.seen.has(result.id) && this.seen.add(result.id));
      this.waiting.push(...fresh);
      this.total += fresh.length;
      if (group.exact) {
        this.exactTotal += fresh.length;
        this.exactFound.push(...fresh);
      } else {
        found.forEach((result) => this.fullTextIds.add(result.id));
      }
    });
  }

  // The records found only as an identifier, whose filter values the full text's counts lack.
  exactOnly() {
    return this.exactFound.filter((result) => !this.fullTextIds.has(result.id));
  }

  async next() {
    while (!this.waiting.length && !this.done) await this.step();
    return this.waiting.shift();
  }

  // Every group searched, unless `current()` turns false: a newer search has started, and
  // this one's other years are not fetched for nothing.
  async complete(current = () => true) {
    while (!this.done && current()) await this.step();
  }
}

// Each year's replies newest first, merged across parts and years. A year is searched only when
// its newest date (the upper bound of its sort dates, from the build) could come next, so the
// first results need only the newest years' indexes.
class ByDate extends InTurn {
  constructor(years, searchYear) {
    super();
    this.years = years;  // [{ newest, ... }] as SearchApp.yearsToSearch gives them
    this.searchYear = searchYear;  // async (year) => [date-sorted results of one part]
    this.lists = [];
    this.searched = 0;
    this.total = 0;
  }

  get done() { return this.searched >= this.years.length; }

  async searchNextYear() {
    const lists = await this.searchYear(this.years[this.searched]);
    this.searched += 1;
    for (const results of lists) {
      this.lists.push({ results, head: null });
      this.total += results.length;
    }
  }

  async headDate(list) {
    if (!list.head && list.results.length) list.head = await list.results.shift().data();
    return list.head ? list.head.meta.date || "" : null;
  }

  async best() {
    let best = null;
    let bestDate = null;
    for (const list of this.lists) {
      const date = await this.headDate(list);
      if (date !== null && (bestDate === null || date > bestDate)) [best, bestDate] = [list, date];
    }
    return [best, bestDate];
  }

  // In turn, so that the lists are never compared while a year is being added to them.
  next() {
    return this.queued(async () => {
      let [best, bestDate] = await this.best();
      // A year not searched yet may hold a later reply than the best found so far.
      while (!this.done && (best === null || this.unsearchedNewest() >= bestDate)) {
        await this.searchNextYear();
        [best, bestDate] = await this.best();
      }
      if (!best) return undefined;
      const data = best.head;
      best.head = null;
      return { id: data.url, data: async () => data };
    });
  }

  unsearchedNewest() {
    return this.years.slice(this.searched).reduce(
      (newest, year) => (year.newest > newest ? year.newest : newest), "");
  }

  // Every group searched, unless `current()` turns false: a newer search has started, and
  // this one's other years are not fetched for nothing.
  async complete(current = () => true) {
    while (!this.done && current()) {
      await this.queued(async () => { if (!this.done) await this.searchNextYear(); });
    }
  }
}

// One year's indexes (one per part), searched as one Pagefind instance of their own, so that a
// search of this year fetches nothing of the other years. Pagefind's instances share its worker.
class YearIndex {
  constructor(app, year, indexes, newest) {
    this.app = app;
    this.year = year;
    this.indexes = indexes;  // [{ url, part, baseUrl }]
    this.parts = indexes.map((index) => index.part);
    this.newest = newest;  // "2025-06-30", or "9999" when the build gave none
  }

  async instance() {
    this.loading ??= this.load().catch((error) => {
      this.loading = null;  // tried again by the next search
      throw error;
    });
    return this.loading;
  }

  // Pagefind waits for the first index's WebAssembly without end if it never arrives: a load
  // taking longer than LOAD_TIMEOUT_MS fails instead, and the page says so.
  load() {
    const loaded = this.app.module().then(async (pagefind) => {
      const [first, ...others] = this.app.hub ? [this.app.hub, ...this.indexes] : this.indexes;
      const instance = pagefind.createInstance({ basePath: first.url, baseUrl: first.baseUrl });
      await Promise.all(others.map((other) =>
        instance.mergeIndex(other.url, { baseUrl: other.baseUrl })));
      return instance;
    });
    const late = new Promise((_, reject) => {
      setTimeout(() => reject(new Error(`${this.year}: the search index did not load`)),
                 LOAD_TIMEOUT_MS);
    });
    return Promise.race([loaded, late]);
  }

  async search(term, options = {}) {
    const instance = await this.instance();
    // Pagefind counts a filter's values in search results only once its files are loaded: the
    // panel's counts load them, the results alone do not. Only the panel's filters are loaded
    // (a preload naming them, which fetches their files and searches nothing), not the hidden
    // 标识 filters, loaded only for a query that may be an identifier.
    if (this.app.facetsLoaded) {
      this.filtersLoading ??= instance.preload(null, { filters: PANEL_FILTERS });
    }
    await this.filtersLoading;
    return instance.search(term, options);
  }
}

class SearchApp {
  constructor(root) {
    this.root = root;
    this.siteRoot = new URL(root.dataset.siteRoot, location.href);
    this.yearIndexes = this.readIndexes(root.dataset);
    // The portal's hub (generator/html/search_index.py index_hub): each year's instance starts
    // from it, so that Pagefind's WebAssembly comes from one address for every year. A year's
    // own page has none, and starts from its first part.
    this.hub = root.dataset.hub
      ? { url: new URL(root.dataset.hub, this.siteRoot).href, baseUrl: this.siteRoot.pathname }
      : null;
    this.units = JSON.parse(root.dataset.units || "{}");  // folded name -> current name
    this.identifierFilters = Number(root.dataset.identifierFilters);  // 标识0 to 标识<n - 1>
    // Current name -> the years of its published records; a year's own page gives none.
    this.unitYears = root.dataset.unitYears ? JSON.parse(root.dataset.unitYears) : null;
    // The identifier map: which years hold a number, 文号 or 索引号 (none on a year's page).
    this.identifiers = root.dataset.identifiers
      ? { folder: new URL(root.dataset.identifiers, this.siteRoot).href,
          shards: Number(root.dataset.identifierShards), files: new Map() }
      : null;
    this.traditional = new Traditional(this.siteRoot);
    this.years = root.dataset.years.split(" ").filter(Boolean);
    this.facetsLoaded = false;
    this.searchId = 0;
    this.partVerdicts = new Map();  // "query\npart" -> Promise<whether the part holds its words>
    this.selected = new Map(FILTERS.map((name) => [name, new Set()]));
    // What a filter's value stands for, where the index holds a code: 办理结果 A is shown as
    // site.yml's label, A类：已解决或基本解决.
    this.labels = { 办理结果: JSON.parse(root.dataset.resultLabels || "{}") };
    this.build();
    this.restoreFromAddress();
  }

  // The indexes the page lists (newest year first), as one YearIndex per year. An index gives
  // addresses from its year's folder ("/rd-2024-0012/"): that folder is its baseUrl, and the
  // index's own folder would otherwise be put in front instead.
  readIndexes(dataset) {
    const parts = dataset.parts.split(" ").filter(Boolean);
    const newest = JSON.parse(dataset.newest || "{}");
    const byYear = new Map();
    dataset.indexes.split(" ").filter(Boolean).forEach((path, position) => {
      const year = path.split("/")[0];
      if (!byYear.has(year)) byYear.set(year, []);
      byYear.get(year).push({ url: new URL(path, this.siteRoot).href, part: parts[position],
                              baseUrl: `${this.siteRoot.pathname}${year}/` });
    });
    return [...byYear].sort((a, b) => b[0].localeCompare(a[0]))
      .map(([year, indexes]) => new YearIndex(this, year, indexes, newest[year] || "9999"));
  }

  build() {
    this.input = element("input", {
      id: "rs-q", type: "search", autocomplete: "off", enterkeyhint: "search",
      placeholder: this.root.dataset.placeholder || "关键词、姓名、编号或文号",
    });
    this.sort = element("select", { id: "rs-sort" },
      element("option", { value: "relevance", text: "按相关度" }),
      element("option", { value: "date", text: "最新答复在前" }));
    const form = element("form", { class: "rs-search__form", role: "search" },
      element("label", { for: "rs-q", class: "rs-search__label", text: "搜索答复" }),
      this.input,
      element("label", { for: "rs-sort", class: "rs-search__label", text: "排序" }),
      this.sort);
    this.summary = element("p", { class: "rs-search__summary", role: "status" });
    this.list = element("ol", { class: "rs-search__list" });
    this.more = element("button", { type: "button", class: "md-button rs-search__more",
                                    text: "显示更多结果", hidden: "" });
    this.filters = element("div", { class: "rs-search__filters" });
    // The summary stays outside the region marked busy while a search runs, so that screen
    // readers announce its interim counts (正在检索其他年度) as well as the final one.
    this.results = element("section", { class: "rs-search__results", "aria-label": "搜索结果",
                                        "aria-busy": "false" },
      this.list, this.more);
    // Facet counts cost every filter's file of every index: they are fetched only once the
    // panel is opened (or a filter comes with the address), not for each query. Folded, it
    // also leaves the first result in sight on a phone.
    this.facetsSummary = element("summary", { text: "筛选" });
    this.facets = element("details", { class: "rs-search__facets" }, this.facetsSummary,
      this.filters);
    this.root.replaceChildren(form, element("div", { class: "rs-search__body" },
      this.facets, element("div", { class: "rs-search__main" }, this.summary, this.results)));
    this.facets.addEventListener("toggle", () => this.facetsToggled());
    // Enter searches on the page and adds the query to the history (the History API), instead
    // of loading the page again; so does the header's search box on this page.
    const submitted = (event) => { event.preventDefault(); this.search({ push: true }); };
    form.addEventListener("submit", submitted);
    const header = document.querySelector("form.rs-header-search");
    if (header && new URL(header.action).pathname === location.pathname) {
      header.addEventListener("submit", (event) => {
        this.input.value = header.elements.q.value;
        submitted(event);
      });
    }
    window.addEventListener("popstate", () => this.restoreFromAddress());
    this.input.addEventListener("input", () => this.searchSoon());
    this.sort.addEventListener("change", () => this.search());
    this.more.addEventListener("click", () => this.busyWhile(this.showMoreOnce()));
  }

  restoreFromAddress() {
    const params = new URLSearchParams(location.search);
    this.input.value = params.get("q") || "";
    this.sort.value = params.get("sort") === "date" ? "date" : "relevance";
    for (const values of this.selected.values()) values.clear();
    for (const pair of params.getAll("f")) {
      const [name, ...rest] = pair.split(":");
      // A year's page searches its year alone and offers no 年度 to unchoose.
      if (name === "年度" && !this.offersYears) continue;
      this.selected.get(name)?.add(rest.join(":"));
    }
    this.settled = true;  // an entry of the history, which typing must not overwrite
    if (params.has("f")) this.facets.open = true;
    if (this.input.value || params.has("f")) this.search();
    else this.stopAndShowIdle();
    // The search page opened with nothing to search for, as the header's button on a phone
    // opens it: the box takes the focus, ready to type in.
    if (this.root.dataset.focus !== undefined && !this.input.value) this.input.focus();
  }

  // Back to an address with nothing to search for: a search still running shows nothing more.
  stopAndShowIdle() {
    this.searchId += 1;
    clearTimeout(this.timer);
    this.results.setAttribute("aria-busy", "false");
    this.showIdle();
  }

  facetsToggled() {
    if (!this.facets.open || this.facetsLoaded) return;
    this.facetsLoaded = true;
    this.search();
  }

  saveToAddress(push = false) {
    const params = new URLSearchParams();
    if (this.input.value.trim()) params.set("q", this.input.value.trim());
    if (this.sort.value === "date") params.set("sort", "date");
    for (const [name, values] of this.selected) {
      for (const value of values) params.append("f", `${name}:${value}`);
    }
    const query = params.toString();
    const address = query ? `?${query}` : location.pathname;
    // The searches made while typing (or choosing filters) share one entry of the history,
    // added after the last settled one (the address opened, or a query sent with Enter) so
    // that Back returns to it; Enter settles that entry, or adds one.
    if (address === `${location.search}` || (!query && !location.search)) {
      this.settled ||= push;
      return;
    }
    if (this.settled) history.pushState(null, "", address);
    else history.replaceState(null, "", address);
    this.settled = push;
  }

  // Pagefind's script, from the hub or else the newest year's first index: every year's
  // instance uses it.
  async module() {
    const first = this.hub || this.yearIndexes[0].indexes[0];
    this.moduleLoading ??= import(`${first.url}pagefind.js`).catch((error) => {
      this.moduleLoading = null;
      throw error;
    });
    return this.moduleLoading;
  }

  // The years to search, newest first: those of the 年度 filter, or all.
  yearsToSearch() {
    const chosen = this.selected.get("年度");
    return this.yearIndexes.filter((year) => !chosen.size || chosen.has(year.year));
  }

  searchSoon() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.search(), DEBOUNCE_MS);
  }

  activeFilters(extra = {}) {
    const filters = {};
    for (const [name, values] of this.selected) {
      if (values.size) filters[name] = { any: [...values] };
    }
    return { ...filters, ...extra };
  }

  async search({ push = false } = {}) {
    clearTimeout(this.timer);
    const id = ++this.searchId;
    await this.busyWhile(this.runSearch(id, push).catch((error) => {
      if (id !== this.searchId) return;
      console.warn(error);
      this.summary.textContent = "搜索暂时无法完成，请检查网络后再试。";
    }), id);
  }

  // The results are marked busy until `work` is done, unless a newer search has started.
  async busyWhile(work, id = this.searchId) {
    this.results.setAttribute("aria-busy", "true");
    try {
      await work;
    } finally {
      if (id === this.searchId) this.results.setAttribute("aria-busy", "false");
    }
  }

  // The query as the indexes hold text: NFKC (full-width ７１ as 71) and Simplified characters.
  async prepared(typed) {
    return this.traditional.simplified(foldNumber(typed).trim());
  }

  async runSearch(id, push) {
    const typed = this.input.value.trim();
    this.saveToAddress(push);
    const term = await this.prepared(typed);
    const hasFilters = [...this.selected.values()].some((values) => values.size);
    if (!term && !hasFilters) return this.showIdle();
    if (id !== this.searchId) return;
    // The opened record marks the query as a whole (and as typed, where it differs), not each
    // word Pagefind split it into: after 加装电梯, not every 加 on the page.
    this.marks = [...new Set([...term.split(/\s+/u), ...typed.split(/\s+/u)])].filter(Boolean);
    const counts = [];  // each year's filter counts, for the panel
    const years = this.yearsToSearch();
    const exactYears = term ? await this.identifierYears(years, term) : [];
    if (id !== this.searchId) return;
    this.source = this.sort.value === "date"
      ? new ByDate(years, (year) => this.dateLists(year, term, counts, exactYears))
      : new Results(this.groups(years, exactYears, term, counts));
    this.list.replaceChildren();
    this.shown = 0;
    this.more.hidden = true;
    this.summary.textContent = "正在搜索……";
    // The first page is shown as its results arrive, from the newest years' indexes; the other
    // years are searched after it, for the count and the panel.
    await this.showMore(id);
    if (id !== this.searchId) return;
    if (!this.source.done && this.source.total) {
      this.summary.textContent = `已找到 ${this.source.total} 件，正在检索其他年度……`;
    }
    await this.source.complete(() => id === this.searchId);
    if (this.facetsLoaded && this.source.exactOnly) {
      counts.push(...await Promise.all(this.source.exactOnly()
        .map(async (result) => countsOf(await result.data()))));
    }
    if (id !== this.searchId) return;  // a newer search has started
    this.renderFilters(counts);
    if (!this.source.total) return this.showNothingFound(typed);
    const exact = this.source.exactTotal
      ? `，编号、文号或单位为“${typed}”的 ${this.source.exactTotal} 件在前` : "";
    const about = typed ? `与“${typed}”相关的` : "";
    this.summary.textContent =
      `找到 ${this.source.total} 件${about}答复${exact}${this.chosenText()}`;
    if (this.shown < PAGE_SIZE) await this.showMore(id, PAGE_SIZE - this.shown);
    this.more.hidden = this.shown >= this.source.total;
  }

  // The groups of results in the order shown: where the query may be an identifier (a number,
  // a 文号 or 索引号, a unit's name), the records holding it as a whole, year after year, newest
  // first; then the full text of each year.
  groups(years, exactYears, term, counts) {
    const exact = exactYears.map((year) => async () => this.exactResults(year, term));
    return [...exact.map((search) => ({ exact: true, search })),
            ...years.map((year) => ({ exact: false,
                                      search: async () => this.fullText(year, term, counts) }))];
  }

  // Of `years`, those holding the query as a whole identifier: a number, 文号 or 索引号 (a
  // query with a digit) as the identifier map gives them, a unit's name in the years of its
  // records. On a year's page, which has neither map, the year itself.
  async identifierYears(years, term) {
    const keys = identifierKeys(term);
    const unit = this.units[identifierKey(term)];
    if ((keys.length && !this.identifiers) || (unit && !this.unitYears)) return years;
    const held = new Set(unit ? this.unitYears[unit] || [] : []);
    for (const found of await Promise.all(keys.map((key) => this.yearsHolding(key)))) {
      if (!found) return years;  // the map did not load: every year is looked up
      found.forEach((year) => held.add(year));
    }
    return years.filter((year) => held.has(year.year));
  }

  // The years holding an identifier, from its file of the identifier map (each file fetched
  // once a page), or null when the file did not load.
  async yearsHolding(key) {
    const { folder, shards, files } = this.identifiers;
    const shard = shardOf(key, shards);
    if (!files.has(shard)) {
      files.set(shard, fetch(`${folder}${shard}.json`)
        .then((response) => (response.ok ? response.json() : null)).catch(() => null));
    }
    const map = await files.get(shard);
    return map ? map[key] || [] : null;
  }

  // A year's full-text results, its stand-in words left out.
  async fullText(year, term, counts) {
    const [found] = await this.overview(year, term, counts);
    return found.results;
  }

  // A year searched with its 分册 filter, which the guard below counts by (one small file per
  // index; the other filters wait for the panel), and again in the parts the guard trusts if it
  // left some out: that search, its filter counts added to `counts`, and the parts trusted
  // (null when all are).
  async overview(year, term, counts) {
    let found = await year.search(term || null, {
      filters: this.activeFilters({ 分册: { any: year.parts } }),
    });
    const trusted = await this.trustedParts(year, term, found);
    if (trusted && !trusted.length) found = { results: [], filters: {} };
    else if (trusted) {
      found = await year.search(term, {
        filters: this.activeFilters({ 分册: { any: trusted } }),
      });
    }
    counts.push(found.filters);
    return [found, trusted];
  }

  // The parts whose results hold every word of the query, or null when all of them do.
  async trustedParts(year, term, overview) {
    if (!term) return null;
    const counts = overview.filters["分册"] || {};
    const answered = Object.keys(counts).filter((part) => counts[part] > 0);
    const words = queryWords(term);
    const verdicts = await Promise.all(answered.map((part) => {
      const key = `${term}\n${part}`;
      if (!this.partVerdicts.has(key)) {
        this.partVerdicts.set(key, this.partHoldsWords(year, term, part, words)
          .catch((error) => { this.partVerdicts.delete(key); throw error; }));
      }
      return this.partVerdicts.get(key);
    }));
    const trusted = answered.filter((_, index) => verdicts[index]);
    return trusted.length === answered.length ? null : trusted;
  }

  // A part answered with the query's own words when its best result holds each of them; and
  // it is never left out when one of its first results holds the query as typed, however the
  // browser and Pagefind split it into words (a rare name: 欧阳, 司马 and a given name).
  async partHoldsWords(year, term, part, words) {
    const found = await year.search(term, { filters: { 分册: part } });
    const whole = foldText(term);
    for (const [rank, result] of found.results.slice(0, GUARD_DEPTH).entries()) {
      const text = foldText((await result.data()).content);
      if (text.includes(whole)) return true;
      if (rank === 0 && words.every((word) => text.includes(word))) return true;
    }
    return false;
  }

  // The records of a year that hold the query as a whole identifier, in this order: a number
  // (第71号, not 712), a 文号 or 索引号 of any of their replies (the hidden 标识 filters), or a
  // unit's current or former name (its records, lead or co-handling, by relevance).
  async exactResults(year, term) {
    const searches = [];
    const keys = identifierKeys(term);
    // Each search names the year's parts (分册), which the hub's page lacks.
    const parts = { 分册: { any: year.parts } };
    if (keys.length) {
      // Each key is in the one of the hidden filters 标识0 to 标识15 that its hash gives
      // (generator/pages/search_keys.py identifier_filters): one small file per index.
      // A year closed before the split is served from its archive with the one filter 标识,
      // named too: an index lacking a filter fetches nothing for it and matches no page.
      const held = { any: keys.flatMap((key) => [{ [this.identifierFilter(key)]: key },
                                                 { 标识: key }]) };
      searches.push(year.search(null, { filters: { all: [this.activeFilters(parts), held] } }));
    }
    const unit = this.units[identifierKey(term)];
    if (unit) {
      const chosen = this.activeFilters(parts);
      const roles = { any: [{ 主办单位: unit }, { 会办单位: unit }] };
      const filters = { all: [chosen, roles] };
      searches.push(year.search(term, { filters }));
    }
    return (await Promise.all(searches)).flatMap((search) => search.results);
  }

  identifierFilter(key) {
    return `标识${shardOf(key, this.identifierFilters)}`;
  }

  // A year's results as date-sorted lists, one per part: across the indexes of a Pagefind
  // instance, sorted results are interleaved index by index, not ordered together. Where the
  // year holds the query as an identifier (`exactYears`), the records found only so (a 文号
  // typed without brackets) are one more list, sorted here, and counted for the panel.
  async dateLists(year, term, counts, exactYears) {
    const [, trusted] = await this.overview(year, term, counts);
    const parts = year.parts.filter((part) => !trusted || trusted.includes(part));
    const lists = await Promise.all(parts.map(async (part) => (await year.search(term || null, {
      filters: this.activeFilters({ 分册: part }), sort: { date: "desc" },
    })).results));
    if (!exactYears.includes(year)) return lists;
    const seen = new Set(lists.flat().map((result) => result.id));
    const exact = (await this.exactResults(year, term))
      .filter((result) => !seen.has(result.id) && seen.add(result.id));
    const loaded = await Promise.all(exact.map((result) => result.data()));
    counts.push(...loaded.map(countsOf));
    loaded.sort((a, b) => (b.meta.date || "").localeCompare(a.meta.date || ""));
    return [...lists, loaded.map((data) => ({ id: data.url, data: async () => data }))];
  }

  // 显示更多结果 pressed again before the results it asked for are shown waits for them.
  async showMoreOnce() {
    this.more.disabled = true;
    try {
      await this.showMore();
    } finally {
      this.more.disabled = false;
    }
  }

  // Each result's data is asked for as soon as the result is found, and each is shown as soon
  // as it and those before it have arrived: in a stable order, without waiting for the slowest
  // of the page, nor for the groups of results that the rest of the page comes from.
  async showMore(id = this.searchId, limit = PAGE_SIZE) {
    let shown = Promise.resolve();
    for (let count = 0; count < limit; count++) {
      const result = await this.source.next();
      if (!result || id !== this.searchId) break;
      const data = result.data();
      shown = shown.then(async () => {
        const item = this.renderResult(await data);
        if (id !== this.searchId) return;
        this.list.append(item);
        this.shown += 1;
      });
    }
    await shown;
    if (id === this.searchId) this.more.hidden = this.shown >= this.source.total;
  }

  renderResult(data) {
    const meta = data.meta;
    const details = [`${meta.年度}年${meta.类别}`, meta.编号, meta.单位,
                     meta.答复日期 && meta.答复日期 !== "—" ? `答复于 ${meta.答复日期}` : ""];
    const excerpt = element("p", { class: "rs-result__excerpt" });
    excerpt.innerHTML = data.excerpt;  // Pagefind escapes the page text and adds only <mark>
    const params = new URLSearchParams((this.marks || []).map((mark) => ["highlight", mark]));
    const href = params.size ? `${data.url}?${params}` : data.url;
    return element("li", { class: "rs-result" },
      element("h3", { class: "rs-result__title" },
        element("a", { href, text: meta.title })),
      element("p", { class: "rs-result__meta", text: details.filter(Boolean).join(" · ") }),
      excerpt);
  }

  // `yearCounts`: each year's filter counts, added up here.
  renderFilters(yearCounts) {
    if (!this.facetsLoaded) return this.filters.replaceChildren();
    const counts = {};
    for (const filters of yearCounts) {
      for (const [name, values] of Object.entries(filters)) {
        counts[name] ??= {};
        for (const [value, count] of Object.entries(values)) {
          counts[name][value] = (counts[name][value] || 0) + count;
        }
      }
    }
    // A chosen value stays in the panel, counted 0 if nothing matched, so that it can be
    // unchosen: a query finding nothing in it (or ?f=年度:1999) must not leave it stuck on.
    for (const [name, values] of this.selected) {
      for (const value of values) {
        counts[name] ??= {};
        counts[name][value] ??= 0;
      }
    }
    const groups = FILTERS.filter((name) => name !== "年度" || this.offersYears)
      .map((name) => this.renderFilterGroup(name, counts[name] || {})).filter(Boolean);
    this.filters.replaceChildren(...groups);
    this.showChosen();
  }

  // The portal's page offers a choice of years; a year's page searches its year alone.
  get offersYears() { return this.years.length > 1; }

  // The filters chosen, as the summary names them (they stay chosen for the next query):
  // "（筛选：年度 2024、2023；主办单位 市住房和城乡建设局）", or "" for none.
  chosenText() {
    const chosen = [...this.selected].filter(([, values]) => values.size)
      .map(([name, values]) => `${name} ${[...values].map((value) =>
        this.labels[name]?.[value] || value).join("、")}`);
    return chosen.length ? `（筛选：${chosen.join("；")}）` : "";
  }

  // The panel's heading counts the values chosen, at once, before the new results arrive.
  showChosen() {
    const chosen = [...this.selected.values()].reduce((sum, values) => sum + values.size, 0);
    this.facetsSummary.textContent = chosen ? `筛选（已选 ${chosen} 项）` : "筛选";
  }

  // A group of the panel, or null when it has nothing to choose.
  renderFilterGroup(name, counts) {
    const chosen = this.selected.get(name);
    const values = Object.entries(counts)
      .filter(([value, count]) => count > 0 || chosen.has(value))
      .sort((a, b) => (name === "年度" ? b[0].localeCompare(a[0]) : b[1] - a[1]));
    if (!values.length) return null;
    const options = values.map(([value, count]) => {
      const box = element("input", { type: "checkbox", value });
      box.checked = chosen.has(value);
      box.addEventListener("change", () => {
        if (box.checked) chosen.add(value); else chosen.delete(value);
        this.showChosen();
        this.search();
      });
      return element("label", { class: "rs-filter" }, box,
        element("span", { class: "rs-filter__value", text: this.labels[name]?.[value] || value }),
        element("span", { class: "rs-filter__count", text: String(count) }));
    });
    return element("fieldset", { class: "rs-filter-group" },
      element("legend", { text: name }), ...options);
  }

  showIdle() {
    this.list.replaceChildren();
    this.filters.replaceChildren();
    this.more.hidden = true;
    this.summary.textContent = "请输入关键词，如“加装电梯”“养老服务”、代表委员姓名、编号（第248号）或文号。";
  }

  showNothingFound(term) {
    this.more.hidden = true;
    this.summary.textContent =
      `没有找到${term ? `与“${term}”相关的` : "符合条件的"}答复${this.chosenText()}。`;
    this.list.replaceChildren(element("li", { class: "rs-search__hint",
      text: "可以换一个更短或更常用的词，减少筛选条件，或按年度、承办单位、主题浏览。" }));
  }
}

for (const root of document.querySelectorAll(".rs-search[data-indexes]")) {
  new SearchApp(root);
}
