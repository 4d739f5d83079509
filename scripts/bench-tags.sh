#!/usr/bin/env bash
# bench-tags.sh N LOG BIN... — (the log needs a tag v2) N rounds, binaries alternating: `tags` and `query overall --as-of-tag v2`; medians of wall and max RSS.
set -euo pipefail
N="$1"; LOG="$2"; shift 2
T="$(mktemp)"
for _ in $(seq "$N"); do
  for bin in "$@"; do
    /usr/bin/time -f "$bin tags %e %M" -a -o "$T" "$bin" tags --log "$LOG" >/dev/null
    /usr/bin/time -f "$bin as-of-tag %e %M" -a -o "$T" "$bin" query overall --as-of-tag v2 --log "$LOG" >/dev/null
  done
done
python3 - "$T" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    b, what, wall, rss = line.split()
    runs.setdefault((b, what), []).append((float(wall), int(rss)))
for (b, what), r in runs.items():
    w = [x for x, _ in r]
    print(f"{b} {what}: wall median {statistics.median(w):.3f} s (min {min(w):.3f}, max {max(w):.3f}), max RSS median {statistics.median([m for _, m in r])/1024:.0f} MB, {len(r)} runs: {' '.join(f'{x:.2f}' for x in w)}")
PY
rm -f "$T"
