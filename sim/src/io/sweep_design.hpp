// Reads a scenario's `sweep:` section into design points: each point a list
// of overrides of the base document, with origins pointing at the sweep
// entry that produced them. Internal to sim/io.
//
//   sweep:
//     grid:   {path: [v1, v2, ...], path2: [...]}     Cartesian product, first key slowest
//     zip:    {path: [v1, v2], path2: [w1, w2]}       advanced together
//             (an axis may name its values: path: {values: [v1, v2], names: [a, b]})
//     points: [{name: a, path: v, path2: w}, ...]     an explicit list, each optionally named
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
  // Per point: the name each override's value was given (grid and zip axes
  // with names:), empty where none.
  std::vector<std::vector<std::string>> labels;
  // Per point: its name, given (points' name:) or made from what it sets
  // ("policy=paid, fee=99"); unique.
  std::vector<std::string> names;
};

// Raises ScenarioError naming file:line:column (or the --set that wrote the
// value) for a malformed sweep: a path given twice, or inside another swept
// path, included. `model` is the scenario's model (a posterior must have
// been fitted to it).
SweepDesign read_sweep(const YAML::Node& sweep, const Origins& origins, std::uint64_t seed,
                       const std::string& model);

}  // namespace commsim
