#!/usr/bin/env bash
# Benchmark for `tslog images fetch` (a benchmark, not a test): N small PNGs from a local
# Python server, fetched by `tslog images fetch --jobs J` and by `xargs -P J curl` on the same
# URLs in the same run, interleaved, R rounds; prints images/s per round and the medians, and
# the store's size against the unique bytes.
#
#   scripts/bench-images.sh [N=10000] [J=16] [R=3]
#
# Needs a release build (swift build -c release --static-swift-stdlib), python3 and curl. About one image in ten is
# a byte-for-byte duplicate of another, so the store holds fewer blobs than samples.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}; J=${2:-16}; R=${3:-3}
BIN=.build/release/tslog
[ -x "$BIN" ] || { echo "build first: swift build -c release --static-swift-stdlib" >&2; exit 1; }
WORK=$(mktemp -d /tmp/bench-images.XXXXXX)
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

# 1. The images: distinct 24x24 PNGs (zlib only), every tenth a copy of the one before.
python3 - "$WORK/files" "$N" <<'PY'
import os, struct, sys, zlib, random
out, n = sys.argv[1], int(sys.argv[2]); os.makedirs(out)
rng = random.Random(2026)
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
def png(w, h):
    raw = b"".join(b"\0" + bytes(rng.randrange(256) for _ in range(w * 3)) for _ in range(h))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
last = None
for i in range(n):
    data = last if (i % 10 == 9 and last) else png(24, 24)
    open(os.path.join(out, f"{i}.png"), "wb").write(data); last = data
PY

# 2. The server (HTTP/1.1 keep-alive, threaded), bound to port 0.
cat > "$WORK/server.py" <<'PY'
import functools, os, sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
class H(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
s = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(H, directory=sys.argv[1]))
s.daemon_threads = True
open(sys.argv[2] + ".tmp", "w").write(str(s.server_address[1])); os.rename(sys.argv[2] + ".tmp", sys.argv[2])
s.serve_forever()
PY
python3 "$WORK/server.py" "$WORK/files" "$WORK/port" & SERVER_PID=$!
for _ in $(seq 200); do [ -f "$WORK/port" ] && break; sleep 0.05; done
PORT=$(cat "$WORK/port")

# 3. A log of N samples pointing at the images.
python3 - "$N" "$PORT" > "$WORK/samples.jsonl" <<'PY'
import sys
n, port = int(sys.argv[1]), sys.argv[2]
for i in range(n):
    sid = "00000000-0000-4000-8000-%012x" % i
    print('{"type":"sample.submitted","sample_id":"%s","image_url":"http://127.0.0.1:%s/%d.png","image_path":"training-data/%d.png","label":"heavy_wear","label_type":"grade"}' % (sid, port, i, i))
PY
"$BIN" append --log "$WORK/base" < "$WORK/samples.jsonl" >/dev/null
for i in $(seq 0 $((N - 1))); do echo "http://127.0.0.1:$PORT/$i.png"; done > "$WORK/urls"

now() { date +%s.%N; }
rate() { python3 -c "print(f'{$N / ($2 - $1):.0f}')"; }
tslog_rates=(); curl_rates=()
for round in $(seq "$R"); do
  rm -rf "$WORK/log" "$WORK/curl"; cp -r "$WORK/base" "$WORK/log"; mkdir "$WORK/curl"
  t0=$(now); "$BIN" images fetch --log "$WORK/log" --jobs "$J" 2>/dev/null; t1=$(now)
  tslog_rates+=("$(rate "$t0" "$t1")")
  t0=$(now); xargs -P "$J" -n 1 curl -sf --output-dir "$WORK/curl" -O < "$WORK/urls"; t1=$(now)
  curl_rates+=("$(rate "$t0" "$t1")")
  [ "$(ls "$WORK/curl" | wc -l)" = "$N" ] || { echo "curl fetched $(ls "$WORK/curl" | wc -l) of $N" >&2; exit 1; }
  echo "round $round: tslog images fetch --jobs $J ${tslog_rates[-1]} images/s; xargs -P $J curl ${curl_rates[-1]} images/s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median of $R: tslog $(median "${tslog_rates[@]}") images/s, curl $(median "${curl_rates[@]}") images/s ($N images, --jobs $J / -P $J)"
unique=$(cd "$WORK/files" && sha256sum -- *.png | sort -u -k1,1 | awk '{print $2}' | xargs stat -c %s | awk '{s+=$1} END {print s}')
stored=$(find "$WORK/log/images/sha256" -type f | xargs stat -c %s | awk '{s+=$1} END {print s}')
blobs=$(find "$WORK/log/images/sha256" -type f | wc -l)
echo "store: $blobs blobs, $stored bytes; unique image bytes: $unique; all $N files: $(du -sb "$WORK/files" | cut -f1) bytes on disk (du)"
