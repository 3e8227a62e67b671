// What a strategist running the community model optimises unless a scenario
// says otherwise, and which of its summaries the model's rules fix rather
// than simulate (sim/include/commsim/objective.hpp). Declared here, in one
// place, so that the default follows the model's accounts as they grow.
#pragma once

#include <vector>

#include "commsim/objective.hpp"

namespace commsim::models::community {

Objective community_objective();
std::vector<RuleFixedSummary> community_fixed_by_rule();

}  // namespace commsim::models::community
