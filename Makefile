# SPDX-License-Identifier: MIT
# relmark — `make` builds, `make test` runs every test (also under ASan and
# UBSan), `make bench` runs the benchmark, `make fuzz` fuzzes for a while.
CC      ?= cc
PREFIX  ?= /usr/local
B       ?= build
OPT     ?= -O2 -g
SAN     ?=
# src/ in folders by layer (docs/HACKING.md): base < read, store, config < core < analysis < report
SRC_DIRS = src/base src/read src/store src/config src/core src/analysis src/analysis/clv src/report
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
             -Iinclude $(addprefix -I,$(SRC_DIRS)) $(WB_CFLAGS) $(OPT) $(SAN) $(CFLAGS)
# workbooks read: .xlsx with libzip and expat, .xls with FreeXL (src/read/workbook.h)
WB_LIBS   := $(shell pkg-config --libs libzip expat freexl 2>/dev/null || echo -lzip -lexpat -lfreexl)
WB_CFLAGS := $(shell pkg-config --cflags libzip expat freexl 2>/dev/null)
# the workspace (src/store/): SQLite
SQL_LIBS  := $(shell pkg-config --libs sqlite3 2>/dev/null || echo -lsqlite3)
# the API's tokens (src/store/ws_api.c): SHA-256 from nettle
LDLIBS_ALL = -linih -lpthread -lm -lnlopt -lxlsxwriter $(WB_LIBS) $(SQL_LIBS) -lnettle $(LDLIBS)
# relmark serve (cli/serve*.c): HTTP by libmicrohttpd, JSON by jansson -- the CLI's only
CLI_LIBS  := $(shell pkg-config --libs libmicrohttpd jansson 2>/dev/null || echo -lmicrohttpd -ljansson)
VERSION = $(shell sed -n 's/^\#define RELMARK_VERSION "\(.*\)"/\1/p' include/relmark.h)
SOVER   = 0

