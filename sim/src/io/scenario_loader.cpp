#include "commsim/io/scenario_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "commsim/error.hpp"
#include "calibrate_section.hpp"
#include "commsim/io/graph_catalog.hpp"
#include "commsim/io/posterior_file.hpp"
#include "engine_keys.hpp"
#include "sweep_design.hpp"
#include "yaml_override.hpp"

namespace commsim {
namespace {

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) {
    out.append(out.empty() ? "" : "\n").append(line);
  }
  return out;
}

std::string shown_path(const std::string& path) {
  return path.empty() ? "(top level)" : path;
}

class Validator {
 public:
  Validator(std::string file, std::vector<Override> overrides)
      : file_(std::move(file)), overrides_(std::move(overrides)) {}

  // Where a node came from: file:line:column, or the --set that wrote it.
  std::string where(const YAML::Node& node, const std::string& path) const {
    for (const auto& o : overrides_) {
      if (path == o.path || path.starts_with(o.path + ".")) {
        return o.origin;
      }
    }
    const YAML::Mark mark = node.Mark();
    if (mark.is_null() || mark.line < 0) {
      for (const auto& o : overrides_) {
        if (o.path.starts_with(path)) {
          return o.origin;
        }
      }
      return file_;
    }
    return file_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  }

  void error(const YAML::Node& node, const std::string& path, const std::string& message) {
    errors_.push_back(where(node, path) + ": " + shown_path(path) + ": " + message);
  }

  void section(const YAML::Node& node, const Section& s, const std::string& path) {
    if (!node.IsMap()) {
      error(node, path, "expected a mapping of keys to values, found " + found(node));
      return;
    }
    origins_[path] = where(node, path);
    std::string variant;
    if (!s.variant_key.empty()) {
      const YAML::Node v = node[s.variant_key];
      const ParamDecl* d = s.find_param(s.variant_key, "");
      variant = v && v.IsScalar() ? v.Scalar() : std::get<std::string>(*d->default_value);
    }
    std::set<std::string> seen;
    for (const auto& kv : node) {
      if (!kv.first.IsScalar()) {
        error(kv.first, path, "expected a key name, found " + found(kv.first));
        continue;
      }
      const std::string key = kv.first.Scalar();
      const std::string child_path = join_path(path, key);
      if (!seen.insert(key).second) {
        error(kv.first, child_path, "this key appears more than once");
        continue;
      }
      if (const ParamDecl* d = s.find_param(key, variant)) {
        param(kv.second, *d, child_path);
      } else if (auto c = s.children.find(key); c != s.children.end()) {
        section(kv.second, c->second, child_path);
      } else if (auto l = s.lists.find(key); l != s.lists.end()) {
        list(kv.second, l->second, child_path);
      } else {
        unknown_key(kv.first, key, path, s, variant);
      }
    }
    // Required keys and defaults.
    std::vector<const ParamDecl*> declared;
    for (const auto& p : s.params) {
      declared.push_back(&p);
    }
    if (auto v = s.variants.find(variant); v != s.variants.end()) {
      for (const auto& p : v->second.params) {
        declared.push_back(&p);
      }
    }
    for (const ParamDecl* d : declared) {
      const std::string p = join_path(path, d->name);
      if (seen.contains(d->name)) {
        continue;
      }
      if (d->required()) {
        error(node, path,
              "missing required key " + ticked(d->name) + " (" + d->expectation() + ": " + d->doc +
                  ")");
      } else {
        values_.set(p, *d->default_value);
      }
    }
    for (const auto& [name, child] : s.children) {
      if (!seen.contains(name)) {
        section(YAML::Node(YAML::NodeType::Map), child, join_path(path, name));
      }
    }
    for (const auto& [name, item] : s.lists) {
      if (!seen.contains(name)) {
        values_.set(join_path(path, name), std::int64_t{0});
      }
    }
  }

  // A list of sections: each item validated on its own, at "path.<index>".
  void list(const YAML::Node& node, const Section& item, const std::string& path) {
    origins_[path] = where(node, path);
    if (!node.IsSequence()) {
      error(node, path, "expected a list of mappings (- {key: value, ...}), found " + found(node));
      return;
    }
    std::int64_t count = 0;
    for (const auto& element : node) {
      section(element, item, path + "." + std::to_string(count));
      ++count;
    }
    values_.set(path, count);
  }

