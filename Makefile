# Clearcall: `make run` sets everything up and runs the bot; `make test` runs every test tier.
SHELL := /bin/bash
PY := .venv/bin/python
CLEARCALL := .venv/bin/clearcall
SANDBOX := asterisk-conf/sandbox/ctl.sh
DEB_PACKAGES := debootstrap sip-tester espeak-ng libespeak-ng1 zstd curl iproute2 procps

.PHONY: run test deps venv secrets asterisk-up asterisk-down asterisk-cli lint bench bench-load clean install-cli

# The doctor checks the setup first (the gate check waits for the bot: --before-start) and stops here on a FAIL.
run: deps venv secrets asterisk-up
	$(CLEARCALL) doctor --before-start
	@$(CLEARCALL) phone-info
	$(CLEARCALL) run

test: deps venv secrets asterisk-up lint
	.venv/bin/pytest -q -p no:cacheprovider

# Debian packages, installed only when one is missing (apt-get update is slow).
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

venv: .venv/.installed

.venv/.installed: pyproject.toml
	test -d .venv || python3 -m venv .venv
	.venv/bin/pip install -q --disable-pip-version-check -e '.[dev,ko]'
	touch $@

secrets: venv
	@$(CLEARCALL) secrets

asterisk-up: deps secrets
	@bash $(SANDBOX) up

asterisk-down:
	@bash $(SANDBOX) down

asterisk-cli:
	@bash $(SANDBOX) cli

# `clearcall` on PATH, so it runs from any directory (it finds this folder itself).
install-cli: venv
	ln -sfn $(CURDIR)/.venv/bin/clearcall /usr/local/bin/clearcall

# ruff, and the layer contracts of pyproject.toml ([tool.importlinter]).
lint: venv
	.venv/bin/ruff check bot tests bench
	.venv/bin/ruff format --check bot tests bench
	.venv/bin/lint-imports

bench: venv asterisk-up
	$(PY) -m bench.answer_latency

# Capacity on the wire (bench/load): sipp callers, tcpdump on lo, the bot as its own process. Needs root.
LOAD_CALLS ?= 10,20,30,40,50,60,80
bench-load: venv asterisk-up
	@dpkg-query -W -f='$${Status}' tcpdump 2>/dev/null | grep -q "ok installed" || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tcpdump >/dev/null)
	$(PY) -m bench.load --calls $(LOAD_CALLS)

clean: asterisk-down
	rm -rf .sandbox .venv
