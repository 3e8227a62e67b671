// Reads a scenario's `objective:` section (what the strategist optimises)
// against the model's summaries, and resolves the objective an experiment
// uses: the section's, else the model's default. Internal to sim/io.
//
//   objective:
//     maximize: net_result            # or minimize: NAME; a summary, or the name of the sum of
//     parts parts: [revenue_fees_total, revenue_sales_total, -event_costs_total] explain:
//     [joins_total, churns_total, purchases_total] at_least: {retention_90: 0.5}   # constraints
//     at_most: {churns_total: 5000}
//     confidence: 0.95                # settled: the leader is best with at least this probability
#pragma once

#include <optional>
#include <string>

#include "commsim/model.hpp"
#include "yaml_override.hpp"

namespace commsim {

// The objective of an experiment: `section` when the scenario has one (its
// messages name file:line:column), else the model's default. Raises
// ScenarioError for a malformed section.
Objective resolve_objective(const std::optional<YAML::Node>& section, const std::string& file,
                            const ModelInfo& model);

}  // namespace commsim
