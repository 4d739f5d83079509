# Shared by the server benchmarks (bench-serve.sh, bench-serve-1c.sh); sourced, not run.
# `bench_setup` sets WORK (a scratch directory on the disk under test) and TOKEN; the caller
# sets ROOT (the checkout), TSLOG (the binary) and DURATION (seconds per run); AS and SERVER_PID
# are set here. Latencies come both as measured and as wrk reports them (lib/latency.py).

AS=()
SERVER_PID=""
# PostgreSQL's port on 127.0.0.1 (and its socket's name).
PG_PORT=${PG_PORT:-54329}
TOKEN=bench-write-token-0123456789abcdef

# bench_setup NAME TOOL...: puts PostgreSQL's programs on PATH, checks that every TOOL exists
# (NAME in the message), makes WORK and removes it (and what runs) on exit.
bench_setup() {
  local name=$1 tool d
  shift
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && PATH="$d:$PATH"; done
  for tool in python3 "$@"; do
    command -v "$tool" >/dev/null || { echo "$name: $tool is missing (apt-get install wrk postgresql)" >&2; exit 1; }
  done
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/tslog-$name.XXXXXX")
  trap cleanup EXIT
}

# On exit: stops the server and PostgreSQL if they run, and removes $WORK.
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -d "$WORK/pg" ] && "${AS[@]}" pg_ctl -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}

# Starts `tslog serve` on an empty log in $WORK/log; sets SERVER_PID and ADDRESS.
start_server() {
  rm -rf "$WORK/log"
  "$TSLOG" serve --log "$WORK/log" --listen 127.0.0.1:0 --token-file "$WORK/tokens" --max-connections 1024 \
    > "$WORK/serve.out" 2> "$WORK/serve.err" &
  SERVER_PID=$!
  for _ in $(seq 1 500); do
    ADDRESS=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/serve.out" 2>/dev/null | head -1 || true)
    [ -n "$ADDRESS" ] && return
    sleep 0.01
  done
  echo "bench-serve: tslog serve did not start: $(cat "$WORK/serve.err")" >&2
  exit 1
}

stop_server() {
  kill -TERM "$SERVER_PID"
  wait "$SERVER_PID" || true
  SERVER_PID=""
}

# Writes $WORK/post.lua: one new sample per request, ids unique per wrk thread and request.
write_post_lua() {
cat > "$WORK/post.lua" <<EOF
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  counter = 0
end
function request()
  counter = counter + 1
  local id = string.format("%08x-0000-4000-8000-%012x", tid, counter)
  local body = '{"type":"sample.submitted","sample_id":"' .. id .. '","image_url":"https://cdn.example/' .. id ..
    '.jpg","image_path":"training-data/' .. id .. '.jpg","label":"heavy_wear","label_type":"grade"}'
  return wrk.format("POST", "/v1/events", {["Authorization"] = "Bearer $TOKEN", ["Content-Type"] = "application/x-ndjson"}, body)
end
$(wrk_done_lua)
EOF
}

# Prints a wrk done() that writes "RESULT RATE P99 ERRORS P50" (ms, as wrk reports them) and
# wrk's whole latency histogram to $WORK/wrk.hist, for `wrk_latency`: wrk corrects its
# latencies before done() sees them (see latency.py).
wrk_done_lua() {
cat <<EOF
function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.1f %.3f %d %.3f\n", summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000, errors,
    latency:percentile(50) / 1000))
  local f = io.open("$WORK/wrk.hist", "w")
  f:write(string.format("%d %d\n", summary.duration, summary.requests))
  for i = 1, #latency do
    local value, count = latency(i)
    f:write(string.format("%d %d\n", value, count))
  end
  f:close()
end
EOF
}

# After a wrk run with $1 connections: prints "P50 P99 P50_WRK P99_WRK" (ms), first as
# measured, then as wrk reports them (corrected for coordinated omission).
wrk_latency() {
  python3 "$ROOT/scripts/lib/latency.py" wrk "$WORK/wrk.hist" "$1"
}

