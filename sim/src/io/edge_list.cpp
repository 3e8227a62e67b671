// The edge-list reader: one pass over the file in 1 MiB chunks (gzip or
// not), std::from_chars for whole numbers, labels hashed only once a label
// is not a whole number below 2^32, duplicates found by sorting 8-byte keys
// (graph_file.cpp), never a vector or a string per line.
#include "commsim/io/edge_list.hpp"

#include <charconv>
#include <sstream>

#include "commsim/error.hpp"
#include "graph_file.hpp"

namespace commsim {
namespace {

using graph_io::Problems;

bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && blank(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && blank(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

// The columns of a line: the two labels and, in `rest`, the third column
// with whatever follows it. Returns how many columns there are, 0 for a
// blank line or a comment.
struct Columns {
  std::string_view first;
  std::string_view second;
  std::string_view rest;
};

int split(std::string_view line, char separator, Columns& out) {
  std::size_t i = 0;
  while (i < line.size() && blank(line[i])) {
    ++i;
  }
  if (i == line.size() || line[i] == '#' || line[i] == '%') {
    return 0;
  }
  std::string_view* fields[2] = {&out.first, &out.second};
  int count = 0;
  if (separator == 0) {
    while (i < line.size()) {
      if (line[i] == '#') {
        break;  // a comment after the columns
      }
      if (count == 2) {
        out.rest = trim(line.substr(i));
        return 3;
      }
      std::size_t j = i;
      while (j < line.size() && !blank(line[j])) {
        ++j;
      }
      *fields[count++] = line.substr(i, j - i);
      i = j;
      while (i < line.size() && blank(line[i])) {
        ++i;
      }
    }
    return count;
  }
  while (true) {
    const std::size_t j = line.find(separator, i);
    const std::string_view field = trim(line.substr(i, j == std::string_view::npos ? j : j - i));
    if (field.starts_with('#')) {
      return count;
    }
    *fields[count++] = field;
    if (j == std::string_view::npos) {
      return count;
    }
    i = j + 1;
    if (count == 2) {
      out.rest = trim(line.substr(i));
      return out.rest.empty() || out.rest.starts_with('#') ? 2 : 3;
    }
  }
}

// The third column's weight: a number, or networkx's data dict
// ({'weight': 4, ...}); false when there is none.
bool parse_weight(std::string_view rest, char separator, double& weight) {
  std::string_view number = rest;
  if (rest.starts_with('{')) {
    std::size_t at = rest.find("'weight'");
    if (at == std::string_view::npos) {
      at = rest.find("\"weight\"");
    }
    if (at == std::string_view::npos) {
      return false;
    }
    number = rest.substr(at + 8);
    const std::size_t colon = number.find(':');
    if (colon == std::string_view::npos) {
      return false;
    }
    number = trim(number.substr(colon + 1));
    std::size_t end = 0;
    while (end < number.size() && number[end] != ',' && number[end] != '}' && !blank(number[end])) {
      ++end;
    }
    number = number.substr(0, end);
  } else {
    std::size_t end = 0;
    while (end < number.size() &&
           (separator == 0 ? !blank(number[end]) : number[end] != separator)) {
      ++end;
    }
    number = trim(number.substr(0, end));
  }
  if (number.starts_with('+')) {
    number.remove_prefix(1);
  }
  const char* end = number.data() + number.size();
  const auto [ptr, ec] = std::from_chars(number.data(), end, weight);
  return !number.empty() && ec == std::errc{} && ptr == end;
}

std::string separator_name(char separator) {
  switch (separator) {
    case 0:
      return "white space";
    case ',':
      return "a comma";
    case '\t':
      return "a tab";
    default:
      return std::string("`") + separator + "`";
  }
}

// Reads the lines of a source, calling edge(line, a, b, weight) for each
// data line with two labels (self-loops included), reporting malformed lines.
template <class Edge>
void scan(const graph_io::ChunkSource& source, const std::string& name,
          const EdgeListOptions& options, Problems& problems, Edge edge) {
  bool header_pending = options.header;
  graph_io::for_each_line(source, [&](std::string_view line, std::size_t number) {
    Columns c;
    const int count = split(line, options.separator, c);
    if (count == 0) {
      return;
    }
    if (header_pending) {
      header_pending = false;
      return;
    }
    if (count < 2) {
      problems.add(name + ":" + std::to_string(number),
                   "expected two labels (the ends of an edge) separated by " +
                       separator_name(options.separator) + ", found " + graph_io::in_quotes(line));
      return;
    }
    double weight = 0;
    if (options.use_weights && (count < 3 || !parse_weight(c.rest, options.separator, weight))) {
      problems.add(name + ":" + std::to_string(number),
                   "expected a weight (a number, or a data dict with a 'weight' entry) in the "
                   "third column (population.graph.weights: threshold), found " +
                       (count < 3 ? std::string("none") : graph_io::in_quotes(c.rest)));
      return;
    }
    edge(number, c.first, c.second, weight);
  });
}

LoadedGraph read(const std::function<graph_io::ChunkSource()>& open, const std::string& name,
                 const EdgeListOptions& options) {
  Problems problems("edge list " + name);
  graph_io::ReadGraph g;
  g.name = name;
  g.min_weight = options.min_weight;
  // Whole numbers below 2^32 go straight into the edge keys; the first other
  // label moves what was read into the label table (in the same order of
  // first appearance a table would have given).
  bool numbers = true;
  const auto to_table = [&] {
    numbers = false;
    for (std::uint64_t& e : g.edges) {
      const std::uint32_t a = g.labels.id(std::to_string(e >> 32U));
      const std::uint32_t b = g.labels.id(std::to_string(e & 0xFFFFFFFFU));
      e = (std::uint64_t{a} << 32U) | b;
    }
    for (const std::uint64_t v : g.lonely) {
      (void)g.labels.id(std::to_string(v));
    }
    g.lonely.clear();
  };
  const auto self_loop = [&](std::size_t line, std::string_view label) {
    if (options.drop_self_loops) {
      if (g.self_loops++ == 0) {
        g.first_self_loop_line = line;
      }
    } else {
      g.refused.emplace_back(line, "self-loop " + std::string(label) + " " + std::string(label) +
                                       ": a person cannot be their own contact "
                                       "(population.graph.self_loops: reject)");
    }
  };
  scan(open(), name, options, problems,
       [&](std::size_t line, std::string_view a, std::string_view b, double weight) {
         std::uint64_t u = 0;
         std::uint64_t v = 0;
         if (numbers && !(graph_io::parse_whole(a, u) && graph_io::parse_whole(b, v) &&
                          u <= 0xFFFFFFFFU && v <= 0xFFFFFFFFU)) {
           to_table();
         }
         if (numbers) {
           if (u == v) {
             g.lonely.push_back(u);
             return self_loop(line, a);
           }
           g.edges.push_back((u << 32U) | v);
         } else {
           const std::uint32_t x = g.labels.id(a);
           const std::uint32_t y = g.labels.id(b);
           if (x == y) {
             return self_loop(line, a);
           }
           g.edges.push_back((std::uint64_t{x} << 32U) | y);
         }
         if (options.use_weights) {
           g.weights.push_back(weight);
         }
       });
  if (problems.any()) {
    graph_io::add_refused(problems, g);
    problems.throw_if_any();
  }
  g.integer_ends = numbers;
  // Lines of edges, for messages about refused duplicates: read again.
  g.lines_of = [&open, &name, &options](const std::vector<std::size_t>& indices) {
    std::vector<std::size_t> lines;
    std::size_t index = 0;
    std::size_t next = 0;
    Problems ignored(name);
    scan(open(), name, options, ignored,
         [&](std::size_t line, std::string_view a, std::string_view b, double /*weight*/) {
           std::uint64_t u = 0;
           std::uint64_t v = 0;
           const bool same =
               graph_io::parse_whole(a, u) && graph_io::parse_whole(b, v) ? u == v : a == b;
           if (same) {
             return;
           }
           while (next < indices.size() && indices[next] == index) {
             lines.push_back(line);
             ++next;
           }
           ++index;
         });
    return lines;
  };
  return graph_io::assemble(std::move(g), options);
}

}  // namespace

LoadedGraph load_edge_list(const std::filesystem::path& path, const EdgeListOptions& options) {
  return read([&] { return graph_io::file_source(path); }, path.string(), options);
}

LoadedGraph read_edge_list(std::istream& in, const std::string& name,
                           const EdgeListOptions& options) {
  std::ostringstream text;
  text << in.rdbuf();
  const std::string content = text.str();
  return read(
      [&content] {
        auto stream = std::make_shared<std::istringstream>(content);
        return graph_io::ChunkSource([stream](char* buffer, std::size_t capacity) -> std::size_t {
          stream->read(buffer, static_cast<std::streamsize>(capacity));
          return static_cast<std::size_t>(stream->gcount());
        });
      },
      name, options);
}

GraphKind edge_list_graph_kind() {
  GraphKind k;
  k.name = "edge_list";
  k.doc =
      "A graph read from a text edge list (plain or .gz): two labels a line, any text; the "
      "population size comes from the file unless population.size is given.";
  k.params = {
      {"path",
       ParamType::String,
       std::nullopt,
       {},
       {},
       "Edge list file, relative to the scenario file: one edge a line, two labels (whole "
       "numbers with gaps, or names) and optional further columns; lines starting with `#` "
       "or `%` are comments; gzip-compressed files are read as they are."},
      {"header",
       ParamType::Bool,
       ParamValue{false},
       {},
       {},
       "Skip the first line that is not blank or a comment (a header such as `source "
       "target`)."},
      {"separator",
       ParamType::Choice,
       ParamValue{std::string("whitespace")},
       {},
       {"whitespace", "comma", "tab", "semicolon"},
       "What separates the columns: any run of spaces and tabs, or one comma, tab or semicolon "
       "(labels may then hold spaces)."},
      {"directed",
       ParamType::Bool,
       ParamValue{false},
       {},
       {},
       "The list is directed (a follower graph): u v and v u become one undirected contact "
       "without counting as a duplicate. Every graph is undirected either way."},
      {"weights",
       ParamType::Choice,
       ParamValue{std::string("ignore")},
       {},
       {"ignore", "threshold"},
       "The third column: ignore it (and any further columns), or read it as a weight (a "
       "number, or networkx's {'weight': w} data dict) and keep the contacts whose weight, "
       "duplicates added up, is at least min_weight. Models use no weights."},
      {"min_weight",
       ParamType::Real,
       ParamValue{0.0},
       Range::any(),
       {},
       "With weights: threshold, the least weight a contact needs to be kept."},
  };
  const auto decls = graph_io::read_option_decls();
  k.params.insert(k.params.end(), decls.begin(), decls.end());
  k.random = false;
  k.check = [](const ParamValues& p, const GraphContext& c) {
    return graph_io::check_path(p, c, "edge list");
  };
  k.files = graph_io::path_files;
  // Each edge takes at least four bytes ("0 1\n"; gzip: assume 4x smaller).
  k.expected_edges = [](const ParamValues& p, const GraphContext& c) {
    return graph_io::file_bytes_estimate(p, c) / 4;
  };
  k.load = [](const ParamValues& p, const GraphContext& c) {
    EdgeListOptions o;
    static_cast<GraphReadOptions&>(o) = graph_io::read_options(p, c);
    o.directed = p.get_bool("directed");
    o.header = p.get_bool("header");
    const std::string& separator = p.get_string("separator");
    o.separator = separator == "comma"       ? ','
                  : separator == "tab"       ? '\t'
                  : separator == "semicolon" ? ';'
                                             : '\0';
    o.use_weights = p.get_string("weights") == "threshold";
    o.min_weight = p.get_real("min_weight");
    const std::filesystem::path file = c.folder / p.get_string("path");
    std::string key = "edge_list";
    for (const auto& [name, value] : p.all()) {
      key += "\n" + name + "=" + format_value(value);
    }
    key += "\npeople=" + std::to_string(c.people);
    return graph_io::cached_load(key, file, [&] { return load_edge_list(file, o); });
  };
  k.build = [load = k.load](const ParamValues& p, const GraphContext& c, std::uint64_t) {
    return load(p, c)->graph;
  };
  return k;
}

}  // namespace commsim
