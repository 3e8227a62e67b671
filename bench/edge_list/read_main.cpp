// Times one read of an edge list with this tree's reader (load_edge_list)
// and prints wall seconds, people, edges and the peak resident memory.
//   read_main FILE
#include <sys/resource.h>

#include <chrono>
#include <cstdio>

#include "commsim/io/edge_list.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s EDGE_LIST\n", argv[0]);
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  const commsim::LoadedGraph g = commsim::load_edge_list(argv[1], {});
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("after  %-40s %8.3f s  %9u people %10llu edges  peak RSS %6.0f MB\n", argv[1],
              took.count(), g.graph.num_vertices(),
              static_cast<unsigned long long>(g.graph.num_edges()),
              static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
