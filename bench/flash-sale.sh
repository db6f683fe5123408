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
# Meanwhile SUBSCRIBERS (10,000 by default; 0 for none) browser-like STOMP subscribers of
# /topic/availability (bench/client/availability-subscribers.mjs: permessage-deflate offered,
# heart-beats sent), PER_PROCESS per Node process, each process bound to its own loopback address
# and spread over the shops, report whether each ends on the database's availability, change
# messages per subscriber and second, and hold-to-arrival p50/p99. Raw results go to
# bench/results/raw/flash-sale-*/. Every step is bounded in time: the sale's client (its warm-up
# and the sale together) by MAX_SECONDS + 900 s. The warm-up writes its own shirts and orders (6
# shirts, 6 × WARMUP orders) into the shops' database, as the sale does.
#
#   SUBSCRIBERS=0 bench/flash-sale.sh                    # shoppers only
#   WARMUP=0 bench/flash-sale.sh                         # on a cold shop (else six rounds of WARMUP
#                                                        # shoppers, 2,000 by default, buy other shirts
#                                                        # first, unmeasured: bench/FlashSale.java)
#
# Each shopper comes from an address of its own, forwarded in X-Forwarded-For as by a proxy, so a
# shop this script starts trusts 127.0.0.1 as its proxy, and the per-address limits of carts and
# sessions count each shopper apart, as they would a real crowd; start your own shops with
# --shop.web.trusted-proxies=127.0.0.1. Traffic stays on loopback; the shop
# this script starts is stopped by its process id.
set -euo pipefail
cd "$(dirname "$0")/.."

SESSIONS=${SESSIONS:-2000}
CONCURRENCY=${CONCURRENCY:-100}
SUBSCRIBERS=${SUBSCRIBERS:-10000}
PER_PROCESS=${PER_PROCESS:-5000}
MAX_SECONDS=${MAX_SECONDS:-120}
JAVA=${JAVA:-java}
PORT=${PORT:-18631}
RAW=$PWD/bench/results/raw/flash-sale-$(date +%Y%m%d-%H%M%S)
mkdir -p "$RAW"

pids=()
cleanup() { # stops what this script started, by process id
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}
trap cleanup EXIT

if [ -z "${SHOP_URLS:-}" ]; then
  jar=$(ls target/shop-*.jar | grep -v plain | head -1)
  SHOP_ADMIN_PASSWORD=${SHOP_ADMIN_PASSWORD:-flash-sale-$$}
  export SHOP_ADMIN_PASSWORD
  # Subscribers come from a few loopback addresses too: the per-address cap of live connections is raised.
  "$JAVA" ${SHOP_OPTS:--Xms64m -Xmx3g} -jar "$jar" --server.address=127.0.0.1 --server.port="$PORT" \
    --spring.datasource.url="jdbc:h2:mem:flash;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000" \
    --shop.web.trusted-proxies=127.0.0.1 --shop.live.max-connections-per-address=100000 \
    --logging.level.root=WARN > "$RAW/shop.log" 2>&1 &
  shop_pid=$!
  pids+=($!)
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null && break
    sleep 1
  done
  SHOP_URLS="http://127.0.0.1:$PORT"
fi

# The sale's client starts first, and warms the shops and itself up (WARMUP shoppers on other
# shirts, a few at a time and then all at once, in its own JVM: bench/FlashSale.java says why);
# then it waits for GO_FILE, made once the subscribers are in, to start the sale that is measured.
GO_FILE="$RAW/go"
: "${SHOP_ADMIN_PASSWORD:?set SHOP_ADMIN_PASSWORD}"
SALE_FILE="$RAW/sale.txt" GO_FILE="$GO_FILE" WARMUP="${WARMUP:-2000}" timeout $(( MAX_SECONDS + 900 )) "$JAVA" bench/FlashSale.java "$SHOP_URLS" \
  "$SHOP_ADMIN_PASSWORD" "$SESSIONS" "$CONCURRENCY" > "$RAW/flash-sale.txt" 2> "$RAW/client.log" &
sale_pid=$!
pids+=($!)
warm=false
for _ in $(seq 1 900); do
  grep -q '^warm$' "$RAW/client.log" 2>/dev/null && { warm=true; break; }
  kill -0 "$sale_pid" 2>/dev/null || break
  sleep 1
done
grep '^warm-up' "$RAW/client.log" | tee "$RAW/warmup.txt" || true
if [ "$warm" != true ]; then
  echo "the sale's client did not finish its warm-up (see $RAW/client.log)" >&2
  exit 1
fi

