#!/usr/bin/env bash
# The long run of the hostile corpus (src/test/java/com/example/shop/web/HostileCorpusTests.java):
# requests drawn from the running shop's own API document, with a random seed and many more tries
# than the suite's fixed-seed run. A failure prints the shrunk request and its seed; jqwik keeps the
# seed under target/jqwik-database and tries it first next time. Loopback only. Usage, from the
# repository root:
#   bench/fuzz.sh                 # 20,000 tries
#   TRIES=100000 bench/fuzz.sh
#   MAVEN_ARGS=-o bench/fuzz.sh   # offline, with what the local repository already holds
#   SHOP_URL=http://127.0.0.1:8080 SHOP_PASSWORD=... bench/fuzz.sh
#                                 # against a shop running elsewhere, for instance one on PostgreSQL
#                                 # (README, "PostgreSQL"); it creates and changes shirts there
set -euo pipefail
cd "$(dirname "$0")/.."

TRIES=${TRIES:-20000}
# shellcheck disable=SC2086
./mvnw -B -q ${MAVEN_ARGS:-} test -Dtest=HostileCorpusTests -Dshop.corpus.long=true -Djqwik.tries.default="$TRIES" \
  -Dshop.corpus.url="${SHOP_URL:-}" -Dshop.corpus.password="${SHOP_PASSWORD:-}"
report=target/surefire-reports/TEST-com.example.shop.web.HostileCorpusTests.xml
[ -f "$report" ] || report=$(ls target/surefire-reports/TEST-*HostileCorpus*.xml | head -1)
grep -o '<testcase name="[^"]*" classname="[^"]*" time="[^"]*"' "$report" | sed 's/<testcase name=/  /'
echo "hostile corpus: $TRIES tries with a random seed, no 5xx, every refusal a problem that changed nothing"