# Starts PostgreSQL 15 on an empty cluster in $WORK/pg (fsync and synchronous_commit on) with
# the guide's training_samples table, and writes $WORK/insert.sql (one single-row INSERT).
pg_start() {
  rm -rf "$WORK/pg" "$WORK/sock"
  mkdir -p "$WORK/sock"
  # PostgreSQL refuses to run as root: its programs then run as the postgres user (or nobody).
  AS=()
  if [ "$(id -u)" = 0 ]; then
    user=postgres; id "$user" >/dev/null 2>&1 || user=nobody
    AS=(runuser -u "$user" --)
    chmod 755 "$WORK"
    mkdir -p "$WORK/pg"; chown "$user" "$WORK/pg" "$WORK/sock"; chmod 700 "$WORK/pg"
  fi
  "${AS[@]}" initdb -D "$WORK/pg" -U bench --auth=trust > /dev/null
  "${AS[@]}" pg_ctl -D "$WORK/pg" -l "$WORK/pg/server.log" -w \
    -o "-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c listen_addresses='127.0.0.1' -c port=$PG_PORT -c unix_socket_directories='$WORK/sock' -c max_connections=200" \
    start > /dev/null
  psql -h "$WORK/sock" -p "$PG_PORT" -U bench -d postgres -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE TABLE training_samples (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  image_url text NOT NULL,
  image_path text NOT NULL,
  label text NOT NULL,
  label_type text NOT NULL CHECK (label_type IN ('defect', 'region', 'grade')),
  nyckel_function_id text,
  nyckel_sample_id text,
  nyckel_status text NOT NULL DEFAULT 'submitted' CHECK (nyckel_status IN ('submitted', 'accepted', 'rejected', 'error')),
  source_scan_id text,
  region_name text,
  crop_data jsonb,
  image_width integer,
  image_height integer,
  file_size_bytes bigint
);
CREATE INDEX ON training_samples (created_at DESC);
CREATE INDEX ON training_samples (label);
CREATE INDEX ON training_samples (nyckel_status);
SQL
  cat > "$WORK/insert.sql" <<'SQL'
\set n random(1, 1000000000)
INSERT INTO training_samples (id, image_url, image_path, label, label_type)
VALUES (gen_random_uuid(), 'https://cdn.example/' || :n || '.jpg', 'training-data/' || :n || '.jpg', 'heavy_wear', 'grade');
SQL
}

# Runs pgbench with $1 clients for $DURATION s; prints "RATE P50 P99 P50_WRK P99_WRK" (ms): the
# latencies as measured, then corrected as wrk corrects its own (latency.py), so either pair
# compares like with like with `wrk_latency`. Over the Unix socket, or with $2 = tcp over TCP to
# 127.0.0.1 (as wrk reaches tslog).
pg_insert() {
  local host="$WORK/sock"
  [ "${2:-}" = tcp ] && host=127.0.0.1
  rm -f "$WORK"/pgbench_log.*
  (cd "$WORK" && pgbench -h "$host" -p "$PG_PORT" -U bench -n -c "$1" -j 2 -T "$DURATION" -f insert.sql -l postgres > "$WORK/pgbench.out" 2>&1)
  local rate
  rate=$(grep -o 'tps = [0-9.]*' "$WORK/pgbench.out" | head -1 | cut -d' ' -f3)
  echo "$rate $(python3 "$ROOT/scripts/lib/latency.py" pgbench "$DURATION" "$1" "$WORK"/pgbench_log.*)"
}

# Lets the disk go quiet before the next measured run: writes back what is dirty, waits (at most
# 10 s) until no autovacuum worker of PostgreSQL runs, then half a second. PostgreSQL keeps
# working after a burst of inserts (autovacuum and autoanalyze of the grown table, the
# background writer); without this its writes land on whatever run comes next, which here is
# always a tslog run. tslog's server is stopped after its run and leaves nothing running.
settle() {
  sync
  if [ -d "$WORK/pg" ]; then
    for _ in $(seq 1 100); do
      busy=$(psql -h "$WORK/sock" -p "$PG_PORT" -U bench -d postgres -Atq \
        -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'" 2>/dev/null || echo 0)
      [ "$busy" = 0 ] && break
      sleep 0.1
    done
  fi
  sleep 0.5
}

# How often PostgreSQL's autovacuum vacuumed and analyzed the table (printed at the end).
pg_autovacuum_counts() {
  psql -h "$WORK/sock" -p "$PG_PORT" -U bench -d postgres -Atq \
    -c "SELECT 'autovacuum ' || autovacuum_count || ', autoanalyze ' || autoanalyze_count FROM pg_stat_user_tables WHERE relname = 'training_samples'"
}

# Stops the PostgreSQL started by pg_start.
pg_stop() {
  "${AS[@]}" pg_ctl -D "$WORK/pg" -m fast stop > /dev/null
}
