#!/usr/bin/env python3
"""Latency percentiles for the server benchmarks, measured the same way on both sides.

wrk does not report the latencies it measured. Before it prints them (and before a script's
done() sees them) it "corrects for coordinated omission" (stats_correct in wrk.c): for every
request that took n >= 2e microseconds, where e = run time / (requests / connections) is the
mean time between one connection's requests, it adds one made-up sample at n - e, n - 2e, ...
down to just above e — the requests an open-loop client would have sent during the stall. So
one 30 ms stall in a 5 s run at 4,000 req/s adds about 120 samples: two such stalls reach the
p99. pgbench's per-transaction log (-l) holds what it measured, uncorrected. Comparing wrk's
p99 with pgbench's compares a corrected number with a raw one, and the faster side, whose e
is smaller, gets more made-up samples per stall.

This script puts both on the same footing, both ways:
  latency.py wrk HIST CONNECTIONS
      HIST is the histogram a wrk script's done() wrote (first line "DURATION_US REQUESTS",
      then "MICROSECONDS COUNT" per value; see serve-bench.sh). Undoes the correction exactly
      (from the largest value down) and checks that the samples left equal the requests.
      Prints "P50_RAW P99_RAW P50_WRK P99_WRK" in ms.
  latency.py pgbench DURATION_S CLIENTS LOG...
      LOG: pgbench -l files (the third field is the latency in microseconds). Applies wrk's
      correction with e = DURATION / (transactions / CLIENTS). Prints the same four numbers.
Percentiles as wrk computes them: the smallest value whose cumulative count reaches
round(p / 100 * count + 0.5).
"""
import sys
from collections import Counter


def percentile(hist, p):
    total = sum(hist.values())
    rank = round(p / 100 * total + 0.5)
    seen = 0
    for value in sorted(hist):
        seen += hist[value]
        if seen >= rank:
            return value
    return 0


def expected_interval(duration_us, requests, connections):
    """wrk's e, with its integer divisions."""
    per_connection = requests // connections
    return duration_us // per_connection if per_connection > 0 else 0


def correct(raw, e):
    """wrk's stats_correct: every n >= 2e adds its count at n - e, n - 2e, ... while > e."""
    corrected = Counter(raw)
    if e <= 0:
        return corrected
    for n, count in raw.items():
        if n >= 2 * e and count:
            m = n - e
            while m > e:
                corrected[m] += count
                m -= e
    return corrected


def uncorrect(corrected, e):
    """The inverse of `correct`: from the largest value down, what is left after the samples
    the larger values added is what was measured."""
    raw = Counter()
    added = Counter()
    for n in sorted(corrected, reverse=True):
        count = corrected[n] - added[n]
        if count < 0:
            raise ValueError(f"not a wrk-corrected histogram: negative count at {n} us")
        if count:
            raw[n] = count
            if e > 0 and n >= 2 * e:
                m = n - e
                while m > e:
                    added[m] += count
                    m -= e
    return raw


def report(raw, corrected):
    ms = lambda us: f"{us / 1000:.3f}"
    print(ms(percentile(raw, 50)), ms(percentile(raw, 99)), ms(percentile(corrected, 50)), ms(percentile(corrected, 99)))


def main(argv):
    if len(argv) >= 3 and argv[0] == "wrk":
        lines = open(argv[1]).read().split("\n")
        duration_us, requests = (int(x) for x in lines[0].split())
        corrected = Counter()
        for line in lines[1:]:
            if line.strip():
                value, count = (int(x) for x in line.split())
                corrected[value] += count
        raw = uncorrect(corrected, expected_interval(duration_us, requests, int(argv[2])))
        if sum(raw.values()) != requests:
            sys.exit(f"latency.py: {sum(raw.values())} samples left after undoing wrk's correction, "
                     f"but wrk counted {requests} requests: is this wrk's stats_correct?")
        report(raw, corrected)
    elif len(argv) >= 4 and argv[0] == "pgbench":
        raw = Counter()
        for path in argv[3:]:
            for line in open(path):
                fields = line.split()
                if len(fields) >= 3:
                    raw[int(fields[2])] += 1
        e = expected_interval(int(float(argv[1]) * 1_000_000), sum(raw.values()), int(argv[2]))
        report(raw, correct(raw, e))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
