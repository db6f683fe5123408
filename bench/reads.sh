#!/usr/bin/env bash
# Read throughput of /shirts next to the liveness probe of the same shop, start-up times, and write
# throughput; writes the numbers and a plot into docs/benchmarks.md (its own section, between the
# "reads" markers). Loopback only; every process it starts is stopped by its PID. Usage, from the
# repository root:
#   bench/reads.sh                                    # build, then measure this build
#   BASELINE_JAR=/tmp/old.jar bench/reads.sh          # and an older build beside it, same run
#   ROUNDS=1 STARTS=3 DURATION=3 DOC=/dev/null bench/reads.sh   # a quick look; docs untouched
#   PARTS=reads DOC=/dev/null bench/reads.sh          # only some of: startup reads writes
# Needs wrk, curl, python3 and gnuplot (Debian: wrk, gnuplot-nox).
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=${JAR:-target/shop-0.1.0-SNAPSHOT.jar}
BASELINE_JAR=${BASELINE_JAR:-}
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-5}      # seconds per wrk measurement
ROUNDS=${ROUNDS:-3}          # rounds over all endpoints; the median is reported
STARTS=${STARTS:-5}          # starts per start-up combination; the median is reported
PARTS=${PARTS:-startup reads writes}
DOC=${DOC:-docs/benchmarks.md}
PLOT=${PLOT:-docs/benchmarks-reads.png}
PASSWORD=bench-$RANDOM$RANDOM
work=$(mktemp -d)
pids=()

cleanup() {
  for pid in "${pids[@]+"${pids[@]}"}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]+"${pids[@]}"}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in wrk curl python3 gnuplot; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (Debian: apt-get install wrk gnuplot-nox)" >&2; exit 1; }
done
if [ -z "${SKIP_BUILD:-}" ]; then ./mvnw -B -q package -DskipTests; fi

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_shop DBDIR PORT COMMAND...: the command's last words are the shop's own arguments.
start_shop() {
  local db=$1 port=$2
  shift 2
  "$@" --server.address=127.0.0.1 --server.port="$port" \
    "--spring.datasource.url=jdbc:h2:file:$db/shop;LOCK_TIMEOUT=10000" --shop.admin.password="$PASSWORD" \
    --logging.level.root=WARN >> "$db/shop.log" 2>&1 &
  SHOP_PID=$!
  pids+=("$SHOP_PID")
}

stop_shop() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

