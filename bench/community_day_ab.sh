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
# SIZES: any of BM_CommunityDay's 100000 1000000 10000000 (default: all);
# REPEAT: default 2.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() {
  echo "community_day_ab.sh: $*" >&2
  exit 2
}
[ $# -eq 1 ] || fail "usage: bench/community_day_ab.sh BEFORE_COMMSIM_BENCH"
before=$1
[ -x "$before" ] || fail "the before build's bench binary '$before' is not an executable file"
read -r -a sizes <<< "${SIZES:-100000 1000000 10000000}"
for n in "${sizes[@]}"; do
  case $n in
    100000 | 1000000 | 10000000) ;;
    *) fail "SIZES holds '$n'; BM_CommunityDay has 100000, 1000000 and 10000000" ;;
  esac
done
repeat=${REPEAT:-2}
[[ $repeat =~ ^[1-9][0-9]*$ ]] || fail "REPEAT must be a whole number >= 1; got '$repeat'"
[ -x build/release/bench/commsim_bench ] || scripts/setup release >/dev/null
after=build/release/bench/commsim_bench
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%10s %4s %10s %12s %10s\n' people try build ms_per_day setup_s
for n in "${sizes[@]}"; do
  for ((r = 1; r <= repeat; ++r)); do
    for build in before after after_4k; do
      filter="--benchmark_filter=BM_CommunityDay/n:$n/"
      launch=("$after")
      case $build in
        before) launch=("$before") ;;
        after_4k) launch=(bench/without_huge_pages "$after") ;;
      esac
      out=$("${launch[@]}" "$filter" 2>&1) ||
        fail "the $build build's BM_CommunityDay at $n people failed: $(tail -n 3 <<< "$out")"
      ms=$(grep -o 'ms_per_day=[0-9.e+-]*' <<< "$out" | cut -d= -f2 || true)
      setup=$(grep -o 'setup_s=[0-9.e+-]*' <<< "$out" | cut -d= -f2 || true)
      [ -n "$ms" ] || fail "the $build build printed no BM_CommunityDay/n:$n (an older bench binary?)"
      printf '%10d %4d %10s %12.2f %10.2f\n' "$n" "$r" "$build" "$ms" "$setup"
    done
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
