#include "sweep_design.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
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
const std::set<std::string> kFixedRoots{"model",           "seed",      "days",       "replicates",
                                        "replicates_auto", "name",      "output",     "sweep",
                                        "calibrate",       "objective", "description"};

[[noreturn]] void fail(const Origins& origins, const YAML::Node& node, const std::string& path,
                       const std::string& message) {
  throw ScenarioError(origins.where(node, path) + ": " + path + ": " + message);
}

// A mapping's key as text; the sweep's mappings are keyed by names.
std::string key_text(const Origins& origins, const YAML::Node& key, const std::string& where) {
  if (!key.IsScalar()) {
    fail(origins, key, where, "expected a key name, found " + found(key));
  }
  return key.Scalar();
}

// The swept key paths seen so far, so that a path given twice, or one
// inside another (population.graph and population.graph.kind), is refused:
// their run-table columns would collide and no point could say which wins.
class SweptPaths {
 public:
  explicit SweptPaths(const Origins& origins) : origins_(origins) {}
  // Within one mapping: the same path twice is always an error.
  void add(const YAML::Node& key, const std::string& where) {
    const std::string& path = key.Scalar();
    for (const std::string& other : paths_) {
      if (other == path) {
        fail(origins_, key, where + "." + path, "this key path appears more than once");
      }
      if (path.starts_with(other + ".") || other.starts_with(path + ".")) {
        const bool inside = path.starts_with(other + ".");
        fail(origins_, key, where + "." + path,
             ticked(inside ? path : other) + " lies inside " + ticked(inside ? other : path) +
                 ", which is swept too; sweep one of them");
      }
    }
    paths_.push_back(path);
  }

 private:
  const Origins& origins_;
  std::vector<std::string> paths_;
};

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

void check_path(const Origins& origins, const YAML::Node& key, const std::string& where) {
  const std::string path = key.IsScalar() ? key.Scalar() : "";
  const bool shaped =
      !path.empty() && path.front() != '.' && path.back() != '.' &&
      path.find("..") == std::string::npos &&
      path.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.") ==
          std::string::npos;
  if (!shaped) {
    fail(origins, key, where, "expected a dotted key path such as bass.q, found " + found(key));
  }
  const std::string root = path.substr(0, path.find('.'));
  if (kFixedRoots.contains(root)) {
    fail(origins, key, where + "." + path,
         ticked(root) + " cannot vary within one experiment (every run shares it)");
  }
}

// Where a swept value was written (`sweep_path`: its place under sweep:),
// and which point it makes.
std::string point_origin(const Origins& origins, const YAML::Node& node,
                         const std::string& sweep_path, const std::string& path,
                         std::size_t point) {
  return origins.where(node, sweep_path) + " (sweep of " + path + ", point " +
         std::to_string(point) + ")";
}

// One axis of a grid or zip: a key path and its values, optionally named.
struct Axis {
  YAML::Node key;
  YAML::Node values;
  std::vector<std::string> names;  // empty, or one per value
};