IFS=, read -r -a shops <<< "$SHOP_URLS"
clients=()
if [ "$SUBSCRIBERS" -gt 0 ]; then
  command -v node >/dev/null || { echo "needs node and npm" >&2; exit 1; }
  [ -d bench/client/node_modules/ws ] || (cd bench/client && npm install --no-audit --no-fund --no-package-lock --silent)
  left=$SUBSCRIBERS; i=0
  while [ "$left" -gt 0 ]; do
    n=$(( left < PER_PROCESS ? left : PER_PROCESS ))
    shop=${shops[$(( i % ${#shops[@]} ))]}
    node bench/client/availability-subscribers.mjs --url "${shop/http/ws}/ws" --bind "127.0.0.$(( i + 2 ))" \
      --connections "$n" --max-seconds $(( MAX_SECONDS + 300 )) --out "$RAW/subscribers-$i.json" --sale "$RAW/sale.txt" \
      > "$RAW/subscribers-$i.log" 2>&1 &
    pids+=($!); clients+=($!)
    left=$(( left - n )); i=$(( i + 1 ))
  done
  # Until every subscriber has its receipt (at most 5 minutes).
  for _ in $(seq 1 300); do
    subscribed=0
    for f in "$RAW"/subscribers-*.log; do
      subscribed=$(( subscribed + $(grep -o 'subscribed=[0-9]*' "$f" | tail -1 | cut -d= -f2 || echo 0) ))
    done
    [ "$subscribed" -ge "$SUBSCRIBERS" ] && break
    sleep 1
  done
  echo "subscribers: $subscribed of $SUBSCRIBERS subscribed to /topic/availability"
fi

# CPU time of the shop this script started (user + system, in clock ticks), read around the sale:
# on a shared machine, throughput follows what the other processes leave, CPU per shopper does not.
# Shops started by you: their process ids in SHOP_PIDS (space-separated) to count their CPU too.
shop_cpu() { local t=0 p; for p in ${shop_pid:-} ${SHOP_PIDS:-}; do t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) )); done; echo "$t"; }
cpu_before=$(shop_cpu)
# Where the machine's CPU goes during the sale: the shop, the sale's client, the subscribers.
ticks() { local t=0 p; for p in "$@"; do t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) )); done; echo "$t"; }
sale_java=$(pgrep -P "$sale_pid" || echo "$sale_pid")
client_before=$(ticks $sale_java); subscribers_before=$(ticks "${clients[@]}"); started=$(date +%s%N)
status=0
touch "$GO_FILE"
while [ ! -s "$RAW/flash-sale.txt" ] && kill -0 "$sale_pid" 2>/dev/null; do sleep 0.2; done
hz=$(getconf CLK_TCK)
echo "CPU during the sale ($(( ($(date +%s%N) - started) / 1000000 )) ms of wall time, 2 cores): shop $(( ($(shop_cpu) - cpu_before) * 1000 / hz )) ms," \
  "sale client $(( ($(ticks $sale_java) - client_before) * 1000 / hz )) ms, subscribers $(( ($(ticks "${clients[@]}") - subscribers_before) * 1000 / hz )) ms" > "$RAW/cpu.txt"
wait "$sale_pid" || status=$?
cat "$RAW/flash-sale.txt" "$RAW/cpu.txt"
# Whatever else the client said (a failure of the measured sale) after its warm-up.
grep -v '^warm' "$RAW/client.log" >&2 || true
if [ -n "${shop_pid:-}${SHOP_PIDS:-}" ]; then
  echo "shop CPU: $(( ($(shop_cpu) - cpu_before) * 1000 / $(getconf CLK_TCK) / SESSIONS )) ms per shopper (hold and checkout, with the sale's setup and the subscribers), load average $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$RAW/flash-sale.txt"
fi

if [ ${#clients[@]} -gt 0 ]; then
  sleep 2   # the last availability message: one interval (200 ms) and its way to every subscriber
  for p in "${clients[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${clients[@]}"; do wait "$p" 2>/dev/null || true; done
  node -e '
    const fs = require("fs");
    const rs = process.argv.slice(1).filter(f => fs.existsSync(f)).map(f => JSON.parse(fs.readFileSync(f, "utf8")));
    const sum = k => rs.reduce((a, r) => a + (r[k] ?? 0), 0);
    console.log(`subscribers: ${sum("subscribed")} subscribed, ${sum("failed")} failed, ${sum("closedEarly")} closed early, extensions ${JSON.stringify(rs.map(r => r.extensions))}`);
    for (const r of rs) {
      const s = r.sale;
      if (!s) { console.log(`${r.bind}: no sale`); continue; }
      console.log(`${r.bind}: final ${JSON.stringify(s.finals)} database ${s.databaseAvailable}: ${s.allEqual ? "all equal" : "DIFFERENT"}; ` +
        `${s.messagesPerConnectionPerSecond.toFixed(2)} messages/subscriber/s (${s.changeMessagesPerConnection.toFixed(1)} over ${s.saleSeconds.toFixed(1)} s); ` +
        `hold-to-arrival p50 ${s.holdToArrival.p50} ms p99 ${s.holdToArrival.p99} ms max ${s.holdToArrival.max} ms (${s.holdToArrival.missing} never)`);
    }' "$RAW"/subscribers-*.json | tee "$RAW/subscribers.txt"
fi
echo "raw results: $RAW"
exit $status
