#include "objective_section.hpp"

#include <algorithm>
#include <set>

#include "commsim/error.hpp"

namespace commsim {
namespace {

[[noreturn]] void fail(const std::string& file, const YAML::Node& node, const std::string& path,
                       const std::string& message) {
  throw ScenarioError(position(file, node) + ": " + path + ": " + message);
}

std::vector<std::string> summary_names(const ModelInfo& model) {
  std::vector<std::string> names;
  for (const auto& s : model.summaries) {
    names.push_back(s.name);
  }
  return names;
}

bool is_summary(const ModelInfo& model, const std::string& name) {
  const auto names = summary_names(model);
  return std::find(names.begin(), names.end(), name) != names.end();
}

// `name` (written at `node`) if it is a summary of the model, or an error that
// suggests the nearest one.
std::string summary_named(const std::string& file, const YAML::Node& node, const std::string& name,
                          const std::string& path, const ModelInfo& model) {
  if (!node.IsScalar() || name.empty()) {
    fail(file, node, path,
         "expected the name of a summary of " + model.name + ", found " + found(node));
  }
  if (!is_summary(model, name)) {
    const auto best = nearest(name, summary_names(model));
    fail(file, node, path,
         ticked(name) + " is not a summary of model " + model.name +
             (best ? "; did you mean " + ticked(*best) + "?"
                   : " (`commsim describe " + model.name + "` lists them)"));
  }
  return name;
}

std::string summary(const std::string& file, const YAML::Node& node, const std::string& path,
                    const ModelInfo& model) {
  return summary_named(file, node, node.IsScalar() ? node.Scalar() : "", path, model);
}

std::vector<std::string> names_list(const std::string& file, const YAML::Node& node,
                                    const std::string& path) {
  if (!node.IsSequence()) {
    fail(file, node, path, "expected a list of summary names, found " + found(node));
  }
  std::vector<std::string> out;
  for (const auto& item : node) {
    out.push_back(item.IsScalar() ? item.Scalar() : std::string());
  }
  return out;
}

}  // namespace

Objective resolve_objective(const std::optional<YAML::Node>& section, const std::string& file,
                            const ModelInfo& model) {
  Objective fallback = model.objective;
  fallback.origin = "model default";
  if (!section) {
    return fallback;
  }
  const YAML::Node& node = *section;
  const std::string root = "objective";
  if (!node.IsMap()) {
    fail(file, node, root,
         "expected a mapping such as {maximize: revenue_total, at_least: {retention_90: 0.5}}, "
         "found " +
             found(node));
  }
  static const std::vector<std::string> keys{"maximize", "minimize", "parts",     "explain",
                                             "at_least", "at_most",  "confidence"};
  Objective o;
  o.origin = "scenario";
  const YAML::Node* named = nullptr;
  for (const auto& kv : node) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      const auto best = nearest(key, keys);
      fail(file, kv.first, root + "." + key,
           "unknown key " + ticked(key) +
               (best ? "; did you mean " + ticked(*best) + "?"
                     : " (expected maximize or minimize, parts, explain, at_least, at_most, "
                       "confidence)"));
    }
    if (key == "maximize" || key == "minimize") {
      if (named != nullptr) {
        fail(file, kv.first, root + "." + key, "give either maximize or minimize, not both");
      }
      named = &kv.first;
      o.direction = key == "maximize" ? Direction::Maximize : Direction::Minimize;
      if (!kv.second.IsScalar() || kv.second.Scalar().empty()) {
        fail(
            file, kv.second, root + "." + key,
            "expected the name of a summary (or of the sum of `parts`), found " + found(kv.second));
      }
      o.name = kv.second.Scalar();
    }
  }
  if (named == nullptr) {
    fail(file, node, root,
         "missing `maximize: NAME` or `minimize: NAME` (NAME: a summary of " + model.name +
             ", or the name of the sum of `parts`)");
  }
  o.recorded = is_summary(model, o.name);
  const bool default_name = o.name == model.objective.name;
  if (const YAML::Node parts = node["parts"]) {
    if (!parts.IsSequence()) {
      fail(file, parts, root + ".parts",
           "expected a list of summaries, each with an optional leading - (subtracted), found " +
               found(parts));
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const YAML::Node item = parts[i];
      const std::string path = root + ".parts." + std::to_string(i);
      std::string text = item.IsScalar() ? item.Scalar() : "";
      ObjectivePart part;
      if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        part.sign = text.front() == '-' ? -1.0 : 1.0;
        text = text.substr(1);
      }
      part.summary = summary_named(file, item, text, path, model);
      if (!seen.insert(part.summary).second) {
        fail(file, item, path, ticked(part.summary) + " appears twice among the parts");
      }
      o.parts.push_back(part);
    }
  } else if (default_name) {
    o.parts = model.objective.parts;
  }
  if (!o.recorded && o.parts.empty()) {
    const auto best = nearest(o.name, summary_names(model));
    fail(file, node[o.direction == Direction::Maximize ? "maximize" : "minimize"],
         root + "." + to_string(o.direction),
         ticked(o.name) + " is not a summary of model " + model.name +
             (best ? " (did you mean " + ticked(*best) + "?)" : "") +
             "; to optimise a sum of summaries, name it and list them under `parts:` "
             "(a leading - subtracts one)");
  }
  if (const YAML::Node explain = node["explain"]) {
    const auto names = names_list(file, explain, root + ".explain");
    for (std::size_t i = 0; i < names.size(); ++i) {
      o.explain.push_back(summary(file, explain[i], root + ".explain." + std::to_string(i), model));
    }
  } else if (default_name) {
    o.explain = model.objective.explain;
  }
  for (const char* side : {"at_least", "at_most"}) {
    const YAML::Node bounds = node[side];
    if (!bounds) {
      continue;
    }
    const std::string path = root + "." + side;
    if (!bounds.IsMap()) {
      fail(file, bounds, path,
           "expected a mapping of summaries to bounds, such as {retention_90: 0.5}, found " +
               found(bounds));
    }
    for (const auto& kv : bounds) {
      Constraint c;
      c.summary = summary(file, kv.first, path, model);
      c.at_least = std::string(side) == "at_least";
      const auto value = kv.second.IsScalar() ? to_real(kv.second.Scalar()) : std::nullopt;
      if (!value) {
        fail(file, kv.second, path + "." + c.summary,
             "expected a number, found " + found(kv.second));
      }
      c.bound = *value;
      o.constraints.push_back(c);
    }
  }
  if (const YAML::Node confidence = node["confidence"]) {
    const auto value = confidence.IsScalar() ? to_real(confidence.Scalar()) : std::nullopt;
    if (!value || *value < 0.5 || *value >= 1) {
      fail(file, confidence, root + ".confidence",
           "expected a probability in [0.5, 1), such as 0.95, found " + found(confidence));
    }
    o.confidence = *value;
  }
  return o;
}

}  // namespace commsim
