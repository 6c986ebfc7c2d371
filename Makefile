# mta-harden - lint and harden sendmail and Postfix configurations
#
#   make                 build ./mta-harden
#   make test            install missing dependencies, build, run every test
#   make run             install missing dependencies, check the bundled example
#   make deps            install build and test dependencies (Debian, apt-get)
#   make SANITIZE=address,undefined test    the suite under ASan and UBSan
#   make install PREFIX=/usr/local DESTDIR=
#   make regen           regenerate the committed generated files with their
#                        scripts (parsers/sm_mc_table.c, parsers/pf_defaults.c,
#                        man/mta-harden-rules.7); `make regen` then
#                        `git diff --exit-code` checks that they are current
#
# parsers/sm_mc_lib.c is not committed: scripts/gen-sm-mc-lib.sh writes it
# at build time into $(BUILD)/gen/ from the installed sendmail-cf package
# (SENDMAIL_CF, default /usr/share/sendmail/cf; `make deps` installs it).

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
DATADIR	?= $(PREFIX)/share/mta-harden
MANDIR	?= $(PREFIX)/share/man
DESTDIR	?=

PKG_CONFIG ?= pkg-config
PKGS	 = yaml-0.1 jansson libxml-2.0
CC	?= cc
CFLAGS	?= -g -O2
WERROR	?= -Werror
SANITIZE ?=

WARN	 = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wpointer-arith -Wwrite-strings -Wformat=2 -Wvla \
	   -Wimplicit-fallthrough -fno-common
MH_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I. -Ibuild/gen \
	   $(WARN) $(WERROR) \
	   -DMH_PROFILE_DIR='"$(DATADIR)/profiles"' \
	   $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
MH_LIBS	 = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

ifneq ($(SANITIZE),)
BUILD	 = build/san
MH_CFLAGS += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
MH_LDFLAGS = -fsanitize=$(SANITIZE)
BIN	 = $(BUILD)/mta-harden
else
BUILD	 = build/default
MH_LDFLAGS =
BIN	 = mta-harden
endif

# the layers, lowest first (ARCHITECTURE.md): a folder includes only
# headers of its own and of the folders before it
LAYERS	 = lib parsers profiles core fixers linter reports cli
LIB_SRCS = $(sort $(filter-out cli/main.c, \
	   $(foreach d,$(LAYERS),$(wildcard $(d)/*.c))))
# generated at build time (not committed): the embedded sendmail-cf files,
# and the rule table from the rule files (the same for every build, so in
# build/gen/, which is on the include path for linter/rule_checks.h)
SENDMAIL_CF ?= /usr/share/sendmail/cf
RULE_FILES = $(sort $(wildcard linter/*.rules))
RULE_TABLE = build/gen/rule_table.c
RULE_CHECKS_H = build/gen/linter/rule_checks.h
# (first, so that a missing sendmail-cf stops the build at once)
LIB_OBJS = $(BUILD)/gen/sm_mc_lib.o $(BUILD)/gen/rule_table.o \
	   $(LIB_SRCS:%.c=$(BUILD)/%.o)
MAIN_OBJ = $(BUILD)/cli/main.o
TEST_SRCS = $(sort $(wildcard tests/check_*.c))
TEST_BINS = $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)

.PHONY: all deps run test unit integration install uninstall clean bench man \
	   test-load regen

all: $(BIN)

# man/mta-harden-rules.7 is generated from the rule table, the list of
# formats in man/mta-harden.1 from the table of reports/report_formats.c
man: $(BIN)
	sh scripts/gen-rules-man.sh $(CURDIR)/$(BIN) man/mta-harden-rules.7
	sh scripts/gen-formats-man.sh reports/report_formats.c man/mta-harden.1

# every committed generated file, from its script; then
# `git diff --exit-code` says whether they were current
regen:
	sh scripts/gen-sm-mc-table.sh parsers/sm_mc_table.c
	sh scripts/gen-pf-defaults.sh parsers/pf_defaults.c
	@$(MAKE) --no-print-directory man

$(BIN): $(MAIN_OBJ) $(LIB_OBJS)
	$(CC) $(MH_LDFLAGS) $(LDFLAGS) -o $@ $^ $(MH_LIBS) $(LIBS)

NO_SENDMAIL_CF = make: no sendmail-cf library in $(SENDMAIL_CF) (no m4/cf.m4): \
	   install the Debian package sendmail-cf, e.g. with 'make deps'
# any build directory (default, san, fuzz) generates its own copy, and
# keeps it (not an intermediate file)
.PRECIOUS: build/%/gen/sm_mc_lib.c
build/%/gen/sm_mc_lib.c: scripts/gen-sm-mc-lib.sh
	@test -f $(SENDMAIL_CF)/m4/cf.m4 || { echo "$(NO_SENDMAIL_CF)" >&2; \
	    exit 1; }
	@mkdir -p $(dir $@)
	SENDMAIL_CF=$(SENDMAIL_CF) sh scripts/gen-sm-mc-lib.sh $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CFLAGS) $(MH_CFLAGS) -MMD -MP -c -o $@ $<

# the rule table and the prototypes of the checks, from linter/*.rules
$(RULE_CHECKS_H): $(RULE_TABLE)
$(RULE_TABLE): scripts/gen-rule-table.py $(RULE_FILES)
	@mkdir -p $(dir $@)
	python3 scripts/gen-rule-table.py build/gen $(RULE_FILES)

$(BUILD)/gen/rule_table.o: $(RULE_TABLE)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(MH_CFLAGS) -MMD -MP -c -o $@ $<

# a check includes the generated prototypes: make them first
$(LIB_SRCS:%.c=$(BUILD)/%.o) $(MAIN_OBJ): | $(RULE_CHECKS_H)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(MH_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(MH_CFLAGS) $(CHECK_CFLAGS) -DMH_SRCDIR='"$(CURDIR)"' \
	    -MMD -MP -MF $@.d $(MH_LDFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJS) \
	    $(CHECK_LIBS) $(MH_LIBS) $(LIBS)

-include $(LIB_OBJS:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_BINS:=.d)

deps:
	@sh scripts/install-deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) check examples/postfix-insecure/etc/postfix; \
	    status=$$?; echo "(exit status $$status: 1 means findings at or above medium)"; \
	    test $$status -le 1

test: deps
	@$(MAKE) --no-print-directory unit integration

unit: $(BIN) $(TEST_BINS)
	@set -e; for t in $(TEST_BINS); do \
	    echo "== $$t"; CK_FORK=$(if $(SANITIZE),no,yes) ./$$t; done

integration: $(BIN)
	@MH_BIN=$(CURDIR)/$(BIN) sh tests/integration/run-all.sh

# the tests whose verdict could depend on time, beside two busy loops
test-load: deps
	@$(MAKE) --no-print-directory all
	@MH_BIN=$(CURDIR)/$(BIN) sh tests/load/under-load.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/profiles \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/mta-harden
	install -m 644 profiles/*.yaml $(DESTDIR)$(DATADIR)/profiles/
	install -m 644 man/mta-harden.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/mta-harden-profile.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 man/mta-harden-rules.7 $(DESTDIR)$(MANDIR)/man7/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mta-harden $(DESTDIR)$(MANDIR)/man1/mta-harden.1 \
	    $(DESTDIR)$(MANDIR)/man5/mta-harden-profile.5 \
	    $(DESTDIR)$(MANDIR)/man7/mta-harden-rules.7
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build mta-harden
include mk/bench.mk

include mk/robustness.mk
