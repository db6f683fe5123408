#!/usr/bin/env bash
# What a list request costs: a shop with 10,000 shirts (seeded through its API) answers GET /shirts
# with varied page, size, filters and up to shop.api.max-sort-keys sort keys, so that most queries
# miss the answer cache; reports latency percentiles and the shop's CPU time per request (its
# process CPU time before and after, divided by the requests). Loopback only; the shop it starts is
# stopped by its PID. Usage, from the repository root:
#   bench/list-queries.sh                              # build, seed, 30 s of load
#   SKIP_BUILD=1 SECONDS_OF_LOAD=20 bench/list-queries.sh
#   DB_DIR=/tmp/shop-10k bench/list-queries.sh         # keep the seeded database for the next run
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=${JAVA:-java}
JAR=${JAR:-target/shop-0.1.0-SNAPSHOT.jar}
SHIRTS=${SHIRTS:-10000}
SECONDS_OF_LOAD=${SECONDS_OF_LOAD:-30}
THREADS=${THREADS:-4}
PASSWORD=bench-$RANDOM$RANDOM
work=$(mktemp -d)
db=${DB_DIR:-$work/db}
mkdir -p "$db"
shop_pid=

cleanup() {
  if [ -n "$shop_pid" ]; then kill "$shop_pid" 2>/dev/null || true; wait "$shop_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "${SKIP_BUILD:-}" ]; then ./mvnw -B -q package -DskipTests; fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

"$JAVA" -jar "$JAR" --server.address=127.0.0.1 --server.port="$port" \
  "--spring.datasource.url=jdbc:h2:file:$db/shop;LOCK_TIMEOUT=10000" --shop.admin.password="$PASSWORD" \
  --logging.level.root=WARN > "$work/shop.log" 2>&1 &
shop_pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/shirts"; do
  kill -0 "$shop_pid" 2>/dev/null || { echo "the shop died; its log:" >&2; cat "$work/shop.log" >&2; exit 1; }
  sleep 0.1
done

echo "== GET /shirts, $SHIRTS shirts, $THREADS threads, ${SECONDS_OF_LOAD} s after 5 s of warm-up ($("$JAVA" -version 2>&1 | head -1))"
"$JAVA" bench/ListQueries.java --url "http://127.0.0.1:$port" --pid "$shop_pid" --password "$PASSWORD" \
  --shirts "$SHIRTS" --seconds "$SECONDS_OF_LOAD" --threads "$THREADS"
