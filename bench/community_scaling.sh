#!/usr/bin/env bash
# The community model's cost as the population grows: one run of 365 days on
# a Barabasi-Albert graph (mean degree 10) for each size, with 1% of people
# seeded in groups of 100 so that members grow with the population too.
# Prints wall time (graph building and the results file included), peak
# memory (max RSS of the whole process) and time per (people + edges) x day.
#
#   bench/community_scaling.sh [SIZES...]     (default: 10000 100000 1000000)
#   THREADS=1 bench/community_scaling.sh      (default: every core)
#   COMMSIM=/other/build/cli/commsim bench/...  (another build, for before/after)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${COMMSIM:-}" ] || scripts/setup release >/dev/null
exe=${COMMSIM:-build/release/cli/commsim}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
threads=()
[ -z "${THREADS:-}" ] || threads=(--threads "$THREADS")
printf '%10s %10s %10s %12s %14s %10s\n' people edges wall_s peak_MiB "ns/(N+M)/day" members
for n in "${sizes[@]}"; do
  seeds=$((n / 100))
  groups=$((n / 10000 > 0 ? n / 10000 : 1))
  cat > "$work/scaling.yaml" <<YAML
model: community
seed: 1
days: 365
population:
  size: $n
  graph: {kind: barabasi_albert, mean_degree: 10}
community:
  groups: $groups
  seed_members: $seeds
  activities:
    - {type: lottery, every_days: 7}
    - {type: group_buy, every_days: 14}
YAML
  /usr/bin/time -f '%e %M' -o "$work/time" \
    "$exe" run "$work/scaling.yaml" -o "$work/out.h5" --overwrite -q "${threads[@]}" \
    >/dev/null
  read -r wall kib < "$work/time"
  edges=$((n * 5))
  members=$(/usr/bin/python3 -c "import h5py; print(int(h5py.File('$work/out.h5')['summary/members_final'][0]))")
  awk -v n="$n" -v m="$edges" -v w="$wall" -v k="$kib" -v mem="$members" 'BEGIN {
    printf "%10d %10d %10.2f %12.0f %14.1f %10d\n", n, m, w, k / 1024, w * 1e9 / ((n + m) * 365), mem }'
done
