#include "commsim/io/scenario_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "calibrate_section.hpp"
#include "commsim/error.hpp"
#include "commsim/io/graph_catalog.hpp"
#include "commsim/io/people_file.hpp"
#include "commsim/io/posterior_file.hpp"
#include "commsim/run/memory.hpp"
#include "engine_keys.hpp"
#include "file_checks.hpp"
#include "objective_section.hpp"
#include "scenario_text.hpp"
#include "sweep_design.hpp"
#include "text_bytes.hpp"
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

// Problems the loader reports in full before it says "and N more".
constexpr std::size_t kMaxErrors = 20;

// Why a scalar is not a whole number, when it is one in disguise.
std::string whole_number_hint(const std::string& s) {
  double d = 0;
  const char* end = s.data() + s.size();
  if (auto [p, ec] = std::from_chars(s.data(), end, d); ec == std::errc{} && p == end &&
                                                        std::isfinite(d) && d == std::floor(d) &&
                                                        std::fabs(d) < 9.007e15) {
    return " (a real number; write whole numbers in digits: " +
           std::to_string(static_cast<long long>(d)) + ")";
  }
  return "";
}

// A quoted scalar ("20", '20') is text in YAML, never a number or a
// boolean, whatever it spells; so is one tagged !!str.
bool quoted(const YAML::Node& node) {
  return node.IsScalar() && (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str");
}

class Validator {
 public:
  Validator(std::string file, std::vector<Override> overrides, const RecordedPlaces* recorded)
      : origins_(std::move(file), std::move(overrides), recorded) {}

  // Where a node came from: file:line:column, or the --set that wrote it.
  [[nodiscard]] std::string where(const YAML::Node& node, const std::string& path) const {
    return origins_.where(node, path);
  }

  void error(const YAML::Node& node, const std::string& path, const std::string& message) {
    add_error(where(node, path) + ": " + shown_path(path) + ": " + message);
  }

  void section(const YAML::Node& node, const Section& s, const std::string& path) {
    if (!node.IsMap()) {
      error(node, path, "expected a mapping of keys to values, found " + found(node));
      return;
    }
    remember(node, path);
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
        continue;
      }
      values_.set(p, *d->default_value);
      if (d->defining) {
        warnings_.push_back(
            where(node, path) + ": " + p + ": not given, so the default " +
            format_value(*d->default_value) + " applies" +
            (variant.empty() ? std::string() : " (" + s.variant_key + ": " + variant + ")"));
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
    remember(node, path);
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
    if (full()) {
      ++error_count_;  // counted, not described: the suggestion costs time
      return;
    }
    std::string message = "unknown key " + ticked(printable(key));
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
    error(key_node, join_path(path, printable(key)), message);
  }

  void param(const YAML::Node& node, const ParamDecl& d, const std::string& path) {
    remember(node, path);
    const auto fail = [&](const std::string& hint = "") {
      error(node, path, "expected " + d.expectation() + ", found " + found(node) + hint);
    };
    const auto in_range = [&](double x) { return d.range.contains(x); };
    const bool text_only = d.type == ParamType::String || d.type == ParamType::Choice;
    if (quoted(node) && !text_only) {
      return fail(" (quoted, so a text; write numbers and true/false without quotes)");
    }
    switch (d.type) {
      case ParamType::Bool: {
        auto b = node.IsScalar() ? to_bool(node.Scalar()) : std::nullopt;
        return b ? values_.set(path, *b) : fail();
      }
      case ParamType::Int: {
        auto v = node.IsScalar() ? to_int(node.Scalar()) : std::nullopt;
        if (v && in_range(static_cast<double>(*v))) {
          return values_.set(path, *v);
        }
        return fail(node.IsScalar() && !v ? whole_number_hint(node.Scalar()) : "");
      }
      case ParamType::Real: {
        auto v = node.IsScalar() ? to_real(node.Scalar()) : std::nullopt;
        return v && in_range(*v) ? values_.set(path, *v) : fail();
      }
      case ParamType::String: {
        if (node.IsScalar() && node.Scalar().empty()) {
          return fail(" (an empty text; leave the key out for its default)");
        }
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
          const std::string text = item.IsScalar() && !quoted(item) ? item.Scalar() : "";
          const auto i = integers ? to_int(text) : std::nullopt;
          const auto r = integers ? std::nullopt : to_real(text);
          const bool parsed = !text.empty() && (integers ? i.has_value() : r.has_value());
          if (!parsed ||
              !in_range(integers ? static_cast<double>(i.value_or(0)) : r.value_or(0.0))) {
            const std::string hint =
                quoted(item)
                    ? " (quoted, so a text)"
                    : (integers && !parsed && item.IsScalar() ? whole_number_hint(text) : "");
            return error(item, path,
                         "expected " + d.expectation() + ", found an item " + found(item) + hint);
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

  // A problem that involves a validated value, reported at its origin (or
  // its section's, for a key left at its default).
  void value_error(const std::string& path, const std::string& message) {
    add_error(origin_of(path) + ": " + shown_path(path) + ": " + message);
  }
  void value_warning(const std::string& path, const std::string& message) {
    warnings_.push_back(origin_of(path) + ": " + shown_path(path) + ": " + message);
  }

  void set_model_hint(std::string model) { model_hint_ = std::move(model); }
  [[nodiscard]] bool has_errors() const { return error_count_ > 0; }
  // Every problem, one a line: the first kMaxErrors, then how many more.
  [[nodiscard]] std::string report() const {
    std::string out = join_lines(errors_);
    if (error_count_ > errors_.size()) {
      out += "\n... and " + std::to_string(error_count_ - errors_.size()) + " more problem" +
             (error_count_ - errors_.size() == 1 ? "" : "s");
    }
    return out;
  }
  [[nodiscard]] const std::vector<std::string>& warnings() const { return warnings_; }
  [[nodiscard]] ParamValues& values() { return values_; }
  [[nodiscard]] bool has(const std::string& path) const { return values_.contains(path); }

 private:
  [[nodiscard]] bool full() const { return error_count_ >= kMaxErrors; }
  void add_error(std::string message) {
    if (!full()) {
      errors_.push_back(std::move(message));
    }
    ++error_count_;
  }
  // Records where a key or section was written; sections made up for
  // defaults were written nowhere and leave their parent's origin in place.
  void remember(const YAML::Node& node, const std::string& path) {
    std::string origin = where(node, path);
    if (origin != origins_.file()) {
      key_origins_[path] = std::move(origin);
    }
  }
  [[nodiscard]] std::string origin_of(std::string path) const {
    for (;;) {
      if (auto it = key_origins_.find(path); it != key_origins_.end()) {
        return it->second;
      }
      const auto dot = path.rfind('.');
      if (dot == std::string::npos) {
        return origins_.file();
      }
      path.resize(dot);
    }
  }

  Origins origins_;
  std::string model_hint_;
  std::vector<std::string> errors_;
  std::size_t error_count_ = 0;
  std::vector<std::string> warnings_;
  std::map<std::string, std::string> key_origins_;
  ParamValues values_;
};

// The graph: its kind, its own keys, and the checks that involve the
// population (reported at the keys they concern). A graph read from a file
// is read now, so that a malformed file fails validation; the population
// size comes from it unless given.
void check_graph(Validator& v, Scenario& s, const ModelInfo& model) {
  const std::string g = "population.graph";
  ParamValues& values = v.values();
  s.graph.kind = find_graph_kind(values.get_string(g + ".kind"));
  s.graph.params = values.subtree(g);
  graph_keys().apply(s.graph.params, s.graph);
  if (s.graph.kind->complete_mixing && !model.supports_complete_mixing) {
    v.value_error(g + ".kind", "model " + ticked(model.name) +
                                   " does not support complete mixing; choose a graph kind");
  }
  if (s.population_size == 0 && !s.graph.kind->load) {
    v.value_error("population", "missing required key `size` (" +
                                    population_keys().decls().front().expectation() +
                                    "): only a graph read from a file knows its size");
    return;
  }
  const auto problems = s.graph.kind->check(s.graph.params, s.graph_context());
  for (const GraphProblem& problem : problems) {
    v.value_error(g + "." + problem.key, problem.message);
  }
  if (s.graph.kind->load && problems.empty()) {
    try {
      s.graph.loaded = s.graph.kind->load(s.graph.params, s.graph_context());
    } catch (const InputError& e) {
      v.value_error(g + ".path", e.what());
      return;
    }
    s.population_size = s.graph.loaded->graph.num_vertices();
    values.set("population.size", std::int64_t{s.population_size});
    s.warnings = s.graph.loaded->warnings;
  }
}

// population.people: per-person attributes from a CSV file or the graph
// file's node attributes, read and checked now.
void check_people(Validator& v, Scenario& s, const ModelInfo& model) {
  const std::string key = "population.people";
  const PeopleKeys keys = people_keys().bind(v.values().subtree(key));
  if (keys.file.empty() && !keys.from_graph) {
    return;
  }
  const std::string at = keys.file.empty() ? key + ".from_graph" : key + ".file";
  if (model.person_attributes.empty()) {
    v.value_error(at, "model " + ticked(model.name) + " takes no person attributes");
    return;
  }
  if (keys.from_graph && !s.graph.loaded) {
    v.value_error(key + ".from_graph",
                  "needs a graph read from a file (population.graph.kind: graphml or gml)");
    return;
  }
  std::ifstream csv;
  const std::filesystem::path file = s.graph_context().folder / keys.file;
  if (!keys.file.empty()) {
    if (!std::filesystem::is_regular_file(file)) {
      v.value_error(key + ".file",
                    "people file " + file.string() +
                        (std::filesystem::exists(file) ? " is not a file" : " does not exist"));
      return;
    }
    csv.open(file, std::ios::binary);
  }
  const std::vector<std::string> labels = s.labels();
  const PeopleContext context{model.name, &model.person_attributes, &labels, &v.values()};
  try {
    s.people = std::make_shared<const PeopleTable>(
        read_people(keys.file.empty() ? nullptr : &csv, file.string(),
                    keys.from_graph ? &s.graph.loaded->attributes : nullptr, context));
  } catch (const InputError& e) {
    v.value_error(at, e.what());
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

// The model's own checks across keys (ModelInfo::check), reported at the
// keys they concern.
void check_model(Validator& v, const Scenario& s, const ModelInfo& model) {
  if (!model.check) {
    return;
  }
  const ParamValues& values = v.values();
  const ParamValues params = values.subtree(model.name);
  const ParamValues behaviour = values.subtree("behaviour");
  const ParamValues population = values.subtree("population");
  const CheckContext context{params, behaviour, population, s.population_size, s.days};
  for (const KeyProblem& problem : model.check(context)) {
    if (problem.warning) {
      v.value_warning(problem.key, problem.message);
    } else {
      v.value_error(problem.key, problem.message);
    }
  }
}

// Validates one document (the base, or the base with a design point's
// overrides) into a typed Scenario; `overrides` name the origins of values
// that did not come from the file.
Scenario validate_document(const YAML::Node& root, const std::filesystem::path& path,
                           const std::vector<Override>& overrides, ModelCatalog catalog,
                           const RecordedPlaces* recorded = nullptr) {
  const std::string file = path.string();
  Validator v(file, overrides, recorded);
  // The model decides which section and constants are valid, so check it
  // first; without a known model nothing else can be checked.
  const YAML::Node model_node = root["model"];
  const ParamDecl model_decl = model_choice(catalog);
  if (!model_node) {
    v.error(root, "model", "missing required key `model` (" + model_decl.expectation() + ")");
  } else {
    v.param(model_node, model_decl, "model");
  }
  if (v.has_errors()) {
    throw ScenarioError(v.report());
  }
  const ModelInfo* model = find_model(catalog, model_node.Scalar());
  v.set_model_hint(model->name);
  v.section(root, scenario_schema(*model, catalog), "");

  Scenario s;
  s.source_path = path;
  if (!v.has_errors()) {
    const ParamValues& values = v.values();
    s.model = model->name;
    scenario_keys().apply(values, s);
    if (s.name.empty()) {
      s.name = path.stem().string();
    }
    population_keys().apply(values.subtree("population"), s);
    rounds_keys().apply(values.subtree("replicates_auto"), s.rounds);
    if (s.rounds.max < s.rounds.min) {
      v.value_error("replicates_auto.max", "the cap (" + std::to_string(s.rounds.max) +
                                               ") is below the first round (min " +
                                               std::to_string(s.rounds.min) + ")");
    }
    check_graph(v, s, *model);
    if (!v.has_errors()) {
      check_people(v, s, *model);
    }
    check_output(v, s);
    check_model(v, s, *model);
  }
  if (v.has_errors()) {
    throw ScenarioError(v.report());
  }
  s.values = std::move(v.values());
  // The settings' warnings, then what reading the graph file changed.
  std::vector<std::string> warnings = v.warnings();
  warnings.insert(warnings.end(), s.warnings.begin(), s.warnings.end());
  s.warnings = std::move(warnings);
  return s;
}

// Messages of one design point, each line said once over all points with
// the first point it concerns (lines that name their sweep entry already
// say which point).
class PointProblems {
 public:
  void add(const std::string& text, std::size_t point) {
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      add_line(text.substr(start, end - start), point);
      start = end + 1;
    }
  }
  void add_line(const std::string& line, std::size_t point) {
    if (line.empty()) {
      return;
    }
    if (auto it = index_.find(line); it != index_.end()) {
      ++lines_[it->second].others;
      return;
    }
    index_.emplace(line, lines_.size());
    lines_.push_back({line, point, 0});
  }
  [[nodiscard]] std::vector<std::string> lines(std::size_t most) const {
    std::vector<std::string> out;
    for (const auto& l : lines_) {
      if (out.size() == most) {
        out.push_back("... and " + std::to_string(lines_.size() - most) + " more");
        break;
      }
      const bool named =
          l.text.find("(sweep of ") != std::string::npos || l.text.starts_with("... and ");
      out.push_back(named ? l.text
                          : l.text + " (design point " + std::to_string(l.point) +
                                (l.others > 0 ? " and " + std::to_string(l.others) + " more" : "") +
                                ")");
    }
    return out;
  }
  [[nodiscard]] bool empty() const { return lines_.empty(); }

 private:
  struct Line {
    std::string text;
    std::size_t point;
    std::size_t others;
  };
  std::vector<Line> lines_;
  std::map<std::string, std::size_t> index_;
};

// Every design point keeps its validated values: a design of a million
// points of a model with a hundred keys needs some 20 GB for them alone, so
// a design whose points would take more than half the memory (the runs
// need the rest) is refused before they are made, rather than ending in
// std::bad_alloc or swapping for minutes.
void check_points_fit(const Scenario& base, const Scenario& first, std::size_t points) {
  constexpr double kBytesPerValue = 165;  // measured: a map node, its key and its value
  const double bytes = static_cast<double>(points) *
                       (kBytesPerValue * static_cast<double>(first.values.all().size()) +
                        static_cast<double>(sizeof(Scenario)));
  const std::optional<double> limit = memory_limit();
  if (limit && bytes > *limit / 2) {
    throw InputError(base.source_path.string() + ": the design's " + std::to_string(points) +
                     " points need about " + format_bytes(bytes) +
                     " of memory for their settings alone, more than half the " +
                     format_bytes(*limit) + " this process may use; use fewer points");
  }
}

// Each design point is the base document with the point's values applied,
// validated in full, the model's checks included. Problems are collected
// over all points (identical messages once) and reported together.
void add_design_points(Scenario& base, const YAML::Node& root, const SweepDesign& design,
                       const std::vector<Override>& cli, ModelCatalog catalog) {
  const RecordedPlaces places = record_places(root, base.source_path.string());
  PointProblems problems;
  PointProblems warnings;
  std::size_t failed_points = 0;
  for (std::size_t p = 0; p < design.points.size(); ++p) {
    YAML::Node doc = YAML::Clone(root);
    std::vector<Override> origins = cli;
    for (const auto& o : design.points[p]) {
      apply_override(doc, o);
      origins.push_back(o);
    }
    try {
      Scenario point = validate_document(doc, base.source_path, origins, catalog, &places);
      for (const auto& o : design.points[p]) {
        point.swept.emplace_back(o.path, flow_text(o.value));
      }
      point.design_name = design.names.at(p);
      for (const auto& w : point.warnings) {
        warnings.add_line(w, p);
      }
      if (base.points.empty()) {
        check_points_fit(base, point, design.points.size());
      }
      base.points.push_back(std::move(point));
    } catch (const ScenarioError& e) {
      ++failed_points;
      problems.add(e.what(), p);
    }
  }
  for (const Scenario& point : base.points) {
    if (!base.snapshot_days.empty() && point.graph.loaded != base.graph.loaded &&
        point.labels() != base.labels()) {
      problems.add_line(base.source_path.string() +
                            ": sweep: output.agents cannot be combined with a sweep over graph "
                            "files whose people differ (snapshots share one agent axis)",
                        0);
      ++failed_points;
      break;
    }
    if (!base.snapshot_days.empty() && point.population_size != base.population_size) {
      problems.add_line(base.source_path.string() +
                            ": sweep: output.agents cannot be combined with a sweep over "
                            "population.size (snapshots share one agent axis)",
                        0);
      ++failed_points;
      break;
    }
  }
  if (failed_points > 0) {
    throw ScenarioError(std::to_string(failed_points) + " of " +
                        std::to_string(design.points.size()) + " design points are invalid:\n" +
                        join_lines(problems.lines(kMaxErrors)));
  }
  base.warnings = warnings.lines(kMaxErrors);
}

// A --set of a key that every design point sets too would have no effect:
// the sweep's value wins at every point.
void check_overrides_take_effect(const std::vector<Override>& cli, const SweepDesign& design) {
  for (const Override& o : cli) {
    if (o.path == "sweep" || o.path.starts_with("sweep.") || design.points.empty()) {
      continue;
    }
    const auto covers = [&](const Override& q) {
      return o.path == q.path || o.path.starts_with(q.path + ".");
    };
    const bool dead = std::all_of(design.points.begin(), design.points.end(), [&](const auto& pt) {
      return std::any_of(pt.begin(), pt.end(), covers);
    });
    if (!dead) {
      continue;
    }
    const auto& first = design.points.front();
    const Override& q = *std::find_if(first.begin(), first.end(), covers);
    throw ScenarioError(o.origin + ": the sweep sets " + ticked(q.path) +
                        " at every design point (" + q.origin +
                        "), so this value would have no effect; change the sweep instead (such as "
                        "--set 'sweep.grid." +
                        q.path + "=[...]') or leave this --set out");
  }
}

Scenario parse(const std::string& text, const std::filesystem::path& path,
               const std::vector<std::string>& overrides, ModelCatalog catalog) {
  const std::string file = path.string();
  check_encoding(text, file);
  YAML::Node root = parse_document(text, file);
  check_document(root, text, file);
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
  // The objective says how to read the runs, not how to make them.
  std::optional<YAML::Node> objective;
  if (const YAML::Node& view = root; view["objective"]) {
    objective = view["objective"];
    root.remove("objective");
  }
  // `replicates: auto` is settled by rounds: validate the document with a
  // stand-in count of 1, then take the cap from replicates_auto.
  std::optional<std::string> auto_replicates;  // where `auto` was written
  if (const YAML::Node& view = root; view["replicates"] && view["replicates"].IsScalar() &&
                                     view["replicates"].Scalar() == "auto") {
    auto_replicates = position(file, view["replicates"]);
    root["replicates"] = "1";
  }
  if (sweep && calibration) {
    throw ScenarioError(position(file, *calibration) +
                        ": calibrate: a scenario either sweeps or calibrates; to compare designs "
                        "under a fitted posterior, calibrate first, then sweep with `posterior:`");
  }
  Scenario s = validate_document(root, path, cli, catalog);
  s.source_text = text;
  s.overrides = overrides;
  s.design_name = s.name;
  const ModelInfo& model_info = *find_model(catalog, s.model);
  s.objective = resolve_objective(objective, file, model_info);
  if (auto_replicates) {
    s.rounds.enabled = true;
    s.replicates = s.rounds.max;
    if (!sweep) {
      throw ScenarioError(*auto_replicates +
                          ": replicates: `auto` adds replicates until one design is clearly best, "
                          "so it needs designs to compare (a sweep:); give a number");
    }
    if (s.objective.empty()) {
      throw ScenarioError(*auto_replicates +
                          ": replicates: `auto` stops when the objective's answer is settled, and "
                          "model " +
                          s.model +
                          " declares no default objective; add an objective: section "
                          "(docs/scenarios.md#objective)");
    }
  }
  if (sweep) {
    const SweepDesign design = read_sweep(*sweep, Origins(file, cli), s.seed, s.model);
    check_overrides_take_effect(cli, design);
    s.design = design.info;
    add_design_points(s, root, design, cli, catalog);
    // The recorded document must rerun the whole experiment, sweep included.
    root["sweep"] = *sweep;
  }
  if (calibration) {
    s.calibration =
        read_calibration(*calibration, s, model_info, scenario_schema(model_info, catalog), cli);
    root["calibrate"] = *calibration;
  }
  if (objective) {
    root["objective"] = *objective;
  }
  if (auto_replicates) {
    root["replicates"] = "auto";
  }
  // Emitted once, for the experiment (design points need no text of their own).
  YAML::Emitter out;
  out << root;
  s.effective_text = std::string(out.c_str()) + "\n";
  return s;
}

}  // namespace

Scenario parse_scenario(const std::string& text, const std::filesystem::path& path,
                        const std::vector<std::string>& overrides, ModelCatalog catalog) {
  try {
    return parse(text, path, overrides, catalog);
  } catch (const YAML::Exception& e) {
    // Every expected problem is caught where it arises and said in the
    // scenario's terms; this is the net under them.
    throw ScenarioError(path.string() + ": cannot read this scenario (" + e.msg + ")");
  }
}

Scenario load_scenario(const std::filesystem::path& path, const std::vector<std::string>& overrides,
                       ModelCatalog catalog) {
  if (const auto why = unreadable_file(path)) {
    throw ScenarioError(path.string() + ": cannot read the scenario file: " + *why);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ScenarioError(path.string() + ": cannot open the scenario file");
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
