# The two commands of README.md: `make site` builds the sample site, `make test` runs every check.
VENV := .venv
PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
NODE_INSTALLED := node_modules/.installed
CHROMIUM := /usr/bin/chromium
LOCK_OPTIONS := --generate-hashes --allow-unsafe --strip-extras --extra test --extra lock \
	--build-deps-for editable --no-emit-find-links --no-emit-index-url --no-emit-trusted-host \
	--output-file requirements.lock pyproject.toml

.PHONY: site serve test lint browser golden bench bench-search lock relock clean

site: $(INSTALLED) $(NODE_INSTALLED)
	$(VENV)/bin/replysite build
	@echo
	@echo "The site is in site/. Preview it with 'make serve', then open http://127.0.0.1:8000/"

serve: $(INSTALLED) $(NODE_INSTALLED)
	$(VENV)/bin/replysite serve

test: $(INSTALLED) $(NODE_INSTALLED) browser lint
	$(PYTHON) -m pytest

lint: $(INSTALLED)
	$(VENV)/bin/ruff check generator tests bench
	$(VENV)/bin/mypy

# Regenerate tests/golden/ after an intended change to the generated pages; review the diff.
golden: $(INSTALLED)
	REGENERATE_GOLDEN=1 $(PYTHON) -m pytest -q tests/test_golden.py

bench: $(INSTALLED) $(NODE_INSTALLED)
	$(PYTHON) bench/run.py

# Search on the 10,000-record site that `make bench` built: indexing, and queries in Chromium.
bench-search: $(INSTALLED) $(NODE_INSTALLED) browser
	$(PYTHON) bench/search.py

# Every Python package comes from requirements.lock, at its exact version and hash, into a fresh
# venv: the same lock gives the same packages on any machine, and a byte-identical site.
# setuptools, which builds the project itself, is in the lock too (--no-build-isolation).
$(INSTALLED): requirements.lock pyproject.toml
	python3 -m venv --clear $(VENV)
	$(PYTHON) -m pip install --quiet --require-hashes -r requirements.lock
	@# PYTHONWARNINGS: setuptools warns at every editable install that folders may shadow it.
	PYTHONWARNINGS=ignore $(PYTHON) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Upgrade every locked package to the newest release that pyproject.toml admits, with pip-tools
# (itself installed from the lock). Review the diff, then run `make test` before committing it.
lock: $(INSTALLED)
	$(VENV)/bin/pip-compile --quiet --upgrade $(LOCK_OPTIONS)

# Write the lock again after a change to pyproject.toml, upgrading nothing that still fits.
relock: $(INSTALLED)
	$(VENV)/bin/pip-compile --quiet $(LOCK_OPTIONS)

# Pagefind 1.6.0, pinned in package.json and package-lock.json. `npm install` rather than
# `npm ci`: the registry serves only Linux builds, so the lock cannot list the other platforms'
# optional packages, and `npm ci` refuses a lock that does not list them all.
$(NODE_INSTALLED): package.json package-lock.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

# The browser tests drive Debian's Chromium; install it (and CJK fonts) when missing and root.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium fonts-noto-cjk; \
	  else \
	    echo "Chromium is missing: run 'sudo apt-get install chromium fonts-noto-cjk'"; exit 1; \
	  fi; \
	fi

clean:
	rm -rf build site .site.new .site.previous node_modules
