#!/usr/bin/env bash
# Holds TOTAL STOMP subscribers on one shop (embedded default: H2 + simple broker) and measures
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

post() {
  curl -s -o /dev/null -w '%{http_code}' -u "admin:$PASSWORD" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Load $1\",\"color\":\"teal\",\"sizes\":[\"M\"],\"price\":10}" "http://127.0.0.1:$PORT/shirts"
}
# A probe change first, so every connection has surely finished subscribing, then the measured ones.
echo "probe: $(post probe)"
sleep 5
for c in $(seq 1 "$CHANGES"); do echo -n "change $c: $(post "$c") "; sleep 1; done; echo

fds=$(ls /proc/$shop/fd | wc -l)
rss=$(ps -o rss= -p "$shop")
heap=$(curl -s -u "admin:$PASSWORD" "http://127.0.0.1:$PORT/actuator/metrics/jvm.memory.used?tag=area:heap" \
  | grep -o '"value":[0-9.E]*' | head -1 | cut -d: -f2)
times=$(for _ in $(seq 1 20); do curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT/shirts"; done | sort -n)
median=$(echo "$times" | sed -n 10p)

for i in $(seq 1 "$PROCS"); do wait "${pids[$i]}" || true; done
echo "shop: open file descriptors $fds, RSS ${rss} KiB, heap used ${heap} bytes"
echo "GET /shirts under load: median ${median}s of 20"
grep -h '^RESULT' "$work"/client*.log
grep -ciE 'exception|error' "$work/shop.log" | sed 's/^/shop log lines with exception or error: /'
