#!/usr/bin/env bash
# Fan-out with browser-like subscribers: for each number of subscribers, starts a fresh shop
# (embedded default: H2 in a temporary directory), measures it idle, connects that
# many STOMP subscribers that offer permessage-deflate like every browser (bench/client, Node and
# the `ws` package), measures it again, makes CHANGES catalog changes SPACING seconds apart and
# reports: subscribers held, deliveries (all, none twice, in seq order), commit-to-arrival latency,
# resident memory and live heap per subscriber, shop CPU time per delivery: all of the shop's CPU
# time over the changes divided by the deliveries, and "net", without what the shop spends idle
# with that many subscribers (heart-beats, timeout checks) and without the writes themselves.
#
#   bench/fanout.sh                      # 1000 10000 19000 subscribers
#   bench/fanout.sh 1000 10000           # the given numbers
#   LABEL=deflate SHOP_ARGS=--shop.websocket.compression=true bench/fanout.sh 1000
#   JFR=1 bench/fanout.sh 10000          # also where the shop's CPU goes during the changes
#   BUILD=0 JAR=/tmp/other.jar bench/fanout.sh 1000   # another build of the shop
#
# Traffic goes to loopback only (shop on 127.0.0.1, clients bound to 127.0.0.2, 127.0.0.3, ...,
# at most PER_PROCESS connections per client process: the open-file limit is per process, the
# ephemeral ports per address). Every step is bounded in time; everything started is stopped by
# its process id when the script ends. Results are appended to bench/results/fanout.tsv (the plot
# and docs/benchmarks.md are made from it by bench/plot.sh); raw files go to bench/results/raw/.
set -euo pipefail
cd "$(dirname "$0")/.."

CHANGES=${CHANGES:-10}
WARMUP_WRITES=${WARMUP_WRITES:-100}   # writes with nobody subscribed, before anything is measured
WARMUP_CHANGES=${WARMUP_CHANGES:-3}   # changes to the subscribers before the measured ones, at least
WARMUP_DELIVERIES=${WARMUP_DELIVERIES:-20000}   # ... so many deliveries in all (the JIT compiles the path)
SPACING=${SPACING:-2}
SETTLE=${SETTLE:-60}                  # seconds between the last subscription and the first measurement
PER_PROCESS=${PER_PROCESS:-5000}
PORT=${PORT:-18431}
LABEL=${LABEL:-default}
SHOP_JAVA=${SHOP_JAVA:-java}
# The heap as docs/live.md advises for a shop holding many subscribers: after a collection the JVM
# gives back free heap beyond 20% (its default keeps up to 70% free, resident all the same).
# SHOP_OPTS="-Xms64m -Xmx3g" measures the JVM's default heap sizing.
SHOP_OPTS=${SHOP_OPTS:--Xms64m -Xmx3g -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20}
# The subscribers come from a few loopback addresses, so the per-address cap is raised for the run
# (a real crowd has an address each).
SHOP_ARGS="--shop.live.max-connections-per-address=100000 ${SHOP_ARGS:-}"
RESULTS=bench/results
RAW=$PWD/$RESULTS/raw/fanout-$(date +%Y%m%d-%H%M%S)-$LABEL
JAR=${JAR:-target/shop-0.1.0-SNAPSHOT.jar}
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1000 10000 19000)
mkdir -p "$RAW"
pids=()

stop() { # stops what this script started, by process id
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop EXIT

command -v node >/dev/null || { echo "needs node and npm" >&2; exit 1; }
[ -d bench/client/node_modules/ws ] || (cd bench/client && npm install --no-audit --no-fund --no-package-lock --silent)
if [ "${BUILD:-1}" = 1 ]; then ./mvnw -B -q package -DskipTests; fi
cp "$JAR" "$RAW/shop.jar"   # a rebuild during the run must not change the running shop's jar

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }        # user + system, in clock ticks
sys_ticks() { awk '{print $15}' "/proc/$1/stat"; }                # system (the kernel's share: sockets)
clients_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(cpu_ticks "$p" 2>/dev/null || echo 0))); done; echo $t; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
live_heap_kib() {                                                # heap in use after a full GC
  jcmd "$1" GC.run >/dev/null
  # G1 and ZGC give the heap in one line; Parallel and Serial give the young and the old generation.
  local lines=1; jcmd "$1" GC.heap_info | grep -qE '^ *(PSYoungGen|def new generation)' && lines=2
  jcmd "$1" GC.heap_info | grep -oE 'used [0-9]+[KMG]' | head -$lines \
    | awk '{ v = substr($2, 1, length($2) - 1); u = substr($2, length($2)); t += v * (u == "G" ? 1048576 : u == "M" ? 1024 : 1) } END { print t }'
}
hz=$(getconf CLK_TCK)
[ -f "$RESULTS/fanout.tsv" ] || echo -e "label\tsubscribers\theld\tdeliveries\texpected\tduplicates\tout_of_order\tp50_ms\tp99_ms\tmax_ms\tlast_median_ms\trss_idle_mib\trss_busy_mib\trss_per_sub_kb\theap_idle_mib\theap_busy_mib\theap_per_sub_kb\tcpu_us_per_delivery\tcpu_us_per_delivery_net\textensions\tjava\tdate" > "$RESULTS/fanout.tsv"

