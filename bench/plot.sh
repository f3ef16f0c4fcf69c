#!/usr/bin/env bash
# Draws the benchmark figures as PNG with gnuplot (Debian: apt-get install gnuplot-nox), from the CSV files the
# benchmarks write:
#   bench/plot.sh throughput FILE.csv OUT.png   msg/s over API latency per path and agent (BENCH_CSV of throughput.sh)
#   bench/plot.sh memory FILE.csv OUT.png       RSS, heap in use and dead letters over time (bench/memory.sh)
set -euo pipefail
command -v gnuplot >/dev/null || { echo "plot.sh: gnuplot not found (apt-get install gnuplot-nox)" >&2; exit 2; }
what="${1:?usage: bench/plot.sh throughput|memory FILE.csv OUT.png}"
csv="${2:?CSV file}"
out="${3:?PNG file}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

case "$what" in
  throughput)
    # One data file per event path and agent: API latency, msg/s.
    awk -F, -v dir="$work" 'NR > 1 && $1 == "events" {
        name = $2 " / " $3; file = dir "/" $2 "_" $3 ".dat"
        if (!(file in seen)) { seen[file] = 1; print name > (dir "/index"); print file >> (dir "/files") }
        print $4, $8 >> file }' "$csv"
    # Colour by path, line style by agent: the agent solid, ilagent-style dashed, Camel dotted.
    plots=""
    declare -A colour=([http]=1 [mqtt-direct]=2 [mqtt-buffered]=3 [kafka]=4 [mqtt]=7)
    while IFS= read -r f && IFS= read -r t <&3; do
      path="${t%% / *}"; agent="${t##* / }"
      case "$agent" in java) dt=1 ;; ilagent-style) dt=2 ;; *) dt=3 ;; esac
      plots+="${plots:+, }'$f' using 1:2 with linespoints lw 2 pt 7 lc ${colour[$path]:-8} dt $dt title '$t'"
    done <"$work/files" 3<"$work/index"
    gnuplot <<GP
set terminal pngcairo size 1000,620 font 'sans,11'
set output '$out'
set title 'Events delivered per second by API latency (2000 events, many alert keys; log scale)'
set xlabel 'API latency added by the simulator (ms)'
set ylabel 'messages per second'
set logscale y
set grid
set key outside right
set xtics (0, 20, 100)
plot $plots
GP
    ;;
  memory)
    gnuplot <<GP
set terminal pngcairo size 1000,560 font 'sans,11'
set output '$out'
set datafile separator ','
set title 'Agent memory during the long bad-input run (bench/memory.sh)'
set xlabel 'seconds'
set ylabel 'MB'
set y2label 'dead letters'
set y2tics
set ytics nomirror
set grid
set key top left
plot '$csv' using 1:2 every ::1 with lines lw 2 title 'RSS', \
     '' using 1:4 every ::1 with lines lw 2 title 'heap in use', \
     '' using 1:8 every ::1 axes x1y2 with lines lw 1 dt 2 title 'dead letters (right axis)'
GP
    ;;
  *) echo "plot.sh: unknown plot '$what' (throughput or memory)" >&2; exit 2 ;;
esac
echo "wrote $out"
