#include "calibrate_section.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "commsim/error.hpp"
#include "commsim/io/results_reader.hpp"
#include "yaml_override.hpp"

namespace commsim {
namespace {

constexpr std::size_t kMaxProblems = 20;

struct Settings {
  std::int64_t particles = 1000;
  std::int64_t generations = 10;
  double alpha = 0.5;
  std::string kernel = "olcm";
  double min_tolerance = 0;
  std::int64_t max_simulations = 0;
  double min_acceptance = 0;
};

const ParamBinder<Settings>& settings_keys() {
  static const auto keys =
      ParamBinder<Settings>{}
          .integer("particles", &Settings::particles, 1000, Range::closed(2, 10000000),
                   "Particles per generation (the posterior sample size). Default: 1000, "
                   "enough for means and 90% intervals of a handful of parameters.")
          .integer("generations", &Settings::generations, 10, Range::closed(1, 1000),
                   "Stop after this many generations (generation 0 samples the prior).")
          .real("alpha", &Settings::alpha, 0.5, Range{0, 1, true, true},
                "Each generation's tolerance is this quantile of the previous generation's "
                "distances (Del Moral et al. 2012). Default: 0.5, as in pyABC.")
          .choice("kernel", &Settings::kernel, "olcm", {"olcm", "weighted"},
                  "Perturbation kernel: the optimal local covariance (Filippi et al. 2013) or "
                  "twice the weighted covariance (Beaumont et al. 2009).")
          .real("min_tolerance", &Settings::min_tolerance, 0.0, Range::at_least(0),
                "Stop once a generation's tolerance is at or below this (0: no such rule).")
          .integer("max_simulations", &Settings::max_simulations, 0, Range::at_least(0),
                   "Stop before the simulations would exceed this budget (0: no budget).")
          .real("min_acceptance", &Settings::min_acceptance, 0.0, Range{0, 1, false, true},
                "Stop when a generation's acceptance rate would fall below this (0: never).");
  return keys;
}

// Every problem found, each at its place; thrown together at the end.
class Problems {
 public:
  Problems(std::string file, const std::vector<Override>& overrides)
      : file_(std::move(file)), overrides_(overrides) {}
  void add(const YAML::Node& node, const std::string& path, const std::string& message) {
    if (list_.size() < kMaxProblems) {
      list_.push_back(where(node, path) + ": " + path + ": " + message);
    }
    ++count_;
  }
  [[nodiscard]] std::size_t count() const { return count_; }
  void throw_if_any() const {
    if (count_ == 0) {
      return;
    }
    std::string text;
    for (const auto& line : list_) {
      text += (text.empty() ? "" : "\n") + line;
    }
    if (count_ > list_.size()) {
      text += "\n... and " + std::to_string(count_ - list_.size()) + " more";
    }
    throw ScenarioError(text);
  }
  [[nodiscard]] const std::string& file() const { return file_; }

 private:
  // A value a --set option placed is named by that option, not by a place
  // in the file it never was in.
  [[nodiscard]] std::string where(const YAML::Node& node, const std::string& path) const {
    for (const Override& o : overrides_) {
      if (path == o.path || path.starts_with(o.path + ".") || o.path.starts_with(path + ".")) {
        return o.origin;
      }
    }
    return position(file_, node);
  }

