// Search over the Pagefind indexes of the site, merged in the browser.
//
// Each part of a year is indexed on its own (a build re-indexes only the part it rebuilds);
// this page loads the first index and merges the others into it with Pagefind's mergeIndex.
// Sorting by date is done here, not by Pagefind: across merged indexes Pagefind interleaves
// each index's sorted results instead of ordering them all, so the date order is a k-way merge
// of one date-sorted search per index (its hidden 分册 filter).

const FILTERS = ["年度", "类别", "主办单位", "会办单位", "主题", "办理结果", "满意度"];
const PAGE_SIZE = 10;
const DEBOUNCE_MS = 250;
// 第71号, 71, 第21-168号, 21-168: searched as an exact number before the full text.
const NUMBER_QUERY = /^第?\s*(\d+(?:-\d+)*)\s*号?$/;
const DECIMAL_DIGIT = /\p{Nd}/u;
// Wide enough for the filters beside the results (replysite.css, .rs-search__body): on a
// narrower screen they start folded, so that the first result is in sight.
const WIDE_SCREEN = "(min-width: 60em)";

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
  return [...SEGMENTER.segment(query.toLowerCase())]
    .filter((segment) => segment.isWordLike).map((segment) => segment.segment);
}

// The query as the 编号 filter's values are written (generator/records/characters.py fold_number):
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

function numberKey(query) {
  const match = foldNumber(query).match(NUMBER_QUERY);
  if (!match) return null;
  return match[1].split("-").map((part) => part.replace(/^0+(?=\d)/, "")).join("-");
}

class SearchApp {
  constructor(root) {
    this.root = root;
    this.siteRoot = new URL(root.dataset.siteRoot, location.href);
    this.indexes = root.dataset.indexes.split(" ").filter(Boolean);
    this.parts = root.dataset.parts.split(" ").filter(Boolean);
    this.years = root.dataset.years.split(" ").filter(Boolean);
    this.searchId = 0;
    this.partVerdicts = new Map();  // "query\npart" -> Promise<whether the part holds its words>
    this.selected = new Map(FILTERS.map((name) => [name, new Set()]));
    // What a filter's value stands for, where the index holds a code: 办理结果 A is shown as
    // site.yml's label, A类：已解决或基本解决.
    this.labels = { 办理结果: JSON.parse(root.dataset.resultLabels || "{}") };
    this.build();
    this.restoreFromAddress();
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
    this.results = element("section", { class: "rs-search__results", "aria-label": "搜索结果",
                                        "aria-busy": "false" },
      this.summary, this.list, this.more);
    this.facetsSummary = element("summary", { text: "筛选" });
    const facets = element("details", { class: "rs-search__facets" }, this.facetsSummary,
                           this.filters);
    facets.open = matchMedia(WIDE_SCREEN).matches;
    this.root.replaceChildren(form, element("div", { class: "rs-search__body" }, facets,
                                            this.results));
    form.addEventListener("submit", (event) => { event.preventDefault(); this.search(); });
    this.input.addEventListener("input", () => this.searchSoon());
    this.sort.addEventListener("change", () => this.search());
    this.more.addEventListener("click", () => this.showMore());
  }

  restoreFromAddress() {
    const params = new URLSearchParams(location.search);
    this.input.value = params.get("q") || "";
    if (params.get("sort") === "date") this.sort.value = "date";
    for (const pair of params.getAll("f")) {
      const [name, ...rest] = pair.split(":");
      this.selected.get(name)?.add(rest.join(":"));
    }
    if (this.input.value || params.has("f")) this.search();
    else this.showIdle();
    // The search page opened with nothing to search for, as the header's button on a phone
    // opens it: the box takes the focus, ready to type in.
    if (this.root.dataset.focus !== undefined && !this.input.value) this.input.focus();
  }

  saveToAddress() {
    const params = new URLSearchParams();
    if (this.input.value.trim()) params.set("q", this.input.value.trim());
    if (this.sort.value === "date") params.set("sort", "date");
    for (const [name, values] of this.selected) {
      for (const value of values) params.append("f", `${name}:${value}`);
    }
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
  }

  async pagefind() {
    if (!this.loading) this.loading = this.load();
    return this.loading;
  }

