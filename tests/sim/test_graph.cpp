#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "commsim/graph.hpp"
#include "commsim/graph_generators.hpp"

using namespace commsim;

namespace {

// Every row sorted, no self-loops, no duplicates, and u in N(v) iff v in N(u).
void require_simple_undirected(const Graph& g) {
  std::uint64_t entries = 0;
  for (VertexIndex v = 0; v < g.num_vertices(); ++v) {
    const auto row = g.neighbors(AgentId{v});
    entries += row.size();
    REQUIRE(std::is_sorted(row.begin(), row.end()));
    REQUIRE(std::adjacent_find(row.begin(), row.end()) == row.end());
    for (VertexIndex u : row) {
      REQUIRE(u != v);
      const auto back = g.neighbors(AgentId{u});
      REQUIRE(std::binary_search(back.begin(), back.end(), v));
    }
  }
  REQUIRE(entries == 2 * g.num_edges());
}

bool same_graph(const Graph& a, const Graph& b) {
  if (a.num_vertices() != b.num_vertices() || a.num_edges() != b.num_edges()) {
    return false;
  }
  for (VertexIndex v = 0; v < a.num_vertices(); ++v) {
    const auto ra = a.neighbors(AgentId{v});
    const auto rb = b.neighbors(AgentId{v});
    if (!std::equal(ra.begin(), ra.end(), rb.begin(), rb.end())) {
      return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("from_edges builds sorted symmetric rows", "[graph]") {
  const Graph g = Graph::from_edges(4, {{2, 0}, {0, 1}, {3, 0}});
  require_simple_undirected(g);
  CHECK(g.num_edges() == 3);
  CHECK(g.degree(AgentId{0}) == 3);
  CHECK(g.degree(AgentId{1}) == 1);
  const auto row = g.neighbors(AgentId{0});
  CHECK(std::vector<VertexIndex>(row.begin(), row.end()) == std::vector<VertexIndex>{1, 2, 3});
  CHECK(g.mean_degree() == Approx(1.5));
  CHECK(boost::num_vertices(g.csr()) == 4);
}

TEST_CASE("complete mixing stores no rows but reports degrees", "[graph]") {
  const Graph g = Graph::complete(100);
  CHECK(g.is_complete());
  CHECK(g.degree(AgentId{5}) == 99);
  CHECK(g.num_edges() == 4950);
  CHECK(g.neighbors(AgentId{5}).empty());
}

TEST_CASE("Erdos-Renyi has the requested mean degree", "[graph]") {
  const VertexIndex n = 20000;
  const Graph g = erdos_renyi(n, 8.0, 11);
  require_simple_undirected(g);
  // Edges ~ Binomial(n(n-1)/2, p): sd of the mean degree is about
  // sqrt(2 * 8 / n) = 0.028; allow 5 sd.
  CHECK(std::fabs(g.mean_degree() - 8.0) < 5 * std::sqrt(2 * 8.0 / n));
  CHECK(same_graph(g, erdos_renyi(n, 8.0, 11)));
  CHECK_FALSE(same_graph(g, erdos_renyi(n, 8.0, 12)));
  CHECK(erdos_renyi(50, 0.0, 1).num_edges() == 0);
  CHECK(erdos_renyi(50, 49.0, 1).num_edges() == 50 * 49 / 2);
}

TEST_CASE("Watts-Strogatz keeps its edge count and is a ring lattice without rewiring", "[graph]") {
  const Graph lattice = watts_strogatz(100, 6, 0.0, 3);
  require_simple_undirected(lattice);
  for (VertexIndex v = 0; v < 100; ++v) {
    REQUIRE(lattice.degree(AgentId{v}) == 6);
  }
  const auto row = lattice.neighbors(AgentId{0});
  CHECK(std::vector<VertexIndex>(row.begin(), row.end()) ==
        std::vector<VertexIndex>{1, 2, 3, 97, 98, 99});
  const Graph rewired = watts_strogatz(10000, 10, 0.2, 3);
  require_simple_undirected(rewired);
  CHECK(rewired.num_edges() == 50000);
  CHECK_FALSE(same_graph(rewired, watts_strogatz(10000, 10, 0.0, 3)));
}

TEST_CASE("Barabasi-Albert has m links per newcomer and heavy-tailed degrees", "[graph]") {
  const VertexIndex n = 20000;
  const std::uint32_t m = 5;
  const Graph g = barabasi_albert(n, 2 * m, 5);
  require_simple_undirected(g);
  CHECK(g.num_edges() == m * (m + 1) / 2 + (n - m - 1) * m);
  std::uint32_t min_degree = n;
  std::uint32_t max_degree = 0;
  for (VertexIndex v = 0; v < n; ++v) {
    min_degree = std::min(min_degree, g.degree(AgentId{v}));
    max_degree = std::max(max_degree, g.degree(AgentId{v}));
  }
  CHECK(min_degree == m);
  // The largest hub grows like m sqrt(n) (~700 here); a Poisson graph with
  // the same mean would top out near 25.
  CHECK(max_degree > 200);
  CHECK(same_graph(g, barabasi_albert(n, 2 * m, 5)));
}

TEST_CASE("stochastic block model has the requested densities inside and across blocks",
          "[graph]") {
  const std::vector<VertexIndex> sizes{1000, 1500};
  const double p_in = 0.01;
  const double p_out = 0.001;
  const Graph g = stochastic_block(sizes, p_in, p_out, 9);
  require_simple_undirected(g);
  double inside = 0;
  double across = 0;
  for (VertexIndex v = 0; v < 2500; ++v) {
    for (VertexIndex u : g.neighbors(AgentId{v})) {
      if (u < v) {
        ((u < 1000) == (v < 1000) ? inside : across) += 1;
      }
    }
  }
  const double pairs_in = 1000.0 * 999 / 2 + 1500.0 * 1499 / 2;
  const double pairs_out = 1000.0 * 1500;
  // Binomial counts: allow 5 standard deviations.
  CHECK(std::fabs(inside - pairs_in * p_in) < 5 * std::sqrt(pairs_in * p_in));
  CHECK(std::fabs(across - pairs_out * p_out) < 5 * std::sqrt(pairs_out * p_out));
}
