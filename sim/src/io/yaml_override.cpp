#include "yaml_override.hpp"

#include <charconv>
#include <cmath>
#include <set>

#include "commsim/error.hpp"

namespace commsim {

std::optional<std::int64_t> to_int(const std::string& s) {
  std::int64_t v = 0;
  const char* end = s.data() + s.size();
  if (auto [p, ec] = std::from_chars(s.data(), end, v); ec == std::errc{} && p == end) {
    return v;
  }
  // Accept integral numbers written as reals, such as 1e6.
  double d = 0;
  if (auto [p, ec] = std::from_chars(s.data(), end, d); ec == std::errc{} && p == end &&
                                                        std::isfinite(d) && d == std::floor(d) &&
                                                        std::fabs(d) < 9.007e15) {
    return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

std::optional<double> to_real(const std::string& s) {
  double v = 0;
  const char* begin = s.data();
  const char* end = s.data() + s.size();
  if (!s.empty() && s.front() == '+') {
    ++begin;
  }
  if (auto [p, ec] = std::from_chars(begin, end, v);
      ec == std::errc{} && p == end && std::isfinite(v)) {
    return v;
  }
  return std::nullopt;
}

std::optional<bool> to_bool(const std::string& s) {
  static const std::set<std::string> yes{"true", "True", "TRUE", "yes", "Yes", "on", "On"};
  static const std::set<std::string> no{"false", "False", "FALSE", "no", "No", "off", "Off"};
  if (yes.contains(s)) {
    return true;
  }
  if (no.contains(s)) {
    return false;
  }
  return std::nullopt;
}

std::string ticked(const std::string& s) {
  return "`" + s + "`";
}

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

// What a node holds, for "found ..." in messages.
std::string found(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return "nothing";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "\"" + node.Scalar() + "\"";
  }
  return "?";
}

std::string position(const std::string& file, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.line < 0) {
    return file;
  }
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

std::string flow_text(const YAML::Node& node) {
  if (node.IsScalar()) {
    return node.Scalar();
  }
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

Override parse_override(const std::string& assignment) {
  const auto eq = assignment.find('=');
  const std::string path = assignment.substr(0, eq);
  const auto fail = [&](const std::string& why) {
    throw ScenarioError("--set " + assignment + ": " + why +
                        " (expected PATH=VALUE, such as days=90 or population.size=5000)");
  };
  if (eq == std::string::npos) {
    fail("no `=` found");
  }
  if (path.empty() || path.front() == '.' || path.back() == '.' ||
      path.find("..") != std::string::npos ||
      path.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.") !=
          std::string::npos) {
    fail("the path must be dotted key names");
  }
  if (assignment.size() == eq + 1) {
    fail("no value after `=`");
  }
  YAML::Node value;
  try {
    value = YAML::Load(assignment.substr(eq + 1));
  } catch (const YAML::Exception& e) {
    fail("the value is not valid YAML: " + e.msg);
  }
  return {path, value, "--set " + assignment};
}

void apply_override(YAML::Node& root, const Override& o) {
  YAML::Node current = root;
  std::string walked;
  std::size_t start = 0;
  for (;;) {
    const auto dot = o.path.find('.', start);
    const std::string key = o.path.substr(start, dot == std::string::npos ? dot : dot - start);
    walked = join_path(walked, key);
    if (dot == std::string::npos) {
      current[key] = YAML::Clone(o.value);
      return;
    }
    YAML::Node next = current[key];
    if (!next.IsDefined() || next.IsNull()) {
      current[key] = YAML::Node(YAML::NodeType::Map);
      next.reset(current[key]);
    } else if (!next.IsMap()) {
      throw ScenarioError(o.origin + ": " + ticked(walked) +
                          " holds a value, not a section of keys");
    }
    current.reset(next);
    start = dot + 1;
  }
}

}  // namespace commsim
