#!/bin/bash
# Usage: scripts/bench-history.sh BINARY LABEL LOG SAMPLE_ID — the sample API and tslog history on the 1M demo log, 5 runs each.
set -u
BIN=$1; LABEL=$2; LOG=${3:?log directory}; ID=${4:?sample id}; WORK=$(mktemp -d); cd "$WORK"; printf "write bench bench-write-token-0123456789abcdef\n" > tokens; chmod 600 tokens
echo "== $LABEL ($BIN), sample $ID, load $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
$BIN serve --log "$LOG" --listen 127.0.0.1:0 --token-file tokens > serve-$LABEL.out 2> serve-$LABEL.err &
PID=$!
for i in $(seq 1 600); do grep -q "listening on" serve-$LABEL.out 2>/dev/null && break; sleep 0.5; done
echo "server ready after $(echo "$(date +%s.%N) - $start" | bc) s"
BASE=$(grep -o 'http://127.0.0.1:[0-9]*' serve-$LABEL.out | head -1)
COOKIE=$(curl -s -i -X POST -H "Origin: $BASE" -H 'Content-Type: application/x-www-form-urlencoded' --data 'token=bench-write-token-0123456789abcdef' "$BASE/signin" | grep -i '^set-cookie' | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//')
curl -s -o /dev/null -b "$COOKIE" "$BASE/desk/api/sample?id=$ID"   # warm-up
echo -n "GET /desk/api/sample: "
for i in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total} ' -b "$COOKIE" "$BASE/desk/api/sample?id=$ID"; done; echo
echo -n "GET /v1/samples/ID/history: "
for i in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total} ' -H 'Authorization: Bearer bench-write-token-0123456789abcdef' "$BASE/v1/samples/$ID/history"; done; echo
curl -s -b "$COOKIE" "$BASE/desk/api/sample?id=$ID" | head -c 300; echo
curl -s -H 'Authorization: Bearer bench-write-token-0123456789abcdef' "$BASE/v1/samples/$ID/history" > history-http-$LABEL.json
kill -TERM $PID; wait $PID
echo -n "tslog history --format json (wall s): "
for i in 1 2 3 4 5; do /usr/bin/time -f '%e' $BIN history $ID --log "$LOG" --format json > history-cli-$LABEL.json 2>> time-$LABEL.txt; tail -1 time-$LABEL.txt | tr '\n' ' '; done; echo
cmp history-cli-$LABEL.json history-http-$LABEL.json && echo "HTTP body == CLI stdout"
