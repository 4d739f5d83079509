#!/usr/bin/env bash
# ab-cold.sh N LOG BINARY... — compare tslog binaries on one log: N rounds, each round one cold
# `query overall --no-checkpoint` per binary in turn (so a busy moment of a shared machine hits
# all of them alike); prints, per binary, the median and minimum wall time and CPU time
# (user + sys) from /usr/bin/time. Used to measure each step of docs/performance.md.
set -euo pipefail
N="$1"; LOG="$2"; shift 2
TIMES="$(mktemp)"; trap 'rm -f "$TIMES"' EXIT
for _ in $(seq "$N"); do
    for bin in "$@"; do
        /usr/bin/time -f "$bin %e %U %S" -a -o "$TIMES" "$bin" query overall --log "$LOG" --no-checkpoint >/dev/null
    done
done
python3 - "$TIMES" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, wall, user, system = line.split()
    runs.setdefault(name, []).append((float(wall), float(user) + float(system)))
for name, r in runs.items():
    wall, cpu = [w for w, _ in r], [c for _, c in r]
    print(f"{name}: wall median {statistics.median(wall):.3f} s (min {min(wall):.3f}), "
          f"CPU median {statistics.median(cpu):.3f} s (min {min(cpu):.3f}), {len(r)} runs")
PY
