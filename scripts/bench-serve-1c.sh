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
# (the median of the differences, and in how many rounds it was no higher). Needs wrk and PostgreSQL 15. Not a test: nothing here asserts.
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
  set -- $(pg_insert 1)   # rate p99 p50
  echo "   postgres: $1 tps, p50 $3 ms, p99 $2 ms"
  echo "postgres $1 $2 $3" >> "$RESULTS"
  if [ -n "${PG_TCP:-}" ]; then
    set -- $(pg_insert 1 tcp)
    echo "   postgres-tcp: $1 tps, p50 $3 ms, p99 $2 ms"
    echo "postgres-tcp $1 $2 $3" >> "$RESULTS"
  fi
  for TSLOG in $BINARIES; do
    [ "$SETTLE" = 1 ] && settle
    start_server
    set -- $(wrk -t1 -c1 -d"${DURATION}s" -s "$WORK/post.lua" "$ADDRESS/v1/events" | grep '^RESULT' | cut -d' ' -f2-)
    stop_server
    [ "$3" = "0" ] || echo "   ($TSLOG: $3 failed requests)"
    echo "   $TSLOG: $1 req/s, p50 $4 ms, p99 $2 ms"
    echo "$TSLOG $1 $2 $4" >> "$RESULTS"
  done
done

echo "== PostgreSQL's table: $(pg_autovacuum_counts)"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo
echo "== medians of $ROUNDS rounds (${DURATION} s each)"
for name in postgres ${PG_TCP:+postgres-tcp} $BINARIES; do
  rate=$(awk -v n="$name" '$1==n {print $2}' "$RESULTS" | median)
  p99=$(awk -v n="$name" '$1==n {print $3}' "$RESULTS" | median)
  p50=$(awk -v n="$name" '$1==n {print $4}' "$RESULTS" | median)
  runs=$(awk -v n="$name" '$1==n {printf "%s ", $3}' "$RESULTS")
  printf '%-40s %9s per s   p50 %6s ms   p99 %6s ms   (p99s: %s)\n' "$name" "$rate" "$p50" "$p99" "$runs"
done

# Paired by round (each tslog run against the PostgreSQL run just before it): the machine's
# minute-to-minute swings cancel out, which the medians above do not guarantee.
echo
echo "== p99 against PostgreSQL's in the same round"
for name in $BINARIES; do
  awk -v n="$name" '$1=="postgres" {pg=$3} $1==n {print $3-pg, ($3<=pg)}' "$RESULTS" > "$WORK/paired"
  diff=$(cut -d' ' -f1 "$WORK/paired" | median)
  wins=$(awk '{s+=$2} END {print s+0}' "$WORK/paired")
  printf '%-40s median difference %+.3f ms; no higher in %d of %d rounds\n' "$name" "$diff" "$wins" "$ROUNDS"
done