  void unknown_key(const YAML::Node& key_node, const std::string& key, const std::string& path,
                   const Section& s, const std::string& variant) {
    std::string message = "unknown key " + ticked(key);
    if (auto renamed = s.renamed.find(key); renamed != s.renamed.end()) {
      message += ": it was renamed to " + ticked(renamed->second);
    } else if (auto best = nearest(key, s.known_keys(variant))) {
      message += "; did you mean " + ticked(*best) + "?";
    } else if (path.empty() && !model_hint_.empty() && key != model_hint_) {
      message +=
          " (a model's parameters go under the key named after the model: " + ticked(model_hint_) +
          ")";
    } else {
      std::string keys;
      for (const auto& k : s.known_keys(variant)) {
        keys += (keys.empty() ? "" : ", ") + k;
      }
      message += keys.empty() ? "; this section takes no keys" : "; known keys here: " + keys;
    }
    error(key_node, join_path(path, key), message);
  }

  void param(const YAML::Node& node, const ParamDecl& d, const std::string& path) {
    origins_[path] = where(node, path);
    const auto fail = [&] {
      error(node, path, "expected " + d.expectation() + ", found " + found(node));
    };
    const auto in_range = [&](double x) { return d.range.contains(x); };
    switch (d.type) {
      case ParamType::Bool: {
        auto b = node.IsScalar() ? to_bool(node.Scalar()) : std::nullopt;
        return b ? values_.set(path, *b) : fail();
      }
      case ParamType::Int: {
        auto v = node.IsScalar() ? to_int(node.Scalar()) : std::nullopt;
        return v && in_range(static_cast<double>(*v)) ? values_.set(path, *v) : fail();
      }
      case ParamType::Real: {
        auto v = node.IsScalar() ? to_real(node.Scalar()) : std::nullopt;
        return v && in_range(*v) ? values_.set(path, *v) : fail();
      }
      case ParamType::String: {
        return node.IsScalar() ? values_.set(path, node.Scalar()) : fail();
      }
      case ParamType::Choice: {
        if (node.IsScalar() &&
            std::find(d.choices.begin(), d.choices.end(), node.Scalar()) != d.choices.end()) {
          return values_.set(path, node.Scalar());
        }
        std::string message = "expected " + d.expectation() + ", found " + found(node);
        if (node.IsScalar()) {
          if (auto best = nearest(node.Scalar(), d.choices)) {
            message += "; did you mean " + ticked(*best) + "?";
          }
        }
        return error(node, path, message);
      }
      case ParamType::IntList:
      case ParamType::RealList: {
        if (!node.IsSequence()) {
          return fail();
        }
        std::vector<std::int64_t> ints;
        std::vector<double> reals;
        const bool integers = d.type == ParamType::IntList;
        for (const auto& item : node) {
          const std::string text = item.IsScalar() ? item.Scalar() : std::string();
          const auto i = integers ? to_int(text) : std::nullopt;
          const auto r = integers ? std::nullopt : to_real(text);
          const bool parsed = item.IsScalar() && (integers ? i.has_value() : r.has_value());
          if (!parsed ||
              !in_range(integers ? static_cast<double>(i.value_or(0)) : r.value_or(0.0))) {
            return error(item, path,
                         "expected " + d.expectation() + ", found an item " + found(item));
          }
          if (integers) {
            ints.push_back(i.value_or(0));
          } else {
            reals.push_back(r.value_or(0.0));
          }
        }
        return d.type == ParamType::IntList ? values_.set(path, ints) : values_.set(path, reals);
      }
    }
  }

  // A problem that involves a validated value, reported at its origin.
  void value_error(const std::string& path, const std::string& message) {
    auto it = origins_.find(path);
    errors_.push_back((it != origins_.end() ? it->second : file_) + ": " + shown_path(path) + ": " +
                      message);
  }

  void set_model_hint(std::string model) { model_hint_ = std::move(model); }
  [[nodiscard]] const std::vector<std::string>& errors() const { return errors_; }
  [[nodiscard]] ParamValues& values() { return values_; }
  [[nodiscard]] bool has(const std::string& path) const { return values_.contains(path); }

 private:
  std::string file_;
  std::vector<Override> overrides_;
  std::string model_hint_;
  std::vector<std::string> errors_;
  std::map<std::string, std::string> origins_;
  ParamValues values_;
};

