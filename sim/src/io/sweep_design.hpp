// Reads a scenario's `sweep:` section into design points: each point a list
// of overrides of the base document, with origins pointing at the sweep
// entry that produced them. Internal to sim/io.
//
//   sweep:
//     grid:   {path: [v1, v2, ...], path2: [...]}     Cartesian product, first key slowest
//     zip:    {path: [v1, v2], path2: [w1, w2]}       advanced together
//     points: [{path: v, path2: w}, ...]              an explicit list
//     sample:                                          a sampling design
//       method: latin_hypercube | sobol | morris
//       points: N            # sobol: N (k + 2) runs; morris: N trajectories of k + 1
//       levels: 4            # morris grid levels (even)
//       ranges: {path: [lo, hi]                 # uniform
//                path: {log_uniform: [lo, hi]}
//                path: {integer: [lo, hi]}
//                path: {categorical: [a, b, c]}}
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "commsim/scenario.hpp"
#include "yaml_override.hpp"

namespace commsim {

struct SweepDesign {
  std::vector<std::vector<Override>> points;
  DesignInfo info;
};

// Raises ScenarioError naming file:line:column for a malformed sweep.
// `model` is the scenario's model (a posterior must have been fitted to it).
SweepDesign read_sweep(const YAML::Node& sweep, const std::string& file, std::uint64_t seed,
                       const std::string& model);

}  // namespace commsim
