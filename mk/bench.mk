# bench.mk - `make bench`: speed and memory of check on large generated
# inputs, next to wc -l, postmap, makemap, postalias and postconf; writes
# bench/results.md. Not part of `make test` (see bench/README.md).
#
#   make bench                      full sizes (about 20 minutes)
#   make bench BENCH_ACCESS=100000 BENCH_ALIASES=20000 BENCH_TREES=1000
#
# The inputs are generated once per seed and size into BENCH_DATA.

BENCH_SEED	?= 20261122
BENCH_ACCESS	?= 1000000
BENCH_ALIASES	?= 200000
BENCH_PARAMS	?= 2000
BENCH_TREES	?= 10000
BENCH_SCALE	?= 10000,30000,100000,300000,1000000
BENCH_REPEAT	?= 5
BENCH_DATA	?= build/bench-data
BENCH_MEASURE	= build/bench/measure
BENCH_STAMP	= $(BENCH_DATA)/.generated-$(BENCH_SEED)-$(BENCH_ACCESS)-$(BENCH_ALIASES)-$(BENCH_PARAMS)-$(BENCH_TREES)-$(subst $(comma),_,$(BENCH_SCALE))
comma		:= ,

$(BENCH_MEASURE): bench/measure.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -std=c11 -D_DEFAULT_SOURCE $(WARN) $(WERROR) \
	    -o $@ bench/measure.c

$(BENCH_STAMP): bench/gen.py
	python3 bench/gen.py --seed $(BENCH_SEED) --access $(BENCH_ACCESS) \
	    --aliases $(BENCH_ALIASES) --params $(BENCH_PARAMS) \
	    --trees $(BENCH_TREES) --scale $(BENCH_SCALE) $(BENCH_DATA)
	@touch $@

bench: deps
	@$(MAKE) --no-print-directory SANITIZE= all $(BENCH_MEASURE) \
	    $(BENCH_STAMP)
	python3 bench/run.py --bin mta-harden --measure $(BENCH_MEASURE) \
	    --data $(BENCH_DATA) --repeat $(BENCH_REPEAT) \
	    --makemap "$$(dirname "$$(sh scripts/fetch-sendmail.sh)")/makemap"
