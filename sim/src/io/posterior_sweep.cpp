#include "posterior_sweep.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "commsim/distributions.hpp"
#include "commsim/error.hpp"
#include "commsim/io/posterior_file.hpp"
#include "commsim/rng.hpp"

namespace commsim {
namespace {

constexpr std::uint64_t kDrawSeedTag = 0x706f73746572ULL;  // "poster"
constexpr std::size_t kMaxDraws = 1000000;

[[noreturn]] void fail(const std::string& file, const YAML::Node& node, const std::string& path,
                       const std::string& message) {
  throw ScenarioError(position(file, node) + ": " + path + ": " + message);
}

// A particle's value as YAML text that reads back exactly.
YAML::Node value_node(double x, const std::string& type, const std::vector<std::string>& choices) {
  if (type == "choice") {
    return YAML::Node(choices.at(static_cast<std::size_t>(x)));
  }
  if (type == "int") {
    return YAML::Node(format_value(static_cast<std::int64_t>(std::llround(x))));
  }
  return YAML::Node(format_value(x));
}

}  // namespace

SweepDesign posterior_draws(const YAML::Node& node, const std::string& file, std::uint64_t seed,
                            const std::string& model) {
  const std::string where = "sweep.posterior";
  if (!node.IsMap()) {
    fail(file, node, where, "expected {file: POSTERIOR.h5, draws: N}, found " + found(node));
  }
  for (const auto& kv : node) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (key != "file" && key != "draws") {
      const auto best = nearest(key, {"file", "draws"});
      fail(file, kv.first, where + "." + key,
           "unknown key " + ticked(key) + (best ? "; did you mean " + ticked(*best) + "?" : ""));
    }
  }
  const YAML::Node file_node = node["file"];
  const YAML::Node draws_node = node["draws"];
  if (!file_node || !file_node.IsScalar()) {
    fail(file, file_node ? file_node : node, where + ".file",
         "expected the posterior file written by commsim calibrate");
  }
  const auto draws =
      draws_node && draws_node.IsScalar() ? to_int(draws_node.Scalar()) : std::nullopt;
  if (!draws || *draws < 1 || *draws > static_cast<std::int64_t>(kMaxDraws)) {
    fail(file, draws_node ? draws_node : node, where + ".draws",
         "expected a whole number in [1, " + std::to_string(kMaxDraws) + "], found " +
             (draws_node ? found(draws_node) : std::string("nothing")));
  }
  const std::filesystem::path path = std::filesystem::path(file).parent_path() / file_node.Scalar();
  PosteriorFile posterior;
  try {
    posterior = read_posterior(path);
  } catch (const InputError& e) {
    fail(file, file_node, where + ".file", e.what());
  }
  if (posterior.model != model) {
    fail(file, file_node, where + ".file",
         path.string() + " was fitted to model " + ticked(posterior.model) +
             ", this scenario runs " + ticked(model));
  }
  if (posterior.history.empty()) {
    fail(file, file_node, where + ".file",
         path.string() + " holds no completed generation (an empty posterior)");
  }
  const calibrate::Generation& last = posterior.history.back();
  std::vector<double> cumulative;
  double total = 0;
  for (const double w : last.weights) {
    total += w;
    cumulative.push_back(total);
  }
  SweepDesign d;
  d.info.method = "posterior";
  d.info.parameters = posterior.parameters;
  d.info.posterior_file = path;
  d.info.base_points = static_cast<std::size_t>(*draws);
  RandomStream rng(derive_seed(seed, kDrawSeedTag), 0, 0, 0);
  for (std::int64_t k = 0; k < *draws; ++k) {
    const double u = uniform01(rng) * total;
    const std::size_t particle = std::min<std::size_t>(
        static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) -
                                 cumulative.begin()),
        cumulative.size() - 1);
    const std::span<const double> theta = last.particle(particle);
    std::vector<Override> point;
    for (std::size_t i = 0; i < posterior.parameters.size(); ++i) {
      point.push_back({posterior.parameters[i],
                       value_node(theta[i], posterior.types.at(i), posterior.choices.at(i)),
                       position(file, file_node) + " (posterior draw " + std::to_string(k) +
                           ": generation " + std::to_string(last.index) + ", particle " +
                           std::to_string(particle) + ")"});
    }
    d.points.push_back(std::move(point));
  }
  return d;
}

SweepDesign cross(SweepDesign designs, const SweepDesign& draws, const std::string& file,
                  const YAML::Node& node) {
  const auto overlaps = [](const std::string& a, const std::string& b) {
    return a == b || a.starts_with(b + ".") || b.starts_with(a + ".");
  };
  for (const std::string& set : designs.info.parameters) {
    for (const std::string& drawn : draws.info.parameters) {
      if (overlaps(set, drawn)) {
        fail(file, node, "sweep.posterior",
             "the design's " + ticked(set) + " and the posterior's " + ticked(drawn) +
                 " are the same key (or one holds the other): the draws would override the "
                 "design; vary keys the calibration did not fit");
      }
    }
  }
  SweepDesign d;
  d.info.method = designs.info.method + "+posterior";
  d.info.parameters = designs.info.parameters;
  d.info.parameters.insert(d.info.parameters.end(), draws.info.parameters.begin(),
                           draws.info.parameters.end());
  d.info.base_points = draws.info.base_points;
  d.info.posterior_file = draws.info.posterior_file;
  for (const auto& point : designs.points) {
    for (const auto& draw : draws.points) {
      std::vector<Override> both = point;
      both.insert(both.end(), draw.begin(), draw.end());
      d.points.push_back(std::move(both));
    }
  }
  return d;
}

}  // namespace commsim
