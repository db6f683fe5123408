#!/usr/bin/env bash
# Holds TOTAL STOMP subscribers on one shop (embedded default: H2) and measures
# how long catalog changes take to reach every one of them. Loopback only; every process it starts
# is stopped by its PID when it ends. Usage (from the repository root):
#   bench/stomp-subscribers.sh                 # 19,200 subscribers over 3 client processes
#   TOTAL=3000 PROCS=1 bench/stomp-subscribers.sh
set -euo pipefail

TOTAL=${TOTAL:-19200}
PROCS=${PROCS:-3}
CHANGES=${CHANGES:-10}
PORT=${PORT:-18080}
SHOP_JAVA=${SHOP_JAVA:-java}
CLIENT_JAVA=${CLIENT_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
PASSWORD=bench-$RANDOM$RANDOM
work=$(mktemp -d)
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

[ -f target/shop-0.1.0-SNAPSHOT.jar ] || ./mvnw -B -q package -DskipTests
echo "shop: $($SHOP_JAVA -version 2>&1 | head -1); open-file limit $(ulimit -n)"
$SHOP_JAVA ${SHOP_JAVA_OPTS:-} -jar target/shop-0.1.0-SNAPSHOT.jar --server.port=$PORT \
  --spring.datasource.url=jdbc:h2:file:$work/shop --shop.admin.password=$PASSWORD \
  --logging.level.root=WARN > "$work/shop.log" 2>&1 &
shop=$!
pids+=("$shop")
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null && break; sleep 1; done
echo "shop up (pid $shop)"

# Heap that is really in use: after a full collection, read from the actuator.
live_heap_mib() {
  jcmd "$shop" GC.run >/dev/null
  curl -s -u "admin:$PASSWORD" "http://127.0.0.1:$PORT/actuator/metrics/jvm.memory.used?tag=area:heap" \
    | grep -o '"value":[0-9.E]*' | head -1 | cut -d: -f2 | awk '{printf "%.0f", $1 / 1048576}'
}
idle_heap=$(live_heap_mib)
idle_rss=$(ps -o rss= -p "$shop")

per=$((TOTAL / PROCS))
start=$(date +%s)
for i in $(seq 1 "$PROCS"); do
  $CLIENT_JAVA bench/StompLoad.java --url "ws://127.0.0.1:$PORT/ws" --connections "$per" \
    --bind "127.0.0.$((i + 1))" --expect "$((CHANGES + 1))" --max-seconds 900 > "$work/client$i.log" 2>&1 &
  pids+=("$!")
done

subscribed() {
  local sum=0 n
  for i in $(seq 1 "$PROCS"); do
    n=$(grep -o 'subscribed=[0-9]*' "$work/client$i.log" 2>/dev/null | tail -1 | cut -d= -f2)
    sum=$((sum + ${n:-0}))
  done
  echo "$sum"
}
while [ "$(subscribed)" -lt "$((per * PROCS))" ] && [ $(( $(date +%s) - start )) -lt 600 ]; do sleep 2; done
echo "subscribed: $(subscribed) of $((per * PROCS)) after $(( $(date +%s) - start )) s"
fds=$(ls /proc/$shop/fd | wc -l)
busy_heap=$(live_heap_mib)
busy_rss=$(ps -o rss= -p "$shop")
jcmd "$shop" GC.class_histogram > "$work/histogram.txt"
times=$(for _ in $(seq 1 21); do curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT/shirts"; done | sort -n)
median=$(echo "$times" | sed -n 11p)

post() {
  curl -s -o /dev/null -w '%{http_code}' -u "admin:$PASSWORD" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Load $1\",\"color\":\"teal\",\"sizes\":[\"M\"],\"price\":10}" "http://127.0.0.1:$PORT/shirts"
}
# A probe change first, so every connection has surely finished subscribing, then the measured ones.
echo "probe: $(post probe)"
sleep 5
for c in $(seq 1 "$CHANGES"); do echo -n "change $c: $(post "$c") "; sleep 1; done; echo


for i in $(seq 1 "$PROCS"); do wait "${pids[$i]}" || true; done
echo "shop idle: live heap ${idle_heap} MiB, RSS $((idle_rss / 1024)) MiB"
echo "shop with $(subscribed) subscribers: open files $fds, live heap ${busy_heap} MiB, RSS $((busy_rss / 1024)) MiB"
echo "  per subscriber: $(( (busy_heap - idle_heap) * 1048576 / $(subscribed) )) bytes of live heap"
echo "GET /shirts while they are connected: median ${median}s of 21"
grep -h '^RESULT' "$work"/client*.log
echo "largest classes on the heap with the subscribers connected (bytes):"
sed -n '4,18p' "$work/histogram.txt" | awk '{printf "  %12s  %s\n", $3, $4}'
echo "shop log lines with exception or error: $(grep -ciE 'exception|error' "$work/shop.log" || true)"