LIB_SRC  = $(sort $(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.c)))
LIB_HDR  = $(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.h))
# in lib/, not obj/: a tree built before the layers has stale objects of the old names there
LIB_OBJ  = $(patsubst %.c,$(B)/lib/%.o,$(notdir $(LIB_SRC))) $(B)/lib/segmaps.o
vpath %.c $(SRC_DIRS)
CLI_SRC  = $(sort $(wildcard cli/*.c))
CLI_OBJ  = $(CLI_SRC:cli/%.c=$(B)/obj/cli_%.o)
UNIT_SRC = $(sort $(wildcard tests/unit/*.c))
FUZZ_TARGETS = csv date money segmap readfile scale feedback survey custfile xlsx config colrole
# fuzz_config takes the CLI's option parser; cli/main.c comes in by #include, without its main
FUZZ_CLI_SRC = $(filter-out cli/main.c,$(CLI_SRC))
# small buffers, so that inputs of a few KiB reach the refill and record-cap paths
SMALL_CAPS = -DBUF_CAP=1024 -DCSV_RECORD_CAP=256 -DFEED_ROWS=100

.PHONY: all test test-deps test-pg test-citus test-fast test-san test-clang test-tsan test-valgrind fuzz-long goldens-update mutate unit clean install uninstall bench fuzz docs check-clean
all: $(B)/relmark $(B)/librelmark.a $(B)/librelmark.so $(B)/relmark.pc

$(B)/obj $(B)/lib $(B)/gen:
	mkdir -p $@

$(B)/gen/segmaps.c: data/segments/rfm10.ini data/segments/relationship.ini data/rating/scale.ini \
    data/survey/questionnaire.ini tools/embed.sh | $(B)/gen
	sh tools/embed.sh rmk_segmap_ten_ini=data/segments/rfm10.ini \
	    rmk_segmap_relationship_ini=data/segments/relationship.ini \
	    rmk_scale_default_ini=data/rating/scale.ini \
	    rmk_survey_default_ini=data/survey/questionnaire.ini > $@

$(B)/lib/segmaps.o: $(B)/gen/segmaps.c | $(B)/lib
	$(CC) $(CFLAGS_ALL) -fPIC -fvisibility=hidden -c $< -o $@

$(B)/lib/%.o: %.c include/relmark.h $(LIB_HDR) | $(B)/lib
	$(CC) $(CFLAGS_ALL) -fPIC -fvisibility=hidden -c $< -o $@

$(B)/obj/cli_%.o: cli/%.c include/relmark.h $(wildcard cli/*.h) | $(B)/obj
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(B)/librelmark.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/librelmark.so: $(LIB_OBJ)
	$(CC) $(OPT) $(SAN) -shared -Wl,-soname,librelmark.so.$(SOVER) -o $@.$(SOVER) $^ $(LDLIBS_ALL)
	ln -sf librelmark.so.$(SOVER) $@

$(B)/relmark: $(CLI_OBJ) $(B)/librelmark.a
	$(CC) $(OPT) $(SAN) -o $@ $(CLI_OBJ) $(B)/librelmark.a $(LDLIBS_ALL) $(CLI_LIBS)

$(B)/relmark.pc: relmark.pc.in include/relmark.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' $< > $@

# ---------------------------------------------------------------- tests
$(B)/unit: $(UNIT_SRC) tests/unit/unit.h tests/unit/tests.def $(B)/librelmark.a
	$(CC) $(CFLAGS_ALL) -Itests/unit -o $@ $(UNIT_SRC) $(B)/librelmark.a $(LDLIBS_ALL)

# the fuzz targets, built as ordinary programs that replay a corpus; the
# reading targets also with small buffers (the files that use them built again)
$(B)/replay_%: fuzz/fuzz_%.c fuzz/replay.c fuzz/read_opts.h $(B)/librelmark.a
	$(CC) $(CFLAGS_ALL) -o $@ fuzz/fuzz_$*.c fuzz/replay.c $(B)/librelmark.a $(LDLIBS_ALL)
$(B)/replay_config: fuzz/fuzz_config.c fuzz/replay.c $(CLI_SRC) $(wildcard cli/*.h) $(B)/librelmark.a
	$(CC) $(CFLAGS_ALL) -o $@ fuzz/fuzz_config.c fuzz/replay.c $(FUZZ_CLI_SRC) $(B)/librelmark.a $(LDLIBS_ALL) $(CLI_LIBS)
# the sources that use SMALL_CAPS' macros, compiled with them; linked before
# the library, they stand in for its members of the same name (which define
# nothing more), the rest comes from the library as built. A header that
# came to use those macros in a type or macro would need its includers here.
SMALL_SRC := $(shell grep -lE 'BUF_CAP|CSV_RECORD_CAP|FEED_ROWS' $(LIB_SRC))
SMALL_OBJ = $(patsubst %.c,$(B)/small/%.o,$(notdir $(SMALL_SRC)))
.SECONDARY: $(SMALL_OBJ) # kept: make would delete them as intermediate files
$(B)/small:
	mkdir -p $@
$(B)/small/%.o: %.c include/relmark.h $(LIB_HDR) | $(B)/small
	$(CC) $(CFLAGS_ALL) $(SMALL_CAPS) -c $< -o $@

$(B)/replay_small_%: fuzz/fuzz_%.c fuzz/replay.c fuzz/read_opts.h $(SMALL_OBJ) $(B)/librelmark.a
	$(CC) $(CFLAGS_ALL) $(SMALL_CAPS) -o $@ fuzz/fuzz_$*.c fuzz/replay.c $(SMALL_OBJ) $(B)/librelmark.a $(LDLIBS_ALL)

# allocation-failure injection: the library's allocations wrapped. --wrap
# redirects every undefined reference of the link, those of the archive's
# members too, so the library already built serves (no third compile of it)
$(B)/oom: tests/oom.c $(B)/librelmark.a
	$(CC) $(CFLAGS_ALL) -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=posix_memalign \
	    -o $@ tests/oom.c $(B)/librelmark.a $(LDLIBS_ALL)

# write(2) and read(2) failing, short or interrupted: an LD_PRELOAD shim
# (tests/fault.sh), never sanitized itself (it is loaded before the runtime)
$(B)/fault.so: tests/fault/fault.c | $(B)/obj
	$(CC) -std=c11 -Wall -Wextra -Werror -O1 -g -shared -fPIC -o $@ $< -ldl

# what the suites of tests/run.sh need built in $(B)
test-deps: all $(B)/unit $(B)/oom $(FUZZ_TARGETS:%=$(B)/replay_%) $(B)/replay_small_csv \
    $(B)/replay_small_readfile $(B)/fault.so

test-fast: test-deps
	B=$(B) sh tests/run.sh

# ASan + UBSan build in its own tree: same sources, same tests
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
test-san:
	$(MAKE) --no-print-directory B=build/san OPT="-O1 -g" SAN="$(SANFLAGS)" test-fast

# the same library and CLI must build warning-free under clang too
test-clang:
	$(MAKE) --no-print-directory B=build/clang CC=clang all build/clang/unit
	B=build/clang SUITES=unit sh tests/run.sh

# the reading thread and the aggregating thread under ThreadSanitizer; a
# TSan report fails the suite (its exit status counts), and a planted race
# proves that it does
TSAN_SUITES = unit cli race serve serve_kill
test-tsan:
	$(MAKE) --no-print-directory B=build/tsan CC=clang OPT="-O1 -g" SAN=-fsanitize=thread all build/tsan/unit
	B=build/tsan SUITES="$(TSAN_SUITES)" sh tests/run.sh

# the unit tests and a sample of the CLI goldens under valgrind's memcheck
# (tests/valgrind.sh): slow, so not part of make test
test-valgrind: all $(B)/unit
	B=$(B) sh tests/valgrind.sh

# the PostgreSQL extension alone (pg/, docs/postgres.md): builds and installs
# it, starts a cluster of its own on loopback, runs make -C pg installcheck,
# stops the cluster; part of make test-fast on the plain build
test-pg: all
	B=$(B) SUITES=pg sh tests/run.sh

# relmark's queries on a real Citus cluster, outside `make test` (Citus is no
# Debian package): CITUS_SRC = Citus v13.2.2's source (docs/postgres.md, "Citus")
test-citus: all
	CITUS_SRC=$(CITUS_SRC) sh pg/citus/test.sh

# rewrites the CLI goldens from the current binary -- never a test run: review
# `git diff tests/cli/cases`, then make test. CASES="a b" for some cases only.
goldens-update: all
	RELMARK=$(B)/relmark sh tests/cli/run.sh --update $(CASES)

# applies each mutation of tests/mutations.txt to a copy of the tree and runs
# make test-fast there; reports the mutations no test caught (docs/HACKING.md)
mutate:
	perl tools/mutate.pl tests/mutations.txt

# make test: the suites of test-fast, test-san, test-clang and test-tsan,
# JOBS at a time (default: the cores; a suite keeps about one core busy).
# First the four builds (their compiles JOBS at a time), then every suite of
# every build as a target of its own, started in the order of T_ORDER (the
# longest first, so that no long one is left to run alone at the end), each
# one's output printed whole when it ends; then tests/total.sh adds up
# every suite's summary (one missing, or one that counts no check, fails).
# Which suite runs in which build, and why: docs/HACKING.md, "The tests".
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# -j JOBS unless make was given a -j of its own (its jobserver then serves)
T_PAR = $(if $(findstring jobserver,$(MAKEFLAGS)),,-j$(JOBS))
T_B_plain = build
T_B_san   = build/san
T_B_clang = build/clang
T_B_tsan  = build/tsan
T_MAKE_plain = test-deps
T_MAKE_san   = B=build/san OPT="-O1 -g" SAN="$(SANFLAGS)" test-deps
T_MAKE_clang = B=build/clang CC=clang all build/clang/unit
T_MAKE_tsan  = B=build/tsan CC=clang OPT="-O1 -g" SAN=-fsanitize=thread all build/tsan/unit
# the suites: run.sh's own lists for the plain and ASan/UBSan builds
T_SUITES_plain := $(shell B=build sh tests/run.sh --list)
T_SUITES_san   := $(shell B=build/san sh tests/run.sh --list)
T_SUITES_clang = unit
T_SUITES_tsan  = $(TSAN_SUITES)
T_BUILDS = san tsan plain clang
T_ALL = $(foreach b,$(T_BUILDS),$(T_SUITES_$(b):%=t-$(b)-%))
T_SUMMARIES = $(foreach b,$(T_BUILDS),$(T_SUITES_$(b):%=$(T_B_$(b))/summary/%))
# seconds each, run alone on 2 cores: tsan cli 160, san cli 85, san replay 70,
# plain report 68, plain cli 40, san hostile 34, the others 22 or less
T_FIRST = t-tsan-cli t-san-cli t-san-replay t-plain-report t-plain-cli t-san-hostile \
    t-san-serve t-tsan-serve t-san-ws t-plain-serve t-san-serve_kill t-tsan-serve_kill t-tsan-unit
T_ORDER = $(filter $(T_ALL),$(T_FIRST)) $(filter-out $(T_FIRST),$(T_ALL))

.PHONY: test-builds test-suites $(T_BUILDS:%=t-build-%) $(T_ALL)
test-builds: $(T_BUILDS:%=t-build-%)
$(T_BUILDS:%=t-build-%): t-build-%:
	+@$(MAKE) --no-print-directory $(T_MAKE_$*)
# a suite's target: no prerequisite, so that make starts them in order
define T_SUITE_RULE
t-$(1)-$(2):
	@B=$(T_B_$(1)) SUITES=$(2) SUMMARY=$(T_B_$(1))/summary/$(2) sh tests/run.sh
endef
$(foreach b,$(T_BUILDS),$(foreach s,$(T_SUITES_$(b)),$(eval $(call T_SUITE_RULE,$(b),$(s)))))
test-suites: $(T_ORDER)

test:
	@rm -f $(T_SUMMARIES)
	+@$(MAKE) --no-print-directory $(T_PAR) --output-sync=target test-builds
	+@$(MAKE) --no-print-directory -k $(T_PAR) --output-sync=target test-suites; rc=$$?; \
	    sh tests/total.sh $(T_SUMMARIES) && exit $$rc

# ------------------------------------------------------------- fuzzing
FUZZ_SECONDS ?=
FUZZ_CC ?= clang
# a libFuzzer target from the library's sources (the reading targets with
# the small buffers, so that inputs of 4 KiB reach the refills and caps)
FUZZ_FLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -Iinclude $(addprefix -I,$(SRC_DIRS)) \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
build/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/read_opts.h $(LIB_SRC) $(LIB_HDR) $(B)/gen/segmaps.c
	mkdir -p build/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) $(if $(filter csv readfile,$*),$(SMALL_CAPS)) \
	    -o $@ fuzz/fuzz_$*.c $(LIB_SRC) $(B)/gen/segmaps.c $(LDLIBS_ALL)
build/fuzz/fuzz_config: fuzz/fuzz_config.c $(CLI_SRC) $(wildcard cli/*.h) $(LIB_SRC) $(LIB_HDR) $(B)/gen/segmaps.c
	mkdir -p build/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ fuzz/fuzz_config.c $(FUZZ_CLI_SRC) $(LIB_SRC) $(B)/gen/segmaps.c $(LDLIBS_ALL) $(CLI_LIBS)

# every target for FUZZ_SECONDS (60) into build/fuzz/corpus_<target>, the
# checked-in corpus as seeds and never written to; stops at a finding
fuzz: $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
	for t in $(FUZZ_TARGETS); do \
	  corpus=$$t; [ $$t = readfile ] && corpus=csv; \
	  mkdir -p build/fuzz/corpus_$$t; \
	  dict=; [ -f fuzz/$$corpus.dict ] && dict=-dict=fuzz/$$corpus.dict; \
	  build/fuzz/fuzz_$$t -max_total_time=$(or $(FUZZ_SECONDS),60) -max_len=4096 -timeout=10 $$dict \
	    build/fuzz/corpus_$$t fuzz/corpus/$$corpus || exit 1; \
	done

# every target for FUZZ_SECONDS (1800: half an hour each), what adds
# coverage merged into fuzz/corpus (commit it), findings kept in
# build/fuzz/findings and failing the run (fuzz/long.sh, fuzz/README.md)
fuzz-long: $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
	FUZZ_SECONDS=$(or $(FUZZ_SECONDS),1800) sh fuzz/long.sh $(FUZZ_TARGETS)

# ------------------------------------------------------------ benchmark
bench: all
	sh tools/install-deps.sh bench
	bash bench/run.sh

# -------------------------------------------------------------- install
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	    $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/relmark/segments
	install -m 755 $(B)/relmark $(DESTDIR)$(PREFIX)/bin/relmark
	install -m 644 $(B)/librelmark.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(B)/librelmark.so.$(SOVER) $(DESTDIR)$(PREFIX)/lib/
	ln -sf librelmark.so.$(SOVER) $(DESTDIR)$(PREFIX)/lib/librelmark.so
	install -m 644 include/relmark.h $(DESTDIR)$(PREFIX)/include/
	# the .pc written now, with THIS PREFIX: `make` may have built $(B)/relmark.pc
	# with another one (make; make install PREFIX=/opt/x)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' relmark.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/relmark.pc
	chmod 644 $(DESTDIR)$(PREFIX)/lib/pkgconfig/relmark.pc
	install -m 644 docs/relmark.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 data/segments/*.ini $(DESTDIR)$(PREFIX)/share/relmark/segments/
	install -d $(DESTDIR)$(PREFIX)/share/relmark/rating
	install -m 644 data/rating/*.ini $(DESTDIR)$(PREFIX)/share/relmark/rating/
	install -d $(DESTDIR)$(PREFIX)/share/relmark/survey
	install -m 644 data/survey/*.ini $(DESTDIR)$(PREFIX)/share/relmark/survey/
	install -d $(DESTDIR)$(PREFIX)/share/relmark/examples/cdnow $(DESTDIR)$(PREFIX)/share/relmark/examples/b2b
	install -m 644 examples/cdnow/CDNOW_master.txt $(DESTDIR)$(PREFIX)/share/relmark/examples/cdnow/
	install -m 644 examples/b2b/invoices.csv examples/b2b/clients.csv examples/b2b/feedback.csv \
	    examples/b2b/survey.csv $(DESTDIR)$(PREFIX)/share/relmark/examples/b2b/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/relmark $(DESTDIR)$(PREFIX)/lib/librelmark.* \
	    $(DESTDIR)$(PREFIX)/include/relmark.h $(DESTDIR)$(PREFIX)/lib/pkgconfig/relmark.pc \
	    $(DESTDIR)$(PREFIX)/share/man/man1/relmark.1
	rm -rf $(DESTDIR)$(PREFIX)/share/relmark

clean:
	rm -rf build
