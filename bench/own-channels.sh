#!/usr/bin/env bash
# Every shopper's own channel, over two shops on one PostgreSQL database: starts SHOPS shops (two
# by default) on a fresh schema, makes SHOPPERS shoppers (10,000) with an order each, spread over
# the shops, and connects each shopper once, with their session cookie, subscribed to
# /topic/shirts, /topic/availability and /user/queue/orders (bench/client/own-channel-subscribers.mjs:
# browser-like, permessage-deflate offered, heart-beats sent). Then admin scripts move every order
# to PAID and then to SHIPPED, RATE changes per second (500) through the shops in turn
# (bench/OwnChannels.java), and it reports:
#   - per-owner delivery p50 and p99: from each change's answer (and from its request) to the
#     arrival of that order's message on its shopper's connection, whichever shop it is on;
#   - misdelivered messages (an order message on another shopper's connection): must be 0;
#   - missing deliveries, resident memory per connection with its three subscriptions, and the
#     shops' CPU time per order message delivered.
# Results are appended to bench/results/own-channels.tsv; the plot goes to docs/own-channels.png.
#
#   bench/own-channels.sh                           # 10,000 shoppers, 500 changes/s
#   SHOPPERS=1000 RATE=200 bench/own-channels.sh    # a quick try
#   RATE=100 CHANGES=6000 bench/own-channels.sh     # only the first 6,000 orders change (each twice)
#   WARMUP=0 bench/own-channels.sh                  # on cold shops (WARMUP other orders change first)
#   SETTLE=5 bench/own-channels.sh                  # memory read 5 s after the last connect (30)
#
# Needs PostgreSQL (POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD; defaults as in the README),
# psql to drop the schema afterwards, node and gnuplot. Traffic goes to loopback only: shops on
# 127.0.0.1, the shoppers of shop i bound to 127.0.i.x. Shoppers come from a few addresses, so the
# shops run with the per-address caps raised (a real crowd has an address each). Every step is
# bounded in time; everything started is stopped by its process id.
set -euo pipefail
cd "$(dirname "$0")/.."

SHOPS=${SHOPS:-2}
SHOPPERS=${SHOPPERS:-10000}
RATE=${RATE:-500}
WARMUP=${WARMUP:-2000}
SEED_CONCURRENCY=${SEED_CONCURRENCY:-40}
PER_PROCESS=${PER_PROCESS:-2500}
BASE_PORT=${BASE_PORT:-18731}
SHOP_OPTS=${SHOP_OPTS:--Xms64m -Xmx3g}
POSTGRES_URL=${POSTGRES_URL:-jdbc:postgresql://localhost:5432/shop}
POSTGRES_USER=${POSTGRES_USER:-shop}
POSTGRES_PASSWORD=${POSTGRES_PASSWORD:-shop}
RESULTS=bench/results
RAW=$PWD/$RESULTS/raw/own-channels-$(date +%Y%m%d-%H%M%S)
JAR=${JAR:-target/shop-0.1.0-SNAPSHOT.jar}
SCHEMA=bench_own_$(date +%s)
mkdir -p "$RAW"
pids=()

pg_host=$(echo "$POSTGRES_URL" | sed -E 's#jdbc:postgresql://([^:/]+).*#\1#')
pg_port=$(echo "$POSTGRES_URL" | sed -nE 's#jdbc:postgresql://[^:/]+:([0-9]+).*#\1#p'); pg_port=${pg_port:-5432}
pg_db=$(echo "$POSTGRES_URL" | sed -E 's#.*/([^/?]+)(\?.*)?$#\1#')
stop() { # stops what this script started, by process id, and drops its schema
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
  PGPASSWORD=$POSTGRES_PASSWORD psql -q -h "$pg_host" -p "$pg_port" -U "$POSTGRES_USER" -d "$pg_db" \
    -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
}
trap stop EXIT

command -v node >/dev/null || { echo "needs node and npm" >&2; exit 1; }
[ -d bench/client/node_modules/ws ] || (cd bench/client && npm install --no-audit --no-fund --no-package-lock --silent)
if [ "${BUILD:-1}" = 1 ]; then ./mvnw -B -q package -DskipTests; fi
cp "$JAR" "$RAW/shop.jar"
# Resident memory after a full collection: the shop gives back free heap beyond 20% after one
# (docs/live.md), so the reading does not depend on when the last collection happened to run.
rss_kib() { jcmd "$1" GC.run >/dev/null 2>&1 || true; awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
password=bench-$RANDOM$RANDOM
url="$POSTGRES_URL"; case "$url" in *\?*) url="$url&currentSchema=$SCHEMA";; *) url="$url?currentSchema=$SCHEMA";; esac

