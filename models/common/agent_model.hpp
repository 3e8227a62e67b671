// What every classic model shares: the graph, the recorder, a population of
// agent columns and a schedule, plus two helpers every contact-based rule
// needs. A model derives from AgentModel, declares its columns and phases in
// its constructor, and implements initialize, record and finish.
#pragma once

#include <algorithm>
#include <optional>
#include <vector>

#include "commsim/distributions.hpp"
#include "commsim/model.hpp"
#include "commsim/population.hpp"

namespace commsim::models {

class AgentModel : public Model {
 public:
  explicit AgentModel(const ModelContext& ctx)
      : graph_(ctx.graph), recorder_(ctx.recorder), population_(ctx.graph.num_vertices()) {}

  [[nodiscard]] const Schedule& schedule() const final { return schedule_; }
  [[nodiscard]] std::uint32_t num_agents() const final { return population_.size(); }
  [[nodiscard]] const Population& population() const final { return population_; }

 protected:
  // A uniformly chosen contact of a: a neighbour on a graph, anyone else
  // under complete mixing; none for an isolated person. One word, rarely more.
  [[nodiscard]] std::optional<VertexIndex> random_contact(VertexIndex a, RandomStream& rng) const {
    if (graph_.is_complete()) {
      if (population_.size() < 2) {
        return std::nullopt;
      }
      const VertexIndex other = uniform_index(rng, population_.size() - 1);
      return other >= a ? other + 1 : other;
    }
    const auto contacts = graph_.neighbors(AgentId{a});
    if (contacts.empty()) {
      return std::nullopt;
    }
    return contacts[uniform_index(rng, static_cast<std::uint32_t>(contacts.size()))];
  }

  const Graph& graph_;
  Recorder& recorder_;
  Population population_;
  Schedule schedule_;
};

// The people active on day 0 of a contagion: the listed ids when given,
// otherwise `count` people drawn uniformly without replacement from the
// stream. Sorted, distinct. The ids and the count must have passed
// seed_problems.
std::vector<std::uint32_t> choose_seeds(const std::vector<std::int64_t>& ids, std::int64_t count,
                                        std::uint32_t population, RandomStream& rng);

// What is wrong with a model's `seeds` and `seed_ids` for a population of
// `population` people (for ModelInfo::check): more seeds than people, ids
// out of range or listed twice. `section` is the model's section name.
std::vector<KeyProblem> seed_problems(const std::vector<std::int64_t>& ids, std::int64_t count,
                                      std::uint32_t population, const std::string& section);

// Opinion clusters of a converged bounded-confidence population: opinions
// sorted and cut wherever neighbours differ by more than `gap`.
struct OpinionClusters {
  std::size_t all = 0;       // every cluster, however small
  std::size_t major = 0;     // clusters holding at least `major_share` of people
  double largest_share = 0;  // share of people in the largest cluster
};
OpinionClusters opinion_clusters(std::vector<double> opinions, double gap, double major_share);

}  // namespace commsim::models
