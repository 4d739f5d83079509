#!/usr/bin/env bash
# compare-peers.sh N — tslog against DuckDB on the same N-sample log, side by side in one run.
#
# Builds the release tslog and tslog-bench, writes a seeded N-sample log (through the real append
# path: `tslog-bench --generate-only`), then
#   - times `tslog query Q --format csv` for five of the guide's questions, each a fresh process
#     folding the whole log from nothing (`--no-checkpoint`, checksums verified), and warm: from a
#     checkpoint at the end of the log (written by one untimed read first);
#   - times DuckDB (python3 -m pip install duckdb) reading the same segment files with
#     read_ndjson, folding the events to the current training_samples rows with SQL, and answering
#     the same five questions, in one process;
#   - checks that every answer agrees, row for row, and prints the times and ratios.
# Exit status: 0 when all answers agree, 1 otherwise.
set -euo pipefail

N="${1:-100000}"
RUNS="${RUNS:-3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${WORK:-$(mktemp -d /tmp/tslog-peers.XXXXXX)}"
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT

python3 -c 'import duckdb' 2>/dev/null || { echo "error: DuckDB for python3 is missing: python3 -m pip install duckdb" >&2; exit 1; }

cd "$ROOT"
swift build -c release --static-swift-stdlib --product tslog >/dev/null
swift build -c release --static-swift-stdlib --product tslog-bench >/dev/null
BIN="$(swift build -c release --static-swift-stdlib --show-bin-path)"
"$BIN/tslog-bench" --generate-only --samples "$N" --dir "$WORK" >/dev/null
LOG="$WORK/log"
BYTES=$(cat "$LOG"/*.jsonl | wc -c)
EVENTS=$(cat "$LOG"/*.jsonl | wc -l)

QUERIES=(label-types labels daily overall failed)
mkdir -p "$WORK/tslog" "$WORK/duckdb"

# tslog: each query a cold process; the median of RUNS runs.
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
declare -A TSLOG_MS WARM_MS
time_queries() {  # mode (cold|warm): fills TSLOG_MS or WARM_MS
    for q in "${QUERIES[@]}"; do
        times=()
        for _ in $(seq "$RUNS"); do
            start=$(date +%s%N)
            extra=(); [ "$q" = labels ] && extra=(--label-type grade)
            [ "$1" = cold ] && extra+=(--no-checkpoint)
            "$BIN/tslog" query "$q" "${extra[@]}" --log "$LOG" --format csv > "$WORK/tslog/$q.$1.csv"
            end=$(date +%s%N)
            times+=($(( (end - start) / 1000000 )))
        done
        if [ "$1" = cold ]; then TSLOG_MS[$q]=$(printf '%s\n' "${times[@]}" | median)
        else WARM_MS[$q]=$(printf '%s\n' "${times[@]}" | median); fi
    done
}
rm -rf "$LOG/checkpoints"
time_queries cold
TSLOG_CHECKPOINT_AFTER=0 "$BIN/tslog" query overall --log "$LOG" >/dev/null   # leaves a checkpoint at the end
time_queries warm
rm -rf "$LOG/checkpoints"
for q in "${QUERIES[@]}"; do
    cmp -s "$WORK/tslog/$q.cold.csv" "$WORK/tslog/$q.warm.csv" || { echo "tslog $q: warm and cold answers differ"; exit 1; }
    cp "$WORK/tslog/$q.cold.csv" "$WORK/tslog/$q.csv"
done

# DuckDB: read, fold, answer; one process per run, the median of RUNS runs.
DUCK_MS=()
for _ in $(seq "$RUNS"); do
    start=$(date +%s%N)
    python3 - "$LOG" "$WORK/duckdb" <<'PY'
import csv, sys, duckdb
log, out = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute(f"""
CREATE TABLE ev AS SELECT seq, type, data.sample_id AS id, data.occurred_at AS occurred_at,
       data.label AS label, data.label_type AS label_type, data.status AS status
FROM read_ndjson('{log}/*.jsonl', columns={{seq: 'BIGINT', type: 'VARCHAR',
     data: 'STRUCT(sample_id VARCHAR, occurred_at VARCHAR, label VARCHAR, label_type VARCHAR, status VARCHAR)'}})""")
# The current row of each sample: the events since its last submit, newest value wins.
con.execute("""
CREATE TABLE training_samples AS
WITH e AS (SELECT *, max(CASE WHEN type = 'sample.submitted' THEN seq END) OVER (PARTITION BY id) AS sub_seq FROM ev),
     f AS (SELECT * FROM e WHERE seq >= sub_seq)
SELECT id,
       arg_max(occurred_at, seq) FILTER (WHERE type = 'sample.submitted') AS created_at,
       arg_max(label, seq) FILTER (WHERE type IN ('sample.submitted', 'sample.relabeled')) AS label,
       arg_max(label_type, seq) FILTER (WHERE label_type IS NOT NULL) AS label_type,
       coalesce(arg_max(CASE WHEN type = 'nyckel.resubmitted' THEN 'submitted' ELSE status END, seq)
                FILTER (WHERE type IN ('nyckel.responded', 'nyckel.resubmitted')), 'submitted') AS nyckel_status
FROM f GROUP BY id HAVING NOT bool_or(type = 'sample.deleted')""")
queries = {
    "label-types": "SELECT label_type, COUNT(*) AS sample_count FROM training_samples GROUP BY label_type ORDER BY sample_count DESC",
    "labels": "SELECT label, label_type, COUNT(*) AS count FROM training_samples WHERE label_type = 'grade' GROUP BY label, label_type ORDER BY count DESC",
    "daily": "SELECT substr(created_at, 1, 10) AS training_date, COUNT(*) AS samples_submitted, COUNT(DISTINCT label) AS unique_labels FROM training_samples GROUP BY 1 ORDER BY 1 DESC LIMIT 30",
    "overall": """SELECT COUNT(*) AS total_samples, COUNT(DISTINCT label) AS unique_labels,
                  COUNT(CASE WHEN nyckel_status = 'accepted' THEN 1 END) AS successful,
                  COUNT(CASE WHEN nyckel_status = 'error' THEN 1 END) AS failed,
                  printf('%.2f', ROUND(COUNT(CASE WHEN nyckel_status = 'accepted' THEN 1 END)::DECIMAL(18,0) / COUNT(*) * 100, 2)) AS success_rate
                  FROM training_samples""",
    "failed": "SELECT id, created_at, label, label_type, nyckel_status FROM training_samples WHERE nyckel_status = 'error' ORDER BY created_at DESC LIMIT 20",
}
for name, sql in queries.items():
    with open(f"{out}/{name}.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        cur = con.execute(sql)
        w.writerow([d[0] for d in cur.description])
        w.writerows(cur.fetchall())
PY
    end=$(date +%s%N)
    DUCK_MS+=($(( (end - start) / 1000000 )))
done
DUCK=$(printf '%s\n' "${DUCK_MS[@]}" | median)

# Compare answers. Ties may be listed in either order, so rows are compared as sorted lists;
# `failed` is compared on the columns both print (tslog prints more).
status=0
compare() {  # name, tslog file, duckdb file
    if diff <(tail -n +2 "$2" | sort) <(tail -n +2 "$3" | sort) >/dev/null; then
        printf '  %-12s agree (%s rows)\n' "$1" "$(( $(wc -l < "$2") - 1 ))"
    else
        printf '  %-12s DISAGREE\n' "$1"; diff <(tail -n +2 "$2" | sort) <(tail -n +2 "$3" | sort) | head -5; status=1
    fi
}
echo "log: $N samples, $EVENTS events, $((BYTES / 1000000)) MB ($WORK)"
echo "answers:"
for q in label-types labels daily overall; do compare "$q" "$WORK/tslog/$q.csv" "$WORK/duckdb/$q.csv"; done
python3 - "$WORK" <<'PY' || status=1
import csv, sys
w = sys.argv[1]
t = list(csv.DictReader(open(f"{w}/tslog/failed.csv")))
d = list(csv.DictReader(open(f"{w}/duckdb/failed.csv")))
ok = len(t) == len(d) and {r["id"] for r in t} == {r["id"] for r in d}
print(f"  {'failed':<12} {'agree' if ok else 'DISAGREE'} ({len(t)} rows, compared by id)")
sys.exit(0 if ok else 1)
PY

echo "times (median of $RUNS, whole processes):"
sum=0
for q in "${QUERIES[@]}"; do
    printf '  tslog query %-12s cold %6d ms   (%s MB/s of log)   warm %6d ms\n' "$q" "${TSLOG_MS[$q]}" "$(( BYTES / 1000 / (TSLOG_MS[$q] > 0 ? TSLOG_MS[$q] : 1) ))" "${WARM_MS[$q]}"
    sum=$(( sum + TSLOG_MS[$q] ))
done
printf '  duckdb: read_ndjson + fold + 5 queries %6d ms\n' "$DUCK"
first=${TSLOG_MS[overall]}
awk -v d="$DUCK" -v t="$first" -v s="$sum" 'BEGIN {
    printf "ratios:\n  DuckDB (read+fold+5 queries) / tslog one cold query:  %.2fx\n", d / t
    printf "  DuckDB (read+fold+5 queries) / tslog 5 cold queries:  %.2fx\n", d / s }'
exit $status
