// A model's day as data: an ordered list of phases, each a loop over agents
// (run in parallel) or a serial step, with a barrier between phases. The
// engine can print the list (`commsim describe`) and runs it the same way for
// every model.
//
// Determinism: a per-agent phase may read any state as of the phase start but
// writes only its own agents' next state; its random draws come from the
// stream (run, day, phase counter, agent), so the result does not depend on
// how agents are split across threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "commsim/ids.hpp"
#include "commsim/rng.hpp"

namespace commsim {

enum class PhaseKind { PerAgent, Serial };

// What one call of a phase body sees: the agents [begin, end) it owns (the
// whole population for a serial phase) and the run's random streams.
class PhaseStep {
 public:
  PhaseStep(const RunRng& rng, Day day, std::uint32_t counter, std::uint32_t substep,
            std::uint32_t begin, std::uint32_t end)
      : rng_(&rng), day_(day), counter_(counter), substep_(substep), begin_(begin), end_(end) {}

  [[nodiscard]] Day day() const { return day_; }
  [[nodiscard]] std::uint32_t substep() const { return substep_; }
  [[nodiscard]] std::uint32_t begin() const { return begin_; }
  [[nodiscard]] std::uint32_t end() const { return end_; }
  // The stream that belongs to this day, phase and entity (agent, group, or 0
  // for a serial phase's own draws).
  [[nodiscard]] RandomStream stream(std::uint32_t entity) const {
    return rng_->stream(day_, counter_, entity);
  }
  // This day and phase's streams and shared blocks (for uniform01_each and
  // word_each).
  [[nodiscard]] PhaseRng rng() const { return rng_->phase(day_, counter_); }

 private:
  const RunRng* rng_;
  Day day_;
  std::uint32_t counter_;
  std::uint32_t substep_;
  std::uint32_t begin_;
  std::uint32_t end_;
};

struct Phase {
  std::string name;
  PhaseKind kind = PhaseKind::PerAgent;
  std::string doc;
  std::function<void(const PhaseStep&)> body;
};

struct Schedule {
  std::vector<Phase> phases;
  // The phase list runs this many times a day (a model's time step is
  // 1 / substeps_per_day days).
  std::uint32_t substeps_per_day = 1;
};

// Phase counter 0 is reserved for initialisation draws; day d's phases use
// counters 1 + substep * phases + index.
inline constexpr std::uint32_t kInitPhase = 0;

// Runs one day of the schedule over num_agents agents, in the current TBB
// arena. Agents are cut into blocks of grain; the cut does not affect results.
void run_day(const Schedule& schedule, const RunRng& rng, Day day, std::uint32_t num_agents,
             std::uint32_t grain = 1024);

}  // namespace commsim
