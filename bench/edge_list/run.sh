#!/usr/bin/env bash
# Edge-list reading before and after issue 19, -O3, one process per read:
# builds both readers from source (before: main's reader at the commit given,
# default the parent of the first issue-19 commit), writes the lists once into
# FOLDER, and reads each three times, printing the load average around them.
#   bench/edge_list/run.sh [FOLDER] [BEFORE_COMMIT]
set -euo pipefail
cd "$(dirname "$0")/../.."
folder="${1:-build/bench-lists}"
before="${2:-f6004b4}"
work="build/bench-edge-list"
mkdir -p "$work/before/src/io" "$work/before/include/commsim/io"
for f in src/io/edge_list.cpp src/graph.cpp src/params.cpp include/commsim/io/edge_list.hpp \
         include/commsim/graph.hpp include/commsim/graph_kinds.hpp include/commsim/params.hpp; do
  git show "$before:sim/$f" > "$work/before/$f"
done
flags=(-std=c++20 -O3 -DNDEBUG -w)
g++ "${flags[@]}" -I"$work/before/include" -Isim/include -o "$work/read_before" \
  bench/edge_list/read_before.cpp "$work/before/src/io/edge_list.cpp" "$work/before/src/graph.cpp" \
  "$work/before/src/params.cpp"
g++ "${flags[@]}" -Isim/include -Isim/src/io -o "$work/read_after" bench/edge_list/read_main.cpp \
  sim/src/io/edge_list.cpp sim/src/io/graph_file.cpp sim/src/graph.cpp sim/src/params.cpp \
  sim/src/graph_kinds.cpp sim/src/graph_generators.cpp sim/src/distributions.cpp -lz
[ -f "$folder/str_1e7.txt.gz" ] || /usr/bin/python3 bench/edge_list/make_lists.py "$folder"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for rep in 1 2 3; do
  "$work/read_before" "$folder/ba_1e5.txt" 100000
  "$work/read_after" "$folder/ba_1e5.txt"
  "$work/read_before" "$folder/int_1e7.txt" 1000000
  "$work/read_after" "$folder/int_1e7.txt"
  "$work/read_after" "$folder/str_1e7.txt"
  "$work/read_after" "$folder/str_1e7.txt.gz"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
