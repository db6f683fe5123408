#!/usr/bin/env bash
# Draws docs/fanout.png and docs/push-vs-poll.png from bench/results/*.tsv (written by
# bench/fanout.sh and bench/push-vs-poll.sh), with gnuplot (Debian package gnuplot-nox). For each
# configuration and number of subscribers the latest run counts. PLOT_LABELS (space separated)
# picks the configurations of the fan-out plot; all by default.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v gnuplot >/dev/null || { echo "needs gnuplot (apt-get install gnuplot-nox)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -f bench/results/fanout.tsv ]; then
  # one file per configuration: subscribers p50 p99 rss_per_sub heap_per_sub, latest run per count
  awk -F'\t' -v dir="$tmp" 'NR > 1 { key = $1 SUBSEP $2; row[key] = $2 " " $8 " " $9 " " $14 " " $17; label[$1] = 1; n[key] = $2 }
    END { for (k in row) { split(k, p, SUBSEP); print row[k] > (dir "/" p[1] ".dat") } }' bench/results/fanout.tsv
  plots_lat="" plots_mem="" i=0
  for label in ${PLOT_LABELS:-$(cut -f1 bench/results/fanout.tsv | tail -n +2 | awk '!seen[$0]++')}; do
    i=$((i + 1)); sort -n -o "$tmp/$label.dat" "$tmp/$label.dat"
    plots_lat+="'$tmp/$label.dat' using 1:3 with linespoints lw 2 lc $i pt 7 title '$label p99', '$tmp/$label.dat' using 1:2 with linespoints dt 2 lc $i pt 6 title '$label median', "
    plots_mem+="'$tmp/$label.dat' using 1:4 with linespoints lw 2 lc $i pt 7 title '$label RSS', '$tmp/$label.dat' using 1:5 with linespoints dt 2 lc $i pt 6 title '$label live heap', "
  done
  printf '1000 60\n10000 250\n' > "$tmp/goal.dat"
  gnuplot <<EOF
set terminal pngcairo size 1400,600 font ",10"
set output "docs/fanout.png"
set multiplot layout 1,2 title "Fan-out to browser-like STOMP subscribers (bench/fanout.sh; 2 shared cores, load client on the same machine)"
set xlabel "subscribers"; set grid; set key bottom right font ",8"
set logscale y; set ylabel "commit to arrival, ms (log scale)"
set title "Latency over all deliveries"
plot ${plots_lat} '$tmp/goal.dat' using 1:2 with points pt 9 ps 2 lc rgb "black" title "goal (p99)"
unset logscale y; set ylabel "KB per subscriber"; set yrange [0:*]
set title "Memory per subscriber (with them connected minus idle)"
plot ${plots_mem} 40 with lines lc rgb "black" dt 3 title "goal: 40 KB RSS"
unset multiplot
EOF
  echo "docs/fanout.png"
fi

if [ -f bench/results/push-vs-poll.tsv ]; then
  awk -F'\t' 'NR > 1 { row[$1] = $1 "\t" $7 "\t" $8 "\t" $9 "\t" $10; if (!($1 in order)) order[$1] = ++n }
    END { for (m in row) print order[m] "\t" row[m] }' bench/results/push-vs-poll.tsv | sort -n | cut -f2- > "$tmp/pvp.dat"
  gnuplot <<EOF
set terminal pngcairo size 1400,450 font ",10"
set output "docs/push-vs-poll.png"
set multiplot layout 1,3 title "1,000 clients kept up to date for a minute, one change every 5 s (bench/push-vs-poll.sh)"
set style data histograms; set style fill solid 0.8 border -1; set boxwidth 0.8
set grid ytics; set yrange [0:*]; set key off; set xtics rotate by -20
set datafile separator "\t"
set title "bytes on the wire, MiB"; plot "$tmp/pvp.dat" using 2:xtic(1) lc rgb "#4477aa"
set title "shop CPU time, s"; plot "$tmp/pvp.dat" using 3:xtic(1) lc rgb "#cc6677"
set title "delay until a client knows, ms (median, p99)"; set key top left
plot "$tmp/pvp.dat" using 4:xtic(1) title "median" lc rgb "#228833", "" using 5 title "p99" lc rgb "#ccbb44"
unset multiplot
EOF
  echo "docs/push-vs-poll.png"
fi
