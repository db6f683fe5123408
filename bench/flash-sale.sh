#!/usr/bin/env bash
# A flash sale: SESSIONS shopper sessions (2,000 by default) each hold one unit and check out,
# CONCURRENCY at a time (100), against one shop on the embedded database, or against the shops in
# SHOP_URLS (comma-separated, started by you, for instance two on PostgreSQL; SHOP_ADMIN_PASSWORD
# must be theirs). Reports holds and checkouts per second with p50 and p99 per request, units
# oversold (must be 0), and whether each shop's availability subscriber (SSE) ends on the
# database's number (bench/FlashSale.java).
#
#   bench/flash-sale.sh                                  # one embedded shop from target/*.jar
#   SESSIONS=200 CONCURRENCY=20 bench/flash-sale.sh      # a quick try
#   SHOP_URLS=http://127.0.0.1:8080,http://127.0.0.1:8081 SHOP_ADMIN_PASSWORD=... bench/flash-sale.sh
#
# Shoppers come from one address, so a shop this script starts runs with the per-address cap of
# holding carts raised (a real crowd has an address each); start your own shops with
# --shop.cart.max-holding-carts-per-address above CONCURRENCY. Traffic stays on loopback; the shop
# this script starts is stopped by its process id.
set -euo pipefail
cd "$(dirname "$0")/.."

SESSIONS=${SESSIONS:-2000}
CONCURRENCY=${CONCURRENCY:-100}
JAVA=${JAVA:-java}
PORT=${PORT:-18631}

pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT

if [ -z "${SHOP_URLS:-}" ]; then
  jar=$(ls target/shop-*.jar | grep -v plain | head -1)
  SHOP_ADMIN_PASSWORD=${SHOP_ADMIN_PASSWORD:-flash-sale-$$}
  export SHOP_ADMIN_PASSWORD
  "$JAVA" -jar "$jar" --server.address=127.0.0.1 --server.port="$PORT" \
    --spring.datasource.url="jdbc:h2:mem:flash;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000" \
    --shop.cart.max-holding-carts-per-address=1000000 --logging.level.root=WARN > "target/flash-sale-shop.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null && break
    sleep 1
  done
  SHOP_URLS="http://127.0.0.1:$PORT"
fi

"$JAVA" bench/FlashSale.java "$SHOP_URLS" "${SHOP_ADMIN_PASSWORD:?set SHOP_ADMIN_PASSWORD}" "$SESSIONS" "$CONCURRENCY"
