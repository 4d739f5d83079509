#!/usr/bin/env bash
# Benchmark, one client: `tslog serve` appending one new sample per POST (wrk -t1 -c1) against
# PostgreSQL 15 doing one single-row INSERT per transaction into the guide's table (pgbench -c1,
# fsync and synchronous_commit on) — in short runs that alternate, so that both see the same
# minutes of a shared machine. bench-serve.sh runs each side for longer, one after the other;
# on these machines the 1-connection p99 moves by 2x from one minute to the next, which a
# sequential comparison cannot tell from a difference.
#
#   scripts/bench-serve-1c.sh                          # 8 rounds of 5 s each side
#   ROUNDS=12 SECONDS_PER_RUN=10 scripts/bench-serve-1c.sh
#   TSLOG="/tmp/old/tslog /tmp/new/tslog" scripts/bench-serve-1c.sh   # two builds and PostgreSQL
#   SETTLE=1 scripts/bench-serve-1c.sh  # before every run: sync, wait for PostgreSQL's autovacuum
#                                        # workers to finish, 0.5 s (lib/serve-bench.sh, settle)
#   PG_TCP=1 scripts/bench-serve-1c.sh   # PostgreSQL over TCP too, as wrk reaches tslog (pgbench
#                                        # uses the Unix socket otherwise)
#
# Every tslog run starts a fresh server on an empty log; PostgreSQL starts once, empty, and its
# table grows over the rounds. Prints each run, then per side the medians of rate, p50 and p99
# and the single-run p99s, then how each build's p99 compares with PostgreSQL's round by round
# (the median of the differences, and in how many rounds it was no higher). Every latency is
# given as measured and as wrk reports it, corrected for coordinated omission, PostgreSQL's
# corrected the same way (scripts/lib/latency.py says why that matters for the p99). Needs wrk and PostgreSQL 15. Not a test: nothing here asserts.
set -euo pipefail

ROUNDS=${ROUNDS:-8}
SETTLE=${SETTLE:-0}
DURATION=${SECONDS_PER_RUN:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/serve-bench.sh
source "$ROOT/scripts/lib/serve-bench.sh"
bench_setup bench-serve-1c wrk initdb pg_ctl psql pgbench

BINARIES=${TSLOG:-}
if [ -z "$BINARIES" ]; then
  echo "== building tslog (release)"
  (cd "$ROOT" && swift build -c release --static-swift-stdlib --product tslog 2>&1 | tail -1)
  BINARIES="$ROOT/.build/release/tslog"
fi
printf 'write bench %s\n' "$TOKEN" > "$WORK/tokens"
chmod 600 "$WORK/tokens"
write_post_lua
pg_start

RESULTS="$WORK/results"
: > "$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  [ "$SETTLE" = 1 ] && settle
  set -- $(pg_insert 1)   # rate p50 p99 p50_wrk p99_wrk
  echo "   postgres: $1 tps, p50 $2 ms, p99 $3 ms (corrected as wrk does: p99 $5 ms)"
  echo "postgres $*" >> "$RESULTS"
  if [ -n "${PG_TCP:-}" ]; then
    set -- $(pg_insert 1 tcp)
    echo "   postgres-tcp: $1 tps, p50 $2 ms, p99 $3 ms (corrected as wrk does: p99 $5 ms)"
    echo "postgres-tcp $*" >> "$RESULTS"
  fi
  for TSLOG in $BINARIES; do
    [ "$SETTLE" = 1 ] && settle
    start_server
    set -- $(wrk -t1 -c1 -d"${DURATION}s" -s "$WORK/post.lua" "$ADDRESS/v1/events" | grep '^RESULT' | cut -d' ' -f2-)
    stop_server
    [ "$3" = "0" ] || echo "   ($TSLOG: $3 failed requests)"
    set -- "$1" $(wrk_latency 1)   # rate p50 p99 p50_wrk p99_wrk
    echo "   $TSLOG: $1 req/s, p50 $2 ms, p99 $3 ms (as wrk reports it: p99 $5 ms)"
    echo "$TSLOG $*" >> "$RESULTS"
  done
done

echo "== PostgreSQL's table: $(pg_autovacuum_counts)"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
column() { awk -v n="$1" -v c="$2" '$1==n {print $c}' "$RESULTS"; }   # name, field
echo
echo "== medians of $ROUNDS rounds (${DURATION} s each); latencies as measured, and corrected as wrk reports its own"
for name in postgres ${PG_TCP:+postgres-tcp} $BINARIES; do
  printf '%-40s %9s per s   p50 %6s ms   p99 %6s ms   corrected p99 %6s ms   (p99s: %s)\n' "$name" \
    "$(column "$name" 2 | median)" "$(column "$name" 3 | median)" "$(column "$name" 4 | median)" \
    "$(column "$name" 6 | median)" "$(column "$name" 4 | tr '\n' ' ')"
done

# Paired by round (each tslog run against the PostgreSQL run just before it): the machine's
# minute-to-minute swings cancel out, which the medians above do not guarantee. Like with like:
# measured p99 against measured, and wrk's corrected p99 against PostgreSQL's corrected the same
# way — never wrk's corrected number against pgbench's measured one (see lib/latency.py).
echo
echo "== p99 against PostgreSQL's in the same round"
paired() {  # name field label
  awk -v n="$1" -v c="$2" '$1=="postgres" {pg=$c} $1==n {print $c-pg, ($c<=pg)}' "$RESULTS" > "$WORK/paired"
  printf '%-40s %-10s median difference %+.3f ms; no higher in %d of %d rounds\n' "$1" "$3" \
    "$(cut -d' ' -f1 "$WORK/paired" | median)" "$(awk '{s+=$2} END {print s+0}' "$WORK/paired")" "$ROUNDS"
}
for name in $BINARIES; do
  paired "$name" 4 measured
  paired "$name" 6 corrected
done