// A mapping of key paths to non-empty lists (or {values: [...], names:
// [...]}), in document order.
std::vector<Axis> path_lists(const Origins& origins, const YAML::Node& node,
                             const std::string& where) {
  if (!node.IsMap() || node.size() == 0) {
    fail(origins, node, where,
         "expected a mapping of key paths to lists of values, found " +
             (node.IsMap() ? std::string("an empty mapping") : found(node)));
  }
  std::vector<Axis> out;
  SweptPaths seen(origins);
  for (const auto& kv : node) {
    check_path(origins, kv.first, where);
    seen.add(kv.first, where);
    const std::string path = where + "." + kv.first.Scalar();
    // Built, not assigned: assigning a YAML::Node rebinds the node it refers
    // to, which would overwrite the document's {values, names} mapping.
    const bool named = kv.second.IsMap() && kv.second["values"];
    Axis axis{kv.first, named ? kv.second["values"] : kv.second, {}};
    if (named) {
      for (const auto& entry : kv.second) {
        const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
        if (key != "values" && key != "names") {
          fail(origins, entry.first, path,
               "unknown key " + ticked(key) +
                   " (an axis is a list of values, or {values: "
                   "[...], names: [...]})");
        }
      }
      if (const YAML::Node names = kv.second["names"]) {
        if (!names.IsSequence() || !axis.values.IsSequence() ||
            names.size() != axis.values.size()) {
          fail(origins, names, path + ".names",
               "expected one name per value (" +
                   std::to_string(axis.values.IsSequence() ? axis.values.size() : 0) + "), found " +
                   found(names));
        }
        std::set<std::string> distinct;
        for (const auto& n : names) {
          if (!n.IsScalar() || n.Scalar().empty() || !distinct.insert(n.Scalar()).second) {
            fail(origins, n, path + ".names",
                 "expected distinct, non-empty names, found " + found(n) +
                     (n.IsScalar() && !n.Scalar().empty() ? " twice" : ""));
          }
          axis.names.push_back(n.Scalar());
        }
      }
    }
    if (!axis.values.IsSequence() || axis.values.size() == 0) {
      fail(origins, axis.values, path,
           "expected a non-empty list of values, found " +
               (axis.values.IsSequence() ? std::string("an empty list") : found(axis.values)));
    }
    out.push_back(std::move(axis));
  }
  return out;
}

SweepDesign grid(const Origins& origins, const YAML::Node& node) {
  const auto axes = path_lists(origins, node, "sweep.grid");
  SweepDesign d;
  d.info.method = "grid";
  std::size_t total = 1;
  for (const Axis& axis : axes) {
    d.info.parameters.push_back(axis.key.Scalar());
    total *= axis.values.size();
    if (total > kMaxPoints) {
      fail(origins, node, "sweep.grid", "more than " + std::to_string(kMaxPoints) + " points");
    }
  }
  for (std::size_t p = 0; p < total; ++p) {
    std::vector<Override> point;
    std::size_t rest = p;
    std::vector<std::size_t> index(axes.size());
    for (std::size_t a = axes.size(); a-- > 0;) {  // last key varies fastest
      index[a] = rest % axes[a].values.size();
      rest /= axes[a].values.size();
    }
    std::vector<std::string> labels;
    for (std::size_t a = 0; a < axes.size(); ++a) {
      const YAML::Node value = axes[a].values[index[a]];
      const std::string& path = axes[a].key.Scalar();
      point.push_back({path, value, point_origin(origins, value, "sweep.grid." + path, path, p)});
      labels.push_back(axes[a].names.empty() ? "" : axes[a].names[index[a]]);
    }
    d.points.push_back(std::move(point));
    d.labels.push_back(std::move(labels));
  }
  return d;
}

SweepDesign zip(const Origins& origins, const YAML::Node& node) {
  const auto axes = path_lists(origins, node, "sweep.zip");
  SweepDesign d;
  d.info.method = "zip";
  const std::size_t length = axes.front().values.size();
  for (const Axis& axis : axes) {
    d.info.parameters.push_back(axis.key.Scalar());
    if (axis.values.size() != length) {
      fail(origins, axis.values, "sweep.zip." + axis.key.Scalar(),
           "zip lists must have equal lengths: " + std::to_string(axis.values.size()) +
               " values here, " + std::to_string(length) + " for " + axes.front().key.Scalar());
    }
  }
  for (std::size_t p = 0; p < length; ++p) {
    std::vector<Override> point;
    std::vector<std::string> labels;
    for (const Axis& axis : axes) {
      const YAML::Node value = axis.values[p];
      const std::string& path = axis.key.Scalar();
      point.push_back({path, value, point_origin(origins, value, "sweep.zip." + path, path, p)});
      labels.push_back(axis.names.empty() ? "" : axis.names[p]);
    }
    d.points.push_back(std::move(point));
    d.labels.push_back(std::move(labels));
  }
  return d;
}

