#!/usr/bin/env bash
# Several shops on one PostgreSQL database, each holding as many subscribers as its open-file limit
# allows: starts SHOPS shops (two by default) against a fresh schema of the database, connects
# PER_SHOP browser-like STOMP subscribers to each (bench/client: Node and `ws`, offering
# permessage-deflate and sending heart-beats like a browser), makes CHANGES changes through the
# shops in turn, SPACING seconds apart, and reports per shop: subscribers held, changes received
# per subscriber (every one, none twice, in order), commit-to-arrival median and p99, resident
# memory. A change committed through one shop reaches the others' subscribers through PostgreSQL
# NOTIFY and each shop's change feed.
#
#   bench/multi-shop.sh                        # 2 shops, 18,000 subscribers each
#   SHOPS=2 PER_SHOP=1000 bench/multi-shop.sh  # a quick try
#   SETTLE=5 bench/multi-shop.sh               # measured 5 s after the last subscription (30)
#
# Needs a PostgreSQL database the shop may use (POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD;
# defaults as in the README) and psql to drop the schema afterwards. Traffic goes to loopback only:
# shops on 127.0.0.1, the subscribers of shop i bound to 127.0.i+1.x. The subscribers come from a
# few addresses, so the per-address cap is raised for the run (a real crowd has an address each).
# Every step is bounded in time; everything started is stopped by its process id.
set -euo pipefail
cd "$(dirname "$0")/.."

SHOPS=${SHOPS:-2}
PER_SHOP=${PER_SHOP:-18000}
CHANGES=${CHANGES:-10}
SPACING=${SPACING:-2}
PER_PROCESS=${PER_PROCESS:-4500}
BASE_PORT=${BASE_PORT:-18531}
SHOP_OPTS=${SHOP_OPTS:--Xms64m -Xmx3g}
POSTGRES_URL=${POSTGRES_URL:-jdbc:postgresql://localhost:5432/shop}
POSTGRES_USER=${POSTGRES_USER:-shop}
POSTGRES_PASSWORD=${POSTGRES_PASSWORD:-shop}
RESULTS=bench/results
RAW=$PWD/$RESULTS/raw/multi-shop-$(date +%Y%m%d-%H%M%S)
JAR=${JAR:-target/shop-0.1.0-SNAPSHOT.jar}
SCHEMA=bench_$(date +%s)
mkdir -p "$RAW"
pids=()

pg_host=$(echo "$POSTGRES_URL" | sed -E 's#jdbc:postgresql://([^:/]+).*#\1#')
pg_port=$(echo "$POSTGRES_URL" | sed -nE 's#jdbc:postgresql://[^:/]+:([0-9]+).*#\1#p'); pg_port=${pg_port:-5432}
pg_db=$(echo "$POSTGRES_URL" | sed -E 's#.*/([^/?]+)(\?.*)?$#\1#')
stop() {
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
password=bench-$RANDOM$RANDOM
url="$POSTGRES_URL"; case "$url" in *\?*) url="$url&currentSchema=$SCHEMA";; *) url="$url?currentSchema=$SCHEMA";; esac

shop_pids=()
for s in $(seq 1 "$SHOPS"); do
  port=$((BASE_PORT + s - 1))
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "port $port is in use: set BASE_PORT" >&2; exit 1; fi
  java $SHOP_OPTS -jar "$RAW/shop.jar" --spring.profiles.active=postgres --server.address=127.0.0.1 --server.port=$port \
    --spring.datasource.url="$url" --spring.datasource.username="$POSTGRES_USER" --spring.datasource.password="$POSTGRES_PASSWORD" \
    --spring.flyway.schemas=$SCHEMA --spring.datasource.hikari.maximum-pool-size=5 \
    --shop.admin.password=$password --shop.live.max-connections-per-address=100000 \
    --logging.level.root=WARN > "$RAW/shop$s.log" 2>&1 &
  shop_pids+=("$!"); pids+=("$!")
  # One at a time: the first one creates the schema.
  for _ in $(seq 1 300); do
    kill -0 "${shop_pids[-1]}" 2>/dev/null || break
    curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null && break; sleep 1
  done
  curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null || { echo "shop $s did not start: $RAW/shop$s.log" >&2; exit 1; }
done
echo "[multi-shop] $SHOPS shops up on schema $SCHEMA"

