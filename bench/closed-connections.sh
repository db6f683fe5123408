#!/usr/bin/env bash
# What closed connections leave in the shop: starts a shop (H2 in a temporary directory), measures
# its live heap after a full GC, runs CYCLES connect / subscribe / close cycles with no change made
# (bench/Churn.java), and measures again. The goal: at most 20 MB more, and no WebSocket session
# of a closed connection left (WsSession instances in the class histogram).
#
#   bench/closed-connections.sh            # 10000 cycles
#   CYCLES=2000 bench/closed-connections.sh
#
# Loopback only; the shop is stopped by its process id when the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."

CYCLES=${CYCLES:-10000}
PORT=${PORT:-18432}
JAR=${JAR:-target/shop-0.1.0-SNAPSHOT.jar}
DIR=$(mktemp -d)
pid=
stop() { [ -z "$pid" ] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$DIR"; }
trap stop EXIT

if [ "${BUILD:-1}" = 1 ]; then ./mvnw -B -q -o package -DskipTests; fi
java -Xmx512m -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
  --spring.datasource.url="jdbc:h2:file:$DIR/shop;LOCK_TIMEOUT=10000" --shop.admin.password=churn-$RANDOM \
  --shop.live.max-connections-per-address=100000 --logging.level.root=WARN > "$DIR/shop.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null && break; sleep 1; done

heap_mib() { # heap in use after a full GC
  jcmd "$pid" GC.run >/dev/null
  jcmd "$pid" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | awk '{ print int(substr($2, 1, length($2) - 1) / 1024) }'
}
sessions() { jcmd "$pid" GC.class_histogram | awk '$4 == "org.apache.tomcat.websocket.WsSession" { print $2 }' | grep . || echo 0; }

# A first round warms the shop up (classes loaded, pools started), so that it is not counted.
java bench/Churn.java "ws://127.0.0.1:$PORT/ws" 500 20 >/dev/null
before=$(heap_mib)
java bench/Churn.java "ws://127.0.0.1:$PORT/ws" "$CYCLES" 20
after=$(heap_mib)
echo "live heap: $before MiB before, $after MiB after $CYCLES cycles (+$((after - before)) MiB); WsSession objects left: $(sessions)"