  std::string file_;
  const std::vector<Override>& overrides_;
  std::vector<std::string> list_;
  std::size_t count_ = 0;
};

std::optional<double> number_of(const YAML::Node& node) {
  return node.IsScalar() ? to_real(node.Scalar()) : std::nullopt;
}

// The declaration of a key path in the schema, with the variants the base
// document selects; null when there is no such key.
const ParamDecl* find_decl(const Section& root, const std::string& path,
                           const ParamValues& values) {
  const Section* s = &root;
  std::string walked;
  std::size_t start = 0;
  for (;;) {
    const auto dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
    if (dot == std::string::npos) {
      std::string variant;
      if (!s->variant_key.empty()) {
        const std::string variant_path = join_path(walked, s->variant_key);
        variant = values.contains(variant_path) ? values.get_string(variant_path) : "";
      }
      return s->find_param(key, variant);
    }
    walked = join_path(walked, key);
    start = dot + 1;
    if (auto c = s->children.find(key); c != s->children.end()) {
      s = &c->second;
    } else if (auto l = s->lists.find(key); l != s->lists.end()) {
      const auto next = path.find('.', start);
      if (next == std::string::npos) {
        return nullptr;
      }
      walked = join_path(walked, path.substr(start, next - start));  // the item's index
      start = next + 1;
      s = &l->second;
    } else {
      return nullptr;
    }
  }
}

// The parameters that describe a run's behaviour can be fitted; those that
// shape the experiment itself (its size, graph, horizon, seed) cannot.
bool fittable(const std::string& path, const ModelInfo& model) {
  const auto under = [&](const std::string& root) { return path.starts_with(root + "."); };
  return under(model.name) || under("behaviour") ||
         (under("population") && !path.starts_with("population.graph.") &&
          path != "population.size");
}

std::optional<calibrate::Prior> read_prior(const YAML::Node& node, const std::string& path,
                                           const ParamDecl& decl, Problems& problems) {
  const std::string where = "calibrate.parameters." + path;
  if (!node.IsMap() || node.size() != 1) {
    problems.add(node, where,
                 "expected one prior such as {uniform: [lo, hi]}, {log_uniform: [lo, hi]}, "
                 "{normal: [mean, sd]}, {truncated_normal: [mean, sd, lo, hi]}, {integer: [lo, "
                 "hi]} or {categorical: [a, b]}, found " +
                     found(node));
    return std::nullopt;
  }
  const std::string kind = node.begin()->first.Scalar();
  const YAML::Node args = node.begin()->second;
  const std::vector<std::string> kinds{"uniform",          "log_uniform", "normal",
                                       "truncated_normal", "integer",     "categorical"};
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    const auto best = nearest(kind, kinds);
    problems.add(node.begin()->first, where,
                 "unknown prior kind " + ticked(kind) +
                     (best ? "; did you mean " + ticked(*best) + "?"
                           : " (expected uniform, log_uniform, normal, truncated_normal, integer "
                             "or categorical)"));
    return std::nullopt;
  }
  const std::set<std::string> real_kinds{"uniform", "log_uniform", "normal", "truncated_normal"};
  const bool real = decl.type == ParamType::Real;
  const bool whole = decl.type == ParamType::Int;
  const bool choice = decl.type == ParamType::Choice;
  if (!(real && real_kinds.contains(kind)) && !(whole && kind == "integer") &&
      !(choice && kind == "categorical")) {
    const std::string fits = real    ? "uniform, log_uniform, normal or truncated_normal"
                             : whole ? "integer"
                                     : "categorical";
    if (!real && !whole && !choice) {
      problems.add(node, where,
                   ticked(path) + " is " + decl.expectation() +
                       ", not a number or a choice, so it cannot be fitted");
    } else {
      problems.add(node.begin()->first, where,
                   "a prior of kind " + ticked(kind) + " does not fit " + ticked(path) + " (" +
                       decl.expectation() + "); use " + fits);
    }
    return std::nullopt;
  }
  try {
    if (kind == "categorical") {
      std::vector<std::string> choices;
      std::vector<double> probabilities;
      const bool weighted = args.IsMap();
      if (!args.IsSequence() && !weighted) {
        problems.add(args, where,
                     "expected a list of choices or a mapping of choice to "
                     "probability, found " +
                         found(args));
        return std::nullopt;
      }
      for (const auto& item : args) {
        const YAML::Node name = weighted ? item.first : item;
        const std::string text = name.IsScalar() ? name.Scalar() : "";
        if (std::find(decl.choices.begin(), decl.choices.end(), text) == decl.choices.end()) {
          problems.add(name, where, "expected " + decl.expectation() + ", found " + found(name));
          return std::nullopt;
        }
        choices.push_back(text);
        if (weighted) {
          const auto p = number_of(item.second);
          if (!p) {
            problems.add(
                item.second, where,
                "expected a probability for " + ticked(text) + ", found " + found(item.second));
            return std::nullopt;
          }
          probabilities.push_back(*p);
        }
      }
      return calibrate::Prior::categorical(path, choices, probabilities);
    }
    const std::size_t wanted = kind == "truncated_normal" ? 4 : 2;
    const std::string shape = kind == "truncated_normal" ? "[mean, sd, lo, hi]"
                              : kind == "normal"         ? "[mean, sd]"
                                                         : "[lo, hi]";
    if (!args.IsSequence() || args.size() != wanted) {
      problems.add(
          args, where,
          "expected " + std::to_string(wanted) + " numbers " + shape + " for a " + kind +
              " prior, found " +
              (args.IsSequence() ? std::to_string(args.size()) + " item(s)" : found(args)));
      return std::nullopt;
    }
    std::vector<double> a;
    for (const auto& item : args) {
      const auto x = number_of(item);
      if (!x) {
        // The truncated normal's bounds may be infinite; nothing else may.
        const std::string text = item.IsScalar() ? item.Scalar() : "";
        const bool infinite = text == ".inf" || text == "-.inf" || text == "+.inf";
        if (kind == "truncated_normal" && a.size() >= 2 && infinite) {
          a.push_back(text.front() == '-' ? -std::numeric_limits<double>::infinity()
                                          : std::numeric_limits<double>::infinity());
          continue;
        }
        problems.add(item, where,
                     "expected a finite number in " + shape + " for a " + kind + " prior, found " +
                         found(item));
        return std::nullopt;
      }
      a.push_back(*x);
    }
    calibrate::Prior prior =
        kind == "uniform"       ? calibrate::Prior::uniform(path, a[0], a[1])
        : kind == "log_uniform" ? calibrate::Prior::log_uniform(path, a[0], a[1])
        : kind == "normal"      ? calibrate::Prior::normal(path, a[0], a[1])
        : kind == "integer"     ? calibrate::Prior::integer(path, static_cast<std::int64_t>(a[0]),
                                                            static_cast<std::int64_t>(a[1]))
                                : calibrate::Prior::truncated_normal(path, a[0], a[1], a[2], a[3]);
    if (kind == "integer" && (a[0] != std::floor(a[0]) || a[1] != std::floor(a[1]))) {
      problems.add(args, where, "expected whole numbers [lo, hi] for an integer prior");
      return std::nullopt;
    }
    // The prior's support must lie inside the key's declared range.
    const bool inside = decl.range.contains(prior.lo()) && decl.range.contains(prior.hi());
    if (!inside) {
      problems.add(args, where,
                   "the prior " + prior.describe() + " reaches outside " + ticked(path) +
                       "'s range " + decl.range.describe() +
                       (kind == "normal" ? "; use truncated_normal with bounds inside it" : ""));
      return std::nullopt;
    }
    return prior;
  } catch (const InputError& e) {
    // The prior's own message names the parameter; the location does too.
    std::string message = e.what();
    const std::string prefix = "calibrate parameter '" + path + "': ";
    if (message.starts_with(prefix)) {
      message.erase(0, prefix.size());
    }
    problems.add(args, where, message);
    return std::nullopt;
  }
}

std::vector<double> observed_values(const YAML::Node& node, const std::string& where,
                                    Problems& problems, bool& bad) {
  std::vector<double> out;
  const auto one = [&](const YAML::Node& item) {
    if (item.IsNull() || (item.IsScalar() && (item.Scalar() == "nan" || item.Scalar() == ".nan"))) {
      out.push_back(std::numeric_limits<double>::quiet_NaN());  // a missing observation
    } else if (const auto x = number_of(item)) {
      out.push_back(*x);
    } else {
      problems.add(item, where,
                   "expected a finite number (or null for a missing value), found " + found(item));
      out.push_back(std::numeric_limits<double>::quiet_NaN());  // keeps the count right
      bad = true;
    }
  };
  if (node.IsSequence()) {
    for (const auto& item : node) {
      one(item);
    }
  } else {
    one(node);
  }
  return out;
}

CalibrationTarget read_target(const YAML::Node& node, std::size_t index, const Scenario& base,
                              const ModelInfo& model, Problems& problems) {
  const std::string where = "calibrate.targets." + std::to_string(index);
  CalibrationTarget t;
  if (!node.IsMap()) {
    problems.add(node, where,
                 "expected a mapping such as {metric: NAME, observed: [...]} or {summary: NAME, "
                 "observed: X}, found " +
                     found(node));
    return t;
  }
  const std::set<std::string> known{"metric", "summary", "category", "days", "observed", "weight"};
  for (const auto& kv : node) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (!known.contains(key)) {
      std::string message = "unknown key " + ticked(key);
      if (auto best = nearest(key, {known.begin(), known.end()})) {
        message += "; did you mean " + ticked(*best) + "?";
      }
      problems.add(kv.first, where, message);
    }
  }
  const bool has_metric = static_cast<bool>(node["metric"]);
  t.summary = static_cast<bool>(node["summary"]);
  if (has_metric == t.summary) {
    problems.add(node, where, "give exactly one of `metric` (a daily metric) or `summary`");
    return t;
  }
  const YAML::Node name_node = t.summary ? node["summary"] : node["metric"];
  t.metric = name_node.IsScalar() ? name_node.Scalar() : "";
  std::vector<std::string> names;
  const MetricDecl* metric = nullptr;
  if (t.summary) {
    for (const auto& s : model.summaries) {
      names.push_back(s.name);
    }
  } else {
    for (const auto& m : model.metrics) {
      names.push_back(m.name);
      metric = m.name == t.metric ? &m : metric;
    }
  }
  if (std::find(names.begin(), names.end(), t.metric) == names.end()) {
    std::string message = "model " + ticked(model.name) + " has no " +
                          (t.summary ? "summary " : "daily metric ") + ticked(t.metric);
    if (auto best = nearest(t.metric, names)) {
      message += "; did you mean " + ticked(*best) + "?";
    }
    problems.add(name_node, where + (t.summary ? ".summary" : ".metric"), message);
    return t;
  }
  t.name = t.metric;
  // A category of a metric with a category axis.
  if (const YAML::Node c = node["category"]; c) {
    if (metric == nullptr || metric->axis.empty()) {
      problems.add(c, where + ".category", ticked(t.metric) + " has no category axis");
    } else {
      const std::string label = c.IsScalar() ? c.Scalar() : "";
      const auto it = std::find(metric->labels.begin(), metric->labels.end(), label);
      if (it == metric->labels.end()) {
        std::string labels;
        for (const auto& l : metric->labels) {
          labels += (labels.empty() ? "" : ", ") + l;
        }
        problems.add(
            c, where + ".category",
            "expected one of " + labels + " (the " + metric->axis + " axis), found " + found(c));
      } else {
        t.category = static_cast<std::size_t>(it - metric->labels.begin());
        t.category_label = label;
        t.name += "[" + label + "]";
      }
    }
  } else if (metric != nullptr && !metric->axis.empty()) {
    problems.add(
        node, where,
        ticked(t.metric) + " is split by " + metric->axis + "; say which one with `category:`");
  }
  // The days compared. A bad list makes no further check of this target's
  // values meaningful: they would only repeat the same mistake.
  bool days_ok = true;
  if (const YAML::Node d = node["days"]; d) {
    days_ok = false;
    if (t.summary) {
      problems.add(d, where + ".days", "a summary has one value; `days` is for daily metrics");
    } else if (!d.IsSequence() || d.size() == 0) {
      problems.add(d, where + ".days", "expected a non-empty list of days, found " + found(d));
    } else {
      days_ok = true;
      for (const auto& item : d) {
        const auto day = item.IsScalar() ? to_int(item.Scalar()) : std::nullopt;
        if (!day || *day < 0 || *day > base.days ||
            (!t.days.empty() && *day <= static_cast<std::int64_t>(t.days.back()))) {
          problems.add(item, where + ".days",
                       "expected days in increasing order from 0 to " + std::to_string(base.days) +
                           ", found " + found(item));
          days_ok = false;
          break;
        }
        t.days.push_back(static_cast<std::uint32_t>(*day));
      }
    }
  }
  if (!days_ok) {
    return t;
  }
  const bool all_days = !t.summary && t.days.empty();
  if (all_days) {
    for (std::uint32_t day = 0; day <= base.days; ++day) {
      t.days.push_back(day);
    }
  }
  // The observed values, inline or from a results file of the same shape.
  const YAML::Node o = node["observed"];
  if (!o) {
    problems.add(node, where, "missing required key `observed`");
    return t;
  }
  const std::size_t wanted = t.summary ? 1 : t.days.size();
  if (o.IsMap()) {
    for (const auto& kv : o) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
      if (key != "file" && key != "run") {
        const auto best = nearest(key, {"file", "run"});
        problems.add(kv.first, where + ".observed." + key,
                     "unknown key " + ticked(key) +
                         (best ? "; did you mean " + ticked(*best) + "?"
                               : " (expected {file: RESULTS.h5, run: N})"));
        return t;
      }
    }
    const YAML::Node file = o["file"];
    const YAML::Node run_node = o["run"];
    if (!file || !file.IsScalar()) {
      problems.add(file ? file : o, where + ".observed.file",
                   "expected the results file to read the observed values from, found " +
                       (file ? found(file) : std::string("nothing")));
      return t;
    }
    const auto run = run_node ? (run_node.IsScalar() ? to_int(run_node.Scalar()) : std::nullopt)
                              : std::optional<std::int64_t>(0);
    if (!run || *run < 0) {
      problems.add(run_node, where + ".observed.run",
                   "expected a run number >= 0, found " + found(run_node));
      return t;
    }
    const std::filesystem::path path = base.source_path.parent_path() / file.Scalar();
    try {
      t.observed_file = path;
      const RunMetric m =
          read_run_metric(path, t.metric, t.summary, static_cast<std::uint64_t>(*run));
      // A summary is over the run's whole horizon: only one as long as this
      // scenario's compares like with like.
      if (t.summary && m.horizon != base.days) {
        problems.add(o, where + ".observed",
                     path.string() + " summarises " + std::to_string(m.horizon) +
                         " days, this scenario " + std::to_string(base.days) +
                         "; summaries compare runs of the same horizon (set days: " +
                         std::to_string(m.horizon) + ", or compare daily values with `days:`)");
        return t;
      }
      if (!t.summary && all_days && m.days != t.days.size()) {
        problems.add(o, where + ".observed",
                     path.string() + " holds " + std::to_string(m.days) + " days of " +
                         ticked(t.metric) + " (days 0 to " + std::to_string(m.days - 1) +
                         "), this scenario " + std::to_string(t.days.size()) +
                         "; give `days:` to compare some of them");
        return t;
      }
      for (const std::uint32_t day : t.summary ? std::vector<std::uint32_t>{0} : t.days) {
        if (day >= m.days) {
          problems.add(
              o, where + ".observed",
              path.string() + " has no day " + std::to_string(day) + " of " + ticked(t.metric));
          return t;
        }
        t.observed.push_back(m.values[day * m.categories + t.category]);
      }
    } catch (const InputError& e) {
      problems.add(file, where + ".observed.file", e.what());
    }
  } else {
    bool bad = false;
    t.observed = observed_values(o, where + ".observed", problems, bad);
    if (t.summary && o.IsSequence()) {
      problems.add(o, where + ".observed", "a summary is one number, found a list");
    } else if (!bad && t.observed.size() != wanted && !t.observed.empty()) {
      problems.add(o, where + ".observed",
                   "expected " + std::to_string(wanted) + " value(s) (" +
                       (all_days    ? "days 0 to " + std::to_string(base.days)
                        : t.summary ? std::string("the summary")
                                    : "one per listed day") +
                       "), found " + std::to_string(t.observed.size()));
    }
  }
  if (const YAML::Node w = node["weight"]; w) {
    const auto weight = number_of(w);
    if (!weight || *weight < 0) {
      problems.add(w, where + ".weight", "expected a number >= 0, found " + found(w));
    } else {
      t.weight = *weight;
    }
  }
  if (!t.observed.empty() &&
      std::all_of(t.observed.begin(), t.observed.end(), [](double x) { return std::isnan(x); })) {
    problems.add(o, where + ".observed",
                 "every observed value is missing: the target cannot be compared with anything");
  }
  return t;
}

}  // namespace

