// The small community the community model's tests start from; each test
// changes it with --set style overrides.
#pragma once

#include <string>

namespace commsim::testing {

inline const std::string kCommunityBase = R"(
model: community
seed: 7
days: 60
replicates: 3
population:
  size: 3000
  graph: {kind: barabasi_albert, mean_degree: 10}
community:
  seed_members: 60
)";

}  // namespace commsim::testing