run() {
  if (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; then echo "port $PORT is in use: set PORT" >&2; return 1; fi
  local n=$1 dir=$RAW/$1 password=bench-$RANDOM$RANDOM
  mkdir -p "$dir/db"
  $SHOP_JAVA $SHOP_OPTS "-Xlog:gc:file=$dir/gc.log:uptime" -jar "$RAW/shop.jar" --server.address=127.0.0.1 --server.port=$PORT \
    --spring.datasource.url="jdbc:h2:file:$dir/db/shop;LOCK_TIMEOUT=10000" --shop.admin.password=$password \
    --logging.level.root=WARN $SHOP_ARGS > "$dir/shop.log" 2>&1 &
  local shop=$!
  pids+=("$shop")
  local base=http://127.0.0.1:$PORT
  for _ in $(seq 1 300); do
    kill -0 "$shop" 2>/dev/null || break
    curl -sf "$base/actuator/health/readiness" >/dev/null && break; sleep 1
  done
  kill -0 "$shop" 2>/dev/null && curl -sf "$base/actuator/health/readiness" >/dev/null \
    || { echo "shop did not start: $dir/shop.log" >&2; return 1; }
  local java_version; java_version=$($SHOP_JAVA -version 2>&1 | head -1 | grep -oE '"[^"]+"' | tr -d '"')

  # The admin signs in once (form login) and writes with that session, as the admin page does.
  # HTTP Basic would check the password hash (bcrypt, about 100 ms of CPU) on every write: a cost of
  # how the benchmark's admin signs in, which "all included" would otherwise count per delivery.
  local admin=$dir/admin.cookies xsrf
  curl -sf -o /dev/null -c "$admin" --data-urlencode username=admin --data-urlencode "password=$password" "$base/login" \
    || { echo "the admin could not sign in" >&2; return 1; }
  curl -sf -o /dev/null -b "$admin" -c "$admin" "$base/shirts?size=1"
  xsrf=$(awk '$6 == "XSRF-TOKEN" {print $7}' "$admin")
  change() { # $1: name
    curl -sf -o /dev/null -b "$admin" -H "X-XSRF-TOKEN: $xsrf" -H 'Content-Type: application/json' \
      -d "{\"name\":\"Fan-out $1\",\"color\":\"teal\",\"sizes\":[\"S\",\"M\",\"L\"],\"price\":19.99,\"description\":\"A shirt made by the fan-out benchmark, to measure how long its news takes to reach every subscriber.\"}" \
      "$base/shirts" || true
  }
  # What the writes themselves cost (the request, the transaction), with nobody
  # subscribed, after WARMUP_WRITES to warm up (a shop that has been running has its write path
  # compiled; a cold one spends ten milliseconds and more between a change's occurredAt and its
  # commit, which would count as delivery time): subtracted below to get the cost of the deliveries.
  local w0 w1
  for c in $(seq 1 "$WARMUP_WRITES"); do change "idle warm-up $c"; done
  w0=$(cpu_ticks "$shop"); for c in $(seq 1 "$CHANGES"); do change "idle $c"; done; w1=$(cpu_ticks "$shop")

  local heap_idle rss_idle
  heap_idle=$(live_heap_kib "$shop"); rss_idle=$(rss_kib "$shop")

  local procs=$(( (n + PER_PROCESS - 1) / PER_PROCESS )) clients=() start
  local warmups=$(( (WARMUP_DELIVERIES + n - 1) / n )); [ "$warmups" -ge "$WARMUP_CHANGES" ] || warmups=$WARMUP_CHANGES
  [ "$procs" -ge 2 ] || procs=2
  start=$(date +%s)
  for i in $(seq 1 "$procs"); do
    local count=$(( n / procs + (i <= n % procs ? 1 : 0) ))
    node ${NODE_ARGS:-} bench/client/subscribers.mjs --url "ws://127.0.0.1:$PORT/ws" --bind "127.0.0.$((i + 1))" \
      --connections "$count" --expect $((CHANGES + warmups)) --max-seconds $((300 + SETTLE + CHANGES * SPACING + n / 50)) \
      --out "$dir/client$i.json" > "$dir/client$i.log" 2>&1 &
    clients+=("$!"); pids+=("$!")
  done
  subscribed() { local s=0 v; for i in $(seq 1 "$procs"); do v=$(grep -o 'subscribed=[0-9]*' "$dir/client$i.log" 2>/dev/null | tail -1 | cut -d= -f2); s=$((s + ${v:-0})); done; echo $s; }
  while [ "$(subscribed)" -lt "$n" ] && [ $(( $(date +%s) - start )) -lt $((60 + n / 50)) ]; do sleep 2; done
  local connect_s=$(( $(date +%s) - start ))
  echo "[$LABEL $n] subscribed $(subscribed) of $n after ${connect_s} s"
  # A shop holds its subscribers for hours: measuring starts SETTLE seconds after they are all in,
  # once the JIT has compiled what connecting them and their first heart-beats ran. Measured from
  # the moment they were in, the idle cost was nearly twice as high, about two thirds of it the JIT compiler.
  sleep "$SETTLE"

  local heap_busy rss_busy
  heap_busy=$(live_heap_kib "$shop"); rss_busy=$(rss_kib "$shop")
  jcmd "$shop" GC.class_histogram > "$dir/histogram.txt" 2>&1 || true
  jcmd "$shop" VM.native_memory summary > "$dir/nmt.txt" 2>&1 || true

  # The idle cost (heart-beats, timeout checks) with them connected, over as long as the changes
  # take; then changes to warm up the delivery path (not measured): at least WARMUP_CHANGES, and
  # WARMUP_DELIVERIES deliveries in all, so that the path is compiled as in a shop that has been
  # running (with 1,000 subscribers, the first few changes take twice as long as the later ones).
  local c0 t0 c1 t1 s0 s1 k0 k1
  c0=$(cpu_ticks "$shop"); t0=$(date +%s.%N); sleep $((CHANGES * SPACING))
  c1=$(cpu_ticks "$shop"); t1=$(date +%s.%N)
  local idle_rate; idle_rate=$(echo "($c1 - $c0) / ($t1 - $t0)" | bc -l)
  for c in $(seq 1 "$warmups"); do change "warm-up $c"; sleep 0.5; done; sleep 1
  local first=$(( $(curl -sf "$base/shirts?size=1" | grep -oE '"seq":[0-9]+' | tail -1 | cut -d: -f2) + 1 ))

  [ "${JFR:-0}" = 1 ] && jcmd "$shop" JFR.start name=fanout settings=profile "jdk.ExecutionSample#period=2ms" "jdk.NativeMethodSample#period=2ms" filename="$dir/changes.jfr" >/dev/null
  local up0; up0=$(jcmd "$shop" VM.uptime | grep -oE '^[0-9.]+' | tail -1)
  c0=$(cpu_ticks "$shop"); t0=$(date +%s.%N); s0=$(sys_ticks "$shop"); k0=$(clients_ticks "${clients[@]}")
  for c in $(seq 1 "$CHANGES"); do change "$c"; sleep "$SPACING"; done
  # Each client writes its result once it has every change, then waits to be stopped.
  local deadline=$(( $(date +%s) + 60 + n / 200 ))
  for i in $(seq 1 "$procs"); do
    while kill -0 "${clients[$((i - 1))]}" 2>/dev/null && ! grep -q '^done:' "$dir/client$i.log" \
      && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
  done
  c1=$(cpu_ticks "$shop"); t1=$(date +%s.%N); s1=$(sys_ticks "$shop"); k1=$(clients_ticks "${clients[@]}")
  # What the heap grew to while delivering (the figures per subscriber are taken at rest, after a full GC).
  local rss_after; rss_after=$(rss_kib "$shop")
  local up1; up1=$(jcmd "$shop" VM.uptime | grep -oE '^[0-9.]+' | tail -1)
  if [ "${JFR:-0}" = 1 ]; then
    jcmd "$shop" JFR.stop name=fanout >/dev/null
    jfr print --events jdk.ExecutionSample --stack-depth 96 "$dir/changes.jfr" | node bench/client/jfr-top.mjs > "$dir/cpu.txt"
    # Execution samples see Java code only: add the samples taken in socket writes, and GC pauses.
    echo "native samples in socket writes: $(jfr print --events jdk.NativeMethodSample --stack-depth 1 "$dir/changes.jfr" \
      | grep -cE 'FileDispatcherImpl\.(writev0|write0)|SocketDispatcher\.(writev0|write0)')" >> "$dir/cpu.txt"
    jfr print --events jdk.GarbageCollection "$dir/changes.jfr" | awk '/sumOfPauses/ { v = $3; if ($4 == "s") v *= 1000; t += v; n++ }
      END { printf "GC pauses during the changes: %d, %.0f ms in all\n", n, t }' >> "$dir/cpu.txt"
  fi
  for pid in "${clients[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done

  local report; report=$(node bench/client/report.mjs "$first" "$CHANGES" "$dir"/client*.json)
  echo "$report" > "$dir/report.json"
  field() { echo "$report" | grep -oE "\"$1\":[^,}]*" | cut -d: -f2; }
  local held deliveries cpu_us cpu_net
  held=$(field held); deliveries=$(field deliveries)
  cpu_us=$(echo "($c1 - $c0) * 1000000 / $hz / $deliveries" | bc -l)
  cpu_net=$(echo "(($c1 - $c0) - $idle_rate * ($t1 - $t0) - ($w1 - $w0)) * 1000000 / $hz / $deliveries" | bc -l)
  local rss_per=$(( (rss_busy - rss_idle) * 1024 / held / 1000 )) heap_per=$(( (heap_busy - heap_idle) * 1024 / held / 1000 ))
  printf '%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%.0f\t%.0f\t%s\t%s\t%s\n' \
    "$LABEL" "$n" "$held" "$deliveries" "$(field expectedDeliveries)" "$(field duplicates)" "$(field outOfOrder)" \
    "$(field p50)" "$(field p99)" "$(field max)" "$(field lastMedian)" \
    $((rss_idle / 1024)) $((rss_busy / 1024)) "$rss_per" $((heap_idle / 1024)) $((heap_busy / 1024)) "$heap_per" \
    "$cpu_us" "$cpu_net" "$(echo "$report" | grep -oE '"extensions":\{[^}]*\}' | cut -d: -f2- | tr -d '"{}' | tr ',' ' ')" \
    "$java_version" "$(date +%F)" | tee -a "$RESULTS/fanout.tsv"
  echo "[$LABEL $n] $report"
  echo "[$LABEL $n] shop: RSS ${rss_idle} -> ${rss_busy} KiB (${rss_after} KiB after the changes), live heap ${heap_idle} -> ${heap_busy} KiB; CPU $(( (c1 - c0) * 1000 / hz )) ms ($(( (s1 - s0) * 1000 / hz )) ms of it in the kernel) over $(printf %.1f "$(echo "$t1 - $t0" | bc -l)") s (idle rate $(printf %.1f "$(echo "$idle_rate * 1000 / $hz" | bc -l)") ms/s; $CHANGES writes with nobody subscribed: $(( (w1 - w0) * 1000 / hz )) ms); log lines with exception or error: $(grep -ciE 'exception|error' "$dir/shop.log" || true)"
  echo "[$LABEL $n] GC pauses during the changes: $(awk -v from="$up0" -v to="$up1" '/Pause/ && /ms$/ {
      t = substr($1, 2) + 0; if (t >= from && t <= to) { n++; ms += $NF + 0 } } END { printf "%d, %.0f ms in all", n, ms }' "$dir/gc.log")"
  echo "[$LABEL $n] load clients: CPU $(( (k1 - k0) * 1000 / hz )) ms during the changes, $(echo "($k1 - $k0) * 1000000 / $hz / $deliveries" | bc) us per delivery (with their heart-beats)"
  echo "[$LABEL $n] largest on the heap with them connected:"; sed -n '4,12p' "$dir/histogram.txt" | awk '{printf "    %12s bytes  %s\n", $3, $4}'
  [ -f "$dir/cpu.txt" ] && sed 's/^/    /' "$dir/cpu.txt" | head -40
  stop
}

for n in "${counts[@]}"; do run "$n"; done
echo "raw files: $RAW"