shop_pids=() shop_urls=()
for s in $(seq 1 "$SHOPS"); do
  port=$((BASE_PORT + s - 1))
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "port $port is in use: set BASE_PORT" >&2; exit 1; fi
  java $SHOP_OPTS -jar "$RAW/shop.jar" --spring.profiles.active=postgres --server.address=127.0.0.1 --server.port=$port \
    --spring.datasource.url="$url" --spring.datasource.username="$POSTGRES_USER" --spring.datasource.password="$POSTGRES_PASSWORD" \
    --spring.flyway.schemas=$SCHEMA --shop.admin.password=$password \
    --shop.live.max-connections-per-address=100000 --shop.cart.max-holding-carts-per-address=1000000 --shop.cart.max-new-sessions-per-address-per-minute=1000000 \
    ${SHOP_ARGS:-} --logging.level.root=WARN > "$RAW/shop$s.log" 2>&1 &
  shop_pids+=("$!"); pids+=("$!"); shop_urls+=("http://127.0.0.1:$port")
  # One at a time: the first one creates the schema.
  for _ in $(seq 1 300); do
    kill -0 "${shop_pids[-1]}" 2>/dev/null || break
    curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null && break; sleep 1
  done
  curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null || { echo "shop $s did not start: $RAW/shop$s.log" >&2; exit 1; }
done
shops=$(IFS=,; echo "${shop_urls[*]}")
echo "[own-channels] $SHOPS shops up on schema $SCHEMA"

timeout 1200 java bench/OwnChannels.java seed "$shops" "$password" "$SHOPPERS" "$SEED_CONCURRENCY" "$RAW/shoppers.txt" | tee "$RAW/seed.txt"
seeded=$(wc -l < "$RAW/shoppers.txt")
# The changes meet shops that have been running: WARMUP orders of other shoppers (2,000 by default;
# 0 for none), with no connection, go to PAID and SHIPPED first, unmeasured, at WARMUP_RATE (100/s)
# so that the JIT compiler, which gets little CPU while the shops are overloaded, has compiled the
# change path before the measured drive (bench/FlashSale.java tells the same of a sale).
if [ "$WARMUP" -gt 0 ]; then
  timeout 1200 java bench/OwnChannels.java seed "$shops" "$password" "$WARMUP" "$SEED_CONCURRENCY" "$RAW/warmup-shoppers.txt" > "$RAW/warmup.txt"
  for status in PAID SHIPPED; do
    timeout 300 java bench/OwnChannels.java drive "$shops" "$password" "$RAW/warmup-shoppers.txt" "${WARMUP_RATE:-100}" "$status" "$RAW/warmup-$status.txt" >> "$RAW/warmup.txt"
  done
  sed 's/^/[own-channels] warm-up: /' "$RAW/warmup.txt"
fi
declare -A rss_idle
for s in $(seq 1 "$SHOPS"); do
  rss_idle[$s]=$(rss_kib "${shop_pids[$((s - 1))]}")
  jcmd "${shop_pids[$((s - 1))]}" GC.class_histogram > "$RAW/heap-idle-shop$s.txt" 2>&1 || true
done

clients=()
for s in $(seq 1 "$SHOPS"); do
  mine=$(awk -v s=$((s - 1)) '$1 == s' "$RAW/shoppers.txt" | wc -l)
  procs=$(( (mine + PER_PROCESS - 1) / PER_PROCESS ))
  for i in $(seq 1 "$procs"); do
    node bench/client/own-channel-subscribers.mjs --url "ws://127.0.0.1:$((BASE_PORT + s - 1))/ws" --bind "127.0.$s.$((i + 1))" \
      --shoppers "$RAW/shoppers.txt" --shop $((s - 1)) --from $(( (i - 1) * PER_PROCESS )) --count "$PER_PROCESS" \
      --max-seconds 1800 --out "$RAW/shop$s-client$i.json" --drive "$RAW/paid.txt,$RAW/shipped.txt" \
      > "$RAW/shop$s-client$i.log" 2>&1 &
    clients+=("$!"); pids+=("$!")
  done
