#include "yaml_override.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <set>

#include "commsim/error.hpp"
#include "scenario_text.hpp"
#include "text_bytes.hpp"

namespace commsim {

// A whole number is written in decimal digits, as YAML's core schema reads
// integers: 1000, not 1e3 or 1000.0 (which are reals) or 0x3E8.
std::optional<std::int64_t> to_int(const std::string& s) {
  std::int64_t v = 0;
  const char* begin = s.data() + (!s.empty() && s.front() == '+' ? 1 : 0);
  const char* end = s.data() + s.size();
  if (auto [p, ec] = std::from_chars(begin, end, v); ec == std::errc{} && p == end) {
    return v;
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
      return "\"" + printable(node.Scalar()) + "\"";
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
  const std::string origin = "--set " + assignment;
  const std::string text = assignment.substr(eq + 1);
  check_encoding(text, origin);
  YAML::Node value = parse_document(text, origin);
  check_document(value, text, origin);
  return {path, value, origin};
}

namespace {

// The mappings whose keys are dotted paths themselves.
constexpr std::array<std::string_view, 3> kPathKeyed{"sweep.grid", "sweep.zip",
                                                     "sweep.sample.ranges"};

}  // namespace

std::string Origins::where(const YAML::Node& node, const std::string& path) const {
  for (const auto& o : overrides_) {
    if (path == o.path || path.starts_with(o.path + ".")) {
      return o.origin;
    }
  }
  if (recorded_ != nullptr) {
    // Clones carry no marks: the nearest recorded place on the path.
    for (std::string at = path;;) {
      if (auto it = recorded_->find(at); it != recorded_->end()) {
        return it->second;
      }
      const auto dot = at.rfind('.');
      if (dot == std::string::npos) {
        break;
      }
      at.resize(dot);
    }
  }
  const YAML::Mark mark = node.Mark();
  if (recorded_ != nullptr || mark.is_null() || mark.line < 0) {
    // A section an override created on its way to its key, or a key that
    // should be in it: the override sharing most of the path.
    const auto shared = [&](const std::string& other) {
      std::size_t parts = 0;
      for (std::size_t i = 0; i <= path.size() && i <= other.size();) {
        const std::size_t a = std::min(path.find('.', i), path.size());
        const std::size_t b = std::min(other.find('.', i), other.size());
        if (a != b || path.compare(i, a - i, other, i, b - i) != 0) {
          break;
        }
        ++parts;
        i = a + 1;
      }
      return parts;
    };
    const Override* best = nullptr;
    std::size_t best_parts = 0;
    for (const auto& o : overrides_) {
      if (const std::size_t parts = shared(o.path); parts > best_parts) {
        best = &o;
        best_parts = parts;
      }
    }
    return best != nullptr ? best->origin : file_;
  }
  return file_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

namespace {

void record(const YAML::Node& node, const std::string& path, const std::string& file,
            RecordedPlaces& out) {
  const YAML::Mark mark = node.Mark();
  if (!path.empty() && !mark.is_null() && mark.line >= 0) {
    out.emplace(path,
                file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1));
  }
  if (node.IsMap()) {
    for (const auto& kv : node) {
      if (kv.first.IsScalar()) {
        record(kv.second, join_path(path, kv.first.Scalar()), file, out);
      }
    }
  } else if (node.IsSequence()) {
    std::size_t i = 0;
    for (const auto& item : node) {
      record(item, join_path(path, std::to_string(i++)), file, out);
    }
  }
}

}  // namespace

RecordedPlaces record_places(const YAML::Node& root, const std::string& file) {
  RecordedPlaces out;
  record(root, "", file, out);
  return out;
}

void apply_override(YAML::Node& root, const Override& o) {
  YAML::Node current = root;
  std::string walked;
  std::size_t start = 0;
  for (;;) {
    auto dot = o.path.find('.', start);
    for (const std::string_view keyed : kPathKeyed) {
      if (walked == keyed) {
        dot = std::string::npos;  // the rest is one dotted key
      }
    }
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
