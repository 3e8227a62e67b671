#!/usr/bin/env bash
# The community model's cost at a fixed community size as the population
# grows (issue 18): 20 groups of at most 500 members (no cloning), so the
# community tops out near 10^4 members whatever the population, on a
# Barabasi-Albert graph with mean degree 10. For each size, one run of 365
# days and one of 1 day; their difference over 364 days is the time per day
# without graph building, the initial draw or the results file.
#
#   bench/community_fixed_size.sh [SIZES...]   (default: 100000 1000000 10000000)
#   THREADS=1 bench/community_fixed_size.sh    (default: 2)
#   COMMSIM=/other/build/cli/commsim bench/...  (another build, for before/after)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${COMMSIM:-}" ]; then
  [ -x build/release/cli/commsim ] || scripts/setup release >/dev/null
fi
exe=${COMMSIM:-build/release/cli/commsim}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000 10000000)
threads=${THREADS:-2}
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
  graph: {kind: barabasi_albert, mean_degree: 10}
community:
  groups: 20
  capacity: 500
  clone_when_full: false
  seed_members: 2000
  activities:
    - {type: lottery, every_days: 7}
    - {type: group_buy, every_days: 14}
YAML
    /usr/bin/time -f '%e %U %S %M' -o "$work/time.$days" \
      "$exe" run "$work/fixed.yaml" -o "$work/out.$days.h5" --overwrite -q --threads "$threads" \
      >/dev/null
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