await_shirts() {
  local port=$1 pid=$2
  until curl -sf -o /dev/null "http://127.0.0.1:$port/shirts"; do
    kill -0 "$pid" 2>/dev/null || { echo "the shop (pid $pid) died; its log:" >&2; cat "$work"/*/shop.log >&2; exit 1; }
    sleep 0.02
  done
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Start to first GET /shirts 200, in ms, and the CPU time the shop used until then.
# launch NAME DB PORT starts one start-up combination.
launch() {
  local name=$1 db=$2 port=$3
  case $name in
    plain17|train) start_shop "$db" "$port" "$JAVA17" -jar "$JAR" ;;
    prepared17) start_shop "$db" "$port" env JAVA="$JAVA17" bench/aot-cache.sh start "$work/prepared17" ;;
    cds17) start_shop "$db" "$port" env JAVA="$JAVA17" bench/aot-cache.sh start "$work/cds17" ;;
    plain25) start_shop "$db" "$port" "$JAVA25" -jar "$JAR" ;;
    prepared25) start_shop "$db" "$port" env JAVA="$JAVA25" bench/aot-cache.sh start "$work/prepared25" ;;
    aot25) start_shop "$db" "$port" env JAVA="$JAVA25" bench/aot-cache.sh start "$work/aot25" ;;
    before17) start_shop "$db" "$port" "$JAVA17" -jar "$BASELINE_JAR" ;;
  esac
}

startup_once() {
  local name=$1 db="$work/$1" port t0
  mkdir -p "$db"
  port=$(free_port)
  t0=$(date +%s%N)
  launch "$name" "$db" "$port"
  await_shirts "$port" "$SHOP_PID"
  echo $(( ($(date +%s%N) - t0) / 1000000 )) >> "$work/startup-$name.txt"
  # CPU time used until then (user + system), which depends less on what else the machine runs.
  awk -v tck="$(getconf CLK_TCK)" '{ printf "%d\n", ($14 + $15) * 1000 / tck }' "/proc/$SHOP_PID/stat" >> "$work/startup-$name-cpu.txt"
  stop_shop "$SHOP_PID"
}

java_version() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/ {print $2}'; }

part() { [[ " $PARTS " == *" $1 "* ]]; }

# --- Start-up ----------------------------------------------------------------------------------
if part startup; then
echo "== start-up: start to first GET /shirts 200, median of $STARTS, combinations in turn"
JAVA=$JAVA17 bench/aot-cache.sh extract "$work/prepared17" "$JAR"
JAVA=$JAVA25 bench/aot-cache.sh extract "$work/prepared25" "$JAR"
# The training runs serve a catalog like the measured starts: one start first creates and seeds it.
startup_once train; rm -f "$work/startup-train.txt" "$work/startup-train-cpu.txt"
JAVA=$JAVA17 SHOP_ADMIN_PASSWORD=$PASSWORD bench/aot-cache.sh train "$work/cds17" "$JAR" \
  "--spring.datasource.url=jdbc:h2:file:$work/train/shop" --logging.level.root=WARN > "$work/train17.log" 2>&1
JAVA=$JAVA25 SHOP_ADMIN_PASSWORD=$PASSWORD bench/aot-cache.sh train "$work/aot25" "$JAR" \
  "--spring.datasource.url=jdbc:h2:file:$work/train/shop" --logging.level.root=WARN > "$work/train25.log" 2>&1
combos=(plain17 prepared17 cds17 plain25 prepared25 aot25)
[ -n "$BASELINE_JAR" ] && combos+=(before17)
# One unmeasured start each creates its database, so the measured ones are restarts; then the
# combinations take turns, so that whatever else the machine does falls on all of them alike.
for combo in "${combos[@]}"; do startup_once "$combo"; rm -f "$work/startup-$combo.txt" "$work/startup-$combo-cpu.txt"; done
for _ in $(seq 1 "$STARTS"); do
  for combo in "${combos[@]}"; do startup_once "$combo"; done
done
for combo in "${combos[@]}"; do
  median < "$work/startup-$combo.txt" > "$work/startup-$combo"
  median < "$work/startup-$combo-cpu.txt" > "$work/startup-$combo-cpu"
  echo "start-up $combo: median $(cat "$work/startup-$combo") ms of $(tr '\n' ' ' < "$work/startup-$combo.txt");" \
    "CPU median $(cat "$work/startup-$combo-cpu") ms of $(tr '\n' ' ' < "$work/startup-$combo-cpu.txt")" >&2
done
fi

# --- Reads -------------------------------------------------------------------------------------
shops=(after)
[ -n "$BASELINE_JAR" ] && shops=(before after)
declare -A port_of pid_of
for shop in "${shops[@]}"; do
  jar=$JAR
  [ "$shop" = before ] && jar=$BASELINE_JAR
  mkdir -p "$work/reads-$shop"
  port_of[$shop]=$(free_port)
  start_shop "$work/reads-$shop" "${port_of[$shop]}" "$JAVA17" -jar "$jar"
  await_shirts "${port_of[$shop]}" "$SHOP_PID"
  pid_of[$shop]=$SHOP_PID
done

endpoints=(liveness list filtered item list304 item304)
declare -A path_of=(
  [liveness]=/actuator/health/liveness
  [list]=/shirts
  [filtered]='/shirts?sizes=M&minPrice=10&maxPrice=60&sort=price,desc&size=5'
  [item]=/shirts/1
  [list304]=/shirts
  [item304]=/shirts/1
)
etag() { curl -sI "http://127.0.0.1:$1$2" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p'; }

# rps SHOP ENDPOINT: one wrk run; prints requests/s. Fails if anything but 2xx or 3xx came back.
rps() {
  local port=${port_of[$1]} url path=${path_of[$2]} header=()
  url="http://127.0.0.1:$port$path"
  case $2 in list304|item304) header=(-H "If-None-Match: $(etag "$port" "$path")") ;; esac
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "${header[@]}" "$url")
  if grep -q 'Non-2xx' <<< "$out"; then echo "errors from $url: $out" >&2; exit 1; fi
  awk '/Requests\/sec/ { print $2 }' <<< "$out"
}

if part reads; then
echo "== reads: wrk, $CONNECTIONS connections, ${DURATION} s per run, $ROUNDS rounds (shops: ${shops[*]})"
for shop in "${shops[@]}"; do
  for endpoint in "${endpoints[@]}"; do rps "$shop" "$endpoint" > /dev/null; done   # warm-up
done
for round in $(seq 1 "$ROUNDS"); do
  for endpoint in "${endpoints[@]}"; do
    for shop in "${shops[@]}"; do
      r=$(rps "$shop" "$endpoint")
      echo "$r" >> "$work/rps-$shop-$endpoint"
      echo "round $round $shop $endpoint: $r requests/s" >&2
    done
  done
done
fi

# --- Writes and the price of HTTP Basic ---------------------------------------------------------
if part writes; then
port=${port_of[after]}
basic="Basic $(printf 'admin:%s' "$PASSWORD" | base64 -w0)"
cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name":"Bench","color":"teal","sizes":["M"],"price":10,"description":"One per request."}'
LUA
# A session: log in once with the form (a client without cookies needs no CSRF token for that),
# then every write carries the session cookie and, because it has a cookie, the CSRF token.
curl -s -o /dev/null -c "$work/cookies" -d username=admin -d "password=$PASSWORD" "http://127.0.0.1:$port/login"
curl -s -o /dev/null -b "$work/cookies" -c "$work/cookies" "http://127.0.0.1:$port/shirts"
session=$(awk '$6 == "JSESSIONID" { print $7 }' "$work/cookies")
xsrf=$(awk '$6 == "XSRF-TOKEN" { print $7 }' "$work/cookies")
[ -n "$session" ] && [ -n "$xsrf" ] || { echo "no session or no CSRF cookie after login" >&2; exit 1; }
# A bcrypt check takes tens of milliseconds of CPU: wrk's default 2 s timeout would count queued
# requests as lost, so the runs with credentials wait longer.
writes() {
  local out; out=$(wrk -t1 -c"$1" -d"${DURATION}s" --timeout 30s -s "$work/post.lua" "${@:2}" "http://127.0.0.1:$port/shirts")
  if grep -q 'Non-2xx' <<< "$out"; then echo "errors on writes: $out" >&2; exit 1; fi
  awk '/Requests\/sec/ { print $2 }' <<< "$out"
}
echo "== writes: POST /shirts, one shirt each"
for round in $(seq 1 "$ROUNDS"); do
  writes 4 -H "Authorization: $basic" >> "$work/w-basic"
  writes 4 -H "Cookie: JSESSIONID=$session; XSRF-TOKEN=$xsrf" -H "X-XSRF-TOKEN: $xsrf" >> "$work/w-session"
  writes 1 -H "Authorization: $basic" >> "$work/w-basic1"
  writes 1 -H "Cookie: JSESSIONID=$session; XSRF-TOKEN=$xsrf" -H "X-XSRF-TOKEN: $xsrf" >> "$work/w-session1"
  # The same cheap read with and without credentials: the difference is the password check.
  wrk -t1 -c2 -d"${DURATION}s" --timeout 30s -H "Authorization: $basic" "http://127.0.0.1:$port/actuator/health/liveness" \
    | awk '/Requests\/sec/ { print $2 }' >> "$work/r-basic"
  wrk -t1 -c2 -d"${DURATION}s" --timeout 30s "http://127.0.0.1:$port/actuator/health/liveness" \
    | awk '/Requests\/sec/ { print $2 }' >> "$work/r-anonymous"
done
fi
for shop in "${shops[@]}"; do stop_shop "${pid_of[$shop]}"; done

# --- Report ------------------------------------------------------------------------------------
m() { median < "$work/$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
fmt() { awk -v a="$1" 'BEGIN { printf "%\047.0f", a }'; }
cores=$(nproc)
part writes && bcrypt_ms=$(awk -v b="$(m r-basic)" -v a="$(m r-anonymous)" -v c="$cores" 'BEGIN { printf "%.1f", 1000 * c * (1 / b - 1 / a) }')
declare -A label=([liveness]='`GET /actuator/health/liveness`' [list]='`GET /shirts`' \
  [filtered]='`GET /shirts?sizes=M&minPrice=10&maxPrice=60&sort=price,desc&size=5`' [item]='`GET /shirts/1`' \
  [list304]='`GET /shirts`, `If-None-Match` current: 304' [item304]='`GET /shirts/1`, `If-None-Match` current: 304')

{
  echo "Result of $(date -u +%Y-%m-%d), \`bench/reads.sh\`$([ -n "$BASELINE_JAR" ] && echo ' with `BASELINE_JAR`'): shop on $(java_version "$JAVA17"), H2 in a temporary directory,"
  echo "wrk with $CONNECTIONS connections, $DURATION s per run, median of $ROUNDS rounds; rounds alternate the endpoints$([ -n "$BASELINE_JAR" ] && echo ' and the two builds, both running side by side')."
  if part reads; then
  echo
  if [ -n "$BASELINE_JAR" ]; then
    echo "| requests/s (ratio to liveness) | before | after |"
    echo "|---|---|---|"
  else
    echo "| requests/s (ratio to liveness) | this build |"
    echo "|---|---|"
  fi
  for endpoint in "${endpoints[@]}"; do
    row="| ${label[$endpoint]} |"
    for shop in "${shops[@]}"; do
      row="$row $(fmt "$(m "rps-$shop-$endpoint")") ($(ratio "$(m "rps-$shop-$endpoint")" "$(m "rps-$shop-liveness")")) |"
    done
    echo "$row"
  done
  fi
  if part startup; then
  echo
  echo "Start to first \`GET /shirts\` 200 (a restart on an existing database), median of $STARTS, in seconds; in brackets"
  echo "the CPU time the shop used until then, median of the same starts:"
  echo
  echo "| | JDK 17 ($(java_version "$JAVA17")) | JDK 25 ($(java_version "$JAVA25")) |"
  echo "|---|---|---|"
  s() { awk -v ms="$(cat "$work/startup-$1")" -v cpu="$(cat "$work/startup-$1-cpu")" 'BEGIN { printf "%.2f (CPU %.1f)", ms / 1000, cpu / 1000 }'; }
  if [ -n "$BASELINE_JAR" ]; then
    echo "| before, plain \`java -jar\` | $(s before17) | |"
  fi
  echo "| plain \`java -jar\` | $(s plain17) | $(s plain25) |"
  echo "| extracted, context prepared at build time (\`bench/aot-cache.sh extract\`, then \`start\`) | $(s prepared17) | $(s prepared25) |"
  echo "| and a class cache from a training run (\`bench/aot-cache.sh train\`, then \`start\`) | $(s cds17) (CDS) | $(s aot25) (AOT cache) |"
  fi
  if part writes; then
  echo
  echo "Writes (\`POST /shirts\`, one shirt per request, median of $ROUNDS runs of $DURATION s):"
  echo
  echo "| | writes/s |"
  echo "|---|---|"
  echo "| HTTP Basic, 1 connection | $(fmt "$(m w-basic1)") |"
  echo "| session cookie and CSRF token, 1 connection | $(fmt "$(m w-session1)") |"
  echo "| HTTP Basic, 4 connections | $(fmt "$(m w-basic)") |"
  echo "| session cookie and CSRF token, 4 connections | $(fmt "$(m w-session)") |"
  echo
  echo "The password check HTTP Basic costs on every request: liveness (2 connections) with the admin's Basic credentials"
  echo "$(fmt "$(m r-basic)") requests/s, without $(fmt "$(m r-anonymous)") requests/s, about $bcrypt_ms ms of CPU per request on $cores cores."
  fi
} > "$work/section.md"
cat "$work/section.md"

# The plot: requests/s per endpoint, and the start-up times.
if ! part reads || ! part startup; then exit 0; fi
for endpoint in "${endpoints[@]}"; do
  line="$endpoint"
  for shop in "${shops[@]}"; do line="$line $(m "rps-$shop-$endpoint")"; done
  echo "$line"
done > "$work/rps.dat"
{
  [ -n "$BASELINE_JAR" ] && echo "\"before JDK 17\" $(cat "$work/startup-before17")"
  echo "\"JDK 17\" $(cat "$work/startup-plain17")"
  echo "\"JDK 17 prepared\" $(cat "$work/startup-prepared17")"
  echo "\"JDK 17 CDS\" $(cat "$work/startup-cds17")"
  echo "\"JDK 25\" $(cat "$work/startup-plain25")"
  echo "\"JDK 25 prepared\" $(cat "$work/startup-prepared25")"
  echo "\"JDK 25 AOT\" $(cat "$work/startup-aot25")"
} > "$work/startup.dat"
columns="using 2:xtic(1) title '${shops[0]}'"
[ ${#shops[@]} -eq 2 ] && columns="$columns, '' using 3 title '${shops[1]}'"
gnuplot <<GNUPLOT
set terminal pngcairo size 1100,420 font ",10"
set output "$work/plot.png"
set multiplot layout 1,2
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set grid ytics
set yrange [0:*]
set title "Requests/s, $CONNECTIONS connections (higher is better)"
set xtics rotate by -30
plot "$work/rps.dat" $columns
set title "Start to first GET /shirts 200, ms (lower is better)"
unset key
plot "$work/startup.dat" using 2:xtic(1) linecolor rgb "#4477aa"
unset multiplot
GNUPLOT

if [ "$DOC" != /dev/null ]; then
  cp "$work/plot.png" "$PLOT"
  begin='<!-- reads:begin (bench/reads.sh writes what is between these markers) -->'
  end='<!-- reads:end -->'
  if ! grep -qF "$begin" "$DOC"; then printf '\n%s\n%s\n' "$begin" "$end" >> "$DOC"; fi
  python3 - "$DOC" "$work/section.md" "$begin" "$end" "$(basename "$PLOT")" <<'PY'
import sys
doc, section, begin, end, plot = sys.argv[1:]
text = open(doc).read()
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
body = open(section).read().rstrip() + "\n\n![Requests per second and start-up times](" + plot + ")\n"
open(doc, "w").write(head + begin + "\n" + body + end + tail)
PY
  echo "written: $DOC, $PLOT"
fi
