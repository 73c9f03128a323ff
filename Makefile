# The whole set-up is `make run` or `make test`: each creates .venv if missing and installs the pinned set.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip install --disable-pip-version-check -q -c constraints.txt

.PHONY: run test test-system test-under-load bench bench-libraries bench-segment bench-scale fit fit-rules fit-ranking lock clean browser screenshot

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e '.[test]'
	@touch $@ $(VENV)/.installed-run

$(VENV)/.installed-compare: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e '.[compare]'
	@touch $@ $(VENV)/.installed-run

$(VENV)/.installed-bench: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e '.[bench]'
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/digest run

# Speed and quality of the summariser against textrank4zh, in one process; reads ../shared/eval
# (override: make bench BENCH_ARGS="--eval-dir DIR"). Prints a table; the last line is BENCH {json}.
bench: $(VENV)/.installed-bench
	$(BIN)/python bench/bench.py $(BENCH_ARGS)

# Jiagu and SnowNLP on the Xinhua set under the digest's selection rule, beside the lead and our default
# (about 90 MB of source packages, so not part of make bench).
bench-libraries: $(VENV)/.installed-compare
	$(BIN)/python bench/xinhua_libraries.py $(BENCH_ARGS)

# The segmenter's figures on the seed pages and, when ../shared/eval/unseen exists, its seed-like and hard
# pages, and its time per page against jieba.cut on the same text. The last line is BENCH {json}.
bench-segment: $(VENV)/.installed-run
	$(BIN)/python bench/segment_bench.py $(BENCH_ARGS)

# Re-fit the segmenter's models (summarize/segment_model.json) on synthetic pages made from
# ../shared/eval/articles (tools/synth_pages.py; read at fit time only, never copied here).
fit: $(VENV)/.installed-run
	$(BIN)/python tools/fit_segmenter.py $(FIT_ARGS)

# Re-fit one constant of the rules segmenter (default UNTITLED_MAX_CHARS) on synthetic training pages: prints
# the figures for each value of a grid and the best (FIT_ARGS="--constant NAME --grid 1,2,3"); about 4 minutes.
fit-rules: $(VENV)/.installed-run
	$(BIN)/python tools/fit_rules.py $(FIT_ARGS)

# Re-fit the summary ranking's position exponent and headline-prior weight (summarize/ranking_model.json) on the
# real news reports of ../shared/eval/articles against their printed headlines (read at fit time only).
fit-ranking: $(VENV)/.installed-bench
	$(BIN)/python tools/fit_ranking.py $(FIT_ARGS)

# Throughput and peak memory of `digest run` on a synthetic day of 1,000 pages (the seed pages reused) with
# the thread runner and Dask at 1 and 2 workers; about 15 minutes on 2 CPUs
# (smaller: make bench-scale SCALE_ARGS="--pages 200 --small 20"). The last line is BENCH {json}.
# SCALE_ARGS="--cache": a 300-page day run twice and with one page changed (page time, pages recomputed);
# SCALE_ARGS="--cli": `digest run` on the seed day beside a trivial Prefect flow, ephemeral API and server.
bench-scale: $(VENV)/.installed-bench
	$(BIN)/python bench/scale.py $(SCALE_ARGS)

# Every test but the system tests, on two worker processes (pytest-xdist): about 75 s on 2 CPUs.
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not system"

# The system tests (marker `system`): real Prefect servers and workers, `digest` in processes of its own,
# signals to process trees, a Dask cluster, Chromium. Several minutes; CI runs them after `make test`.
test-system: $(VENV)/.installed-test browser
	$(BIN)/python -m pytest -m system

# Both on a busy machine: three CPU-bound processes run beside them and are stopped after, pass or fail.
test-under-load: $(VENV)/.installed-test browser
	@pids=""; trap 'kill $$pids 2>/dev/null' EXIT INT TERM; \
	 for i in 1 2 3; do $(BIN)/python -c 'while True: pass' & pids="$$pids $$!"; done; \
	 echo "three busy loops running beside the tests: pids$$pids"; \
	 $(BIN)/python -m pytest -n 2 --dist loadgroup -m "not system" && $(BIN)/python -m pytest -m system

# The browser test drives Debian's chromium (Playwright's browser download cannot work here) and the
# screenshots need a Chinese font; installed once, as root, when missing.
browser:
	@command -v chromium >/dev/null && fc-list :lang=zh | grep -q . || \
	 (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null)

# Re-take docs/digest.png and docs/digest-mobile.png (the README's screenshots of the seed digest).
screenshot: $(VENV)/.installed-test browser
	DIGEST_SCREENSHOTS=docs $(BIN)/python -m pytest -q tests/test_browser.py -k screenshots

# Re-pin after changing dependencies: installs the newest allowed versions into a scratch venv.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install -q -e '.[test,bench,compare]'
	(echo "# Exact versions tested together (Python 3.11). Regenerate: make lock"; \
	 .venv-lock/bin/pip freeze --exclude-editable | grep -v '^news-digest') > constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) out .pytest_cache
