#!/usr/bin/env python3
"""Process start and a one-line append, several tslog binaries alternating (docs/performance.md,
"Process start").

    scripts/bench-append.py LOG RUNS BINARY...

Each round runs, for every binary in turn, `BINARY append --log LOG` with one new sample on stdin
and `BINARY --help`; wall time from fork to wait4, CPU (user + sys) and peak RSS from wait4's
rusage of that one child. Prints the medians. LOG must be a copy you may append to (e.g.
`cp -a /tmp/pre-1m/log /tmp/mine/log`): every run adds one sample. Not a test: nothing asserts.
"""
import os, sys, time, uuid, statistics, subprocess
log, runs, bins = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def run(argv, stdin_bytes):
    r, w = os.pipe()
    devnull = os.open('/dev/null', os.O_WRONLY)
    t = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.dup2(r, 0); os.dup2(devnull, 1); os.dup2(devnull, 2)
        os.close(w)
        os.execv(argv[0], argv)
    os.close(r)
    os.write(w, stdin_bytes); os.close(w)
    _, status, ru = os.wait4(pid, 0)
    el = time.perf_counter() - t
    os.close(devnull)
    if status != 0: print("FAILED", argv, status, file=sys.stderr)
    return el * 1000, ru.ru_maxrss / 1024, (ru.ru_utime + ru.ru_stime) * 1000
res = {b: {'append': [], 'help': []} for b in bins}
for i in range(runs):
    for b in bins:
        sid = str(uuid.uuid4())
        line = ('{"type":"sample.submitted","sample_id":"%s","image_url":"https://cdn.example/%s.jpg","image_path":"training-data/%s.jpg","label":"heavy_wear","label_type":"grade"}\n' % (sid, sid, sid)).encode()
        res[b]['append'].append(run([b, 'append', '--log', log], line))
        res[b]['help'].append(run([b, '--help'], b''))
print("load", os.getloadavg())
for b in bins:
    for k in ('help', 'append'):
        xs = res[b][k]
        print(f"{b:40s} {k:7s} median {statistics.median(x[0] for x in xs):6.2f} ms  min {min(x[0] for x in xs):6.2f}  maxrss median {statistics.median(x[1] for x in xs):5.1f} MB  cpu median {statistics.median(x[2] for x in xs):6.2f} ms (n={len(xs)})")
