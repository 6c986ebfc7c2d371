# valgrind: the tests again under memcheck, which must find no error and
# no leak (--error-exitcode; a log per process, all empty)
#
#   make valgrind              unit tests, the crash and seed corpora, and
#                              the integration tests in VALGRIND_TESTS
#   make valgrind VALGRIND_TESTS="cli fix golden"   another selection
#   make valgrind-all          every integration test but never-execute
#                              (all the hostile inputs but the one marked
#                              heavy)
#
# Under valgrind a run of mta-harden takes about 1 s, and the whole
# integration suite about 90 minutes (4,584 runs, 2026-11-23, 2 cores
# shared with fuzzing; no error, no leak); CI runs the default selection,
# which covers every command, the fix path, safe writes and the hostile
# inputs of the Postfix, sendmail and profile readers.

# --vgdb=no: a valgrind that is killed (kill-write.sh) would leave its
# gdb pipes in /tmp, and one of a later process with the same pid, run
# as another user, could not make its own
VALGRIND_CMD = valgrind -q --vgdb=no --error-exitcode=99 --leak-check=full \
	   --errors-for-leak-kinds=definite,indirect,possible
VALGRIND_TESTS ?= cli fix safe-write suppress hostile inputs
VALGRIND_HOSTILE ?= profile/billion,profile/deep,profile/binary,path/,/binary,/10mb-line,/unreadable,/nul-bytes,postfix/loop,mc/include
VG_DIR	 = build/valgrind

# never-execute.sh counts the execve calls of what it traces, and
# kill-write.sh the system calls of one process: valgrind's own would be
# among them
VALGRIND_ALL = $(filter-out run-all never-execute kill-write,$(basename $(notdir \
	   $(wildcard tests/integration/*.sh))))

.PHONY: valgrind valgrind-all valgrind-unit valgrind-replay \
	   valgrind-integration

valgrind-all:
	$(MAKE) valgrind VALGRIND_TESTS="$(VALGRIND_ALL)" VALGRIND_HOSTILE=

valgrind: valgrind-unit valgrind-replay valgrind-integration

valgrind-unit: $(TEST_BINS)
	@set -e; for t in $(TEST_BINS); do \
	    echo "== valgrind $$t"; CK_FORK=no $(VALGRIND_CMD) ./$$t; done

valgrind-replay: $(REPLAY_BINS)
	@MH_REPLAY_WRAP="$(VALGRIND_CMD)" \
	    MH_REPLAY_DIR=$(CURDIR)/$(BUILD)/tests/fuzz \
	    sh tests/fuzz/replay.sh $(FUZZ_HARNESSES)

# mta-harden through valgrind, as the tests call it: MH_BIN names this
valgrind-integration: $(BIN)
	@rm -rf $(VG_DIR) && mkdir -p $(VG_DIR)/logs && chmod 1777 $(VG_DIR)/logs
	@printf '#!/bin/sh\nexec %s --log-file=%s/%%p.log %s "$$@"\n' \
	    "$(VALGRIND_CMD)" "$(CURDIR)/$(VG_DIR)/logs" "$(CURDIR)/$(BIN)" \
	    >$(VG_DIR)/mta-harden && chmod 755 $(VG_DIR)/mta-harden
	@set -e; for t in $(VALGRIND_TESTS); do echo "== valgrind $$t"; \
	    MH_BIN=$(CURDIR)/$(VG_DIR)/mta-harden \
	    MH_HOSTILE_FILTER='$(VALGRIND_HOSTILE)' MH_HOSTILE_LIGHT=1 \
	    MH_HOSTILE_TIMEOUT=600 MH_UNDER_VALGRIND=1 \
	    sh tests/integration/$$t.sh; done
	@set -e; n=$$(find $(VG_DIR)/logs -type f -size +0 | wc -l); \
	    find $(VG_DIR)/logs -type f -size +0 -exec cat {} +; \
	    echo "valgrind: $$(ls $(VG_DIR)/logs | wc -l) runs, $$n with errors"; \
	    test "$$n" -eq 0
