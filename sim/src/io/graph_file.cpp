#include "graph_file.hpp"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>
#include <mutex>

#include "commsim/error.hpp"
#include "file_checks.hpp"

namespace commsim::graph_io {
namespace {

constexpr std::size_t kMaxReported = 20;
constexpr std::size_t kChunk = std::size_t{1} << 20U;
constexpr std::uint32_t kNone = 0xFFFFFFFFU;

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

ChunkSource file_source(const std::filesystem::path& path) {
  // Before opening: a FIFO would block forever, a folder reads nonsense.
  if (const auto why = unreadable_file(path)) {
    throw ScenarioError(path.string() + ": cannot read it: " + *why);
  }
  gzFile raw = gzopen(path.c_str(), "rb");
  if (raw == nullptr) {
    throw ScenarioError(path.string() + ": cannot open the file (" +
                        (std::filesystem::exists(path) ? "not readable" : "no such file") + ")");
  }
  // zlib reads files that are not gzip-compressed as they are.
  gzbuffer(raw, 1U << 17U);
  std::shared_ptr<gzFile_s> file(raw, [](gzFile f) { gzclose(f); });
  const std::string name = path.string();
  return [file, name](char* buffer, std::size_t capacity) -> std::size_t {
    const int got = gzread(file.get(), buffer,
                           static_cast<unsigned>(std::min<std::size_t>(capacity, 1U << 30U)));
    if (got < 0) {
      int code = 0;
      const char* what = gzerror(file.get(), &code);
      throw ScenarioError(name + ": cannot read the file: " +
                          (code == Z_DATA_ERROR ? std::string("damaged gzip data (") + what + ")"
                                                : std::string(what)));
    }
    return static_cast<std::size_t>(got);
  };
}

ChunkSource stream_source(std::istream& in) {
  return [&in](char* buffer, std::size_t capacity) -> std::size_t {
    in.read(buffer, static_cast<std::streamsize>(capacity));
    return static_cast<std::size_t>(in.gcount());
  };
}

void for_each_line(const ChunkSource& source,
                   const std::function<void(std::string_view, std::size_t)>& line) {
  std::vector<char> buffer(kChunk);
  std::size_t pending = 0;  // bytes of an unfinished line at the start of buffer
  std::size_t number = 0;
  const auto emit = [&](const char* begin, std::size_t size) {
    std::string_view text(begin, size);
    if (!text.empty() && text.back() == '\r') {
      text.remove_suffix(1);
    }
    if (++number == 1 && text.starts_with("\xEF\xBB\xBF")) {
      text.remove_prefix(3);  // a UTF-8 byte-order mark, as some editors write
    }
    line(text, number);
  };
  while (true) {
    if (pending == buffer.size()) {
      buffer.resize(buffer.size() * 2);  // a line longer than the buffer
    }
    const std::size_t got = source(buffer.data() + pending, buffer.size() - pending);
    if (got == 0) {
      if (pending > 0) {
        emit(buffer.data(), pending);
      }
      return;
    }
    const std::size_t end = pending + got;
    std::size_t start = 0;
    std::size_t from = pending;
    while (from < end) {
      const void* found = std::memchr(buffer.data() + from, '\n', end - from);
      if (found == nullptr) {
        break;
      }
      const auto at = static_cast<std::size_t>(static_cast<const char*>(found) - buffer.data());
      emit(buffer.data() + start, at - start);
      start = at + 1;
      from = start;
    }
    std::memmove(buffer.data(), buffer.data() + start, end - start);
    pending = end - start;
  }
}

std::string in_quotes(std::string_view text) {
  std::string out;
  for (const char c : text.substr(0, 60)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7F || c == '"' || c == '\\') {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", byte);
      out += hex;
    } else {
      out += c;
    }
  }
  if (text.size() > 60) {
    out += "...";
  }
  return "\"" + out + "\"";
}

void Problems::add(const std::string& place, const std::string& message) {
  if (++count_ <= kMaxReported) {
    lines_.push_back(place + ": " + message);
  }
}

void Problems::throw_if_any() const {
  if (count_ == 0) {
    return;
  }
  std::string message = what_ + " has " + plural(count_, "problem", "problems") + ":";
  for (const auto& p : lines_) {
    message += "\n  " + p;
  }
  if (count_ > lines_.size()) {
    message += "\n  ... and " + std::to_string(count_ - lines_.size()) + " more";
  }
  throw ScenarioError(message);
}

bool parse_whole(std::string_view text, std::uint64_t& value) {
  if (text.empty()) {
    return false;
  }
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc{} && ptr == end;
}

std::uint32_t LabelTable::id(std::string_view label) {
  // Whole numbers are compared as numbers: 007 is 7.
  std::string canonical;
  std::uint64_t number = 0;
  const bool whole = parse_whole(label, number);
  if (whole && label.size() > 1 && label.front() == '0') {
    canonical = std::to_string(number);
    label = canonical;
  }
  if ((starts_.size() + 1) * 2 > slots_.size()) {
    grow();
  }
  const std::size_t mask = slots_.size() - 1;
  std::size_t h = std::hash<std::string_view>{}(label)&mask;
  while (true) {
    const std::uint32_t slot = slots_[h];
    if (slot == 0) {
      const auto id = static_cast<std::uint32_t>(starts_.size());
      starts_.push_back(arena_.size());
      arena_.append(label);
      if (all_integers_ && whole) {
        values_.push_back(number);
      } else if (all_integers_) {
        all_integers_ = false;
        values_.clear();
        values_.shrink_to_fit();
      }
      slots_[h] = id + 1;
      return id;
    }
    if (text(slot - 1) == label) {
      return slot - 1;
    }
    h = (h + 1) & mask;
  }
}

std::int64_t LabelTable::find(std::string_view label) const {
  if (slots_.empty()) {
    return -1;
  }
  std::string canonical;
  std::uint64_t number = 0;
  if (parse_whole(label, number) && label.size() > 1 && label.front() == '0') {
    canonical = std::to_string(number);
    label = canonical;
  }
  const std::size_t mask = slots_.size() - 1;
  std::size_t h = std::hash<std::string_view>{}(label)&mask;
  while (slots_[h] != 0) {
    if (text(slots_[h] - 1) == label) {
      return slots_[h] - 1;
    }
    h = (h + 1) & mask;
  }
  return -1;
}

void LabelTable::grow() {
  const std::size_t capacity = std::max<std::size_t>(1024, slots_.size() * 2);
  slots_.assign(capacity, 0);
  const std::size_t mask = capacity - 1;
  for (std::uint32_t id = 0; id < starts_.size(); ++id) {
    std::size_t h = std::hash<std::string_view>{}(text(id)) & mask;
    while (slots_[h] != 0) {
      h = (h + 1) & mask;
    }
    slots_[h] = id + 1;
  }
}

namespace {

// The people's numbers, sorted, with the smallest unused numbers added until
// there are `people` (when more are asked for than the file names).
std::vector<std::uint64_t> fill_numbers(std::vector<std::uint64_t> numbers, std::size_t people) {
  if (people <= numbers.size()) {
    return numbers;
  }
  std::vector<std::uint64_t> extra;
  std::size_t next = 0;
  for (std::uint64_t v = 0; numbers.size() + extra.size() < people; ++v) {
    while (next < numbers.size() && numbers[next] < v) {
      ++next;
    }
    if (next == numbers.size() || numbers[next] != v) {
      extra.push_back(v);
    }
  }
  std::vector<std::uint64_t> all(numbers.size() + extra.size());
  std::merge(numbers.begin(), numbers.end(), extra.begin(), extra.end(), all.begin());
  return all;
}

// Where each number goes: its rank among `numbers` (sorted, distinct).
class Ranks {
 public:
  Ranks(const std::vector<std::uint64_t>& numbers, std::size_t edges) : numbers_(numbers) {
    const std::uint64_t largest = numbers.empty() ? 0 : numbers.back();
    // A direct table when it costs no more than the edges themselves.
    if (largest < 2 * edges + (std::uint64_t{1} << 20U)) {
      table_.assign(largest + 1, kNone);
      for (std::size_t r = 0; r < numbers.size(); ++r) {
        table_[numbers[r]] = static_cast<std::uint32_t>(r);
      }
    }
  }
  [[nodiscard]] std::uint32_t operator()(std::uint64_t v) const {
    if (!table_.empty()) {
      return table_[v];
    }
    return static_cast<std::uint32_t>(std::lower_bound(numbers_.begin(), numbers_.end(), v) -
                                      numbers_.begin());
  }

