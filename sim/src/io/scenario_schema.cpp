// The engine's scenario keys, declared once. Models add their own section
// (named after the model), their behaviour constants and their population
// keys; graph kinds add theirs (graph_catalog.hpp).
#include "commsim/io/graph_catalog.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "engine_keys.hpp"

namespace commsim {

const ParamBinder<Scenario>& scenario_keys() {
  static const auto keys =
      ParamBinder<Scenario>{}
          .text("name", &Scenario::name, std::string(),
                "Short name of the experiment; defaults to the file name.")
          .text("description", &Scenario::description, std::string(),
                "The question the scenario asks, in a sentence or two.")
          .integer("seed", &Scenario::seed, std::nullopt, Range::closed(0, 9007199254740991.0),
                   "Seed of every random draw; each run's seed is derived from it by hashing "
                   "(at most 2^53 - 1, so that every seed survives a round trip through JSON "
                   "and Python floats).")
          .integer("days", &Scenario::days, std::nullopt, Range::closed(1, 1000000),
                   "Simulated days per run.")
          .integer("replicates", &Scenario::replicates, 1, Range::closed(1, 1000000),
                   "Runs of each design point, each with its own seed; or `auto`: rounds of "
                   "replicates (replicates_auto) until the objective's answer is settled.");
  return keys;
}

const ParamBinder<ReplicateRounds>& rounds_keys() {
  static const auto keys =
      ParamBinder<ReplicateRounds>{}
          .integer("min", &ReplicateRounds::min, 5, Range::closed(2, 1000000),
                   "With `replicates: auto`: replicates of every design point in the first "
                   "round.")
          .integer("step", &ReplicateRounds::step, 5, Range::closed(1, 1000000),
                   "With `replicates: auto`: replicates added to every design point in each "
                   "further round.")
          .integer("max", &ReplicateRounds::max, 50, Range::closed(2, 1000000),
                   "With `replicates: auto`: the cap, reached when the answer does not settle.");
  return keys;
}

const ParamBinder<Scenario>& population_keys() {
  // Not required: graphs read from a file know their size (0 stands for
  // "not given"; the loader requires it for generated graphs).
  static const auto keys = ParamBinder<Scenario>{}.integer(
      "size", &Scenario::population_size, 0, Range::closed(1, 2147483647.0),
      "Number of people (at most 2^31 - 1: person ids are 32-bit). Required for generated "
      "graphs; for a graph read from a file (edge_list, graphml, gml) it is the number of "
      "people the file names unless given.");
  return keys;
}

const ParamBinder<PeopleKeys>& people_keys() {
  static const auto keys =
      ParamBinder<PeopleKeys>{}
          .text("file", &PeopleKeys::file, std::string(),
                "A CSV file, relative to the scenario file, giving per person (by label) any "
                "of the model's person attributes (`commsim describe MODEL`); what it does not "
                "give is drawn. Empty: none.")
          .boolean("from_graph", &PeopleKeys::from_graph, false,
                   "Take person attributes from the graph file's node attributes (graphml, gml) "
                   "whose names are the model's person attributes; others are ignored.");
  return keys;
}

const ParamBinder<GraphSpec>& graph_keys() {
  static const auto keys = ParamBinder<GraphSpec>{}.boolean(
      "per_replicate", &GraphSpec::per_replicate, false,
      "Draw a fresh random graph for every replicate instead of sharing one per scenario.");
  return keys;
}

const ParamBinder<OutputKeys>& output_keys() {
  static const auto keys = ParamBinder<OutputKeys>{}.text(
      "agents", &OutputKeys::agents, std::string("none"),
      "Per-agent snapshots in /agents: none, final (the last day), or every_N_days "
      "(day 0, N, 2N, ... and the last day).");
  return keys;
}

namespace {

Section graph_section() {
  Section g;
  g.doc = "The social graph people live on (their contacts outside the community).";
  g.variant_key = "kind";
  std::vector<std::string> names;
  for (const GraphKind& kind : graph_kinds()) {
    names.push_back(kind.name);
    Section& variant = g.variants[kind.name];
    variant.doc = kind.doc;
    variant.params = kind.params;
  }
  g.params = {{"kind",
               ParamType::Choice,
               ParamValue{std::string("barabasi_albert")},
               {},
               names,
               "How the graph is made."}};
  const auto& shared = graph_keys().decls();
  g.params.insert(g.params.end(), shared.begin(), shared.end());
  return g;
}

}  // namespace

ParamDecl model_choice(ModelCatalog catalog) {
  std::vector<std::string> names;
  for (const auto& m : catalog) {
    names.push_back(m.name);
  }
  return {"model", ParamType::Choice, std::nullopt, {}, names, "Which model runs."};
}

Section engine_schema(ModelCatalog catalog) {
  Section root;
  root.doc = "A scenario: one experiment.";
  root.params = scenario_keys().decls();
  // `model` after name and description, as scenario files usually order them.
  root.params.insert(root.params.begin() + 2, model_choice(catalog));
  Section population = population_keys().section("The people and their contacts.");
  population.children["graph"] = graph_section();
  population.children["people"] =
      people_keys().section("Per-person attributes given instead of drawn (a people file).");
  root.children["population"] = std::move(population);
  root.children["output"] =
      output_keys().section("What goes into the results file beyond daily metrics and summaries.");
  root.children["replicates_auto"] = rounds_keys().section(
      "How `replicates: auto` adds replicates: rounds of every design point, deciding after "
      "each complete round.");
  return root;
}

Section scenario_schema(const ModelInfo& model, ModelCatalog catalog) {
  Section root = engine_schema(catalog);
  Section& population = root.children["population"];
  population.params.insert(population.params.end(), model.population.params.begin(),
                           model.population.params.end());
  population.children.insert(model.population.children.begin(), model.population.children.end());
  population.renamed.insert(model.population.renamed.begin(), model.population.renamed.end());
  root.children[model.name] = model.params;
  root.children["behaviour"] = model.behaviour;
  return root;
}

}  // namespace commsim
