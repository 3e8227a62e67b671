#include "commsim/schedule.hpp"

#include "commsim/parallel.hpp"

namespace commsim {

void run_day(const Schedule& schedule, const RunRng& rng, Day day, std::uint32_t num_agents,
             std::uint32_t grain) {
  const auto phases = static_cast<std::uint32_t>(schedule.phases.size());
  for (std::uint32_t sub = 0; sub < schedule.substeps_per_day; ++sub) {
    for (std::uint32_t i = 0; i < phases; ++i) {
      const Phase& phase = schedule.phases[i];
      const std::uint32_t counter = 1 + sub * phases + i;
      if (phase.kind == PhaseKind::Serial) {
        phase.body(PhaseStep(rng, day, counter, sub, 0, num_agents));
        continue;
      }
      parallel_blocks(num_agents, grain, [&](std::uint32_t begin, std::uint32_t end) {
        phase.body(PhaseStep(rng, day, counter, sub, begin, end));
      });
    }
  }
}

}  // namespace commsim
