#!/usr/bin/env python3
"""serve-start.py BIN LOG OUTDIR TOKEN_FILE TOKEN: starts `BIN serve --log LOG` on a free port (its own session, output in OUTDIR/serve.out and .err), waits for its listening line, prints the time to it and VmRSS/VmHWM from /proc/PID/status at that moment, signs in to the desk with TOKEN and leaves OUTDIR/pid, port and cookie (for curl -b) for the requests to measure. Stop the server with kill $(cat OUTDIR/pid)."""
import subprocess, sys, time, re, urllib.request, urllib.parse, os, http.client
binp, log, out, token_file, token = sys.argv[1:6]
os.makedirs(out, exist_ok=True)
t0 = time.time()
p = subprocess.Popen([binp, "serve", "--log", log, "--listen", "127.0.0.1:0", "--token-file", token_file],
                     stdout=open(out + "/serve.out", "w"), stderr=open(out + "/serve.err", "w"), start_new_session=True)
port = None
while True:
    if p.poll() is not None: print("server ended", file=sys.stderr); sys.exit(1)
    m = re.search(r"listening on http://127.0.0.1:(\d+)", open(out + "/serve.out").read())
    if m: port = int(m.group(1)); break
    time.sleep(0.01)
ready = time.time() - t0
st = open(f"/proc/{p.pid}/status").read()
rss = re.search(r"VmRSS:\s+(\d+) kB", st).group(1); hwm = re.search(r"VmHWM:\s+(\d+) kB", st).group(1)
c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
c.request("POST", "/signin", body="token=" + urllib.parse.quote(token),
          headers={"Origin": f"http://127.0.0.1:{port}", "Content-Type": "application/x-www-form-urlencoded"})
r = c.getresponse(); r.read()
cookie = r.getheader("Set-Cookie").split(";")[0]
open(out + "/cookie", "w").write(cookie)
open(out + "/port", "w").write(str(port))
open(out + "/pid", "w").write(str(p.pid))
print(f"pid {p.pid} port {port} ready {ready:.2f} s VmRSS {int(rss)/1024:.1f} MB VmHWM {int(hwm)/1024:.1f} MB")
sys.stdout.flush()
os._exit(0)
