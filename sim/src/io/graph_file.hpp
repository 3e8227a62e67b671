// What the graph-file readers (edge lists, GraphML, GML) share: reading a
// file in chunks, gzip or not, line by line; collecting located problems;
// the label table; and assembling labels and edges into a LoadedGraph
// (people ordered, duplicates and self-loops merged or refused, the size
// taken from the file or checked against the one given). Internal to sim/io.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "commsim/graph_kinds.hpp"
#include "commsim/io/edge_list.hpp"

namespace commsim::graph_io {

// Fills a buffer with up to `capacity` bytes; 0 at the end.
using ChunkSource = std::function<std::size_t(char* buffer, std::size_t capacity)>;

// Reads a file, gzip-compressed or not (told by its first bytes, not its
// name). InputError naming the file when it cannot be opened or is a
// damaged gzip stream.
ChunkSource file_source(const std::filesystem::path& path);
// The text of a stream (tests; streams given in memory).
ChunkSource stream_source(std::istream& in);

// Calls line(text, number) for every line, without its end (\n or \r\n),
// numbered from 1; a UTF-8 byte-order mark before the first is dropped.
void for_each_line(const ChunkSource& source,
                   const std::function<void(std::string_view, std::size_t)>& line);

// Text safe to quote in a message: control and non-ASCII bytes as \xNN,
// cut after 60 characters.
std::string in_quotes(std::string_view text);

// Problems found in one file, each with its place; the first 20 are kept.
class Problems {
 public:
  explicit Problems(std::string what) : what_(std::move(what)) {}
  void add(const std::string& place, const std::string& message);
  [[nodiscard]] bool any() const { return count_ > 0; }
  // ScenarioError listing them: "<what> has N problems:\n  place: message".
  void throw_if_any() const;

 private:
  std::string what_;
  std::vector<std::string> lines_;
  std::size_t count_ = 0;
};

// Labels by first appearance, with whether each is a whole number (and its
// value), in an open-addressing table over one text arena.
class LabelTable {
 public:
  // The label's id, adding it when new.
  std::uint32_t id(std::string_view label);
  [[nodiscard]] std::size_t size() const { return starts_.size(); }
  [[nodiscard]] std::string_view text(std::uint32_t id) const {
    const std::size_t end = id + 1 < starts_.size() ? starts_[id + 1] : arena_.size();
    return std::string_view(arena_).substr(starts_[id], end - starts_[id]);
  }
  [[nodiscard]] bool all_integers() const { return all_integers_; }
  [[nodiscard]] std::uint64_t value(std::uint32_t id) const { return values_[id]; }
  // Looks a label up without adding it; -1 when unknown.
  [[nodiscard]] std::int64_t find(std::string_view label) const;

 private:
  void grow();
  std::string arena_;
  std::vector<std::size_t> starts_;
  std::vector<std::uint64_t> values_;  // while all labels are whole numbers
  std::vector<std::uint32_t> slots_;   // id + 1; 0 empty
  bool all_integers_ = true;
};

// A whole number written with digits only (no sign), below 2^64.
bool parse_whole(std::string_view text, std::uint64_t& value);

// What a reader hands to assemble().
struct ReadGraph {
  std::string name;  // the file, for messages
  // The people: either labels in a table (first appearance) ...
  LabelTable labels;
  // ... or, for an edge list whose labels are all whole numbers below 2^32,
  // no table: the edges hold the numbers themselves (integer_ends).
  bool integer_ends = false;
  // One key per edge in file order: (first << 32) | second, ids (or the
  // numbers) as given; self-loops are already left out.
  std::vector<std::uint64_t> edges;
  // integer_ends: numbers named only by dropped self-loops (people too).
  std::vector<std::uint64_t> lonely;
  std::vector<double> weights;  // per edge, when weights are used
  double min_weight = 0;        // with weights: pairs lighter than this are dropped
  NodeAttributes attributes;    // per label id (GraphML, GML)
  std::size_t self_loops = 0;   // dropped while reading
  std::size_t first_self_loop_line = 0;
  // Self-loops refused (self_loops: reject), as (line, message): assemble
  // reports them together with refused duplicates, in line order.
  std::vector<std::pair<std::size_t, std::string>> refused;
  // The lines of edges by their index in `edges`, for messages about
  // duplicates (read again only when a file has refused duplicates).
  std::function<std::vector<std::size_t>(const std::vector<std::size_t>& indices)> lines_of;
};

// The people in order (numeric when every label is a whole number, else
// by first appearance), the edges merged or refused, the size from the
// file or checked against options.people.
LoadedGraph assemble(ReadGraph read, const GraphReadOptions& options);

// Adds the refused self-loops to a reader's own problems (so that one error
// names every problem when the file has others too).
void add_refused(Problems& problems, const ReadGraph& read);

// A load shared while anyone holds it: the same file (path, size, time of
// last change) read with the same settings is read once, however many
// design points or scenario loads ask for it.
std::shared_ptr<const LoadedGraph> cached_load(const std::string& key,
                                               const std::filesystem::path& path,
                                               const std::function<LoadedGraph()>& load);

// The options every graph-file kind shares, from its validated keys.
GraphReadOptions read_options(const ParamValues& params, const GraphContext& context);
// Their declarations (duplicates, self_loops).
std::vector<ParamDecl> read_option_decls();
// path: a file relative to the scenario; check it exists and is readable.
std::vector<GraphProblem> check_path(const ParamValues& params, const GraphContext& context,
                                     const std::string& what);

// The file a `path` key names, relative to the scenario file's folder (a
// graph kind's `files`: never written over by an output).
std::vector<std::filesystem::path> path_files(const ParamValues& params,
                                              const GraphContext& context);

// The text bytes the `path` key's file holds, roughly (x4 for .gz), for the
// memory estimate; 0 when it cannot be read.
double file_bytes_estimate(const ParamValues& params, const GraphContext& context);

}  // namespace commsim::graph_io