// The graph: its kind, its own keys, and the checks that involve the
// population (reported at the keys they concern).
void check_graph(Validator& v, Scenario& s, const ModelInfo& model) {
  const std::string g = "population.graph";
  const ParamValues& values = v.values();
  s.graph.kind = find_graph_kind(values.get_string(g + ".kind"));
  s.graph.params = values.subtree(g);
  graph_keys().apply(s.graph.params, s.graph);
  if (s.graph.kind->complete_mixing && !model.supports_complete_mixing) {
    v.value_error(g + ".kind", "model " + ticked(model.name) +
                                   " does not support complete mixing; choose a graph kind");
  }
  for (const GraphProblem& problem : s.graph.kind->check(s.graph.params, s.graph_context())) {
    v.value_error(g + "." + problem.key, problem.message);
  }
}

// output.agents: none | final | every_N_days.
void check_output(Validator& v, Scenario& s) {
  const std::string agents = output_keys().bind(v.values().subtree("output")).agents;
  const std::string prefix = "every_";
  const std::string suffix = "_days";
  if (agents == "none") {
    return;
  }
  if (agents == "final") {
    s.snapshot_days = {s.days};
    return;
  }
  std::uint32_t every = 0;
  const bool shaped = agents.size() > prefix.size() + suffix.size() && agents.starts_with(prefix) &&
                      agents.ends_with(suffix);
  if (shaped) {
    const char* begin = agents.data() + prefix.size();
    const char* end = agents.data() + agents.size() - suffix.size();
    auto [ptr, ec] = std::from_chars(begin, end, every);
    if (ec != std::errc{} || ptr != end) {
      every = 0;
    }
  }
  if (every == 0) {
    v.value_error("output.agents",
                  "expected none, final or every_N_days with N a whole number "
                  ">= 1 (such as every_7_days), found \"" +
                      agents + "\"");
    return;
  }
  for (std::uint32_t d = 0; d < s.days; d += every) {
    s.snapshot_days.push_back(d);
  }
  s.snapshot_days.push_back(s.days);
}

// Validates one document (the base, or the base with a design point's
// overrides) into a typed Scenario; `overrides` name the origins of values
// that did not come from the file.
Scenario validate_document(const YAML::Node& root, const std::filesystem::path& path,
                           const std::vector<Override>& overrides, ModelCatalog catalog) {
  const std::string file = path.string();
  Validator v(file, overrides);
  // The model decides which section and constants are valid, so check it
  // first; without a known model nothing else can be checked.
  const YAML::Node model_node = root["model"];
  const ParamDecl model_decl = model_choice(catalog);
  if (!model_node) {
    v.error(root, "model", "missing required key `model` (" + model_decl.expectation() + ")");
  } else {
    v.param(model_node, model_decl, "model");
  }
  if (!v.errors().empty()) {
    throw ScenarioError(join_lines(v.errors()));
  }
  const ModelInfo* model = find_model(catalog, model_node.Scalar());
  v.set_model_hint(model->name);
  v.section(root, scenario_schema(*model, catalog), "");

  Scenario s;
  s.source_path = path;
  if (v.errors().empty()) {
    const ParamValues& values = v.values();
    s.model = model->name;
    scenario_keys().apply(values, s);
    if (s.name.empty()) {
      s.name = path.stem().string();
    }
    population_keys().apply(values.subtree("population"), s);
    check_graph(v, s, *model);
    check_output(v, s);
  }
  if (!v.errors().empty()) {
    throw ScenarioError(join_lines(v.errors()));
  }
  s.values = std::move(v.values());
  return s;
}

// Each design point is the base document with the point's values applied,
// validated in full. Problems are collected over all points (identical
// messages once) and reported together.
void add_design_points(Scenario& base, const YAML::Node& root, const SweepDesign& design,
                       const std::vector<Override>& cli, ModelCatalog catalog) {
  std::vector<std::string> problems;
  std::size_t failed_points = 0;
  for (std::size_t p = 0; p < design.points.size(); ++p) {
    YAML::Node doc = YAML::Clone(root);
    std::vector<Override> origins = cli;
    for (const auto& o : design.points[p]) {
      apply_override(doc, o);
      origins.push_back(o);
    }
    try {
      Scenario point = validate_document(doc, base.source_path, origins, catalog);
      for (const auto& o : design.points[p]) {
        point.swept.emplace_back(o.path, flow_text(o.value));
      }
      base.points.push_back(std::move(point));
    } catch (const ScenarioError& e) {
      ++failed_points;
      if (std::find(problems.begin(), problems.end(), e.what()) == problems.end() &&
          problems.size() < 10) {
        problems.emplace_back(e.what());
      }
    }
  }
  for (const Scenario& point : base.points) {
    if (!base.snapshot_days.empty() && point.population_size != base.population_size) {
      problems.emplace_back(base.source_path.string() +
                            ": sweep: output.agents cannot be combined with a sweep over "
                            "population.size (snapshots share one agent axis)");
      ++failed_points;
      break;
    }
  }
  if (failed_points > 0) {
    throw ScenarioError(std::to_string(failed_points) + " of " +
                        std::to_string(design.points.size()) + " design points are invalid:\n" +
                        join_lines(problems));
  }
}

}  // namespace

