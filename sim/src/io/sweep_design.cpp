#include "sweep_design.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

#include "commsim/design.hpp"
#include "commsim/error.hpp"
#include "commsim/params.hpp"
#include "posterior_sweep.hpp"

namespace commsim {
namespace {

constexpr std::uint64_t kDesignSeedTag = 0x64657369676EULL;  // "design"
constexpr std::size_t kMaxPoints = 1000000;

// Keys that shape the experiment itself cannot vary between its runs.
const std::set<std::string> kFixedRoots{"model", "seed",   "days",        "replicates",
                                        "name",  "output", "description", "sweep",
                                        "calibrate"};

[[noreturn]] void fail(const std::string& file, const YAML::Node& node, const std::string& path,
                       const std::string& message) {
  throw ScenarioError(position(file, node) + ": " + path + ": " + message);
}

std::optional<double> number(const YAML::Node& node) {
  if (!node.IsScalar()) {
    return std::nullopt;
  }
  const std::string& s = node.Scalar();
  double v = 0;
  const char* begin = s.data() + (!s.empty() && s.front() == '+' ? 1 : 0);
  auto [ptr, ec] = std::from_chars(begin, s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

YAML::Node number_node(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", x);
  return YAML::Node(std::string(buffer));
}

void check_path(const std::string& file, const YAML::Node& key, const std::string& where) {
  const std::string path = key.IsScalar() ? key.Scalar() : "";
  const bool shaped =
      !path.empty() && path.front() != '.' && path.back() != '.' &&
      path.find("..") == std::string::npos &&
      path.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.") ==
          std::string::npos;
  if (!shaped) {
    fail(file, key, where, "expected a dotted key path such as bass.q, found " + found(key));
  }
  const std::string root = path.substr(0, path.find('.'));
  if (kFixedRoots.contains(root)) {
    fail(file, key, where + "." + path,
         ticked(root) + " cannot vary within one experiment (every run shares it)");
  }
}

std::string point_origin(const std::string& file, const YAML::Node& node, const std::string& path,
                         std::size_t point) {
  return position(file, node) + " (sweep of " + path + ", point " + std::to_string(point) + ")";
}

// A mapping of key paths to non-empty lists, in document order.
std::vector<std::pair<YAML::Node, YAML::Node>> path_lists(const std::string& file,
                                                          const YAML::Node& node,
                                                          const std::string& where) {
  if (!node.IsMap() || node.size() == 0) {
    fail(file, node, where,
         "expected a mapping of key paths to lists of values, found " +
             (node.IsMap() ? std::string("an empty mapping") : found(node)));
  }
  std::vector<std::pair<YAML::Node, YAML::Node>> out;
  for (const auto& kv : node) {
    check_path(file, kv.first, where);
    if (!kv.second.IsSequence() || kv.second.size() == 0) {
      fail(file, kv.second, where + "." + kv.first.Scalar(),
           "expected a non-empty list of values, found " +
               (kv.second.IsSequence() ? std::string("an empty list") : found(kv.second)));
    }
    out.emplace_back(kv.first, kv.second);
  }
  return out;
}

SweepDesign grid(const std::string& file, const YAML::Node& node) {
  const auto axes = path_lists(file, node, "sweep.grid");
  SweepDesign d;
  d.info.method = "grid";
  std::size_t total = 1;
  for (const auto& [key, values] : axes) {
    d.info.parameters.push_back(key.Scalar());
    total *= values.size();
    if (total > kMaxPoints) {
      fail(file, node, "sweep.grid", "more than " + std::to_string(kMaxPoints) + " points");
    }
  }
  for (std::size_t p = 0; p < total; ++p) {
    std::vector<Override> point;
    std::size_t rest = p;
    std::vector<std::size_t> index(axes.size());
    for (std::size_t a = axes.size(); a-- > 0;) {  // last key varies fastest
      index[a] = rest % axes[a].second.size();
      rest /= axes[a].second.size();
    }
    for (std::size_t a = 0; a < axes.size(); ++a) {
      const YAML::Node value = axes[a].second[index[a]];
      const std::string& path = axes[a].first.Scalar();
      point.push_back({path, value, point_origin(file, value, path, p)});
    }
    d.points.push_back(std::move(point));
  }
  return d;
}

SweepDesign zip(const std::string& file, const YAML::Node& node) {
  const auto axes = path_lists(file, node, "sweep.zip");
  SweepDesign d;
  d.info.method = "zip";
  const std::size_t length = axes.front().second.size();
  for (const auto& [key, values] : axes) {
    d.info.parameters.push_back(key.Scalar());
    if (values.size() != length) {
      fail(file, values, "sweep.zip." + key.Scalar(),
           "zip lists must have equal lengths: " + std::to_string(values.size()) +
               " values here, " + std::to_string(length) + " for " + axes.front().first.Scalar());
    }
  }
  for (std::size_t p = 0; p < length; ++p) {
    std::vector<Override> point;
    for (const auto& [key, values] : axes) {
      const YAML::Node value = values[p];
      point.push_back({key.Scalar(), value, point_origin(file, value, key.Scalar(), p)});
    }
    d.points.push_back(std::move(point));
  }
  return d;
}

SweepDesign explicit_points(const std::string& file, const YAML::Node& node) {
  if (!node.IsSequence() || node.size() == 0) {
    fail(file, node, "sweep.points",
         "expected a non-empty list of mappings from key paths to values, found " +
             (node.IsSequence() ? std::string("an empty list") : found(node)));
  }
  SweepDesign d;
  d.info.method = "points";
  std::set<std::string> seen;
  for (std::size_t p = 0; p < node.size(); ++p) {
    const YAML::Node entry = node[p];
    const std::string where = "sweep.points[" + std::to_string(p) + "]";
    if (!entry.IsMap() || entry.size() == 0) {
      fail(file, entry, where, "expected a mapping of key paths to values, found " + found(entry));
    }
    std::vector<Override> point;
    for (const auto& kv : entry) {
      check_path(file, kv.first, where);
      const std::string& path = kv.first.Scalar();
      if (seen.insert(path).second) {
        d.info.parameters.push_back(path);
      }
      point.push_back({path, kv.second, point_origin(file, kv.second, path, p)});
    }
    d.points.push_back(std::move(point));
  }
  return d;
}

// A sampling range: turns a unit coordinate into a value node.
struct Range1 {
  enum Kind { Uniform, LogUniform, Integer, Categorical } kind = Uniform;
  double lo = 0;
  double hi = 1;
  YAML::Node choices;
  YAML::Node node;  // where it was written, for origins

  [[nodiscard]] YAML::Node value(double u) const {
    switch (kind) {
      case Uniform:
        return number_node(lo + u * (hi - lo));
      case LogUniform:
        return number_node(std::exp(std::log(lo) + u * (std::log(hi) - std::log(lo))));
      case Integer: {
        const double span = hi - lo + 1;
        const double k = std::min(std::floor(u * span), span - 1);
        return YAML::Node(std::to_string(static_cast<long long>(lo + k)));
      }
      case Categorical: {
        const auto m = static_cast<double>(choices.size());
        return YAML::Clone(choices[static_cast<std::size_t>(std::min(std::floor(u * m), m - 1))]);
      }
    }
    return {};
  }
};

Range1 read_range(const std::string& file, const YAML::Node& node, const std::string& where) {
  Range1 r;
  r.node = node;
  YAML::Node bounds = node;
  std::string kind = "uniform";
  if (node.IsMap()) {
    if (node.size() != 1) {
      fail(file, node, where, "expected one of uniform, log_uniform, integer, categorical");
    }
    kind = node.begin()->first.as<std::string>();
    bounds = node.begin()->second;
    static const std::vector<std::string> kinds{"uniform", "log_uniform", "integer", "categorical"};
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
      const auto best = nearest(kind, kinds);
      fail(file, node.begin()->first, where,
           "unknown range kind " + ticked(kind) +
               (best ? "; did you mean " + ticked(*best) + "?"
                     : " (expected uniform, log_uniform, integer or categorical)"));
    }
  }
  if (kind == "categorical") {
    if (!bounds.IsSequence() || bounds.size() == 0) {
      fail(file, bounds, where, "expected a non-empty list of choices, found " + found(bounds));
    }
    r.kind = Range1::Categorical;
    r.choices = bounds;
    return r;
  }
  const auto lo = bounds.IsSequence() && bounds.size() == 2 ? number(bounds[0]) : std::nullopt;
  const auto hi = bounds.IsSequence() && bounds.size() == 2 ? number(bounds[1]) : std::nullopt;
  if (!lo || !hi) {
    fail(file, bounds, where, "expected [low, high] with two numbers, found " + found(bounds));
  }
  r.lo = *lo;
  r.hi = *hi;
  if (kind == "integer") {
    r.kind = Range1::Integer;
    if (r.lo != std::floor(r.lo) || r.hi != std::floor(r.hi) || r.lo > r.hi) {
      fail(file, bounds, where, "expected whole numbers low <= high");
    }
    return r;
  }
  if (!(r.lo < r.hi)) {
    fail(file, bounds, where,
         "the range is reversed or empty: low (" + format_value(r.lo) + ") must be below high (" +
             format_value(r.hi) + ")");
  }
  r.kind = kind == "log_uniform" ? Range1::LogUniform : Range1::Uniform;
  if (r.kind == Range1::LogUniform && r.lo <= 0) {
    fail(file, bounds, where, "a log_uniform range needs low > 0");
  }
  return r;
}

SweepDesign sample(const std::string& file, const YAML::Node& node, std::uint64_t seed) {
  if (!node.IsMap()) {
    fail(file, node, "sweep.sample", "expected a mapping with method, points and ranges");
  }
  static const std::vector<std::string> keys{"method", "points", "levels", "ranges"};
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>();
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      const auto best = nearest(key, keys);
      fail(file, kv.first, "sweep.sample." + key,
           "unknown key " + ticked(key) + (best ? "; did you mean " + ticked(*best) + "?" : ""));
    }
  }
  const YAML::Node method_node = node["method"];
  static const std::vector<std::string> methods{"latin_hypercube", "sobol", "morris"};
  const std::string method = method_node && method_node.IsScalar() ? method_node.Scalar() : "";
  if (std::find(methods.begin(), methods.end(), method) == methods.end()) {
    const auto best = nearest(method, methods);
    fail(file, method_node ? method_node : node, "sweep.sample.method",
         "expected one of latin_hypercube, sobol, morris, found " +
             (method_node ? found(method_node) : std::string("nothing")) +
             (best && !method.empty() ? "; did you mean " + ticked(*best) + "?" : ""));
  }
  const YAML::Node points_node = node["points"];
  const auto points = points_node ? number(points_node) : std::nullopt;
  if (!points || *points < 1 || *points != std::floor(*points) || *points > kMaxPoints) {
    fail(file, points_node ? points_node : node, "sweep.sample.points",
         "expected a whole number in [1, " + std::to_string(kMaxPoints) + "], found " +
             (points_node ? found(points_node) : std::string("nothing")));
  }
  std::size_t levels = 4;
  if (const YAML::Node l = node["levels"]) {
    const auto v = number(l);
    if (method != "morris") {
      fail(file, l, "sweep.sample.levels", "levels applies to method morris only");
    }
    if (!v || *v < 2 || *v != std::floor(*v) || static_cast<long long>(*v) % 2 != 0 || *v > 1000) {
      fail(file, l, "sweep.sample.levels", "expected an even whole number >= 2, found " + found(l));
    }
    levels = static_cast<std::size_t>(*v);
  }
  const YAML::Node ranges_node = node["ranges"];
  if (!ranges_node || !ranges_node.IsMap() || ranges_node.size() == 0) {
    fail(file, ranges_node ? ranges_node : node, "sweep.sample.ranges",
         "a sampling design needs ranges: a mapping of key paths to ranges, such as "
         "{bass.q: [0.1, 0.5]}");
  }
  SweepDesign d;
  d.info.method = method;
  d.info.base_points = static_cast<std::size_t>(*points);
  std::vector<Range1> ranges;
  for (const auto& kv : ranges_node) {
    check_path(file, kv.first, "sweep.sample.ranges");
    d.info.parameters.push_back(kv.first.Scalar());
    ranges.push_back(read_range(file, kv.second, "sweep.sample.ranges." + kv.first.Scalar()));
  }
  const std::size_t k = ranges.size();
  RandomStream rng(derive_seed(seed, kDesignSeedTag), 0, 0, 0);
  if (method == "latin_hypercube") {
    d.info.unit = latin_hypercube(d.info.base_points, k, rng);
  } else if (method == "sobol") {
    if (d.info.base_points * (k + 2) > kMaxPoints) {
      fail(file, points_node, "sweep.sample.points",
           "sobol needs points x (parameters + 2) runs, "
           "more than " +
               std::to_string(kMaxPoints));
    }
    d.info.unit = saltelli(d.info.base_points, k, rng);
  } else {
    MorrisDesign m = morris(d.info.base_points, k, levels, rng);
    d.info.unit = std::move(m.points);
    d.info.changed_axis = std::move(m.changed_axis);
  }
  for (std::size_t p = 0; p < d.info.unit.size(); ++p) {
    std::vector<Override> point;
    for (std::size_t i = 0; i < k; ++i) {
      const std::string& path = d.info.parameters[i];
      point.push_back(
          {path, ranges[i].value(d.info.unit[p][i]), point_origin(file, ranges[i].node, path, p)});
    }
    d.points.push_back(std::move(point));
  }
  return d;
}

}  // namespace

