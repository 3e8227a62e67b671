#include "models/classic/agent_model.hpp"

namespace commsim::models {

OpinionClusters opinion_clusters(std::vector<double> opinions, double gap, double major_share) {
  OpinionClusters out;
  if (opinions.empty()) {
    return out;
  }
  std::sort(opinions.begin(), opinions.end());
  const double n = static_cast<double>(opinions.size());
  std::size_t start = 0;
  const auto close_cluster = [&](std::size_t end) {
    const double share = static_cast<double>(end - start) / n;
    ++out.all;
    out.major += share >= major_share ? 1 : 0;
    out.largest_share = std::max(out.largest_share, share);
    start = end;
  };
  for (std::size_t i = 1; i < opinions.size(); ++i) {
    if (opinions[i] - opinions[i - 1] > gap) {
      close_cluster(i);
    }
  }
  close_cluster(opinions.size());
  return out;
}

}  // namespace commsim::models
