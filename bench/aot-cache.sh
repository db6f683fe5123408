#!/usr/bin/env bash
# A faster start from a class cache made by a training run. The JDK can only cache classes it loads
# from plain jar files, not from the jars nested inside Boot's executable jar, so the jar is first
# extracted (Boot's jarmode tools), then one training run starts the application up to the end of
# its refresh (spring.context.exit=onRefresh: the beans are created, no request is served) and exits.
#
#   bench/aot-cache.sh train DIR [JAR]     extract JAR (default target/shop-0.1.0-SNAPSHOT.jar) into
#                                          DIR and train the cache there
#   bench/aot-cache.sh start DIR [ARGS...] start the shop from DIR with the cache; ARGS go to the shop
#
# With JDK 25 (JAVA, default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java) the cache is an AOT cache
# (JEP 483/514: classes loaded and linked ahead of time); with JDK 17 to 23 it is a CDS archive,
# the nearest equivalent there. The cache holds only for the same JDK and the same jars: train
# again after every build. The training run uses the settings it is given (ARGS after JAR, or the
# environment), so give it a database it may open: the default is ./data/shop.
set -euo pipefail

JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
command=${1:?usage: bench/aot-cache.sh train DIR [JAR [ARGS...]] | start DIR [ARGS...]}
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

case "$command" in
  train)
    jar=${1:-target/shop-0.1.0-SNAPSHOT.jar}
    [ $# -gt 0 ] && shift
    rm -rf "$dir"
    "$JAVA" -Djarmode=tools -jar "$jar" extract --destination "$dir" >/dev/null
    "$JAVA" "${create[@]}" -Dspring.context.exit=onRefresh -jar "$dir/$(basename "$jar")" "$@"
    echo "cache: $cache ($(du -h "$cache" | cut -f1))"
    ;;
  start)
    jar=$(find "$dir" -maxdepth 1 -name '*.jar' | head -1)
    exec "$JAVA" "${use[@]}" -jar "$jar" "$@"
    ;;
  *)
    echo "unknown command: $command" >&2
    exit 2
    ;;
esac
