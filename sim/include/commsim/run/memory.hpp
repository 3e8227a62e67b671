// The memory an experiment needs, estimated from its validated scenario
// before anything is allocated, against the memory this process may use:
// an experiment that cannot fit is refused with its sizes and the estimate,
// instead of ending in std::bad_alloc part-way (or being killed).
//
// The estimate is rough on purpose (within a small factor): the run table
// (plans, statuses, swept columns: per run), the shared graphs (rows and
// edges: per graph), each run's own state (the model's declared bytes per
// person, the recorder's daily series, snapshots, a per-replicate graph)
// times the runs that execute at once, and, for results kept in memory
// (Python's commsim.run), every run's series.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "commsim/model.hpp"
#include "commsim/scenario.hpp"

namespace commsim {

struct MemoryEstimate {
  double run_table = 0;  // bytes for the plans and the run table
  double graphs = 0;     // bytes for the graphs shared by the runs
  double per_run = 0;    // bytes one run needs while it executes
  std::size_t runs_at_once = 1;
  double collected = 0;  // bytes of results kept in memory

  [[nodiscard]] double total() const {
    return run_table + graphs + per_run * static_cast<double>(runs_at_once) + collected;
  }
};

// The runs of a scenario (points x replicates), without planning them.
[[nodiscard]] std::size_t run_count(const Scenario& scenario);

[[nodiscard]] MemoryEstimate estimate_memory(const Scenario& scenario, const ModelInfo& model,
                                             std::size_t runs_at_once, bool collect_results);

// The bytes this process may use: the least of the physical memory, the
// cgroup's limit and the address-space limit; nullopt when none is known.
[[nodiscard]] std::optional<double> memory_limit();

// Raises InputError when the estimate exceeds memory_limit(), naming the
// population, the runs, the estimate and the limit.
void check_memory(const Scenario& scenario, const ModelInfo& model, std::size_t runs_at_once,
                  bool collect_results);

// "412 GB", "3.1 MB".
[[nodiscard]] std::string format_bytes(double bytes);

}  // namespace commsim
