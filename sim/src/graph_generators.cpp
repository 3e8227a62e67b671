#include "commsim/graph_generators.hpp"

#include <unordered_set>

#include "commsim/distributions.hpp"

namespace commsim {
namespace {

using EdgeList = std::vector<std::pair<VertexIndex, VertexIndex>>;

// Each generator owns a phase number so that two generators never share a
// stream even under the same seed.
enum GeneratorPhase : std::uint32_t {
  kErdosRenyi = 1,
  kWattsStrogatz = 2,
  kBarabasiAlbert = 3,
  kStochasticBlock = 4,
};

std::uint64_t edge_key(VertexIndex u, VertexIndex v) {
  return u < v ? (std::uint64_t{u} << 32U) | v : (std::uint64_t{v} << 32U) | u;
}

// Calls emit(u, v) for each pair u > v of vertices [offset, offset + size)
// chosen independently with probability p, by skipping geometrically many
// pairs at a time over the lower triangle.
template <class Emit>
void sample_pairs_within(VertexIndex offset, VertexIndex size, double p, RandomStream& rng,
                         Emit&& emit) {
  if (p <= 0.0 || size < 2) {
    return;
  }
  std::uint64_t v = 1;
  std::uint64_t w = 0;
  w += geometric_failures(rng, p);
  while (v < size) {
    while (w >= v && v < size) {
      w -= v;
      ++v;
    }
    if (v < size) {
      emit(static_cast<VertexIndex>(offset + v), static_cast<VertexIndex>(offset + w));
      w += 1 + geometric_failures(rng, p);
    }
  }
}

// Calls emit(u, v) for each pair in [a0, a0 + na) x [b0, b0 + nb) chosen with
// probability p.
template <class Emit>
void sample_pairs_between(VertexIndex a0, VertexIndex na, VertexIndex b0, VertexIndex nb, double p,
                          RandomStream& rng, Emit&& emit) {
  if (p <= 0.0 || na == 0 || nb == 0) {
    return;
  }
  const std::uint64_t total = std::uint64_t{na} * nb;
  for (std::uint64_t idx = geometric_failures(rng, p); idx < total;
       idx += 1 + geometric_failures(rng, p)) {
    emit(static_cast<VertexIndex>(a0 + idx / nb), static_cast<VertexIndex>(b0 + idx % nb));
  }
}

}  // namespace

Graph erdos_renyi(VertexIndex n, double mean_degree, std::uint64_t seed) {
  RandomStream rng(seed, 0, kErdosRenyi, 0);
  EdgeList edges;
  const double p = n > 1 ? mean_degree / static_cast<double>(n - 1) : 0.0;
  edges.reserve(static_cast<std::size_t>(p * 0.5 * n * (n - 1.0) * 1.05) + 16);
  sample_pairs_within(0, n, p, rng,
                      [&](VertexIndex u, VertexIndex v) { edges.emplace_back(u, v); });
  return Graph::from_edges(n, edges);
}

Graph watts_strogatz(VertexIndex n, std::uint32_t mean_degree, double rewire, std::uint64_t seed) {
  RandomStream rng(seed, 0, kWattsStrogatz, 0);
  const std::uint32_t half = mean_degree / 2;
  EdgeList edges;
  edges.reserve(std::size_t{n} * half);
  std::unordered_set<std::uint64_t> present;
  present.reserve(std::size_t{n} * half * 2);
  for (std::uint32_t j = 1; j <= half; ++j) {
    for (VertexIndex i = 0; i < n; ++i) {
      const auto t = static_cast<VertexIndex>((i + j) % n);
      edges.emplace_back(i, t);
      present.insert(edge_key(i, t));
    }
  }
  // Rewire lap by lap (nearest neighbours first), as in the original paper.
  for (auto& [u, v] : edges) {
    if (!bernoulli(rng, rewire)) {
      continue;
    }
    // A vertex already linked to everyone keeps its edge; otherwise this loop
    // ends with probability >= 1/n per try.
    if (n < 2 || std::uint64_t{n} * (n - 1) / 2 <= present.size()) {
      break;
    }
    for (int attempt = 0; attempt < 64; ++attempt) {
      const VertexIndex w = uniform_index(rng, n);
      if (w != u && !present.contains(edge_key(u, w))) {
        present.erase(edge_key(u, v));
        present.insert(edge_key(u, w));
        v = w;
        break;
      }
    }
  }
  return Graph::from_edges(n, edges);
}

Graph barabasi_albert(VertexIndex n, std::uint32_t mean_degree, std::uint64_t seed) {
  RandomStream rng(seed, 0, kBarabasiAlbert, 0);
  const std::uint32_t m = mean_degree / 2;
  EdgeList edges;
  edges.reserve(std::size_t{n} * m);
  std::vector<VertexIndex> endpoints;  // each vertex once per incident edge
  endpoints.reserve(2 * std::size_t{n} * m);
  const VertexIndex clique = std::min<VertexIndex>(n, m + 1);
  for (VertexIndex u = 0; u < clique; ++u) {
    for (VertexIndex v = 0; v < u; ++v) {
      edges.emplace_back(u, v);
      endpoints.push_back(u);
      endpoints.push_back(v);
    }
  }
  std::vector<VertexIndex> chosen;
  for (VertexIndex v = clique; v < n; ++v) {
    chosen.clear();
    while (chosen.size() < m) {
      const VertexIndex t =
          endpoints[uniform_index(rng, static_cast<std::uint32_t>(endpoints.size()))];
      if (std::find(chosen.begin(), chosen.end(), t) == chosen.end()) {
        chosen.push_back(t);
      }
    }
    for (VertexIndex t : chosen) {
      edges.emplace_back(v, t);
      endpoints.push_back(v);
      endpoints.push_back(t);
    }
  }
  return Graph::from_edges(n, edges);
}

Graph stochastic_block(const std::vector<VertexIndex>& block_sizes, double p_in, double p_out,
                       std::uint64_t seed) {
  EdgeList edges;
  std::vector<VertexIndex> offsets{0};
  for (VertexIndex s : block_sizes) {
    offsets.push_back(offsets.back() + s);
  }
  const auto emit = [&](VertexIndex u, VertexIndex v) { edges.emplace_back(u, v); };
  const auto blocks = static_cast<std::uint32_t>(block_sizes.size());
  for (std::uint32_t a = 0; a < blocks; ++a) {
    // One stream per block row keeps the blocks independent of each other.
    RandomStream rng(seed, 0, kStochasticBlock, a);
    sample_pairs_within(offsets[a], block_sizes[a], p_in, rng, emit);
    for (std::uint32_t b = a + 1; b < blocks; ++b) {
      sample_pairs_between(offsets[a], block_sizes[a], offsets[b], block_sizes[b], p_out, rng,
                           emit);
    }
  }
  return Graph::from_edges(offsets.back(), edges);
}

}  // namespace commsim