 private:
  const std::vector<std::uint64_t>& numbers_;
  std::vector<std::uint32_t> table_;
};

constexpr std::uint64_t kMaxPeople = 2147483647;

std::string size_problem(const std::string& name, std::size_t found, VertexIndex given) {
  return name + ": population.size is " + std::to_string(given) + ", but the file names " +
         std::to_string(found) +
         " people; leave population.size out to take the size from the file";
}

}  // namespace

void add_refused(Problems& problems, const ReadGraph& read) {
  for (const auto& [line, message] : read.refused) {
    problems.add(read.name + ":" + std::to_string(line), message);
  }
}

LoadedGraph assemble(ReadGraph read, const GraphReadOptions& options) {
  LoadedGraph out;
  const std::string& name = read.name;
  std::vector<std::uint64_t>& edges = read.edges;

  if (edges.empty() && read.labels.size() == 0 && read.lonely.empty()) {
    throw ScenarioError(name +
                        ": holds no edges; for people without contacts use population.graph: "
                        "{kind: erdos_renyi, mean_degree: 0}");
  }
  // The people, and where each id (or number) goes.
  std::vector<std::uint32_t> person_of;  // by label id (table)
  std::size_t people = 0;
  if (read.integer_ends) {
    std::vector<std::uint64_t> numbers;
    {
      std::uint64_t largest = 0;
      for (const std::uint64_t e : edges) {
        largest = std::max({largest, e >> 32U, e & 0xFFFFFFFFU});
      }
      for (const std::uint64_t v : read.lonely) {
        largest = std::max(largest, v);
      }
      if (largest < 2 * edges.size() + (std::uint64_t{1} << 20U)) {
        std::vector<bool> seen(largest + 1, false);
        for (const std::uint64_t e : edges) {
          seen[e >> 32U] = true;
          seen[e & 0xFFFFFFFFU] = true;
        }
        for (const std::uint64_t v : read.lonely) {
          seen[v] = true;
        }
        for (std::uint64_t v = 0; v <= largest; ++v) {
          if (seen[v]) {
            numbers.push_back(v);
          }
        }
      } else {
        numbers.reserve(2 * edges.size());
        for (const std::uint64_t e : edges) {
          numbers.push_back(e >> 32U);
          numbers.push_back(e & 0xFFFFFFFFU);
        }
        numbers.insert(numbers.end(), read.lonely.begin(), read.lonely.end());
        std::sort(numbers.begin(), numbers.end());
        numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
      }
    }
    const std::size_t named = numbers.size();
    if (options.people != 0 && options.people < named) {
      throw ScenarioError(size_problem(name, named, options.people));
    }
    numbers = fill_numbers(std::move(numbers), options.people);
    people = numbers.size();
    if (people > kMaxPeople) {
      throw ScenarioError(name + ": more than 2^31 - 1 people");
    }
    const Ranks rank(numbers, edges.size());
    for (std::uint64_t& e : edges) {
      e = (std::uint64_t{rank(e >> 32U)} << 32U) | rank(e & 0xFFFFFFFFU);
    }
    out.labels.reserve(people);
    for (const std::uint64_t v : numbers) {
      out.labels.push_back(std::to_string(v));
    }
    out.integer_labels = true;
  } else {
    const LabelTable& table = read.labels;
    const std::size_t named = table.size();
    if (options.people != 0 && options.people < named) {
      throw ScenarioError(size_problem(name, named, options.people));
    }
    if (named > kMaxPeople) {
      throw ScenarioError(name + ": more than 2^31 - 1 people");
    }
    person_of.resize(named);
    if (table.all_integers() && named > 0) {
      std::vector<std::uint64_t> numbers(named);
      for (std::uint32_t id = 0; id < named; ++id) {
        numbers[id] = table.value(id);
      }
      std::sort(numbers.begin(), numbers.end());
      numbers = fill_numbers(std::move(numbers), options.people);
      people = numbers.size();
      for (std::uint32_t id = 0; id < named; ++id) {
        person_of[id] = static_cast<std::uint32_t>(
            std::lower_bound(numbers.begin(), numbers.end(), table.value(id)) - numbers.begin());
      }
      for (const std::uint64_t v : numbers) {
        out.labels.push_back(std::to_string(v));
      }
      out.integer_labels = true;
    } else {
      if (options.people > named) {
        throw ScenarioError(name + ": population.size is " + std::to_string(options.people) +
                            ", more than the " + std::to_string(named) +
                            " people the file names; people without contacts can be added only "
                            "when every label is a whole number; leave population.size out");
      }
      people = named;
      for (std::uint32_t id = 0; id < named; ++id) {
        person_of[id] = id;
        out.labels.emplace_back(table.text(id));
      }
    }
    for (std::uint64_t& e : edges) {
      e = (std::uint64_t{person_of[e >> 32U]} << 32U) | person_of[e & 0xFFFFFFFFU];
    }
    // Node attributes follow their people.
    out.attributes.names = read.attributes.names;
    out.attributes.values.resize(read.attributes.values.size());
    for (std::size_t k = 0; k < read.attributes.values.size(); ++k) {
      out.attributes.values[k].resize(people);
      for (std::uint32_t id = 0; id < read.attributes.values[k].size(); ++id) {
        out.attributes.values[k][person_of[id]] = std::move(read.attributes.values[k][id]);
      }
    }
    if (!read.attributes.where.empty()) {
      out.attributes.where.resize(people);
      for (std::uint32_t id = 0; id < read.attributes.where.size(); ++id) {
        out.attributes.where[person_of[id]] = std::move(read.attributes.where[id]);
      }
    }
  }

  // Undirected keys (low << 33 | high << 1 | given high-to-low), sorted, so
  // that repeats of a pair sit side by side.
  const std::size_t given = edges.size();
  std::vector<std::uint64_t> file_order;
  if (!options.merge_duplicates) {
    file_order.reserve(given);
  }
  for (std::uint64_t& e : edges) {
    const std::uint64_t a = e >> 32U;
    const std::uint64_t b = e & 0xFFFFFFFFU;
    e = (std::min(a, b) << 33U) | (std::max(a, b) << 1U) | (a > b ? 1U : 0U);
    if (!options.merge_duplicates) {
      file_order.push_back(e);
    }
  }
  std::vector<double>& weights = read.weights;
  if (weights.empty()) {
    std::sort(edges.begin(), edges.end());
  } else {
    std::vector<std::pair<std::uint64_t, double>> both(given);
    for (std::size_t i = 0; i < given; ++i) {
      both[i] = {edges[i], weights[i]};
    }
    std::sort(both.begin(), both.end());
    for (std::size_t i = 0; i < given; ++i) {
      edges[i] = both[i].first;
      weights[i] = both[i].second;
    }
  }

  // One key per pair (low << 32 | high); repeats counted (or refused).
  std::size_t duplicates = 0;
  std::size_t light = 0;
  std::vector<std::uint64_t> repeated;  // pairs refused, the first 20
  std::size_t kept = 0;
  for (std::size_t i = 0; i < given;) {
    const std::uint64_t pair = edges[i] >> 1U;
    std::size_t j = i;
    bool forward = false;
    bool backward = false;
    double weight = 0;
    while (j < given && (edges[j] >> 1U) == pair) {
      ((edges[j] & 1U) != 0 ? backward : forward) = true;
      if (!weights.empty()) {
        weight += weights[j];
      }
      ++j;
    }
    const std::size_t copies = j - i;
    const std::size_t extra =
        options.directed ? copies - (forward ? 1 : 0) - (backward ? 1 : 0) : copies - 1;
    duplicates += extra;
    if (extra > 0 && !options.merge_duplicates && repeated.size() < kMaxReported) {
      repeated.push_back(pair);
    }
    i = j;
    if (!weights.empty() && weight < read.min_weight) {
      ++light;
      continue;
    }
    const std::uint64_t low = pair >> 32U;
    const std::uint64_t high = pair & 0xFFFFFFFFU;
    edges[kept++] = (low << 32U) | high;
  }
  edges.resize(kept);
  edges.shrink_to_fit();

  if ((duplicates > 0 && !options.merge_duplicates) || !read.refused.empty()) {
    // Name each repeat's line and the line that gave the pair first.
    std::map<std::uint64_t, std::vector<std::size_t>> where;
    for (const std::uint64_t pair : repeated) {
      where[pair];
    }
    std::vector<std::size_t> indices;
    for (std::size_t i = 0; i < file_order.size(); ++i) {
      auto it = where.find(file_order[i] >> 1U);
      if (it != where.end()) {
        it->second.push_back(i);
        indices.push_back(i);
      }
    }
    const std::vector<std::size_t> lines =
        indices.empty() ? std::vector<std::size_t>{} : read.lines_of(indices);
    std::map<std::size_t, std::size_t> line_of;
    for (std::size_t k = 0; k < indices.size(); ++k) {
      line_of[indices[k]] = lines[k];
    }
    Problems problems(name);
    std::vector<std::pair<std::size_t, std::string>> found;  // by line
    for (const auto& [pair, at] : where) {
      const std::string shown = out.labels[pair >> 32U] + " " + out.labels[pair & 0xFFFFFFFFU];
      std::map<std::uint64_t, std::size_t> first;  // direction -> first line
      for (const std::size_t i : at) {
        const std::uint64_t direction = options.directed ? (file_order[i] & 1U) : 0;
        if (auto f = first.find(direction); f == first.end()) {
          first[direction] = line_of[i];
        } else {
          found.emplace_back(line_of[i], "duplicate edge " + shown + " (first given on line " +
                                             std::to_string(f->second) +
                                             "; population.graph.duplicates: reject)");
        }
      }
    }
    const std::size_t named = found.size();
    found.insert(found.end(), read.refused.begin(), read.refused.end());
    std::sort(found.begin(), found.end());
    for (const auto& [line, message] : found) {
      problems.add(name + ":" + std::to_string(line), message);
    }
    for (std::size_t k = named; !options.merge_duplicates && k < duplicates; ++k) {
      problems.add(name, "another duplicate edge");
    }
    problems.throw_if_any();
  }

  if (duplicates > 0) {
    out.warnings.push_back(name + ": merged " +
                           plural(duplicates, "duplicate edge", "duplicate edges") +
                           " (population.graph.duplicates: merge)");
  }
  if (read.self_loops > 0) {
    out.warnings.push_back(name + ": dropped " +
                           plural(read.self_loops, "self-loop", "self-loops") +
                           ", the first on line " + std::to_string(read.first_self_loop_line) +
                           " (population.graph.self_loops: drop)");
  }
  if (light > 0) {
    out.warnings.push_back(name + ": dropped " + plural(light, "edge", "edges") +
                           " whose weight is below min_weight (" + format_value(read.min_weight) +
                           ")");
  }
  out.graph = Graph::from_edge_keys(static_cast<VertexIndex>(people), edges);
  return out;
}

std::shared_ptr<const LoadedGraph> cached_load(const std::string& key,
                                               const std::filesystem::path& path,
                                               const std::function<LoadedGraph()>& load) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const LoadedGraph>> loads;
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(path, ec);
  const auto changed = std::filesystem::last_write_time(path, ec);
  if (ec) {
    return std::make_shared<const LoadedGraph>(load());
  }
  const std::string full = key + "\n" + std::filesystem::absolute(path).string() + "\n" +
                           std::to_string(bytes) + "\n" +
                           std::to_string(changed.time_since_epoch().count());
  {
    const std::lock_guard lock(mutex);
    if (auto it = loads.find(full); it != loads.end()) {
      if (auto shared = it->second.lock()) {
        return shared;
      }
    }
  }
  auto loaded = std::make_shared<const LoadedGraph>(load());
  const std::lock_guard lock(mutex);
  for (auto it = loads.begin(); it != loads.end();) {
    it = it->second.expired() ? loads.erase(it) : std::next(it);
  }
  loads[full] = loaded;
  return loaded;
}

