// The generated graph kinds: one declaration each, next to nothing else.
#include "commsim/graph_kinds.hpp"

#include "commsim/graph_generators.hpp"

namespace commsim {
namespace {

ParamDecl decl(std::string name, ParamType type, ParamValue def, Range range, std::string doc) {
  return {std::move(name), type, std::move(def), range, {}, std::move(doc)};
}

// n k / 2 edges for a mean degree k.
double half_degree_edges(const ParamValues& params, const GraphContext& context) {
  const ParamValue& k = params.at("mean_degree");
  const double degree = std::holds_alternative<double>(k)
                            ? std::get<double>(k)
                            : static_cast<double>(std::get<std::int64_t>(k));
  return static_cast<double>(context.people) * degree / 2;
}

std::vector<GraphProblem> no_problems(const ParamValues& /*params*/,
                                      const GraphContext& /*context*/) {
  return {};
}

// Even mean degrees below the population size, for the lattice-based and
// preferential-attachment kinds.
std::vector<GraphProblem> even_degree_below_size(const ParamValues& params,
                                                 const GraphContext& context) {
  const std::int64_t k = params.get_int("mean_degree");
  if (k % 2 != 0) {
    return {{"mean_degree", "must be even, found " + std::to_string(k)}};
  }
  if (k >= static_cast<std::int64_t>(context.people)) {
    return {
        {"mean_degree", "must be below population.size (" + std::to_string(context.people) + ")"}};
  }
  return {};
}

GraphKind complete() {
  GraphKind k;
  k.name = "complete";
  k.doc = "Complete mixing: everyone is a contact of everyone (no edges stored).";
  k.random = false;
  k.complete_mixing = true;
  k.check = no_problems;
  k.expected_edges = [](const ParamValues&, const GraphContext&) { return 0.0; };
  k.build = [](const ParamValues&, const GraphContext& c, std::uint64_t) {
    return Graph::complete(c.people);
  };
  return k;
}

GraphKind erdos_renyi_kind() {
  GraphKind k;
  k.name = "erdos_renyi";
  k.doc = "Erdős–Rényi G(n, p): every pair linked independently.";
  k.params = {decl("mean_degree", ParamType::Real, 10.0, Range::at_least(0),
                   "Expected contacts per person; edge probability mean_degree / (size - 1).")};
  k.check = [](const ParamValues& p, const GraphContext& c) -> std::vector<GraphProblem> {
    const double most = static_cast<double>(c.people) - 1;
    if (p.get_real("mean_degree") > most) {
      return {{"mean_degree", "must be at most population.size - 1 = " + format_value(most)}};
    }
    return {};
  };
  k.expected_edges = half_degree_edges;
  k.build = [](const ParamValues& p, const GraphContext& c, std::uint64_t seed) {
    return erdos_renyi(c.people, p.get_real("mean_degree"), seed);
  };
  return k;
}

GraphKind watts_strogatz_kind() {
  GraphKind k;
  k.name = "watts_strogatz";
  k.doc = "Watts–Strogatz small world: a ring lattice with rewired edges.";
  k.params = {
      decl("mean_degree", ParamType::Int, std::int64_t{10}, Range::at_least(2),
           "Contacts per person in the ring lattice before rewiring; even."),
      decl("rewire", ParamType::Real, 0.1, Range::closed(0, 1),
           "Probability that each lattice edge is rewired to a random person."),
  };
  k.check = even_degree_below_size;
  k.expected_edges = half_degree_edges;
  k.build = [](const ParamValues& p, const GraphContext& c, std::uint64_t seed) {
    return watts_strogatz(c.people, static_cast<std::uint32_t>(p.get_int("mean_degree")),
                          p.get_real("rewire"), seed);
  };
  return k;
}

GraphKind barabasi_albert_kind() {
  GraphKind k;
  k.name = "barabasi_albert";
  k.doc = "Barabási–Albert preferential attachment: a scale-free degree distribution.";
  k.params = {decl("mean_degree", ParamType::Int, std::int64_t{10}, Range::at_least(2),
                   "Mean contacts per person; even: each newcomer links to mean_degree / 2 "
                   "people.")};
  k.check = even_degree_below_size;
  k.expected_edges = half_degree_edges;
  k.build = [](const ParamValues& p, const GraphContext& c, std::uint64_t seed) {
    return barabasi_albert(c.people, static_cast<std::uint32_t>(p.get_int("mean_degree")), seed);
  };
  return k;
}

GraphKind stochastic_block_kind() {
  GraphKind k;
  k.name = "stochastic_block";
  k.doc = "Stochastic block model: denser links inside blocks than between them.";
  k.params = {
      decl("blocks", ParamType::Int, std::int64_t{2}, Range::at_least(1),
           "Number of equal blocks (ignored when sizes is given)."),
      decl("sizes", ParamType::IntList, std::vector<std::int64_t>{}, Range::at_least(1),
           "Block sizes; they must add up to population.size."),
      decl("p_in", ParamType::Real, 0.01, Range::closed(0, 1),
           "Edge probability between two people of the same block."),
      decl("p_out", ParamType::Real, 0.001, Range::closed(0, 1),
           "Edge probability between people of different blocks."),
  };
  k.check = [](const ParamValues& p, const GraphContext& c) -> std::vector<GraphProblem> {
    const auto& sizes = p.get_int_list("sizes");
    if (!sizes.empty()) {
      std::int64_t total = 0;
      for (const std::int64_t b : sizes) {
        total += b;
      }
      if (total != static_cast<std::int64_t>(c.people)) {
        return {{"sizes", "block sizes add up to " + std::to_string(total) +
                              ", but population.size is " + std::to_string(c.people)}};
      }
    } else if (p.get_int("blocks") > static_cast<std::int64_t>(c.people)) {
      return {{"blocks", "more blocks than people"}};
    }
    return {};
  };
  k.expected_edges = [](const ParamValues& p, const GraphContext& c) {
    double inside = 0;
    for (const VertexIndex b : block_sizes(p, c.people)) {
      inside += static_cast<double>(b) * (static_cast<double>(b) - 1) / 2;
    }
    const double n = c.people;
    const double pairs = n * (n - 1) / 2;
    return p.get_real("p_in") * inside + p.get_real("p_out") * (pairs - inside);
  };
  k.build = [](const ParamValues& p, const GraphContext& c, std::uint64_t seed) {
    return stochastic_block(block_sizes(p, c.people), p.get_real("p_in"), p.get_real("p_out"),
                            seed);
  };
  return k;
}

}  // namespace

std::vector<std::string> index_labels(VertexIndex people) {
  std::vector<std::string> labels(people);
  for (VertexIndex v = 0; v < people; ++v) {
    labels[v] = std::to_string(v);
  }
  return labels;
}

std::vector<VertexIndex> block_sizes(const ParamValues& params, VertexIndex people) {
  std::vector<VertexIndex> out;
  const auto& sizes = params.get_int_list("sizes");
  if (!sizes.empty()) {
    for (const std::int64_t b : sizes) {
      out.push_back(static_cast<VertexIndex>(b));
    }
    return out;
  }
  const auto blocks = static_cast<VertexIndex>(params.get_int("blocks"));
  for (VertexIndex b = 0; b < blocks; ++b) {
    out.push_back(people / blocks + (b < people % blocks ? 1 : 0));
  }
  return out;
}

std::vector<GraphKind> generated_graph_kinds() {
  return {complete(), erdos_renyi_kind(), watts_strogatz_kind(), barabasi_albert_kind(),
          stochastic_block_kind()};
}

}  // namespace commsim
