// The layout of an experiment's results, declared once: which variables
// there are, in which group, along which named dimensions, of which type and
// shape, chunked how. The HDF5 writer creates exactly these datasets, the
// in-memory collector behind commsim.run allocates exactly these arrays, and
// the readers (C++ and Python) look them up by these names. The format is
// documented in docs/results-format.md.
//
//   /                 attributes describing the experiment; coordinates
//                     run, day, one per category axis, snapshot, agent
//   /runs/<column>    (run): point, design, replicate, seed, status,
//                     wall_seconds, error, then one column per swept key
//   /fixed_by_rule/<s> (run) the value a model's rule fixes summary s to,
//                     NaN where the run simulates it; long_name: the rule
//   /objective        attributes: what the strategist optimises
//   /timeseries/<m>   (run, day[, axis]) daily metrics
//   /summary/<s>      (run) end-of-run figures
//   /agents/<a>       (run, snapshot, agent) per-agent snapshots, when asked,
//                     and /agents/label (agent): each person's label
//   /design           how a sweep's points were made
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace commsim {

class Experiment;
struct MetricDecl;
struct SummaryDecl;
struct RunPlan;
struct SweptColumn;

namespace results {

inline constexpr const char* kFormat = "commsim-results";
// 2: design names (runs/design), /fixed_by_rule, /objective, status unneeded.
inline constexpr int kFormatVersion = 2;

inline constexpr const char* kRunsGroup = "runs";
inline constexpr const char* kTimeseriesGroup = "timeseries";
inline constexpr const char* kSummaryGroup = "summary";
inline constexpr const char* kAgentsGroup = "agents";
inline constexpr const char* kDesignGroup = "design";
inline constexpr const char* kFixedGroup = "fixed_by_rule";
inline constexpr const char* kObjectiveGroup = "objective";

inline constexpr const char* kRunDim = "run";
inline constexpr const char* kDayDim = "day";
inline constexpr const char* kSnapshotDim = "snapshot";
inline constexpr const char* kAgentDim = "agent";
// The dimensions of /design's sampling matrix (design points, parameters).
inline constexpr const char* kDesignPointDim = "design_point";
inline constexpr const char* kParameterDim = "parameter";
// Each person's label as the graph file names them (the index for generated
// graphs): /agents/label along `agent`, a coordinate in xarray.
inline constexpr const char* kLabelVariable = "label";

// The run table's own columns, in this order; swept keys follow.
inline constexpr std::array<const char*, 7> kRunColumns{
    "point", "design", "replicate", "seed", "status", "wall_seconds", "error"};
// runs/status holds fixed-length text of this many bytes (rewritten once
// per run, so that rewriting allocates nothing in the file).
inline constexpr std::size_t kStatusBytes = 8;

}  // namespace results

enum class ValueType { Float64, Int64, UInt64, Int32, UInt32, UInt8, Text, Status };

using LayoutValues = std::variant<std::monostate, std::vector<double>, std::vector<std::int64_t>,
                                  std::vector<std::uint64_t>, std::vector<std::int32_t>,
                                  std::vector<std::uint32_t>, std::vector<std::string>>;

// One variable (an HDF5 dataset; a NumPy array or xarray variable in Python).
struct Variable {
  std::string group;  // empty: the root (coordinates)
  std::string name;
  std::vector<std::string> dims;  // named dimensions, outermost first
  std::vector<std::size_t> shape;
  ValueType type = ValueType::Float64;
  std::string units;
  std::string long_name;
  // Values known before any run (coordinates, the plan's run-table
  // columns); monostate for what runs fill in (NaN, "pending" or empty
  // until then).
  LayoutValues values;
  // Chunk shape; empty: contiguous. Per-run tables hold one run per chunk,
  // so that writing a run touches only its own chunks.
  std::vector<std::size_t> chunk;
};

struct ResultsLayout {
  std::size_t runs = 0;
  std::size_t days = 0;       // rows per daily series: the horizon + 1 (day 0)
  std::size_t snapshots = 0;  // 0: no /agents
  std::size_t people = 0;
  std::vector<Variable> coordinates;  // dimension scales at the root
  std::vector<Variable> run_table;    // /runs, the fixed columns then the swept ones
  std::vector<Variable> timeseries;   // /timeseries, in the model's metric order
  std::vector<Variable> summaries;    // /summary, in the model's summary order
  // /fixed_by_rule: one per summary the model declares a rule for (known
  // before any run: the rule's value where it applies, NaN elsewhere).
  std::vector<Variable> fixed;
  // Attributes of /objective, as text (docs/results-format.md): name,
  // direction, parts and explain (one summary a line, parts signed),
  // constraints (one a line, "retention_90 >= 0.5"), confidence, recorded,
  // origin, replicates ("10", or "auto: min 5, step 5, max 50"). Empty
  // without an objective.
  std::vector<std::pair<std::string, std::string>> objective;
  // /agents variables known before any run (with snapshots): label (agent),
  // whole numbers when every label is one, else text.
  std::vector<Variable> agent_table;

  // The /agents variable of a population column (known once a run brings
  // its snapshots): (run, snapshot, agent), one snapshot of up to 65,536
  // people per chunk.
  [[nodiscard]] Variable agent_variable(const std::string& name, const std::string& doc,
                                        ValueType type) const;
};

// With snapshots, /agents/label holds each person's label (the graph's).
ResultsLayout results_layout(const Experiment& experiment);

struct Scenario;
// The /objective attributes of a scenario (ResultsLayout::objective).
std::vector<std::pair<std::string, std::string>> objective_attributes(const Scenario& s);

// The same from its parts, for results that no experiment produced (an
// observed community: one run, the metrics it was measured by); no labels.
ResultsLayout results_layout(const std::vector<MetricDecl>& metrics,
                             const std::vector<SummaryDecl>& summaries,
                             const std::vector<RunPlan>& plans, std::uint32_t horizon,
                             const std::vector<std::uint32_t>& snapshot_days, std::size_t people,
                             std::vector<SweptColumn> swept, std::vector<std::string> design = {});

}  // namespace commsim