SweepDesign explicit_points(const Origins& origins, const YAML::Node& node) {
  if (!node.IsSequence() || node.size() == 0) {
    fail(origins, node, "sweep.points",
         "expected a non-empty list of mappings from key paths to values, found " +
             (node.IsSequence() ? std::string("an empty list") : found(node)));
  }
  SweepDesign d;
  d.info.method = "points";
  // Paths over all points: a path inside another one swept at some point
  // would give two run-table columns of one name.
  SweptPaths all(origins);
  for (std::size_t p = 0; p < node.size(); ++p) {
    const YAML::Node entry = node[p];
    const std::string where = "sweep.points." + std::to_string(p);
    if (!entry.IsMap() || entry.size() == 0) {
      fail(origins, entry, where,
           "expected a mapping of key paths to values, found " + found(entry));
    }
    std::vector<Override> point;
    std::string name;
    SweptPaths mine(origins);
    for (const auto& kv : entry) {
      if (kv.first.IsScalar() && kv.first.Scalar() == "name") {
        if (!kv.second.IsScalar() || kv.second.Scalar().empty()) {
          fail(origins, kv.second, where + ".name",
               "expected the point's name (text), found " + found(kv.second));
        }
        name = kv.second.Scalar();
        if (std::find(d.names.begin(), d.names.end(), name) != d.names.end()) {
          fail(origins, kv.second, where + ".name",
               "another point is named " + ticked(name) + "; names must be distinct");
        }
        continue;
      }
      check_path(origins, kv.first, where);
      mine.add(kv.first, where);
      const std::string& path = kv.first.Scalar();
      if (std::find(d.info.parameters.begin(), d.info.parameters.end(), path) ==
          d.info.parameters.end()) {
        all.add(kv.first, where);
        d.info.parameters.push_back(path);
      }
      point.push_back({path, kv.second, point_origin(origins, kv.second, where, path, p)});
    }
    if (point.empty()) {
      fail(origins, entry, where, "a point sets no key (only its name)");
    }
    d.points.push_back(std::move(point));
    d.names.push_back(name);
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

Range1 read_range(const Origins& origins, const YAML::Node& node, const std::string& where) {
  Range1 r;
  r.node = node;
  YAML::Node bounds = node;
  std::string kind = "uniform";
  if (node.IsMap()) {
    if (node.size() != 1) {
      fail(origins, node, where,
           "expected one of [low, high], {log_uniform: [low, high]}, {integer: [low, high]} or "
           "{categorical: [a, b, ...]}");
    }
    // Held, not taken through begin()->: the iterator's pair is a temporary.
    const auto entry = *node.begin();
    const YAML::Node kind_node = entry.first;
    kind = key_text(origins, kind_node, where);
    bounds = entry.second;
    static const std::vector<std::string> kinds{"uniform", "log_uniform", "integer", "categorical"};
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
      const auto best = nearest(kind, kinds);
      fail(origins, kind_node, where,
           "unknown range kind " + ticked(kind) +
               (best ? "; did you mean " + ticked(*best) + "?"
                     : " (expected uniform, log_uniform, integer or categorical)"));
    }
  }
  if (kind == "categorical") {
    if (!bounds.IsSequence() || bounds.size() == 0) {
      fail(origins, bounds, where, "expected a non-empty list of choices, found " + found(bounds));
    }
    r.kind = Range1::Categorical;
    r.choices = bounds;
    return r;
  }
  const auto lo = bounds.IsSequence() && bounds.size() == 2 ? number(bounds[0]) : std::nullopt;
  const auto hi = bounds.IsSequence() && bounds.size() == 2 ? number(bounds[1]) : std::nullopt;
  if (!lo || !hi) {
    fail(origins, bounds, where, "expected [low, high] with two numbers, found " + found(bounds));
  }
  r.lo = *lo;
  r.hi = *hi;
  if (kind == "integer") {
    r.kind = Range1::Integer;
    if (r.lo != std::floor(r.lo) || r.hi != std::floor(r.hi) || r.lo > r.hi) {
      fail(origins, bounds, where, "expected whole numbers low <= high");
    }
    return r;
  }
  if (!(r.lo < r.hi)) {
    fail(origins, bounds, where,
         "the range is reversed or empty: low (" + format_value(r.lo) + ") must be below high (" +
             format_value(r.hi) + ")");
  }
  r.kind = kind == "log_uniform" ? Range1::LogUniform : Range1::Uniform;
  if (r.kind == Range1::LogUniform && r.lo <= 0) {
    fail(origins, bounds, where, "a log_uniform range needs low > 0");
  }
  return r;
}

SweepDesign sample(const Origins& origins, const YAML::Node& node, std::uint64_t seed) {
  if (!node.IsMap()) {
    fail(origins, node, "sweep.sample", "expected a mapping with method, points and ranges");
  }
  static const std::vector<std::string> keys{"method", "points", "levels", "ranges"};
  std::set<std::string> seen;
  for (const auto& kv : node) {
    const std::string key = key_text(origins, kv.first, "sweep.sample");
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      const auto best = nearest(key, keys);
      fail(origins, kv.first, "sweep.sample." + key,
           "unknown key " + ticked(key) + (best ? "; did you mean " + ticked(*best) + "?" : ""));
    }
    if (!seen.insert(key).second) {
      fail(origins, kv.first, "sweep.sample." + key, "this key appears more than once");
    }
  }
  const YAML::Node method_node = node["method"];
  static const std::vector<std::string> methods{"latin_hypercube", "sobol", "morris"};
  const std::string method = method_node && method_node.IsScalar() ? method_node.Scalar() : "";
  if (std::find(methods.begin(), methods.end(), method) == methods.end()) {
    const auto best = nearest(method, methods);
    fail(origins, method_node ? method_node : node, "sweep.sample.method",
         "expected one of latin_hypercube, sobol, morris, found " +
             (method_node ? found(method_node) : std::string("nothing")) +
             (best && !method.empty() ? "; did you mean " + ticked(*best) + "?" : ""));
  }
  const YAML::Node points_node = node["points"];
  const auto points = points_node ? number(points_node) : std::nullopt;
  if (!points || *points < 1 || *points != std::floor(*points) || *points > kMaxPoints) {
    fail(origins, points_node ? points_node : node, "sweep.sample.points",
         "expected a whole number in [1, " + std::to_string(kMaxPoints) + "], found " +
             (points_node ? found(points_node) : std::string("nothing")));
  }
  std::size_t levels = 4;
  if (const YAML::Node l = node["levels"]) {
    const auto v = number(l);
    if (method != "morris") {
      fail(origins, l, "sweep.sample.levels", "levels applies to method morris only");
    }
    if (!v || *v < 2 || *v != std::floor(*v) || static_cast<long long>(*v) % 2 != 0 || *v > 1000) {
      fail(origins, l, "sweep.sample.levels",
           "expected an even whole number >= 2, found " + found(l));
    }
    levels = static_cast<std::size_t>(*v);
  }
  const YAML::Node ranges_node = node["ranges"];
  if (!ranges_node || !ranges_node.IsMap() || ranges_node.size() == 0) {
    fail(origins, ranges_node ? ranges_node : node, "sweep.sample.ranges",
         "a sampling design needs ranges: a mapping of key paths to ranges, such as "
         "{bass.q: [0.1, 0.5]}");
  }
  SweepDesign d;
  d.info.method = method;
  d.info.base_points = static_cast<std::size_t>(*points);
  std::vector<Range1> ranges;
  SweptPaths seen_paths(origins);
  for (const auto& kv : ranges_node) {
    check_path(origins, kv.first, "sweep.sample.ranges");
    seen_paths.add(kv.first, "sweep.sample.ranges");
    d.info.parameters.push_back(kv.first.Scalar());
    ranges.push_back(read_range(origins, kv.second, "sweep.sample.ranges." + kv.first.Scalar()));
  }
  const std::size_t k = ranges.size();
  RandomStream rng(derive_seed(seed, kDesignSeedTag), 0, 0, 0);
  if (method == "latin_hypercube") {
    d.info.unit = latin_hypercube(d.info.base_points, k, rng);
  } else if (method == "sobol") {
    if (d.info.base_points * (k + 2) > kMaxPoints) {
      fail(origins, points_node, "sweep.sample.points",
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
          {path, ranges[i].value(d.info.unit[p][i]),
           point_origin(origins, ranges[i].node, "sweep.sample.ranges." + path, path, p)});
    }
    d.points.push_back(std::move(point));
  }
  return d;
}

