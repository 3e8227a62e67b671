#!/usr/bin/env bash
# The community model's cost at a fixed community size as the population
# grows (issue 18): 20 groups of at most 500 members (no cloning), so the
# community tops out near 10^4 members whatever the population, on a
# Barabasi-Albert graph with mean degree 10. For each size, one run of 365
# days and one of 1 day; their difference over 364 days is the time per day
# without graph building, the initial draw or the results file.
#
#   bench/community_fixed_size.sh [SIZES...]   (default: 100000 1000000 10000000;
#                                              at least 20000: the 2,000
#                                              seeds must be interested people)
#   THREADS=1 bench/community_fixed_size.sh    (default: 2)
#   REPEAT=3 bench/community_fixed_size.sh     each run 3 times, the fastest
#                                              kept (default: 1)
#   COMMSIM=/other/build/cli/commsim bench/...  (another build, for before/after)
#   HUGE_PAGES=off bench/community_fixed_size.sh
#       the same binary with transparent huge pages disabled for the run
#       (bench/without_huge_pages)
#   GRAPH=erdos_renyi bench/community_fixed_size.sh
#       the same scenario on another generated graph kind that takes a mean
#       degree (barabasi_albert, the default; erdos_renyi; watts_strogatz),
#       with mean degree 10 (on an Erdos-Renyi graph the members' contacts do
#       not grow with the population, as hubs' do on a Barabasi-Albert one)
set -euo pipefail
cd "$(dirname "$0")/.."
fail() {
  echo "community_fixed_size.sh: $*" >&2
  exit 2
}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000 10000000)
for n in "${sizes[@]}"; do
  if ! [[ $n =~ ^[0-9]+$ ]] || ((n < 20000)); then
    fail "a size must be a whole number of people, at least 20000 (2,000 interested seeds); got '$n'"
  fi
done
[[ ${REPEAT:-1} =~ ^[1-9][0-9]*$ ]] || fail "REPEAT must be a whole number >= 1; got '${REPEAT}'"
[[ ${THREADS:-2} =~ ^[1-9][0-9]*$ ]] || fail "THREADS must be a whole number >= 1; got '${THREADS}'"
case ${HUGE_PAGES:-on} in
  on | off) ;;
  *) fail "HUGE_PAGES must be on or off; got '${HUGE_PAGES}'" ;;
esac
case ${GRAPH:-barabasi_albert} in
  barabasi_albert | erdos_renyi | watts_strogatz) ;;
  *) fail "GRAPH must be barabasi_albert, erdos_renyi or watts_strogatz (a kind with mean_degree); got '${GRAPH}'" ;;
esac
if [ -z "${COMMSIM:-}" ]; then
  [ -x build/release/cli/commsim ] || scripts/setup release >/dev/null
fi
exe=${COMMSIM:-build/release/cli/commsim}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
threads=${THREADS:-2}
repeat=${REPEAT:-1}
launch=()
if [ "${HUGE_PAGES:-on}" = off ]; then
  launch=(bench/without_huge_pages)
fi
echo "graph: ${GRAPH:-barabasi_albert}, huge pages: ${HUGE_PAGES:-on} (system: $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo unknown))"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%10s %10s %10s %12s %12s %10s %10s\n' people wall_s cpu_s peak_MiB ms_per_day members joins
for n in "${sizes[@]}"; do
  for days in 1 365; do
    cat > "$work/fixed.yaml" <<YAML
model: community
seed: 1
days: $days
population:
  size: $n
  graph: {kind: ${GRAPH:-barabasi_albert}, mean_degree: 10}
community:
  groups: 20
  capacity: 500
  clone_when_full: false
  seed_members: 2000
  activities:
    - {type: lottery, every_days: 7}
    - {type: group_buy, every_days: 14}
YAML
    for ((r = 0; r < repeat; ++r)); do
      /usr/bin/time -f '%e %U %S %M' -o "$work/try" \
        "${launch[@]}" "$exe" run "$work/fixed.yaml" -o "$work/out.$days.h5" --overwrite -q \
        --threads "$threads" >/dev/null ||
        fail "the $days-day run at $n people failed (above; its scenario is this script's)"
      if [ "$r" -eq 0 ] || awk -v a="$(cut -d' ' -f1 "$work/try")" \
        -v b="$(cut -d' ' -f1 "$work/time.$days")" 'BEGIN { exit !(a < b) }'; then
        cp "$work/try" "$work/time.$days"
      fi
    done
  done
  read -r wall1 _ _ _ < "$work/time.1"
  read -r wall user sys kib < "$work/time.365"
  read -r members joins < <(/usr/bin/python3 -c "
import h5py
f = h5py.File('$work/out.365.h5')
print(int(f['summary/members_final'][0]), int(f['summary/joins_total'][0]))")
  awk -v n="$n" -v w="$wall" -v w1="$wall1" -v u="$user" -v s="$sys" -v k="$kib" -v m="$members" \
    -v j="$joins" 'BEGIN {
    printf "%10d %10.2f %10.2f %12.0f %12.2f %10d %10d\n", n, w, u + s, k / 1024, (w - w1) * 1000 / 364, m, j }'
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
