// The engine's scenario keys, declared once. Models add their own section
// (named after the model) and their behaviour constants.
#include "commsim/io/scenario_loader.hpp"

namespace commsim {
namespace {

ParamDecl decl(std::string name, ParamType type, std::optional<ParamValue> def, Range range,
               std::string doc, std::vector<std::string> choices = {}) {
  return {std::move(name), type, std::move(def), range, std::move(choices), std::move(doc)};
}

Section graph_section() {
  Section g;
  g.doc = "The social graph people live on (their contacts outside the community).";
  g.variant_key = "kind";
  g.params = {
      decl("kind", ParamType::Choice, ParamValue{std::string("barabasi_albert")}, {},
           "How the graph is made.",
           {"complete", "erdos_renyi", "watts_strogatz", "barabasi_albert", "stochastic_block",
            "edge_list"}),
      decl("per_replicate", ParamType::Bool, ParamValue{false}, {},
           "Draw a fresh random graph for every replicate instead of sharing one per scenario."),
  };
  g.variants["complete"].doc =
      "Complete mixing: everyone is a contact of everyone (no edges stored).";
  g.variants["erdos_renyi"].params = {
      decl("mean_degree", ParamType::Real, ParamValue{10.0}, Range::at_least(0),
           "Expected contacts per person; edge probability mean_degree / (size - 1)."),
  };
  g.variants["watts_strogatz"].params = {
      decl("mean_degree", ParamType::Int, ParamValue{std::int64_t{10}}, Range::at_least(2),
           "Contacts per person in the ring lattice before rewiring; even."),
      decl("rewire", ParamType::Real, ParamValue{0.1}, Range::closed(0, 1),
           "Probability that each lattice edge is rewired to a random person."),
  };
  g.variants["barabasi_albert"].params = {
      decl("mean_degree", ParamType::Int, ParamValue{std::int64_t{10}}, Range::at_least(2),
           "Mean contacts per person; even: each newcomer links to mean_degree / 2 people."),
  };
  g.variants["stochastic_block"].params = {
      decl("blocks", ParamType::Int, ParamValue{std::int64_t{2}}, Range::at_least(1),
           "Number of equal blocks (ignored when sizes is given)."),
      decl("sizes", ParamType::IntList, ParamValue{std::vector<std::int64_t>{}}, Range::at_least(1),
           "Block sizes; they must add up to population.size."),
      decl("p_in", ParamType::Real, ParamValue{0.01}, Range::closed(0, 1),
           "Edge probability between two people of the same block."),
      decl("p_out", ParamType::Real, ParamValue{0.001}, Range::closed(0, 1),
           "Edge probability between people of different blocks."),
  };
  g.variants["edge_list"].params = {
      decl("path", ParamType::String, std::nullopt, {},
           "Edge list file, relative to the scenario file: one `u v` pair per line, `#` comments."),
  };
  return g;
}

}  // namespace

ParamDecl model_choice(ModelCatalog catalog) {
  std::vector<std::string> names;
  for (const auto& m : catalog) {
    names.push_back(m.name);
  }
  return decl("model", ParamType::Choice, std::nullopt, {}, "Which model runs.", names);
}

Section scenario_schema(const ModelInfo& model, ModelCatalog catalog) {
  Section root;
  root.doc = "A scenario: one experiment.";
  root.params = {
      decl("name", ParamType::String, ParamValue{std::string()}, {},
           "Short name of the experiment; defaults to the file name."),
      decl("description", ParamType::String, ParamValue{std::string()}, {},
           "The question the scenario asks, in a sentence or two."),
      model_choice(catalog),
      decl("seed", ParamType::Int, std::nullopt, Range::closed(0, 9007199254740991.0),
           "Seed of every random draw; each run's seed is derived from it by hashing."),
      decl("days", ParamType::Int, std::nullopt, Range::closed(1, 1000000),
           "Simulated days per run."),
      decl("replicates", ParamType::Int, ParamValue{std::int64_t{1}}, Range::closed(1, 1000000),
           "Independent runs with different seeds."),
  };
  Section population;
  population.doc = "The people and their contacts.";
  population.params = {
      decl("size", ParamType::Int, std::nullopt, Range::closed(1, 2147483647.0),
           "Number of people."),
  };
  population.children["graph"] = graph_section();
  population.params.insert(population.params.end(), model.population.params.begin(),
                           model.population.params.end());
  population.children.insert(model.population.children.begin(), model.population.children.end());
  root.children["population"] = std::move(population);
  root.children[model.name] = model.params;
  root.children["behaviour"] = model.behaviour;
  Section output;
  output.doc = "What goes into the results file beyond daily metrics and summaries.";
  output.params = {
      decl("agents", ParamType::String, ParamValue{std::string("none")}, {},
           "Per-agent snapshots in /agents: none, final (the last day), or every_N_days "
           "(day 0, N, 2N, ... and the last day)."),
  };
  root.children["output"] = std::move(output);
  return root;
}

}  // namespace commsim