// The shortest trailing part of each key path that tells it apart from the
// design's other paths: community.entry.fee -> fee.
std::string short_key(const std::string& path, const std::vector<std::string>& paths) {
  // The last `parts` dot-separated components of p (all of p when it has fewer).
  const auto tail = [](const std::string& p, std::size_t parts) {
    std::size_t pos = p.size();
    for (std::size_t i = 0; i < parts; ++i) {
      pos = pos == 0 ? std::string::npos : p.rfind('.', pos - 1);
      if (pos == std::string::npos) {
        return p;
      }
    }
    return p.substr(pos + 1);
  };
  for (std::size_t parts = 1;; ++parts) {
    const std::string mine = tail(path, parts);
    const bool unique = std::none_of(paths.begin(), paths.end(), [&](const std::string& other) {
      return other != path && tail(other, parts) == mine;
    });
    if (unique || mine == path) {
      return mine;
    }
  }
}

// A scalar as a name shows it: as written, or (sampled values) to 4 digits.
std::string scalar_text(const YAML::Node& value, bool sampled) {
  if (sampled) {
    if (const auto x = number(value)) {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.4g", *x);
      return buffer;
    }
  }
  return flow_text(value);
}

// Names made from what each point sets: `key=value` for each swept key (its
// shortest distinguishing trailing part); a section swept whole shows the
// keys inside it that differ between the sections swept; a named value shows
// its name. Duplicates (rare: sampled values that agree to 4 digits) get the
// point number. Points that were given names keep them.
void name_points(SweepDesign& d) {
  const bool sampled =
      d.info.method != "grid" && d.info.method != "zip" && d.info.method != "points";
  d.names.resize(d.points.size());
  d.labels.resize(d.points.size());
  // Per path, the keys inside its section values that differ between points.
  std::map<std::string, std::vector<std::string>> differing;
  std::map<std::string, std::vector<YAML::Node>> seen;
  for (const auto& point : d.points) {
    for (const auto& o : point) {
      seen[o.path].push_back(o.value);
    }
  }
  for (const auto& [path, values] : seen) {
    std::set<std::string> keys;
    for (const auto& v : values) {
      if (v.IsMap()) {
        for (const auto& kv : v) {
          keys.insert(kv.first.Scalar());
        }
      }
    }
    for (const std::string& key : keys) {
      std::set<std::string> texts;
      bool everywhere = true;
      for (const auto& v : values) {
        everywhere = everywhere && v.IsMap() && v[key];
        texts.insert(v.IsMap() && v[key] ? flow_text(v[key]) : "");
      }
      if (texts.size() > 1 || !everywhere) {
        differing[path].push_back(key);
      }
    }
  }
  for (std::size_t p = 0; p < d.points.size(); ++p) {
    if (!d.names[p].empty()) {
      continue;
    }
    std::string name;
    const auto add = [&](const std::string& part) { name += (name.empty() ? "" : ", ") + part; };
    for (std::size_t k = 0; k < d.points[p].size(); ++k) {
      const Override& o = d.points[p][k];
      const std::string label = k < d.labels[p].size() ? d.labels[p][k] : "";
      if (!label.empty()) {
        add(label);
      } else if (o.value.IsMap() && !differing[o.path].empty()) {
        // In the section's own order, the keys that tell the points apart.
        for (const auto& kv : o.value) {
          const auto& keys = differing[o.path];
          if (std::find(keys.begin(), keys.end(), kv.first.Scalar()) != keys.end()) {
            add(kv.first.Scalar() + "=" +
                (kv.second.IsScalar() ? scalar_text(kv.second, sampled) : flow_text(kv.second)));
          }
        }
      } else {
        add(short_key(o.path, d.info.parameters) + "=" +
            (o.value.IsScalar() ? scalar_text(o.value, sampled) : flow_text(o.value)));
      }
    }
    d.names[p] = name;
  }
}