GraphReadOptions read_options(const ParamValues& params, const GraphContext& context) {
  GraphReadOptions o;
  o.merge_duplicates = params.get_string("duplicates") == "merge";
  o.drop_self_loops = params.get_string("self_loops") == "drop";
  o.people = context.people;
  return o;
}

std::vector<ParamDecl> read_option_decls() {
  return {
      {"duplicates",
       ParamType::Choice,
       ParamValue{std::string("merge")},
       {},
       {"merge", "reject"},
       "An edge given more than once (either way round, unless the input is directed): merge "
       "keeps one and warns with the count; reject refuses the file, naming each repeat's line."},
      {"self_loops",
       ParamType::Choice,
       ParamValue{std::string("drop")},
       {},
       {"drop", "reject"},
       "An edge from a person to themselves: drop leaves it out and warns with the count; "
       "reject refuses the file, naming each line."},
  };
}

std::vector<GraphProblem> check_path(const ParamValues& params, const GraphContext& context,
                                     const std::string& what) {
  const std::filesystem::path file = context.folder / params.get_string("path");
  if (const auto why = unreadable_file(file)) {
    return {{"path", what + " file " + file.string() +
                         (*why == "no such file" ? std::string(" does not exist") : ": " + *why)}};
  }
  return {};
}

std::vector<std::filesystem::path> path_files(const ParamValues& params,
                                              const GraphContext& context) {
  return {context.folder / params.get_string("path")};
}

double file_bytes_estimate(const ParamValues& params, const GraphContext& context) {
  const std::filesystem::path file = context.folder / params.get_string("path");
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(file, ec);
  if (ec) {
    return 0.0;
  }
  // A compressed file holds several times its size in text.
  const bool gzip = file.extension() == ".gz";
  return static_cast<double>(bytes) * (gzip ? 4.0 : 1.0);
}

}  // namespace commsim::graph_io
