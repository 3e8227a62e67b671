// Tolerance schedule and stopping rules of ABC-SMC.
//
// Schedule. The tolerance of generation t + 1 is the alpha-quantile of the
// distances accepted in generation t (default alpha = 0.5): the adaptive
// scheme of Del Moral, Doucet and Jasra (2012), "An adaptive sequential
// Monte Carlo method for approximate Bayesian computation", Statistics and
// Computing 22:1009-1020, in the quantile form of Drovandi and Pettitt
// (2011) and pyABC's QuantileEpsilon. Del Moral et al. choose the next
// tolerance so that a fraction alpha of the *weighted* population stays
// alive; the weighted quantile below is that choice, and is the default
// (pyABC's too). The unweighted quantile treats every accepted particle
// alike and is offered for comparison with papers that use it.
//
// The quantile is a lower quantile without interpolation: the distances are
// sorted (ties by particle index), and the result is the first distance at
// which the cumulative normalised weight reaches alpha; unweighted, that is
// the ceil(alpha N)-th smallest distance. The tolerance is therefore always
// one of the accepted distances, so at least one particle lies within it,
// which the OLCM kernel needs (kernel.hpp).
//
// Stopping rules, checked after each generation (and, for the budget and
// the acceptance rate, while one is under way):
//   max_generations     generations after generation 0 (the prior sample);
//                       the run stops once generation max_generations is
//                       complete;
//   min_tolerance       the next tolerance is never set below it, and the
//                       run stops after the first generation run at a
//                       tolerance <= min_tolerance (default 0: only an exact
//                       fit stops it);
//   max_simulations     total simulations over all generations (0: none);
//                       candidates beyond it are not handed out, a generation
//                       is not started with fewer than N simulations left,
//                       and one that cannot finish within it is abandoned;
//                       the budget counts discarded candidates too, so where
//                       a budgeted run stops can depend on batch sizes;
//   min_acceptance_rate a generation that cannot reach N acceptances within
//                       N / min_acceptance_rate candidates is abandoned
//                       (0: none), as pyABC's min_acceptance_rate.
// A generation also ends at 2^32 candidates (the width of the streams'
// entity counter), as if by the budget. An abandoned generation is not part
// of the history; the run's result is the last complete generation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace commsim::calibrate {

enum class QuantileWeighting { Weighted, Unweighted };

// The alpha-quantile described above, of distances or of any other values
// (posterior summaries use it too); weights need not be normalised and are
// ignored when unweighted. alpha in (0, 1].
[[nodiscard]] double weighted_quantile(std::span<const double> values,
                                       std::span<const double> weights, double alpha,
                                       QuantileWeighting weighting = QuantileWeighting::Weighted);

struct StoppingRule {
  std::size_t max_generations = 10;
  double min_tolerance = 0.0;
  std::uint64_t max_simulations = 0;
  double min_acceptance_rate = 0.0;
};

enum class StopReason { None, MaxGenerations, MinTolerance, SimulationBudget, MinAcceptanceRate };

// The scenario file's name of the rule that stopped a run: "generations",
// "min_tolerance", "max_simulations", "min_acceptance"; "none" while running.
[[nodiscard]] std::string stop_reason_name(StopReason reason);

}  // namespace commsim::calibrate