  async load() {
    // An index gives addresses from its year's folder ("/rd-2024-0012/"): that folder is
    // its baseUrl, and the index's own folder would otherwise be put in front instead.
    const [primary, ...others] = this.indexes.map((path) => ({
      url: new URL(path, this.siteRoot).href,
      options: { baseUrl: `${this.siteRoot.pathname}${path.split("/")[0]}/`,
                 highlightParam: "highlight" },
    }));
    const pagefind = await import(`${primary.url}pagefind.js`);
    await pagefind.options(primary.options);
    for (const other of others) await pagefind.mergeIndex(other.url, other.options);
    // Pagefind counts filter values in search results only once their index is loaded.
    await pagefind.filters();
    return pagefind;
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

  async search() {
    clearTimeout(this.timer);
    const id = ++this.searchId;
    this.results.setAttribute("aria-busy", "true");
    try {
      await this.runSearch(id);
    } finally {
      if (id === this.searchId) this.results.setAttribute("aria-busy", "false");
    }
  }

  async runSearch(id) {
    const term = this.input.value.trim();
    this.saveToAddress();
    const hasFilters = [...this.selected.values()].some((values) => values.size);
    if (!term && !hasFilters) return this.showIdle();
    const pagefind = await this.pagefind();
    let overview = await pagefind.search(term || null, { filters: this.activeFilters() });
    const trusted = await this.trustedParts(pagefind, term, overview);
    if (trusted && !trusted.length) overview = { results: [], filters: {} };
    else if (trusted) {
      overview = await pagefind.search(term, {
        filters: this.activeFilters({ 分册: { any: trusted } }),
      });
    }
    const source = this.sort.value === "date"
      ? await this.byDate(pagefind, term, trusted)
      : await this.byRelevance(pagefind, term, overview);
    if (id !== this.searchId) return;  // a newer search has started
    this.source = source;
    this.renderFilters(overview.filters);
    this.list.replaceChildren();
    this.shown = 0;
    if (!source.total) return this.showNothingFound(term);
    await this.showMore(id);
    this.summary.textContent = `找到 ${source.total} 件${term ? `与“${term}”相关的` : ""}答复`;
  }

  // The parts whose results hold every word of the query, or null when all of them do.
  async trustedParts(pagefind, term, overview) {
    if (!term) return null;
    const counts = overview.filters["分册"] || {};
    const answered = Object.keys(counts).filter((part) => counts[part] > 0);
    const words = queryWords(term);
    const verdicts = await Promise.all(answered.map((part) => {
      const key = `${term}\n${part}`;
      if (!this.partVerdicts.has(key)) {
        this.partVerdicts.set(key, this.partHoldsWords(pagefind, term, part, words));
      }
      return this.partVerdicts.get(key);
    }));
    const trusted = answered.filter((_, index) => verdicts[index]);
    return trusted.length === answered.length ? null : trusted;
  }

  async partHoldsWords(pagefind, term, part, words) {
    const found = await pagefind.search(term, { filters: { 分册: part } });
    if (!found.results.length) return false;
    const text = (await found.results[0].data()).content.toLowerCase();
    return words.every((word) => text.includes(word));
  }

  async byRelevance(pagefind, term, overview) {
    let results = overview.results;
    const key = numberKey(term);
    if (key) {
      const exact = await pagefind.search(null, { filters: this.activeFilters({ 编号: key }) });
      const ids = new Set(exact.results.map((result) => result.id));
      results = [...exact.results, ...results.filter((result) => !ids.has(result.id))];
    }
    return { total: results.length, next: async () => results.shift() };
  }

  async byDate(pagefind, term, trusted) {
    const chosen = this.selected.get("年度");
    const parts = this.parts.filter((part) => (!chosen.size || chosen.has(part.split(".")[0]))
                                              && (!trusted || trusted.includes(part)));
    const lists = await Promise.all(parts.map(async (part) => {
      const found = await pagefind.search(term || null, {
        filters: this.activeFilters({ 分册: part }), sort: { date: "desc" },
      });
      return { results: found.results, head: null };
    }));
    const total = lists.reduce((sum, list) => sum + list.results.length, 0);
    const headDate = async (list) => {
      if (!list.head && list.results.length) list.head = await list.results.shift().data();
      return list.head ? list.head.meta.date || "" : null;
    };
    const next = async () => {
      let best = null;
      let bestDate = null;
      for (const list of lists) {
        const date = await headDate(list);
        if (date !== null && (bestDate === null || date > bestDate)) [best, bestDate] = [list, date];
      }
      if (!best) return undefined;
      const data = best.head;
      best.head = null;
      return { data: async () => data };
    };
    return { total, next };
  }

  async showMore(id = this.searchId) {
    this.results.setAttribute("aria-busy", "true");
    const items = [];
    for (let count = 0; count < PAGE_SIZE; count++) {
      const result = await this.source.next();
      if (!result) break;
      items.push(this.renderResult(await result.data()));
    }
    if (id !== this.searchId) return;
    this.list.append(...items);
    this.shown += items.length;
    this.more.hidden = this.shown >= this.source.total;
    this.results.setAttribute("aria-busy", "false");
  }

  renderResult(data) {
    const meta = data.meta;
    const details = [`${meta.年度}年${meta.类别}`, meta.编号, meta.单位,
                     meta.答复日期 && meta.答复日期 !== "—" ? `答复于 ${meta.答复日期}` : ""];
    const excerpt = element("p", { class: "rs-result__excerpt" });
    excerpt.innerHTML = data.excerpt;  // Pagefind escapes the page text and adds only <mark>
    return element("li", { class: "rs-result" },
      element("h3", { class: "rs-result__title" },
        element("a", { href: data.url, text: meta.title })),
      element("p", { class: "rs-result__meta", text: details.filter(Boolean).join(" · ") }),
      excerpt);
  }

  renderFilters(counts) {
    const groups = FILTERS.filter((name) => counts[name] && !(name === "年度" && this.years.length < 2))
      .map((name) => this.renderFilterGroup(name, counts[name]));
    this.filters.replaceChildren(...groups);
    const chosen = [...this.selected.values()].reduce((sum, values) => sum + values.size, 0);
    this.facetsSummary.textContent = chosen ? `筛选（已选 ${chosen} 项）` : "筛选";
  }

  renderFilterGroup(name, counts) {
    const chosen = this.selected.get(name);
    const values = Object.entries(counts)
      .filter(([value, count]) => count > 0 || chosen.has(value))
      .sort((a, b) => (name === "年度" ? b[0].localeCompare(a[0]) : b[1] - a[1]));
    const options = values.map(([value, count]) => {
      const box = element("input", { type: "checkbox", value });
      box.checked = chosen.has(value);
      box.addEventListener("change", () => {
        if (box.checked) chosen.add(value); else chosen.delete(value);
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
    this.summary.textContent = `没有找到${term ? `与“${term}”相关的` : "符合条件的"}答复。`;
    this.list.replaceChildren(element("li", { class: "rs-search__hint",
      text: "可以换一个更短或更常用的词，减少筛选条件，或按年度、承办单位、主题浏览。" }));
  }
}

for (const root of document.querySelectorAll(".rs-search[data-indexes]")) {
  new SearchApp(root);
}
