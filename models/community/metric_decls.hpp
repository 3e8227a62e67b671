// What the community model records: daily metrics (model.md §8, with their
// category axes) and end-of-run summaries. metrics.cpp fills them in this
// order.
#pragma once

#include <vector>

#include "commsim/recorder.hpp"

namespace commsim::models::community {

std::vector<MetricDecl> community_metrics();
std::vector<SummaryDecl> community_summaries();

}  // namespace commsim::models::community
