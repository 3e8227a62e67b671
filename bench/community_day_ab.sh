#!/usr/bin/env bash
# Before/after pairs of the community model's day at a fixed community size
# (issue 18), interleaved so that both see the same machine: for each
# population size, BM_CommunityDay from the "before" bench binary, from this
# tree's, and from this tree's with transparent huge pages disabled
# (bench/without_huge_pages), each REPEAT times.
# Prints ms per day (the 365 days only) and the setup seconds before day 1.
#
#   bench/community_day_ab.sh /path/to/before/build/release/bench/commsim_bench
#   SIZES="100000 10000000" REPEAT=3 bench/community_day_ab.sh BEFORE
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:?usage: bench/community_day_ab.sh BEFORE_COMMSIM_BENCH}
[ -x build/release/bench/commsim_bench ] || scripts/setup release >/dev/null
after=build/release/bench/commsim_bench
read -r -a sizes <<< "${SIZES:-100000 1000000 10000000}"
repeat=${REPEAT:-2}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%10s %4s %10s %12s %10s\n' people try build ms_per_day setup_s
for n in "${sizes[@]}"; do
  for ((r = 1; r <= repeat; ++r)); do
    for build in before after after_4k; do
      filter="--benchmark_filter=BM_CommunityDay/n:$n/"
      case $build in
        before) out=$("$before" "$filter" 2>/dev/null) ;;
        after) out=$("$after" "$filter" 2>/dev/null) ;;
        after_4k) out=$(bench/without_huge_pages "$after" "$filter" 2>/dev/null) ;;
      esac
      ms=$(grep -o 'ms_per_day=[0-9.e+-]*' <<< "$out" | cut -d= -f2)
      setup=$(grep -o 'setup_s=[0-9.e+-]*' <<< "$out" | cut -d= -f2)
      printf '%10d %4d %10s %12.2f %10.2f\n' "$n" "$r" "$build" "$ms" "$setup"
    done
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
