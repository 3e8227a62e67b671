// A sweep's draws from a calibration's posterior:
//
//   sweep:
//     posterior: {file: posterior.h5, draws: 100}   # relative to the scenario file
//     grid: {community.entry.policy: [free, paid]}  # optional: designs x draws
//
// Draws are taken from the posterior file's last generation with
// probability proportional to the particles' weights (with replacement),
// from a stream of the scenario seed, and each becomes overrides of the
// fitted key paths. Internal to sim/io.
#pragma once

#include <cstdint>
#include <string>

#include "sweep_design.hpp"

namespace commsim {

// Raises ScenarioError naming file:line:column for a bad posterior section
// or file (missing, not a posterior, no completed generation).
// `model` is the scenario's: the posterior must have been fitted to it.
SweepDesign posterior_draws(const YAML::Node& node, const std::string& file, std::uint64_t seed,
                            const std::string& model);

// Every point of `designs` followed, in turn, by every draw of `draws`; a
// key both set (or a section holding a key the posterior draws) is refused
// at the posterior section `node`, since the draws would silently override
// the design.
SweepDesign cross(SweepDesign designs, const SweepDesign& draws, const std::string& file,
                  const YAML::Node& node);

}  // namespace commsim