done
subscribed() { local t=0 v f; for f in "$RAW"/shop*-client*.log; do v=$(grep -o 'subscribed=[0-9]*' "$f" 2>/dev/null | tail -1 | cut -d= -f2); t=$((t + ${v:-0})); done; echo $t; }
start=$(date +%s)
while [ "$(subscribed)" -lt "$seeded" ] && [ $(( $(date +%s) - start )) -lt $((120 + seeded / 40)) ]; do sleep 3; done
held=$(subscribed)
echo "[own-channels] subscribed $held of $seeded after $(( $(date +%s) - start )) s"
# A shop holds its connections for hours: memory is read SETTLE seconds (30) after they are all in,
# once the garbage of connecting them is collected and their first heart-beats have gone by.
sleep "${SETTLE:-30}"
declare -A rss_busy
for s in $(seq 1 "$SHOPS"); do
  rss_busy[$s]=$(rss_kib "${shop_pids[$((s - 1))]}")
  # What the connections hold, class by class: compare with heap-idle-shop$s.txt.
  jcmd "${shop_pids[$((s - 1))]}" GC.class_histogram > "$RAW/heap-busy-shop$s.txt" 2>&1 || true
done

cpu_before=0; for p in "${shop_pids[@]}"; do cpu_before=$((cpu_before + $(cpu_ticks "$p"))); done
# The rest of the two cores during the drive: the subscribers, and PostgreSQL's processes when it
# runs on this machine as the user postgres (their CPU time in whole seconds, from ps, so a rough
# figure; backends that end during the drive drop out of it; 0 when it runs elsewhere).
subscribers_before=0; for p in "${clients[@]}"; do subscribers_before=$((subscribers_before + $(cpu_ticks "$p"))); done
pg_seconds() { { ps -u postgres -o times= 2>/dev/null || true; } | awk '{ s += $1 } END { print s + 0 }'; }
pg_before=$(pg_seconds)
drive_start=$(date +%s.%N)
timeout 300 java bench/OwnChannels.java drive "$shops" "$password" "$RAW/shoppers.txt" "$RATE" PAID "$RAW/paid.txt" | tee "$RAW/drive.txt"
timeout 300 java bench/OwnChannels.java drive "$shops" "$password" "$RAW/shoppers.txt" "$RATE" SHIPPED "$RAW/shipped.txt" | tee -a "$RAW/drive.txt"
sleep 3 # the last changes on their way
cpu_after=0; for p in "${shop_pids[@]}"; do cpu_after=$((cpu_after + $(cpu_ticks "$p"))); done
subscribers_after=0; for p in "${clients[@]}"; do subscribers_after=$((subscribers_after + $(cpu_ticks "$p"))); done
pg_after=$(pg_seconds)
drive_seconds=$(echo "$(date +%s.%N) - $drive_start" | bc)
for pid in "${clients[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
for pid in "${clients[@]}"; do wait "$pid" 2>/dev/null || true; done

