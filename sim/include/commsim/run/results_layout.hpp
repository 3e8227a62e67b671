// The layout of an experiment's results, declared once: which variables
// there are, in which group, along which named dimensions, of which type and
// shape, chunked how. The HDF5 writer creates exactly these datasets, the
// in-memory collector behind commsim.run allocates exactly these arrays, and
// the readers (C++ and Python) look them up by these names. The format is
// documented in docs/results-format.md.
//
//   /                 attributes describing the experiment; coordinates
//                     run, day, one per category axis, snapshot, agent
//   /runs/<column>    (run): point, replicate, seed, status, wall_seconds,
//                     error, then one column per swept key
//   /timeseries/<m>   (run, day[, axis]) daily metrics
//   /summary/<s>      (run) end-of-run figures
//   /agents/<a>       (run, snapshot, agent) per-agent snapshots, when asked
//   /design           how a sweep's points were made
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
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
inline constexpr int kFormatVersion = 1;

inline constexpr const char* kRunsGroup = "runs";
inline constexpr const char* kTimeseriesGroup = "timeseries";
inline constexpr const char* kSummaryGroup = "summary";
inline constexpr const char* kAgentsGroup = "agents";
inline constexpr const char* kDesignGroup = "design";

inline constexpr const char* kRunDim = "run";
inline constexpr const char* kDayDim = "day";
inline constexpr const char* kSnapshotDim = "snapshot";
inline constexpr const char* kAgentDim = "agent";

// The run table's own columns, in this order; swept keys follow.
inline constexpr std::array<const char*, 6> kRunColumns{"point",  "replicate",    "seed",
                                                        "status", "wall_seconds", "error"};
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

  // The /agents variable of a population column (known once a run brings
  // its snapshots): (run, snapshot, agent), one snapshot of up to 65,536
  // people per chunk.
  [[nodiscard]] Variable agent_variable(const std::string& name, const std::string& doc,
                                        ValueType type) const;
};

ResultsLayout results_layout(const Experiment& experiment);

// The same from its parts, for results that no experiment produced (an
// observed community: one run, the metrics it was measured by).
ResultsLayout results_layout(const std::vector<MetricDecl>& metrics,
                             const std::vector<SummaryDecl>& summaries,
                             const std::vector<RunPlan>& plans, std::uint32_t horizon,
                             const std::vector<std::uint32_t>& snapshot_days, std::size_t people,
                             std::vector<SweptColumn> swept);

}  // namespace commsim
