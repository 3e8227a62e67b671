// A scenario as typed, validated structs: what sim/io's loader produces from
// a YAML file and what the runner consumes. Every field here has passed
// validation; nothing downstream re-checks user input.
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "commsim/calibrate/abc_smc.hpp"
#include "commsim/graph.hpp"
#include "commsim/graph_kinds.hpp"
#include "commsim/objective.hpp"
#include "commsim/params.hpp"
#include "commsim/people.hpp"

namespace commsim {

// The social graph a scenario asks for: its kind's declaration and the
// kind's own keys (population.graph.*), validated, defaults filled in.
struct GraphSpec {
  const GraphKind* kind = nullptr;  // one of the loader's catalogue (static storage)
  ParamValues params;
  bool per_replicate = false;  // draw a fresh graph for every replicate
  // Kinds read from a file: the graph as read while validating (shared by
  // every design point and run that reads the same file the same way).
  std::shared_ptr<const LoadedGraph> loaded;
};

// How a sweep's points were made, kept for the results file and for
// sensitivity estimators (which need to know which points pair up).
struct DesignInfo {
  std::string method;                   // empty (no sweep), grid, zip, points,
                                        // latin_hypercube, sobol or morris
  std::vector<std::string> parameters;  // the swept key paths, in order
  // Sampling designs: each point's coordinates in the unit cube, one per
  // parameter, before ranges turned them into values.
  std::vector<std::vector<double>> unit;
  std::vector<int> changed_axis;  // morris: the parameter each step moved; -1 at a start
  std::size_t base_points = 0;    // the `points` asked for (sobol: N; morris: trajectories)
  // Every point's replicate r uses the same seed (that of point 0), so that
  // points differ only in their parameters: common random numbers.
  bool common_random_numbers = false;
  // Posterior draws (sweep.posterior, alone or crossed): the posterior file
  // they came from, an input of the experiment (never its output).
  std::filesystem::path posterior_file;
};

// One quantity a calibration compares with an observation: a summary, or a
// daily metric (one category of it when it has a category axis) on some or
// all days.
struct CalibrationTarget {
  std::string name;                 // label in messages and the posterior file: metric[category]
  std::string metric;               // a daily metric or an end-of-run summary of the model
  bool summary = false;             // true: an end-of-run summary (one value)
  std::size_t category = 0;         // index along the metric's category axis
  std::string category_label;       // its label (empty: no category axis)
  std::vector<std::uint32_t> days;  // daily metrics: the days compared, in order
  std::vector<double> observed;     // one per day (or one for a summary); NaN: missing
  // The results file the observed values were read from (empty: given in
  // the scenario), an input of the calibration (never its output).
  std::filesystem::path observed_file;
  double weight = 1.0;
};

// A scenario's `calibrate:` section, validated: which parameters to fit
// (key paths with their priors), against which targets, and how the
// ABC-SMC sampler runs (calibrate/abc_smc.hpp; docs/calibration.md).
struct CalibrationSpec {
  std::vector<std::string> paths;        // the fitted key paths, in order
  std::vector<ParamType> types;          // their declared types: Real, Int or Choice
  std::vector<calibrate::Prior> priors;  // one per path, named by its path
  std::vector<CalibrationTarget> targets;
  calibrate::AbcSmcSettings settings;  // seed: derived from the scenario's
};

// `replicates: auto`: run the design points in rounds of replicates (min,
// then step more at a time, up to max) and stop after the first complete
// round at which the objective's answer is settled (objective.hpp). The
// experiment's plans cover max replicates; runs never needed end `unneeded`.
struct ReplicateRounds {
  bool enabled = false;
  std::uint32_t min = 5;
  std::uint32_t step = 5;
  std::uint32_t max = 50;
  // The replicate count after each round: min, min + step, ..., max.
  [[nodiscard]] std::vector<std::uint32_t> ends() const {
    std::vector<std::uint32_t> out;
    for (std::uint32_t end = std::min(min, max); end < max; end += std::max(step, 1U)) {
      out.push_back(end);
    }
    out.push_back(max);
    return out;
  }
};

struct Scenario {
  std::string name;
  std::string description;
  std::string model;
  std::uint64_t seed = 0;
  std::uint32_t days = 0;
  std::uint32_t replicates = 1;  // with `replicates: auto`, the cap (rounds.max)
  ReplicateRounds rounds;
  VertexIndex population_size = 0;
  GraphSpec graph;
  ParamValues values;  // every validated key, by dotted path, defaults filled in
  // Days whose end-of-day agent attributes go to /agents (output.agents);
  // empty for none.
  std::vector<std::uint32_t> snapshot_days;

  std::filesystem::path source_path;   // the YAML file
  std::string source_text;             // its text as read
  std::vector<std::string> overrides;  // "path=value", in the order given
  std::string effective_text;          // the document after overrides, as YAML (sweep included;
                                       // empty in design points)
  // Settings that are valid but most likely not what was meant (a paid
  // policy with no fee, an activity that starts after the horizon) or that
  // changed something (duplicate edges merged, self-loops dropped), each
  // located like an error or naming its file; printed by the commands and
  // recorded in the results file. For a sweep: those of its design points.
  std::vector<std::string> warnings;
  // Per-person values from population.people (a CSV file or the graph
  // file's node attributes), validated; null when none are given.
  std::shared_ptr<const PeopleTable> people;

  // A sweep: one fully validated scenario per design point (empty without a
  // sweep, when the scenario itself is the only point), what each point set
  // (key path, value as YAML flow text), and how the design was made.
  std::vector<Scenario> points;
  std::vector<std::pair<std::string, std::string>> swept;
  DesignInfo design;
  // The design point's name: given (`name:` in a point), or made from what
  // the point sets ("policy=paid, fee=99"); the scenario's name without a sweep.
  std::string design_name;

  // What the strategist optimises: the scenario's `objective:` section, else
  // the model's default (empty name: none).
  Objective objective;

  // A calibration (the `calibrate:` section); absent when the scenario has none.
  std::optional<CalibrationSpec> calibration;

  // What the graph's checks and builder need besides its own keys.
  [[nodiscard]] GraphContext graph_context() const {
    return {population_size, source_path.parent_path()};
  }
  // Each person's label: as the graph file names them, else the index.
  [[nodiscard]] std::vector<std::string> labels() const {
    return graph.loaded ? graph.loaded->labels : index_labels(population_size);
  }
  // Whether every label is a whole number (always, without a file).
  [[nodiscard]] bool integer_labels() const {
    return !graph.loaded || graph.loaded->integer_labels;
  }
  [[nodiscard]] std::size_t point_count() const { return points.empty() ? 1 : points.size(); }
  [[nodiscard]] const Scenario& point(std::size_t p) const {
    return points.empty() ? *this : points.at(p);
  }
};

}  // namespace commsim
