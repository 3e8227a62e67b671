// What one run is (its plan) and what it gives back (its result). A run is a
// pure function of (scenario, plan): its seed, its graph and its random
// streams all derive from the plan, so runs can execute in any order, on any
// thread or rank, and give the same results.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "commsim/population.hpp"
#include "commsim/recorder.hpp"

namespace commsim {

struct RunPlan {
  std::uint64_t run = 0;        // position in the results file: point-major
  std::uint64_t point = 0;      // design point (0 without a sweep)
  std::uint64_t replicate = 0;  // replicate within the point
  std::uint64_t seed = 0;       // derived by hashing (scenario seed, point, replicate)
};

// Unneeded: never run, because `replicates: auto` settled the answer before
// this run's round (scenario.hpp, ReplicateRounds).
enum class RunStatus : std::uint8_t { Pending = 0, Done = 1, Failed = 2, Unneeded = 3 };
std::string to_string(RunStatus status);

// Agent attributes at the scenario's snapshot days: for each state column of
// the model's population, the values of every agent, snapshot after snapshot.
struct AgentSnapshots {
  std::vector<std::string> names;
  std::vector<std::string> docs;
  std::vector<Population::Storage> values;  // column -> (snapshot, agent)
};

struct RunResult {
  RunPlan plan;
  RunStatus status = RunStatus::Pending;
  std::string error;  // why a failed run failed
  double wall_seconds = 0.0;
  // Of wall_seconds, what came before day 1: the graph (built or looked
  // up), the initial draw and day 0's record. wall_seconds - setup_seconds
  // is the days' cost (bench/, issue 18). Not written to results files.
  double setup_seconds = 0.0;
  RunSeries series;
  AgentSnapshots agents;
};

}  // namespace commsim