change() { # $1: shop number, $2: name
  curl -sf -o /dev/null -u "admin:$password" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Multi $2\",\"color\":\"teal\",\"sizes\":[\"S\",\"M\",\"L\"],\"price\":19.99,\"description\":\"Made through shop $1 by the multi-shop benchmark.\"}" \
    "http://127.0.0.1:$((BASE_PORT + $1 - 1))/shirts" || true
}
for s in $(seq 1 "$SHOPS"); do change "$s" "warm-up $s"; done
declare -A rss_idle
for s in $(seq 1 "$SHOPS"); do rss_idle[$s]=$(rss_kib "${shop_pids[$((s - 1))]}"); done

procs=$(( (PER_SHOP + PER_PROCESS - 1) / PER_PROCESS ))
clients=()
for s in $(seq 1 "$SHOPS"); do
  for i in $(seq 1 "$procs"); do
    count=$(( PER_SHOP / procs + (i <= PER_SHOP % procs ? 1 : 0) ))
    node bench/client/subscribers.mjs --url "ws://127.0.0.1:$((BASE_PORT + s - 1))/ws" --bind "127.0.$s.$((i + 1))" \
      --connections "$count" --expect $((CHANGES + 1)) --max-seconds $((600 + CHANGES * SPACING + PER_SHOP / 25)) \
      --out "$RAW/shop$s-client$i.json" > "$RAW/shop$s-client$i.log" 2>&1 &
    clients+=("$!"); pids+=("$!")
  done
done
subscribed() { local t=0 v f; for f in "$RAW"/shop*-client*.log; do v=$(grep -o 'subscribed=[0-9]*' "$f" 2>/dev/null | tail -1 | cut -d= -f2); t=$((t + ${v:-0})); done; echo $t; }
start=$(date +%s)
while [ "$(subscribed)" -lt $((SHOPS * PER_SHOP)) ] && [ $(( $(date +%s) - start )) -lt $((120 + SHOPS * PER_SHOP / 40)) ]; do sleep 3; done
echo "[multi-shop] subscribed $(subscribed) of $((SHOPS * PER_SHOP)) after $(( $(date +%s) - start )) s"
# A shop holds its subscribers for hours: memory and latency are measured SETTLE seconds (30) after
# they are all in, once the JIT has compiled what connecting them ran and their first heart-beats
# have gone by (bench/fanout.sh waits the same way).
sleep "${SETTLE:-30}"
declare -A rss_busy
for s in $(seq 1 "$SHOPS"); do rss_busy[$s]=$(rss_kib "${shop_pids[$((s - 1))]}"); done

first=$(( $(curl -sf "http://127.0.0.1:$BASE_PORT/shirts?size=1" | grep -oE '"seq":[0-9]+' | tail -1 | cut -d: -f2) + 1 ))
change 1 warm-up-live; sleep 3; first=$((first + 1))
for c in $(seq 1 "$CHANGES"); do change $(( (c - 1) % SHOPS + 1 )) "$c"; sleep "$SPACING"; done
deadline=$(( $(date +%s) + 120 ))
for pid in "${clients[@]}"; do
  while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.5; done
done
for pid in "${clients[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done

[ -f "$RESULTS/multi-shop.tsv" ] || echo -e "shop\tof_shops\tsubscribers\theld\tdeliveries\texpected\tduplicates\tout_of_order\tgaps\tp50_ms\tp99_ms\tmax_ms\trss_idle_mib\trss_busy_mib\trss_per_sub_kb\tdate" > "$RESULTS/multi-shop.tsv"
for s in $(seq 1 "$SHOPS"); do
  report=$(node bench/client/report.mjs "$first" "$CHANGES" "$RAW"/shop$s-client*.json)
  echo "$report" > "$RAW/shop$s-report.json"
  field() { echo "$report" | grep -oE "\"$1\":[^,}]*" | cut -d: -f2; }
  held=$(field held)
  printf '%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%d\t%d\t%d\t%s\n' "$s" "$SHOPS" "$PER_SHOP" "$held" \
    "$(field deliveries)" "$(field expectedDeliveries)" "$(field duplicates)" "$(field outOfOrder)" "$(field gaps)" \
    "$(field p50)" "$(field p99)" "$(field max)" $((rss_idle[$s] / 1024)) $((rss_busy[$s] / 1024)) \
    $(( (rss_busy[$s] - rss_idle[$s]) * 1024 / (held > 0 ? held : 1) / 1000 )) "$(date +%F)" | tee -a "$RESULTS/multi-shop.tsv"
done
echo "raw files: $RAW"
