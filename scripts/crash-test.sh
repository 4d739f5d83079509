#!/usr/bin/env bash
# The kill -9 loop: start `tslog append`, SIGKILL it at a random moment, and check that every
# append that reported success is still in the log, that the next append recovers and gets the
# next seq, and that `tslog verify` passes. Prints `N rounds, 0 acknowledged records lost`.
#
#   scripts/crash-test.sh [ROUNDS] [SEED]     (ROUNDS defaults to 20; 1000 for a long run)
#
# Each append has 1 to $CRASH_BATCH_MAX lines (default 200); with CRASH_BATCH_MAX=3000 most
# appends are large enough to be encoded in pieces on background threads while earlier pieces
# are written (the path `tslog append` takes for 256 lines or more).
#
# Uses $TSLOG_BINARY, else .build/debug/tslog (run `swift build` first). Exits 1 on any loss.
set -euo pipefail
rounds=${1:-20}
seed=${2:-12345}
batch_max=${CRASH_BATCH_MAX:-200}
root=$(cd "$(dirname "$0")/.." && pwd)
tslog=${TSLOG_BINARY:-$root/.build/debug/tslog}
[ -x "$tslog" ] || { echo "no tslog binary at $tslog; run swift build or set TSLOG_BINARY" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log=$work/log
RANDOM=$seed

line() { # round index
  printf '{"type":"sample.submitted","sample_id":"%08x-0000-4000-8000-%012x","event_id":"r%d-%d","image_url":"https://x.example/%d.jpg","image_path":"%d.jpg","label":"near_mint","label_type":"grade"}\n' "$1" "$2" "$1" "$2" "$1" "$2"
}
event_ids() { "$tslog" log --log "$log" --format json | grep -o '"event_id":"[^"]*"' | sort -u; }

# Calibrate: kill within twice the time one uninterrupted append of the mean batch size takes here.
for i in $(seq 0 $(( (batch_max + 1) / 2 - 1 ))); do line 65535 "$i"; done > "$work/calibration.jsonl"
start=$(date +%s%N)
"$tslog" append --log "$work/calibration" --file "$work/calibration.jsonl" > /dev/null
window_us=$(( ( $(date +%s%N) - start ) * 2 / 1000 ))
[ "$window_us" -ge 2000 ] || window_us=2000

: > "$work/acknowledged"
killed=0
for round in $(seq 1 "$rounds"); do
  count=$(( RANDOM % batch_max + 1 ))
  for i in $(seq 0 $((count - 1))); do line "$round" "$i"; done > "$work/batch.jsonl"
  "$tslog" append --log "$log" --file "$work/batch.jsonl" > /dev/null 2>&1 &
  pid=$!
  sleep "$(printf '0.%06d' $(( (RANDOM * 32768 + RANDOM) % window_us )))"
  kill -9 "$pid" 2> /dev/null || true
  if wait "$pid" 2> /dev/null; then
    for i in $(seq 0 $((count - 1))); do echo "\"event_id\":\"r$round-$i\""; done >> "$work/acknowledged"
  else
    killed=$((killed + 1))
  fi
  # A kill before the first append made the log leaves no log to read: 0 records then (under
  # pipefail a failing `tslog log` would otherwise end the script without a word).
  before=$( { "$tslog" log --log "$log" --format json 2> /dev/null || true; } | wc -l)
  line "$round" 999999 | "$tslog" append --log "$log" > /dev/null
  after=$("$tslog" log --log "$log" --format json | wc -l)
  [ "$after" -eq $((before + 1)) ] || { echo "round $round: the probe did not get the next seq ($before -> $after)" >&2; exit 1; }
  "$tslog" verify --log "$log" > /dev/null || { echo "round $round: verify failed" >&2; exit 1; }
  lost=$(sort -u "$work/acknowledged" | comm -23 - <(event_ids) | wc -l)
  if [ "$lost" -ne 0 ]; then
    echo "round $round: $lost acknowledged records lost" >&2
    echo "$rounds rounds, $lost acknowledged records lost"
    exit 1
  fi
done
acknowledged=$(wc -l < "$work/acknowledged")
echo "($killed of $rounds appends killed midway; $acknowledged acknowledged records checked after every round)" >&2
echo "$rounds rounds, 0 acknowledged records lost"