namespace {

SweepDesign read_design(const std::string& kind, const YAML::Node& key, const YAML::Node& body,
                        const std::string& file, std::uint64_t seed) {
  if (kind == "grid") {
    return grid(file, body);
  }
  if (kind == "zip") {
    return zip(file, body);
  }
  if (kind == "points") {
    return explicit_points(file, body);
  }
  if (kind == "sample") {
    return sample(file, body, seed);
  }
  const auto best = nearest(kind, {"grid", "zip", "points", "sample"});
  fail(file, key, "sweep." + kind,
       "unknown design " + ticked(kind) +
           (best ? "; did you mean " + ticked(*best) + "?"
                 : " (expected grid, zip, points or sample)"));
}

}  // namespace

SweepDesign read_sweep(const YAML::Node& sweep, const std::string& file, std::uint64_t seed,
                       const std::string& model) {
  const std::string expected =
      "expected exactly one design: grid, zip, points or sample (and optionally "
      "common_random_numbers), or draws from a posterior (posterior:), alone or crossed with a "
      "grid, zip or points";
  if (!sweep.IsMap()) {
    fail(file, sweep, "sweep", expected + ", found " + found(sweep));
  }
  bool common_random_numbers = false;
  std::optional<YAML::Node> posterior;
  std::vector<std::pair<YAML::Node, YAML::Node>> designs;
  for (const auto& kv : sweep) {
    if (kv.first.Scalar() == "posterior") {
      posterior = kv.second;
      continue;
    }
    if (kv.first.Scalar() != "common_random_numbers") {
      designs.emplace_back(kv.first, kv.second);
      continue;
    }
    const std::string& flag = kv.second.IsScalar() ? kv.second.Scalar() : "";
    if (flag != "true" && flag != "false") {
      fail(file, kv.second, "sweep.common_random_numbers",
           "expected true or false, found " + found(kv.second));
    }
    common_random_numbers = flag == "true";
  }
  if (designs.size() > 1 || (designs.empty() && !posterior)) {
    fail(file, sweep, "sweep", expected + ", found " + std::to_string(designs.size()) + " designs");
  }
  SweepDesign d;
  if (!designs.empty()) {
    const auto& [key, body] = designs.front();
    d = read_design(key.Scalar(), key, body, file, seed);
  }
  if (posterior) {
    if (d.info.method == "latin_hypercube" || d.info.method == "sobol" ||
        d.info.method == "morris") {
      fail(file, *posterior, "sweep.posterior",
           "posterior draws cross with a grid, zip or points, not with a sampling design");
    }
    const SweepDesign draws = posterior_draws(*posterior, file, seed, model);
    d = designs.empty() ? draws : cross(std::move(d), draws, file, *posterior);
  }
  d.info.common_random_numbers = common_random_numbers;
  return d;
}

}  // namespace commsim
