// Random graph generators. Every generator draws from its own Philox stream
// keyed by the graph seed, so a graph is a pure function of (spec, seed).
// Costs are linear in vertices + edges.
#pragma once

#include <cstdint>
#include <vector>

#include "commsim/graph.hpp"

namespace commsim {

// G(n, p) with p = mean_degree / (n - 1), by geometric skipping over the
// n(n-1)/2 candidate pairs (Batagelj and Brandes 2005). O(n + m).
Graph erdos_renyi(VertexIndex n, double mean_degree, std::uint64_t seed);

// Ring lattice with mean_degree/2 neighbours on each side (mean_degree even),
// each edge's far end rewired with probability rewire to a uniformly chosen
// vertex, avoiding self-loops and duplicates (Watts and Strogatz 1998).
Graph watts_strogatz(VertexIndex n, std::uint32_t mean_degree, double rewire, std::uint64_t seed);

// Preferential attachment: each new vertex links to m = mean_degree/2 distinct
// existing vertices chosen proportionally to degree (Barabasi and Albert
// 1999), seeded with a clique of m + 1 vertices. Linear time through the
// repeated-endpoint list (Batagelj and Brandes 2005).
Graph barabasi_albert(VertexIndex n, std::uint32_t mean_degree, std::uint64_t seed);

// Stochastic block model: consecutive blocks of the given sizes; pairs inside a
// block link with p_in, across blocks with p_out (Holland et al. 1983).
Graph stochastic_block(const std::vector<VertexIndex>& block_sizes, double p_in, double p_out,
                       std::uint64_t seed);

}  // namespace commsim
