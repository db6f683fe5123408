#!/usr/bin/env bash
# A faster start: the jar extracted (plain jar files load faster than the jars nested in Boot's
# executable jar), the application context prepared at build time (Spring AOT, which the build puts
# into every jar: -Dspring.aot.enabled=true), and a class cache made by a training run.
#
#   bench/aot-cache.sh extract DIR [JAR]           extract JAR (default target/shop-0.1.0-SNAPSHOT.jar)
#                                                  into DIR, no cache: `start` then uses Spring AOT only
#   bench/aot-cache.sh train DIR [JAR [ARGS...]]   extract, then train the class cache in DIR: start
#                                                  the shop with ARGS on a loopback port, send it the
#                                                  requests a shop serves first (the catalog, one
#                                                  shirt, a 304, the storefront, health), stop it
#   bench/aot-cache.sh start DIR [ARGS...]         start the shop from DIR, with the cache if trained
#
# With JDK 25 (JAVA, default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java) the cache is an AOT cache
# (JEP 483/514/515: classes loaded and linked ahead of time, and the method profiles of the training
# run); with JDK 17 to 23 it is a CDS archive, the nearest equivalent there. The JVM writes it when
# the training run exits. It holds only for the same JDK and the same jars: train again after every
# build. The training run uses the settings it is given (ARGS, or the environment), so give it a
# database it may open (the default is ./data/shop); it only reads. TRAIN_PORT (default: a free
# port) is where it listens meanwhile, on 127.0.0.1.
set -euo pipefail

JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
command=${1:?usage: bench/aot-cache.sh extract|train DIR [JAR [ARGS...]] | start DIR [ARGS...]}
dir=${2:?the directory of the extracted application}
shift 2

# JDK 24 and newer have -XX:AOTCacheOutput; older ones create a CDS archive at exit.
java_feature=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
if [ "${java_feature%%.*}" -ge 25 ]; then
  cache="$dir/shop.aot"
  create=("-XX:AOTCacheOutput=$cache")
  use=("-XX:AOTCache=$cache")
else
  cache="$dir/shop.jsa"
  create=("-XX:ArchiveClassesAtExit=$cache")
  use=("-XX:SharedArchiveFile=$cache")
fi
# The context as prepared at build time: the same in the training run and in every start.
spring_aot=(-Dspring.aot.enabled=true)

extract() {
  local jar=$1
  rm -rf "$dir"
  "$JAVA" -Djarmode=tools -jar "$jar" extract --destination "$dir" >/dev/null
}

case "$command" in
  extract)
    extract "${1:-target/shop-0.1.0-SNAPSHOT.jar}"
    ;;
  train)
    jar=${1:-target/shop-0.1.0-SNAPSHOT.jar}
    [ $# -gt 0 ] && shift
    extract "$jar"
    port=${TRAIN_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
    "$JAVA" "${create[@]}" "${spring_aot[@]}" -jar "$dir/$(basename "$jar")" "$@" \
      --server.address=127.0.0.1 --server.port="$port" &
    pid=$!
    trap 'kill "$pid" 2>/dev/null || true' EXIT
    base=http://127.0.0.1:$port
    for _ in $(seq 1 600); do
      kill -0 "$pid" 2>/dev/null || { echo "the training run exited early" >&2; exit 1; }
      curl -sf -o /dev/null "$base/shirts" && break
      sleep 0.2
    done
    etag=$(curl -sfI "$base/shirts" | awk -F': ' 'tolower($1) == "etag" {print $2}' | tr -d '\r')
    id=$(curl -sf "$base/shirts?size=1" | grep -oE '"id":[0-9]+' | head -1 | cut -d: -f2)
    for _ in $(seq 1 20); do
      curl -sf -o /dev/null "$base/shirts" || true
      curl -sf -o /dev/null "$base/shirts?sizes=M&minPrice=10&sort=price,desc&size=5" || true
      curl -sf -o /dev/null -H "If-None-Match: $etag" "$base/shirts" || true
      [ -n "$id" ] && { curl -sf -o /dev/null "$base/shirts/$id" || true; }
      curl -sf -o /dev/null "$base/" || true
      curl -sf -o /dev/null "$base/actuator/health/readiness" || true
    done
    # A graceful stop: the JVM writes the cache as it exits.
    kill -TERM "$pid"
    wait "$pid" || true
    trap - EXIT
    [ -f "$cache" ] || { echo "no cache written" >&2; exit 1; }
    echo "cache: $cache ($(du -h "$cache" | cut -f1))"
    ;;
  start)
    jar=$(find "$dir" -maxdepth 1 -name '*.jar' | head -1)
    cached=()
    [ -f "$cache" ] && cached=("${use[@]}")
    exec "$JAVA" "${cached[@]+"${cached[@]}"}" "${spring_aot[@]}" -jar "$jar" "$@"
    ;;
  *)
    echo "unknown command: $command" >&2
    exit 2
    ;;
esac