Section calibration_settings_section() {
  return settings_keys().section("How the ABC-SMC sampler runs.");
}

CalibrationSpec read_calibration(const YAML::Node& node, const Scenario& base,
                                 const ModelInfo& model, const Section& schema,
                                 const std::vector<Override>& overrides) {
  Problems problems(base.source_path.string(), overrides);
  CalibrationSpec spec;
  if (!node.IsMap()) {
    problems.add(
        node, "calibrate",
        "expected a mapping with `parameters`, `targets` and settings, found " + found(node));
    problems.throw_if_any();
  }
  // Settings, each validated against its declaration.
  ParamValues settings;
  const Section declared = calibration_settings_section();
  std::vector<std::string> known{"parameters", "targets"};
  for (const auto& d : declared.params) {
    known.push_back(d.name);
  }
  for (const auto& kv : node) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (key == "parameters" || key == "targets") {
      continue;
    }
    const ParamDecl* d = declared.find_param(key, "");
    if (d == nullptr) {
      std::string message = "unknown key " + ticked(key);
      if (auto best = nearest(key, known)) {
        message += "; did you mean " + ticked(*best) + "?";
      }
      problems.add(kv.first, "calibrate." + key, message);
      continue;
    }
    const YAML::Node& v = kv.second;
    const std::string text = v.IsScalar() ? v.Scalar() : "";
    std::optional<ParamValue> value;
    if (d->type == ParamType::Int) {
      if (auto i = to_int(text); i && d->range.contains(static_cast<double>(*i))) {
        value = *i;
      }
    } else if (d->type == ParamType::Real) {
      if (auto x = to_real(text); x && d->range.contains(*x)) {
        value = *x;
      }
    } else if (std::find(d->choices.begin(), d->choices.end(), text) != d->choices.end()) {
      value = text;
    }
    if (!value) {
      problems.add(v, "calibrate." + key, "expected " + d->expectation() + ", found " + found(v));
      continue;
    }
    settings.set(key, *value);
  }
  const Settings s = settings_keys().bind(settings);
  spec.settings.population_size = static_cast<std::size_t>(s.particles);
  spec.settings.alpha = s.alpha;
  spec.settings.kernel =
      s.kernel == "olcm" ? calibrate::KernelKind::Olcm : calibrate::KernelKind::Weighted;
  spec.settings.stop.max_generations = static_cast<std::size_t>(s.generations);
  spec.settings.stop.min_tolerance = s.min_tolerance;
  spec.settings.stop.max_simulations = static_cast<std::uint64_t>(s.max_simulations);
  spec.settings.stop.min_acceptance_rate = s.min_acceptance;
  spec.settings.seed = base.seed;

  // Parameters.
  const YAML::Node parameters = node["parameters"];
  const auto found_or_empty = [](const YAML::Node& n) {
    return !n                                ? std::string("nothing")
           : n.size() == 0 && n.IsMap()      ? std::string("an empty mapping")
           : n.size() == 0 && n.IsSequence() ? std::string("an empty list")
                                             : found(n);
  };
  if (!parameters || !parameters.IsMap() || parameters.size() == 0) {
    problems.add(parameters ? parameters : node, "calibrate.parameters",
                 "expected a mapping of key paths to priors, such as {bass.q: {uniform: [0.1, "
                 "0.9]}}, found " +
                     found_or_empty(parameters));
  } else {
    std::set<std::string> seen;
    for (const auto& kv : parameters) {
      const std::string path = kv.first.IsScalar() ? kv.first.Scalar() : "";
      const std::string where = "calibrate.parameters." + path;
      if (!seen.insert(path).second) {
        problems.add(kv.first, where, "this parameter appears more than once");
        continue;
      }
      const ParamDecl* decl = find_decl(schema, path, base.values);
      if (decl == nullptr || !base.values.contains(path)) {
        problems.add(kv.first, where,
                     "no such key in this scenario (" + ticked(path) + "; `commsim describe " +
                         model.name + "` lists the keys)");
        continue;
      }
      if (!fittable(path, model)) {
        problems.add(kv.first, where,
                     ticked(path) +
                         " shapes the experiment itself (size, graph, horizon, seed) "
                         "and cannot be fitted; fit keys under `" +
                         model.name + "`, `behaviour` or the model's `population` keys");
        continue;
      }
      if (auto prior = read_prior(kv.second, path, *decl, problems)) {
        spec.paths.push_back(path);
        spec.types.push_back(decl->type);
        spec.priors.push_back(std::move(*prior));
      }
    }
  }
  // Targets.
  const YAML::Node targets = node["targets"];
  if (!targets || !targets.IsSequence() || targets.size() == 0) {
    problems.add(targets ? targets : node, "calibrate.targets",
                 "expected a non-empty list of targets such as - {summary: NAME, observed: X}, "
                 "found " +
                     found_or_empty(targets));
  } else {
    std::map<std::string, int> names;
    for (std::size_t i = 0; i < targets.size(); ++i) {
      CalibrationTarget t = read_target(targets[i], i, base, model, problems);
      // Two targets on one metric (other days) get distinct names.
      if (const int n = ++names[t.name]; n > 1) {
        t.name += " (" + std::to_string(n) + ")";
      }
      spec.targets.push_back(std::move(t));
    }
    const bool some_weight = std::any_of(spec.targets.begin(), spec.targets.end(),
                                         [](const CalibrationTarget& t) { return t.weight > 0; });
    if (!some_weight) {
      problems.add(targets, "calibrate.targets",
                   "every target has weight 0: at least one must count");
    }
  }
  const auto budget = spec.settings.stop.max_simulations;
  if (budget > 0 && budget < spec.settings.population_size) {
    problems.add(node["max_simulations"], "calibrate.max_simulations",
                 "a budget of " + std::to_string(budget) +
                     " simulations cannot even sample the "
                     "prior once (particles: " +
                     std::to_string(spec.settings.population_size) +
                     "); give 0 (no budget) or at least that many");
  }
  problems.throw_if_any();
  return spec;
}

}  // namespace commsim