hz=$(getconf CLK_TCK)
summary=$(RAW=$RAW node -e '
  const fs = require("fs");
  const rs = process.argv.slice(1).filter(f => fs.existsSync(f)).map(f => JSON.parse(fs.readFileSync(f, "utf8")));
  const sum = k => rs.reduce((a, r) => a + (r[k] ?? 0), 0);
  const owners = rs.map(r => r.owners).filter(Boolean);
  const hist = new Array(2001).fill(0);
  for (const o of owners) o.histogramFromAnswer.forEach((n, i) => hist[i] += n);
  const delivered = owners.reduce((a, o) => a + o.delivered, 0);
  const pct = p => { let seen = 0; const rank = Math.ceil(p / 100 * delivered); for (let i = 0; i < hist.length; i++) { seen += hist[i]; if (seen >= rank) return i; } return ">2000"; };
  fs.writeFileSync(process.env.RAW + "/histogram.dat", hist.map((n, i) => i + " " + n).join("\n") + "\n");
  console.log(JSON.stringify({ subscribed: sum("subscribed"), failed: sum("failed"), closedEarly: sum("closedEarly"),
    stompErrors: sum("stompErrors"), orderMessages: sum("orderMessages"), otherMessages: sum("otherMessages"),
    misdelivered: sum("misdelivered"), changes: owners.reduce((a, o) => a + o.changes, 0), delivered,
    missing: owners.reduce((a, o) => a + o.missing, 0), p50: pct(50), p99: pct(99),
    maxFromAnswer: Math.max(...owners.map(o => o.fromAnswer.max)), p99FromRequest: Math.max(...owners.map(o => o.fromRequest.p99)),
    firstError: rs.map(r => r.firstError).find(Boolean) ?? null }));' "$RAW"/shop*-client*.json)
echo "$summary" > "$RAW/summary.json"
field() { echo "$summary" | grep -oE "\"$1\":[^,}]*" | cut -d: -f2; }
rss_total=0; for s in $(seq 1 "$SHOPS"); do rss_total=$((rss_total + rss_busy[$s] - rss_idle[$s])); done
cpu_ms=$(( (cpu_after - cpu_before) * 1000 / hz ))
messages=$(field orderMessages)
[ -f "$RESULTS/own-channels.tsv" ] || echo -e "shops\tshoppers\theld\trate\tchanges\tdelivered\tmissing\tmisdelivered\tp50_ms\tp99_ms\tmax_ms\tp99_from_request_ms\trss_per_conn_kb\tcpu_us_per_delivery\tdate" > "$RESULTS/own-channels.tsv"
printf '%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\n' "$SHOPS" "$seeded" "$held" "$RATE" "$(field changes)" \
  "$(field delivered)" "$(field missing)" "$(field misdelivered)" "$(field p50)" "$(field p99)" "$(field maxFromAnswer)" \
  "$(field p99FromRequest)" $(( rss_total * 1024 / (held > 0 ? held : 1) / 1000 )) \
  $(( cpu_ms * 1000 / (messages > 0 ? messages : 1) )) "$(date +%F)" | tee -a "$RESULTS/own-channels.tsv"
echo "summary: $summary"
echo "[own-channels] drive phase ${drive_seconds} s, shops' CPU ${cpu_ms} ms for $messages order messages (all included)"
heap_total=0
for s in $(seq 1 "$SHOPS"); do
  idle=$(awk '/^Total/ {print $3}' "$RAW/heap-idle-shop$s.txt" 2>/dev/null); busy=$(awk '/^Total/ {print $3}' "$RAW/heap-busy-shop$s.txt" 2>/dev/null)
  heap_total=$((heap_total + ${busy:-0} - ${idle:-0}))
done
echo "[own-channels] per connection with its three subscriptions: $(( rss_total * 1024 / (held > 0 ? held : 1) / 1000 )) KB resident, $(( heap_total / (held > 0 ? held : 1) / 1000 )) KB of live heap"
echo "[own-channels] CPU during the drive: shops $(( cpu_ms / 1000 )) s, subscribers $(( (subscribers_after - subscribers_before) / hz )) s, PostgreSQL $(( pg_after - pg_before )) s"

if command -v gnuplot >/dev/null; then
  awk -v total="$(field delivered)" '{ seen += $2; if (total > 0) print $1, 100 * seen / total }' "$RAW/histogram.dat" > "$RAW/cdf.dat"
  gnuplot <<GP
set terminal pngcairo size 1000,600 font ",10"
set output "docs/own-channels.png"
set title "Own channels (bench/own-channels.sh): $held shoppers over $SHOPS PostgreSQL shops, $RATE order changes/s; 2 shared cores, clients on the same machine"
set xlabel "change answered to arrival on the owner's connection, ms"; set ylabel "deliveries within, %"
set grid; set key bottom right; set yrange [0:100]; set xrange [0:300]
set arrow from 100, graph 0 to 100, graph 1 nohead dt 3 lc rgb "black"
set label "goal: p99 <= 100 ms" at 105, 5
plot "$RAW/cdf.dat" using 1:2 with lines lw 2 title "per-owner delivery"
GP
  echo "plot: docs/own-channels.png"
fi
echo "raw files: $RAW"
