// Overrides of a parsed scenario document: a value placed at a dotted key
// path, with a label saying where it came from (`--set days=90`, or a sweep
// entry's file:line:column) for error messages. Internal to sim/io.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>

namespace commsim {

struct Override {
  std::string path;    // dotted key path
  YAML::Node value;    // the value to place there
  std::string origin;  // where it came from, for messages
};

// "path=value" from the command line (or Python); the value is YAML.
Override parse_override(const std::string& assignment);
// Places the value, creating sections along the path as needed.
void apply_override(YAML::Node& root, const Override& o);

// What a node holds, for "found ..." in messages.
std::string found(const YAML::Node& node);
// file:line:column of a node (1-based).
std::string position(const std::string& file, const YAML::Node& node);
// A value as one line of YAML flow text: 0.5, free, {policy: paid, fee: 99}.
std::string flow_text(const YAML::Node& node);
std::string join_path(const std::string& parent, const std::string& key);

// Scalars as YAML text: whole numbers (also written as reals, such as 1e6),
// finite reals, and booleans (true/false, yes/no, on/off); nullopt otherwise.
std::optional<std::int64_t> to_int(const std::string& s);
std::optional<double> to_real(const std::string& s);
std::optional<bool> to_bool(const std::string& s);
std::string ticked(const std::string& s);

}  // namespace commsim
