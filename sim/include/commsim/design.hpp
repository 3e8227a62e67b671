// Experimental designs over the unit cube: where each design point lies,
// before ranges turn coordinates into parameter values.
//
//   latin_hypercube(n, k)  n points, each of the k axes cut into n strata
//                          with exactly one point per stratum (McKay,
//                          Beckman and Conover 1979).
//   saltelli(n, k)         n (k + 2) points for first- and total-order Sobol
//                          indices (Saltelli et al. 2010): for each base row
//                          j the points A_j, B_j, then AB_j^i (A_j with axis i
//                          taken from B_j) for i = 1..k. A and B are
//                          independent Latin hypercubes.
//   morris(r, k, levels)   r trajectories of k + 1 points on a grid of
//                          `levels` values per axis; each step moves one axis,
//                          in random order, by delta = levels / (2 (levels - 1))
//                          (Morris 1991, Campolongo et al. 2007).
//
// Every draw comes from the given stream, so a design is a pure function of
// the scenario seed.
#pragma once

#include <cstddef>
#include <vector>

#include "commsim/rng.hpp"

namespace commsim {

using UnitPoints = std::vector<std::vector<double>>;  // point -> axis -> [0, 1]

UnitPoints latin_hypercube(std::size_t n, std::size_t k, RandomStream& rng);
UnitPoints saltelli(std::size_t n, std::size_t k, RandomStream& rng);

struct MorrisDesign {
  UnitPoints points;              // r (k + 1) points, trajectory after trajectory
  std::vector<int> changed_axis;  // per point: the axis its step moved; -1 at a start
};
MorrisDesign morris(std::size_t trajectories, std::size_t k, std::size_t levels, RandomStream& rng);

}  // namespace commsim
