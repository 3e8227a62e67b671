// The same timing with main's reader before issue 19 (read_edge_list over an
// istream: a vector of tokens per line, a hash table for duplicates); it
// takes whole-number ids 0 .. n-1 only, so it needs the population size.
//   read_before FILE N
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "commsim/io/edge_list.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s EDGE_LIST PEOPLE\n", argv[0]);
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  const commsim::Graph g =
      commsim::load_edge_list(argv[1], static_cast<commsim::VertexIndex>(std::stoul(argv[2])));
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("before %-40s %8.3f s  %9u people %10llu edges  peak RSS %6.0f MB\n", argv[1],
              took.count(), g.num_vertices(), static_cast<unsigned long long>(g.num_edges()),
              static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
