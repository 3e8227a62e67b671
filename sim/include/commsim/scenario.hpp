// A scenario as typed, validated structs: what sim/io's loader produces from
// a YAML file and what the runner consumes. Every field here has passed
// validation; nothing downstream re-checks user input.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "commsim/calibrate/abc_smc.hpp"
#include "commsim/graph.hpp"
#include "commsim/graph_kinds.hpp"
#include "commsim/params.hpp"

namespace commsim {

// The social graph a scenario asks for: its kind's declaration and the
// kind's own keys (population.graph.*), validated, defaults filled in.
struct GraphSpec {
  const GraphKind* kind = nullptr;  // one of the loader's catalogue (static storage)
  ParamValues params;
  bool per_replicate = false;  // draw a fresh graph for every replicate
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
};

// One quantity a calibration compares with an observation: a summary, or a
// daily metric (one category of it when it has a category axis) on some or
// all days.
struct CalibrationTarget {
  std::string name;      // label in messages and the posterior file: metric[category]
  std::string metric;    // a daily metric or an end-of-run summary of the model
  bool summary = false;  // true: an end-of-run summary (one value)
  std::size_t category = 0;       // index along the metric's category axis
  std::string category_label;     // its label (empty: no category axis)
  std::vector<std::uint32_t> days;  // daily metrics: the days compared, in order
  std::vector<double> observed;     // one per day (or one for a summary); NaN: missing
  double weight = 1.0;
};

// A scenario's `calibrate:` section, validated: which parameters to fit
// (key paths with their priors), against which targets, and how the
// ABC-SMC sampler runs (calibrate/abc_smc.hpp; docs/calibration.md).
struct CalibrationSpec {
  std::vector<std::string> paths;            // the fitted key paths, in order
  std::vector<ParamType> types;              // their declared types: Real, Int or Choice
  std::vector<calibrate::Prior> priors;      // one per path, named by its path
  std::vector<CalibrationTarget> targets;
  calibrate::AbcSmcSettings settings;        // seed: derived from the scenario's
};

struct Scenario {
  std::string name;
  std::string description;
  std::string model;
  std::uint64_t seed = 0;
  std::uint32_t days = 0;
  std::uint32_t replicates = 1;
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

  // A sweep: one fully validated scenario per design point (empty without a
  // sweep, when the scenario itself is the only point), what each point set
  // (key path, value as YAML flow text), and how the design was made.
  std::vector<Scenario> points;
  std::vector<std::pair<std::string, std::string>> swept;
  DesignInfo design;

  // A calibration (the `calibrate:` section); absent when the scenario has none.
  std::optional<CalibrationSpec> calibration;

  // What the graph's checks and builder need besides its own keys.
  [[nodiscard]] GraphContext graph_context() const {
    return {population_size, source_path.parent_path()};
  }
  [[nodiscard]] std::size_t point_count() const { return points.empty() ? 1 : points.size(); }
  [[nodiscard]] const Scenario& point(std::size_t p) const {
    return points.empty() ? *this : points.at(p);
  }
};

}  // namespace commsim
