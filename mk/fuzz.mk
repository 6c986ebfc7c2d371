# Fuzzing (tests/fuzz/README.md)
#
#   make fuzz FUZZ_SECONDS=N   every libFuzzer harness for N seconds each
#   make fuzz-one FUZZ_HARNESS=main_cf FUZZ_SECONDS=N
#   make fuzz-replay           the crash corpus and the seeds, replayed by a
#                              plain driver in the current build (unit tests)
#
# The harnesses are built with clang, libFuzzer, ASan and UBSan into
# build/fuzz/; the working corpora grow in build/fuzz/corpus/.

FUZZ_CC	 ?= clang
FUZZ_SECONDS ?= 20
FUZZ_HARNESSES = main_cf master_cf sendmail_cf sendmail_mc access aliases \
	   class profile fix
FUZZ_HARNESS ?= main_cf
# more libFuzzer flags (CI: -seed=1, the same inputs in every run)
FUZZ_FLAGS ?=
FUZZ_BUILD = build/fuzz
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
# clang: gcc does not warn of a va_list format passed on; clang does
FUZZ_CFLAGS = -g -O1 $(filter-out -fsanitize=%,$(MH_CFLAGS)) $(FUZZ_SAN) \
	   -Wno-format-nonliteral \
	   -DMH_SRCDIR='"$(CURDIR)"'
FUZZ_LIB_OBJS = $(LIB_SRCS:%.c=$(FUZZ_BUILD)/%.o) \
	   $(FUZZ_BUILD)/gen/sm_mc_lib.o $(FUZZ_BUILD)/gen/rule_table.o \
	   $(FUZZ_BUILD)/tests/fuzz/fuzz_util.o
FUZZ_BINS = $(FUZZ_HARNESSES:%=$(FUZZ_BUILD)/fuzz_%)
REPLAY_BINS = $(FUZZ_HARNESSES:%=$(BUILD)/tests/fuzz/replay_%)

.PHONY: fuzz fuzz-build fuzz-one fuzz-replay

fuzz-build: $(FUZZ_BINS)

# the generated sendmail-cf files (Makefile: build/%/gen/sm_mc_lib.c)
$(FUZZ_BUILD)/gen/sm_mc_lib.o: $(FUZZ_BUILD)/gen/sm_mc_lib.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/gen/rule_table.o: $(RULE_TABLE)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(LIB_SRCS:%.c=$(FUZZ_BUILD)/%.o): | $(RULE_CHECKS_H)
$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJS) \
	    $(MH_LIBS)

$(FUZZ_BUILD)/corpus/.seeded:
	sh scripts/fuzz-seeds.sh $(FUZZ_BUILD)/seeds
	@mkdir -p $(FUZZ_BUILD)/corpus && touch $@

fuzz: $(FUZZ_BINS) $(FUZZ_BUILD)/corpus/.seeded
	@set -e; for h in $(FUZZ_HARNESSES); do \
	    $(MAKE) --no-print-directory fuzz-one FUZZ_HARNESS=$$h; done

# -timeout: an input taking over 120 s is a hang (the m4 reader's call cap
# costs about 1 s in a release build, 40 times that under ASan and libFuzzer); -rss_limit_mb: bounded memory
fuzz-one: $(FUZZ_BUILD)/fuzz_$(FUZZ_HARNESS) $(FUZZ_BUILD)/corpus/.seeded
	@mkdir -p $(FUZZ_BUILD)/corpus/$(FUZZ_HARNESS) $(FUZZ_BUILD)/artifacts
	@echo "== fuzz $(FUZZ_HARNESS) for $(FUZZ_SECONDS) s"
	$(FUZZ_BUILD)/fuzz_$(FUZZ_HARNESS) -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=120 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_BUILD)/artifacts/$(FUZZ_HARNESS)- \
	    $(FUZZ_FLAGS) $(FUZZ_BUILD)/corpus/$(FUZZ_HARNESS) \
	    $(FUZZ_BUILD)/seeds/$(FUZZ_HARNESS) \
	    $(wildcard tests/fuzz/crashes/$(FUZZ_HARNESS))

# A plain driver for the same harness code: the crash corpus runs in every
# build, under the sanitizers and valgrind too.
$(BUILD)/tests/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c \
	    tests/fuzz/fuzz_util.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(MH_CFLAGS) -DMH_SRCDIR='"$(CURDIR)"' $(MH_LDFLAGS) \
	    $(LDFLAGS) -o $@ tests/fuzz/fuzz_$*.c tests/fuzz/replay.c \
	    tests/fuzz/fuzz_util.c $(LIB_OBJS) $(MH_LIBS) $(LIBS)

fuzz-replay: $(REPLAY_BINS)
	@MH_REPLAY_DIR=$(CURDIR)/$(BUILD)/tests/fuzz \
	    sh tests/fuzz/replay.sh $(FUZZ_HARNESSES)

-include $(FUZZ_LIB_OBJS:.o=.d)

# the unit tests replay the crash corpus and the seeds, in every build
unit: fuzz-replay
