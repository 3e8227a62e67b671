// Overrides of a parsed scenario document: a value placed at a dotted key
// path, with a label saying where it came from (`--set days=90`, or a sweep
// entry's file:line:column) for error messages. Internal to sim/io.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace commsim {

struct Override {
  std::string path;    // dotted key path
  YAML::Node value;    // the value to place there
  std::string origin;  // where it came from, for messages
};

// "path=value" from the command line (or Python); the value is YAML.
Override parse_override(const std::string& assignment);
// Places the value, creating sections along the path as needed. Under the
// sweep's designs (sweep.grid, sweep.zip, sweep.sample.ranges) the rest of
// the path is one key, itself a dotted path: sweep.grid.bass.q sets the
// grid's `bass.q`.
void apply_override(YAML::Node& root, const Override& o);

// Where each key path of a parsed document was written (file:line:column),
// recorded before the document is cloned: YAML::Clone drops line and column.
using RecordedPlaces = std::map<std::string, std::string>;
RecordedPlaces record_places(const YAML::Node& root, const std::string& file);

// Where the values of a document came from: the file, with the line and
// column of the node, unless an override placed the value at that path (the
// override's nodes carry marks within its own text, not the file's). For a
// cloned document (a design point), whose nodes lost their marks, the
// places recorded from the original are used instead.
class Origins {
 public:
  Origins(std::string file, std::vector<Override> overrides,
          const RecordedPlaces* recorded = nullptr)
      : file_(std::move(file)), overrides_(std::move(overrides)), recorded_(recorded) {}

  [[nodiscard]] std::string where(const YAML::Node& node, const std::string& path) const;
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] const std::vector<Override>& overrides() const { return overrides_; }

 private:
  std::string file_;
  std::vector<Override> overrides_;
  const RecordedPlaces* recorded_;
};

// What a node holds, for "found ..." in messages.
std::string found(const YAML::Node& node);
// file:line:column of a node (1-based); for nodes that came from the file
// (Origins also knows the overrides').
std::string position(const std::string& file, const YAML::Node& node);
// A value as one line of YAML flow text: 0.5, free, {policy: paid, fee: 99}.
std::string flow_text(const YAML::Node& node);
std::string join_path(const std::string& parent, const std::string& key);

// Scalars as YAML text: whole numbers in decimal digits (1e6 and 1000.0 are
// reals, docs/scenarios.md), finite reals, and booleans (true/false, yes/no,
// on/off); nullopt otherwise.
std::optional<std::int64_t> to_int(const std::string& s);
std::optional<double> to_real(const std::string& s);
std::optional<bool> to_bool(const std::string& s);
std::string ticked(const std::string& s);

}  // namespace commsim
