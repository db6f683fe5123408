#!/usr/bin/env bash
# Draws docs/flash-sale.png from runs of bench/flash-sale.sh: for each run, the distribution of the
# time per hold (PUT /cart/items/...) and per checkout (POST /orders), from the raw files the run
# left in its directory, against the goal of 100 ms at p99. Needs gnuplot (gnuplot-nox).
#
#   bench/flash-sale-plot.sh "one embedded shop" bench/results/raw/flash-sale-A "two PostgreSQL shops" bench/results/raw/flash-sale-B
set -euo pipefail
cd "$(dirname "$0")/.."
command -v gnuplot >/dev/null || { echo "needs gnuplot (apt-get install gnuplot-nox)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plots="" i=0
while [ $# -ge 2 ]; do
  label=$1 dir=$2; shift 2; i=$((i + 1))
  for kind in holds checkouts; do
    # percentile (0-100) and milliseconds, sorted
    sort -g "$dir/sale.txt.$kind-ms" | awk '{ v[NR] = $1 } END { for (k = 1; k <= NR; k++) print 100 * k / NR, v[k] }' > "$tmp/$i-$kind.dat"
  done
  plots+="'$tmp/$i-holds.dat' using 2:1 with lines lw 2 lc $i title '$label: holds', "
  plots+="'$tmp/$i-checkouts.dat' using 2:1 with lines lw 2 dt 2 lc $i title '$label: checkouts', "
done
gnuplot <<GP
set terminal pngcairo size 1000,600 font ",10"
set output "docs/flash-sale.png"
set title "Flash sale (bench/flash-sale.sh): 2,000 shoppers, 100 at a time, one shirt size; 2 shared cores, clients on the same machine"
set xlabel "time per request, ms (log scale)"; set ylabel "requests answered within, %"
set logscale x; set grid; set key top left; set yrange [0:100]
set arrow from 100, graph 0 to 100, graph 1 nohead dt 3 lc rgb "black"
set label "goal: p99 <= 100 ms" at 105, 5
plot ${plots%, }
GP
echo "docs/flash-sale.png"
