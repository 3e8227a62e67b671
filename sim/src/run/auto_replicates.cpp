#include "commsim/run/auto_replicates.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "commsim/error.hpp"
#include "commsim/run/experiment.hpp"

namespace commsim {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

AutoReplicates::AutoReplicates(const Experiment& experiment)
    : experiment_(experiment), objective_(experiment.scenario().objective) {
  const Scenario& s = experiment.scenario();
  const ModelInfo& model = experiment.model();
  if (objective_.empty()) {
    throw Error("internal: replicates: auto without an objective");
  }
  for (const std::string& name : objective_.inputs()) {
    const auto it = std::find_if(model.summaries.begin(), model.summaries.end(),
                                 [&](const SummaryDecl& d) { return d.name == name; });
    if (it == model.summaries.end()) {
      throw Error("internal: the objective needs summary " + name + ", which " + model.name +
                  " does not record");
    }
    inputs_.push_back(static_cast<std::size_t>(it - model.summaries.begin()));
  }
  for (std::size_t p = 0; p < s.point_count(); ++p) {
    std::vector<double> fixed(inputs_.size(), kNaN);
    const ParamValues params = s.point(p).values.subtree(model.name);
    for (const RuleFixedSummary& rule : model.fixed_by_rule) {
      if (!rule.applies(params, s.days)) {
        continue;
      }
      const auto names = objective_.inputs();
      for (std::size_t k = 0; k < names.size(); ++k) {
        if (names[k] == rule.summary) {
          fixed[k] = rule.value;
        }
      }
    }
    fixed_.push_back(std::move(fixed));
  }
  values_.assign(s.point_count(), std::vector<std::vector<double>>(
                                      inputs_.size(), std::vector<double>(s.replicates, kNaN)));
}

void AutoReplicates::deliver(const RunResult& result) {
  if (result.status == RunStatus::Done) {
    record(result.plan, result.series.summaries);
  }
}

void AutoReplicates::record(const RunPlan& plan, const std::vector<double>& summaries) {
  auto& point = values_.at(plan.point);
  for (std::size_t k = 0; k < inputs_.size(); ++k) {
    point[k].at(plan.replicate) = summaries.at(inputs_[k]);
  }
}

std::vector<std::uint32_t> AutoReplicates::ends() const {
  return experiment_.scenario().rounds.ends();
}

bool AutoReplicates::settled(std::uint32_t replicates) {
  // The objective's inputs come first: the objective itself (recorded), or
  // its parts; the constraints follow.
  const std::size_t own = objective_.recorded ? 1 : objective_.parts.size();
  std::vector<DesignValues> designs;
  for (std::size_t p = 0; p < values_.size(); ++p) {
    DesignValues d;
    const auto value = [&](std::size_t k, std::uint32_t r) {
      return std::isnan(fixed_[p][k]) ? values_[p][k][r] : fixed_[p][k];
    };
    d.objective_fixed = objective_.recorded && !std::isnan(fixed_[p][0]);
    d.constraints.resize(objective_.constraints.size());
    for (std::uint32_t r = 0; r < replicates; ++r) {
      double objective = 0;
      for (std::size_t k = 0; k < own; ++k) {
        objective += (objective_.recorded ? 1.0 : objective_.parts[k].sign) * value(k, r);
      }
      d.objective.push_back(objective);
      for (std::size_t c = 0; c < objective_.constraints.size(); ++c) {
        d.constraints[c].push_back(value(own + c, r));
      }
    }
    designs.push_back(std::move(d));
  }
  last_ = settle(designs, objective_, experiment_.scenario().design.common_random_numbers);
  return last_.settled;
}

}  // namespace commsim
