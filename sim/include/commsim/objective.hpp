// What a strategist optimises, and when the answer is settled.
//
// An objective is a named end-of-run figure with a direction (maximize or
// minimize), optional constraints on other summaries ("retention_90 at least
// 0.5") and a declared breakdown into parts: the summaries whose signed sum
// it is (fees + sales - costs), so that a difference between two designs can
// be split into the mechanisms that made it. Its name is a summary of the
// model, or, when the model records no such summary, the name of the sum of
// its parts. A model declares a default objective (ModelInfo::objective); a
// scenario's `objective:` section replaces it (docs/scenarios.md).
//
// A model also declares which summaries its rules, rather than the
// simulation, decide at some design points (RuleFixedSummary): the
// retention of a paid group's members before their first renewal is 1 by
// construction. Such a value is recorded in the results file as fixed, is
// never compared as if it were simulated and never shown as best.
//
// settle() is the stopping rule of `replicates: auto` (docs/answer.md): with
// the replicates at hand, an upper bound on the posterior probability that the
// leading design is not the best one that meets the constraints, from
// one-sided Student-t tails and the union bound. The analysis in Python
// (commsim.decision) computes the same bound, so a file's `unneeded` runs and
// the answer printed from it agree.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "commsim/params.hpp"

namespace commsim {

enum class Direction : std::uint8_t { Maximize, Minimize };
std::string to_string(Direction direction);

// One term of an objective's breakdown: a summary, added or subtracted.
struct ObjectivePart {
  std::string summary;
  double sign = 1.0;  // +1 or -1
};

// A condition a design must meet to be eligible: summary >= bound (at_least)
// or summary <= bound.
struct Constraint {
  std::string summary;
  bool at_least = true;
  double bound = 0.0;
  // "retention_90 >= 0.5"
  [[nodiscard]] std::string text() const;
};

struct Objective {
  std::string name;  // empty: no objective
  Direction direction = Direction::Maximize;
  std::vector<ObjectivePart> parts;  // name = the signed sum of these (may be empty)
  std::vector<std::string> explain;  // further summaries shown beside the parts
  std::vector<Constraint> constraints;
  double confidence = 0.95;  // settled: leader best with at least this probability
  // True when `name` is a summary of the model; false when the objective is
  // the signed sum of its parts.
  bool recorded = true;
  std::string origin;  // "scenario", "model default" (set by the loader)

  [[nodiscard]] bool empty() const { return name.empty(); }
  // "maximize net_result = revenue_fees_total + revenue_sales_total - event_costs_total"
  [[nodiscard]] std::string text() const;
  // The summaries settle() needs per run: the objective's (its name, or its
  // parts when it is not recorded), then each constraint's.
  [[nodiscard]] std::vector<std::string> inputs() const;
};

// A model's default objective: one of its summaries, or (parts given and no
// summary of that name) the signed sum of some.
Objective declare_objective(std::string name, Direction direction,
                            std::vector<ObjectivePart> parts = {},
                            std::vector<std::string> explain = {}, bool recorded = true);

// A summary that the model's rules, not the simulation, decide at some design
// points: there it takes `value` whatever happens in the run.
struct RuleFixedSummary {
  std::string summary;
  double value = 0.0;
  std::string rule;  // why, in a sentence a reader of the report understands
  // Whether the rule applies at a design point, from the point's model
  // section (keys without prefix, such as entry.policy) and the horizon.
  std::function<bool(const ParamValues& model, std::uint32_t days)> applies;
};

// One design's values over replicates: the objective and each constraint,
// replicate r at index r (NaN: missing, such as a failed run). A constraint
// whose summary is fixed by a rule at this design holds the fixed value.
struct DesignValues {
  std::vector<double> objective;
  std::vector<std::vector<double>> constraints;  // [constraint][replicate]
  bool objective_fixed = false;                  // the objective is fixed by a rule: not compared
};

struct Settlement {
  // The design with the best mean objective among those whose constraint
  // means meet the constraints; -1 when there is none.
  std::ptrdiff_t leader = -1;
  // Upper bound on the posterior probability that the leader is not the best
  // design meeting the constraints (with no leader: that some design meets
  // them). 1 when too few replicates tell.
  double bound = 1.0;
  bool settled = false;        // bound <= 1 - confidence
  std::size_t replicates = 0;  // paired: complete replicates used; else the fewest of any design
};

// The rule, with common random numbers (`paired`: replicate r of every design
// shares its seed, so differences are taken replicate by replicate) or
// independent designs (Welch's approximation).
Settlement settle(const std::vector<DesignValues>& designs, const Objective& objective,
                  bool paired);

// P(T > t) for Student's t with `df` degrees of freedom; the limits for
// infinite t.
double student_t_upper(double t, double df);

}  // namespace commsim
