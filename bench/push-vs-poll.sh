#!/usr/bin/env bash
# Push against polling: CLIENTS clients kept up to date for SECONDS while one shirt changes every
# EVERY seconds, by
#   poll        GET /shirts every second
#   poll-etag   the same with If-None-Match (304 while nothing changed)
#   push        a STOMP subscription to /topic/shirts (permessage-deflate offered, as browsers do)
#   push-deflate  the same with shop.websocket.compression=true (the offer accepted)
# Reports per mode: requests served, bytes on the wire (TCP payload both ways, counted on the
# clients' sockets), shop CPU time over the minute, and the delay from a change's commit until a
# client knows of it. A fresh shop per mode; loopback only; bounded; stops what it started by pid.
#
#   bench/push-vs-poll.sh                    # all four modes
#   bench/push-vs-poll.sh poll-etag push     # some of them
set -euo pipefail
cd "$(dirname "$0")/.."

CLIENTS=${CLIENTS:-1000}
SECONDS_=${DURATION:-60}
EVERY=${EVERY:-5}
PORT=${PORT:-18432}
SHOP_JAVA=${SHOP_JAVA:-java}
SHOP_OPTS=${SHOP_OPTS:--Xms64m -Xmx1g}
RESULTS=bench/results
RAW=$PWD/$RESULTS/raw/push-vs-poll-$(date +%Y%m%d-%H%M%S)
JAR=${JAR:-target/shop-0.1.0-SNAPSHOT.jar}
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(poll poll-etag push push-deflate)
mkdir -p "$RAW"
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop EXIT

[ -d bench/client/node_modules/ws ] || (cd bench/client && npm install --no-audit --no-fund --no-package-lock --silent)
if [ "${BUILD:-1}" = 1 ]; then ./mvnw -B -q package -DskipTests; fi
cp "$JAR" "$RAW/shop.jar"
hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
[ -f "$RESULTS/push-vs-poll.tsv" ] || echo -e "mode\tclients\tseconds\tchanges\trequests\tstatuses\tmib_on_wire\tshop_cpu_s\tdelay_p50_ms\tdelay_p99_ms\tdelay_max_ms\tclients_told_per_change\tdate" > "$RESULTS/push-vs-poll.tsv"

run() {
  local mode=$1 dir=$RAW/$1 password=bench-$RANDOM$RANDOM args=""
  if (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; then echo "port $PORT is in use: set PORT" >&2; return 1; fi
  [ "$mode" = push-deflate ] && args=--shop.websocket.compression=true
  mkdir -p "$dir/db"
  $SHOP_JAVA $SHOP_OPTS -jar "$RAW/shop.jar" --server.address=127.0.0.1 --server.port=$PORT \
    --spring.datasource.url="jdbc:h2:file:$dir/db/shop;LOCK_TIMEOUT=10000" --shop.admin.password=$password \
    --shop.live.max-connections-per-address=100000 \
    --logging.level.root=WARN $args > "$dir/shop.log" 2>&1 &
  local shop=$! base=http://127.0.0.1:$PORT
  pids+=("$shop")
  for _ in $(seq 1 300); do
    kill -0 "$shop" 2>/dev/null || break
    curl -sf "$base/actuator/health/readiness" >/dev/null && break; sleep 1
  done
  curl -sf "$base/actuator/health/readiness" >/dev/null || { echo "shop did not start: $dir/shop.log" >&2; return 1; }
  for _ in 1 2 3 4 5; do curl -s -o /dev/null "$base/shirts"; done   # first requests warm up
  local changes=$((SECONDS_ / EVERY)) client
  case $mode in
    poll|poll-etag)
      local etag=false; [ "$mode" = poll-etag ] && etag=true
      node bench/client/poller.mjs --base "$base" --bind 127.0.0.2 --clients "$CLIENTS" --seconds "$SECONDS_" \
        --interval 1000 --etag $etag --out "$dir/client.json" > "$dir/client.log" 2>&1 &
      client=$!; pids+=("$client") ;;
    push|push-deflate)
      node bench/client/subscribers.mjs --url "ws://127.0.0.1:$PORT/ws" --bind 127.0.0.2 --connections "$CLIENTS" \
        --expect "$changes" --max-seconds $((SECONDS_ + 120)) --out "$dir/client.json" > "$dir/client.log" 2>&1 &
      client=$!; pids+=("$client")
      for _ in $(seq 1 120); do grep -q "subscribed=$CLIENTS" "$dir/client.log" 2>/dev/null && break; sleep 0.5; done ;;
  esac
  local c0 c1 t0; c0=$(cpu_ticks "$shop"); t0=$(date +%s.%N)
  for i in $(seq 1 "$changes"); do
    sleep "$(echo "$t0 + $i * $EVERY - $(date +%s.%N)" | bc | sed 's/^-.*/0/')"   # on the clock, however long a write takes
    curl -s -o /dev/null -u "admin:$password" -X PATCH -H 'Content-Type: application/merge-patch+json' \
      -d "{\"price\":$((20 + i)).50}" "$base/shirts/1"
  done
  local deadline=$(( $(date +%s) + 60 ))
  while kill -0 "$client" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
  c1=$(cpu_ticks "$shop")
  kill -TERM "$client" 2>/dev/null || true; wait "$client" 2>/dev/null || true
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const lat = Object.values(r.seqs).flatMap(s => s.lat).sort((a, b) => a - b);
    const told = Object.values(r.seqs).map(s => s.lat.length);
    const q = p => lat.length ? lat[Math.min(lat.length - 1, Math.ceil(p * lat.length) - 1)].toFixed(0) : "-";
    const requests = r.requests ?? (r.subscribed + " WebSocket handshakes");
    const statuses = r.statuses ? Object.entries(r.statuses).map(([k, v]) => k + ":" + v).join(" ") : "101:" + r.subscribed;
    console.log([process.argv[2], process.argv[3], process.argv[4], Object.keys(r.seqs).length, requests, statuses,
      ((r.bytesIn + r.bytesOut) / 1048576).toFixed(2), process.argv[5], q(0.5), q(0.99), lat.length ? lat.at(-1).toFixed(0) : "-",
      told.length ? Math.min(...told) : 0, new Date().toISOString().slice(0, 10)].join("\t"));
  ' "$dir/client.json" "$mode" "$CLIENTS" "$SECONDS_" "$(echo "scale=2; ($c1 - $c0) / $hz" | bc)" | tee -a "$RESULTS/push-vs-poll.tsv"
  stop
}

for mode in "${modes[@]}"; do run "$mode"; done
echo "raw files: $RAW"