Scenario parse_scenario(const std::string& text, const std::filesystem::path& path,
                        const std::vector<std::string>& overrides, ModelCatalog catalog) {
  const std::string file = path.string();
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw ScenarioError(file + ":" + std::to_string(e.mark.line + 1) + ":" +
                        std::to_string(e.mark.column + 1) + ": malformed YAML: " + e.msg);
  }
  if (!root.IsMap()) {
    throw ScenarioError(file + ": expected a mapping of keys to values at the top level, found " +
                        found(root));
  }
  std::vector<Override> cli;
  for (const auto& o : overrides) {
    cli.push_back(parse_override(o));
    apply_override(root, cli.back());
  }
  // The sweep is not part of a run's document: take it out, validate the
  // base, then every design point.
  // (A default YAML::Node is null, not undefined, hence the optional; and the
  // node is kept, not cloned, because clones lose their line and column.)
  // The same for a calibration: it describes how to vary the run document,
  // not the document itself.
  std::optional<YAML::Node> sweep;
  std::optional<YAML::Node> calibration;
  if (const YAML::Node& view = root; view["sweep"]) {
    sweep = view["sweep"];
    root.remove("sweep");
  }
  if (const YAML::Node& view = root; view["calibrate"]) {
    calibration = view["calibrate"];
    root.remove("calibrate");
  }
  if (sweep && calibration) {
    throw ScenarioError(position(file, *calibration) +
                        ": calibrate: a scenario either sweeps or calibrates; to compare designs "
                        "under a fitted posterior, calibrate first, then sweep with `posterior:`");
  }
  Scenario s = validate_document(root, path, cli, catalog);
  s.source_text = text;
  s.overrides = overrides;
  if (sweep) {
    const SweepDesign design = read_sweep(*sweep, file, s.seed, s.model);
    s.design = design.info;
    add_design_points(s, root, design, cli, catalog);
    // The recorded document must rerun the whole experiment, sweep included.
    root["sweep"] = *sweep;
  }
  if (calibration) {
    const ModelInfo& model = *find_model(catalog, s.model);
    s.calibration =
        read_calibration(*calibration, s, model, scenario_schema(model, catalog), cli);
    root["calibrate"] = *calibration;
  }
  // Emitted once, for the experiment (design points need no text of their own).
  YAML::Emitter out;
  out << root;
  s.effective_text = std::string(out.c_str()) + "\n";
  return s;
}

Scenario load_scenario(const std::filesystem::path& path, const std::vector<std::string>& overrides,
                       ModelCatalog catalog) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ScenarioError(path.string() + ": cannot open the scenario file (" +
                        (std::filesystem::exists(path) ? "not readable" : "no such file") + ")");
  }
  if (std::filesystem::is_directory(path)) {
    throw ScenarioError(path.string() + ": is a folder, not a scenario file");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), path, overrides, catalog);
}

Scenario posterior_predictive(const std::filesystem::path& posterior, std::size_t draws,
                              ModelCatalog catalog) {
  const PosteriorFile file = read_posterior(posterior);
  YAML::Node root = YAML::Load(file.scenario);
  root.remove("calibrate");
  YAML::Node sweep(YAML::NodeType::Map);
  sweep["posterior"]["file"] = std::filesystem::absolute(posterior).string();
  sweep["posterior"]["draws"] = std::to_string(draws);
  root["sweep"] = sweep;
  YAML::Emitter out;
  out << root;
  return parse_scenario(std::string(out.c_str()) + "\n", file.scenario_path, {}, catalog);
}

}  // namespace commsim
