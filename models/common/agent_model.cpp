#include "models/common/agent_model.hpp"

#include <limits>
#include <set>

#include "commsim/error.hpp"

namespace commsim::models {

std::vector<std::uint32_t> choose_seeds(const std::vector<std::int64_t>& ids, std::int64_t count,
                                        std::uint32_t population, RandomStream& rng) {
  if (ids.empty()) {
    return sample_without_replacement(rng, population, static_cast<std::uint32_t>(count));
  }
  std::set<std::uint32_t> chosen;
  for (const std::int64_t id : ids) {
    chosen.insert(static_cast<std::uint32_t>(id));
  }
  return {chosen.begin(), chosen.end()};
}

std::vector<KeyProblem> seed_problems(const std::vector<std::int64_t>& ids, std::int64_t count,
                                      std::uint32_t population, const std::string& section) {
  std::vector<KeyProblem> problems;
  if (ids.empty()) {
    if (count > static_cast<std::int64_t>(population)) {
      problems.push_back({section + ".seeds", std::to_string(count) +
                                                  " seeds asked for, but population.size is " +
                                                  std::to_string(population)});
    }
    return problems;
  }
  std::set<std::int64_t> seen;
  for (const std::int64_t id : ids) {
    if (id >= static_cast<std::int64_t>(population)) {
      problems.push_back({section + ".seed_ids",
                          "id " + std::to_string(id) + " is out of range: ids run from 0 to " +
                              std::to_string(population - 1) + " (population.size is " +
                              std::to_string(population) + ")"});
      break;
    }
    if (!seen.insert(id).second) {
      problems.push_back({section + ".seed_ids", "id " + std::to_string(id) + " is listed twice"});
      break;
    }
  }
  return problems;
}

OpinionClusters opinion_clusters(std::vector<double> opinions, double gap, double major_share) {
  OpinionClusters out;
  if (opinions.empty()) {
    return out;
  }
  const double n = static_cast<double>(opinions.size());
  std::size_t start = 0;
  const auto close_cluster = [&](std::size_t end) {
    const double share = static_cast<double>(end - start) / n;
    ++out.all;
    out.major += share >= major_share ? 1 : 0;
    out.largest_share = std::max(out.largest_share, share);
    start = end;
  };
  // Buckets of width gap / 2 instead of a sort (O(N), where the sort took
  // about as long as several days of a bounded-confidence run): two opinions
  // in one bucket differ by about gap / 2, never more than gap, so cuts fall
  // only between the largest opinion of a bucket and the smallest of the
  // next non-empty one, which are neighbours in sorted order. The same
  // differences are compared as after a sort, so the clusters are the same.
  const auto [lo, hi] = std::minmax_element(opinions.begin(), opinions.end());
  const double width = gap / 2;
  const double buckets = (*hi - *lo) / width + 1;
  if (gap > 0 && buckets <= n) {
    struct Bucket {
      std::size_t count = 0;
      double min = std::numeric_limits<double>::infinity();
      double max = -std::numeric_limits<double>::infinity();
    };
    std::vector<Bucket> bucket(static_cast<std::size_t>(buckets));
    const double low = *lo;
    for (double x : opinions) {
      const auto k = std::min(static_cast<std::size_t>((x - low) / width), bucket.size() - 1);
      bucket[k].count += 1;
      bucket[k].min = std::min(bucket[k].min, x);
      bucket[k].max = std::max(bucket[k].max, x);
    }
    std::size_t seen = 0;
    const Bucket* previous = nullptr;
    for (const Bucket& b : bucket) {
      if (b.count == 0) {
        continue;
      }
      if (previous != nullptr && b.min - previous->max > gap) {
        close_cluster(seen);
      }
      seen += b.count;
      previous = &b;
    }
    close_cluster(seen);
    return out;
  }
  std::sort(opinions.begin(), opinions.end());
  for (std::size_t i = 1; i < opinions.size(); ++i) {
    if (opinions[i] - opinions[i - 1] > gap) {
      close_cluster(i);
    }
  }
  close_cluster(opinions.size());
  return out;
}

}  // namespace commsim::models
