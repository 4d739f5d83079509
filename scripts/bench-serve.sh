#!/usr/bin/env bash
# Benchmark: `tslog serve` appending one new sample per POST, against PostgreSQL 15 doing one
# single-row INSERT per transaction into the guide's training_samples table (fsync and
# synchronous_commit on), at 1 and 64 clients, in one run on the same machine. Also
# GET /v1/query/overall at 64 connections. Each measurement runs RUNS times (default 3);
# the medians are printed at the end.
#
#   scripts/bench-serve.sh                 # 3 runs of 10 s each
#   RUNS=5 SECONDS_PER_RUN=20 scripts/bench-serve.sh
#   ONLY=get scripts/bench-serve.sh         # only GET /v1/query/overall (after a 2 s POST fill)
#   ONLY=post TSLOG=/tmp/old/tslog scripts/bench-serve.sh   # only the POSTs, of a given binary
#
# ONLY=get|post leaves PostgreSQL out; TSLOG=PATH benchmarks that binary instead of building
# one, so an old and a new build can be compared alternately in the same minute.
#
# Needs: wrk (Debian package `wrk`), PostgreSQL 15 (initdb, pg_ctl, postgres, psql, pgbench),
# python3, a release build (made here). Both stores start empty in one temporary directory on the
# same disk. Every p99 is given as measured and as wrk reports it, corrected for coordinated
# omission — PostgreSQL's corrected the same way, so that each pair compares like with like
# (scripts/lib/latency.py). Not a test: nothing here asserts.
set -euo pipefail

RUNS=${RUNS:-3}
DURATION=${SECONDS_PER_RUN:-10}
ONLY=${ONLY:-}
case "$ONLY" in ""|get|post) ;; *) echo "bench-serve: ONLY must be get or post, got '$ONLY'" >&2; exit 2 ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS="wrk initdb pg_ctl psql pgbench"
[ -n "$ONLY" ] && TOOLS=wrk
# shellcheck source=lib/serve-bench.sh
source "$ROOT/scripts/lib/serve-bench.sh"
# shellcheck disable=SC2086
bench_setup bench-serve $TOOLS

if [ -n "${TSLOG:-}" ]; then
  echo "== benchmarking $TSLOG"
else
  echo "== building tslog (release)"
  (cd "$ROOT" && swift build -c release --static-swift-stdlib --product tslog 2>&1 | tail -1)
  TSLOG="$ROOT/.build/release/tslog"
fi

RESULTS="$WORK/results"
: > "$RESULTS"
record() { echo "$1 $2 $3 $4" >> "$RESULTS"; }   # name rate p99_ms p99_ms_as_wrk_corrects

# --- tslog serve -------------------------------------------------------------------------
printf 'write bench %s\n' "$TOKEN" > "$WORK/tokens"
chmod 600 "$WORK/tokens"
write_post_lua
cat > "$WORK/get.lua" <<EOF
wrk.headers["Authorization"] = "Bearer $TOKEN"
$(wrk_done_lua)
EOF

run_wrk() {  # name connections threads script path
  local out
  out=$(wrk -t"$3" -c"$2" -d"${DURATION}s" --latency -s "$4" "$ADDRESS$5" | grep '^RESULT' | cut -d' ' -f2-)
  local connections=$2
  set -- "$1" $out   # name rate p99 errors p50, as wrk reports them
  [ "$4" = "0" ] || echo "   ($1: $4 failed requests)"
  local name=$1 rate=$2
  set -- $(wrk_latency "$connections")   # p50 p99 p50_wrk p99_wrk
  echo "   $name: $rate req/s, p99 $2 ms (as wrk reports it: p99 $4 ms)"
  record "$name" "$rate" "$2" "$4"
}

for run in $(seq 1 "$RUNS"); do
  echo "== run $run of $RUNS (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  if [ "$ONLY" = get ]; then
    start_server
    wrk -t2 -c64 -d2s -s "$WORK/post.lua" "$ADDRESS/v1/events" > /dev/null   # some samples to count
    run_wrk tslog-query-overall-c64 64 2 "$WORK/get.lua" /v1/query/overall
    stop_server
    continue
  fi
  start_server
  run_wrk tslog-post-c1 1 1 "$WORK/post.lua" /v1/events
  stop_server
  start_server
  run_wrk tslog-post-c64 64 2 "$WORK/post.lua" /v1/events
  [ "$ONLY" = post ] || run_wrk tslog-query-overall-c64 64 2 "$WORK/get.lua" /v1/query/overall
  stop_server
  "$TSLOG" verify --log "$WORK/log" > /dev/null || { echo "bench-serve: verify failed" >&2; exit 1; }
  [ "$ONLY" = post ] && continue

  # --- PostgreSQL ----------------------------------------------------------------------
  pg_start
  for clients in 1 64; do
    set -- $(pg_insert "$clients")   # rate p50 p99 p50_wrk p99_wrk
    echo "   postgres-insert-c$clients: $1 tps, p99 $3 ms (corrected as wrk does: p99 $5 ms)"
    record "postgres-insert-c$clients" "$1" "$3" "$5"
  done
  pg_stop
done

echo
echo "== medians of $RUNS runs (${DURATION} s each); p99 as measured, and corrected as wrk reports its own"
median_of() { awk -v n="$1" -v c="$2" '$1==n {print $c}' "$RESULTS" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for name in tslog-post-c1 postgres-insert-c1 tslog-post-c64 postgres-insert-c64 tslog-query-overall-c64; do
  grep -q "^$name " "$RESULTS" || continue
  printf '%-26s %10s per s   p99 %8s ms   corrected p99 %8s ms\n' "$name" "$(median_of "$name" 2)" "$(median_of "$name" 3)" "$(median_of "$name" 4)"
done