// Names stay distinct: a repeated one gets its point number.
void distinct_names(std::vector<std::string>& names) {
  std::map<std::string, std::size_t> count;
  for (const auto& n : names) {
    ++count[n];
  }
  for (std::size_t p = 0; p < names.size(); ++p) {
    if (count[names[p]] > 1) {
      names[p] += " (point " + std::to_string(p) + ")";
    }
  }
}
}  // namespace

namespace {

SweepDesign read_design(const std::string& kind, const YAML::Node& key, const YAML::Node& body,
                        const Origins& origins, std::uint64_t seed) {
  if (kind == "grid") {
    return grid(origins, body);
  }
  if (kind == "zip") {
    return zip(origins, body);
  }
  if (kind == "points") {
    return explicit_points(origins, body);
  }
  if (kind == "sample") {
    return sample(origins, body, seed);
  }
  const auto best = nearest(kind, {"grid", "zip", "points", "sample"});
  fail(origins, key, "sweep." + kind,
       "unknown design " + ticked(kind) +
           (best ? "; did you mean " + ticked(*best) + "?"
                 : " (expected grid, zip, points or sample)"));
}

}  // namespace

SweepDesign read_sweep(const YAML::Node& sweep, const Origins& origins, std::uint64_t seed,
                       const std::string& model) {
  const std::string expected =
      "expected exactly one design: grid, zip, points or sample (and optionally "
      "common_random_numbers), or draws from a posterior (posterior:), alone or crossed with a "
      "grid, zip or points";
  if (!sweep.IsMap()) {
    fail(origins, sweep, "sweep", expected + ", found " + found(sweep));
  }
  std::optional<bool> common_random_numbers;
  std::set<std::string> seen;
  std::optional<YAML::Node> posterior;
  std::vector<std::pair<YAML::Node, YAML::Node>> designs;
  for (const auto& kv : sweep) {
    const std::string key = key_text(origins, kv.first, "sweep");
    if (!seen.insert(key).second) {
      fail(origins, kv.first, "sweep." + key, "this key appears more than once");
    }
    if (key == "posterior") {
      posterior = kv.second;
      continue;
    }
    if (key != "common_random_numbers") {
      designs.emplace_back(kv.first, kv.second);
      continue;
    }
    const std::string& flag = kv.second.IsScalar() ? kv.second.Scalar() : "";
    if (flag != "true" && flag != "false") {
      fail(origins, kv.second, "sweep.common_random_numbers",
           "expected true or false, found " + found(kv.second));
    }
    common_random_numbers = flag == "true";
  }
  if (designs.size() > 1 || (designs.empty() && !posterior)) {
    fail(origins, sweep, "sweep",
         expected + ", found " + std::to_string(designs.size()) + " designs");
  }
  SweepDesign d;
  if (!designs.empty()) {
    const auto& [key, body] = designs.front();
    d = read_design(key.Scalar(), key, body, origins, seed);
    name_points(d);
  }
  if (posterior) {
    if (d.info.method == "latin_hypercube" || d.info.method == "sobol" ||
        d.info.method == "morris") {
      fail(origins, *posterior, "sweep.posterior",
           "posterior draws cross with a grid, zip or points, not with a sampling design");
    }
    const SweepDesign draws = posterior_draws(*posterior, origins.file(), seed, model);
    std::vector<std::string> names;
    for (std::size_t i = 0; i < std::max<std::size_t>(d.points.size(), 1); ++i) {
      for (std::size_t k = 0; k < draws.points.size(); ++k) {
        names.push_back((d.names.empty() ? "" : d.names[i] + ", ") + "draw " + std::to_string(k));
      }
    }
    d = designs.empty() ? draws : cross(std::move(d), draws, origins.file(), *posterior);
    d.names = std::move(names);
  }
  distinct_names(d.names);
  // Comparisons of designs pair their replicates by default; sampling
  // designs and posterior draws alone keep independent points.
  const bool comparison = d.info.method.starts_with("grid") || d.info.method.starts_with("zip") ||
                          d.info.method.starts_with("points");
  d.info.common_random_numbers = common_random_numbers.value_or(comparison);
  return d;
}

}  // namespace commsim
