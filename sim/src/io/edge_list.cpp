#include "commsim/io/edge_list.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "commsim/error.hpp"
#include "file_checks.hpp"
#include "text_bytes.hpp"

namespace commsim {
namespace {

constexpr std::size_t kMaxReported = 20;

bool parse_id(std::string_view token, std::uint64_t& out) {
  const char* end = token.data() + token.size();
  auto [ptr, ec] = std::from_chars(token.data(), end, out);
  return ec == std::errc{} && ptr == end;
}

std::vector<std::string_view> tokens(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) {
      ++i;
    }
    std::size_t j = i;
    while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) {
      ++j;
    }
    if (j > i) {
      out.push_back(line.substr(i, j - i));
    }
    i = j;
  }
  return out;
}

}  // namespace

Graph read_edge_list(std::istream& in, const std::string& name, VertexIndex num_vertices) {
  std::vector<std::pair<VertexIndex, VertexIndex>> edges;
  std::unordered_map<std::uint64_t, std::size_t> first_seen;  // edge key -> line
  std::vector<std::string> problems;
  std::size_t problem_count = 0;
  const auto report = [&](std::size_t line, const std::string& what) {
    if (++problem_count <= kMaxReported) {
      problems.push_back(name + ":" + std::to_string(line) + ": " + what);
    }
  };

  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string_view content(line);
    if (line_no == 1 && content.starts_with("\xEF\xBB\xBF")) {
      content.remove_prefix(3);  // a UTF-8 byte-order mark, as some editors write
    }
    if (auto hash = content.find('#'); hash != std::string_view::npos) {
      content = content.substr(0, hash);
    }
    const auto parts = tokens(content);
    if (parts.empty()) {
      continue;
    }
    std::uint64_t u = 0;
    std::uint64_t v = 0;
    if (parts.size() != 2 || !parse_id(parts[0], u) || !parse_id(parts[1], v)) {
      report(line_no,
             "expected two vertex ids (whole numbers >= 0) separated by white space, "
             "found \"" +
                 printable(content) + "\"");
      continue;
    }
    if (u >= num_vertices || v >= num_vertices) {
      report(line_no, "vertex id " + std::to_string(u >= num_vertices ? u : v) +
                          " is out of range: population.size is " + std::to_string(num_vertices) +
                          ", so ids run from 0 to " + std::to_string(num_vertices - 1));
      continue;
    }
    if (u == v) {
      report(line_no, "self-loop " + std::to_string(u) + " " + std::to_string(v) +
                          ": a person cannot be their own contact");
      continue;
    }
    const std::uint64_t key = u < v ? (u << 32U) | v : (v << 32U) | u;
    if (auto [it, inserted] = first_seen.emplace(key, line_no); !inserted) {
      report(line_no, "duplicate edge " + std::to_string(u) + " " + std::to_string(v) +
                          " (first given on line " + std::to_string(it->second) + ")");
      continue;
    }
    edges.emplace_back(static_cast<VertexIndex>(u), static_cast<VertexIndex>(v));
  }
  if (problem_count > 0) {
    std::string message = "edge list " + name + " has " + std::to_string(problem_count) +
                          " problem" + (problem_count == 1 ? "" : "s") + ":";
    for (const auto& p : problems) {
      message += "\n  " + p;
    }
    if (problem_count > problems.size()) {
      message += "\n  ... and " + std::to_string(problem_count - problems.size()) + " more";
    }
    throw ScenarioError(message);
  }
  if (edges.empty()) {
    // Most likely the wrong file, or an export that failed.
    throw ScenarioError("edge list " + name +
                        " holds no edges; for people without contacts use population.graph: "
                        "{kind: erdos_renyi, mean_degree: 0}");
  }
  return Graph::from_edges(num_vertices, edges);
}

Graph load_edge_list(const std::filesystem::path& path, VertexIndex num_vertices) {
  if (const auto why = unreadable_file(path)) {
    throw ScenarioError("edge list " + path.string() + ": cannot read it: " + *why);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ScenarioError("edge list " + path.string() + ": cannot open the file");
  }
  return read_edge_list(in, path.string(), num_vertices);
}

GraphKind edge_list_graph_kind() {
  GraphKind k;
  k.name = "edge_list";
  k.doc = "A graph read from a text edge list.";
  k.params = {{"path",
               ParamType::String,
               std::nullopt,
               {},
               {},
               "Edge list file, relative to the scenario file: one `u v` pair per line, `#` "
               "comments."}};
  k.random = false;
  const auto resolved = [](const ParamValues& p, const GraphContext& c) {
    return c.folder / p.get_string("path");
  };
  k.check = [resolved](const ParamValues& p, const GraphContext& c) -> std::vector<GraphProblem> {
    const std::filesystem::path file = resolved(p, c);
    if (const auto why = unreadable_file(file)) {
      return {
          {"path", "edge list file " + file.string() +
                       (*why == "no such file" ? std::string(" does not exist") : ": " + *why)}};
    }
    return {};
  };
  // Each edge takes at least four bytes ("0 1\n").
  k.expected_edges = [resolved](const ParamValues& p, const GraphContext& c) {
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(resolved(p, c), ec);
    return ec ? 0.0 : static_cast<double>(bytes) / 4;
  };
  k.files = [resolved](const ParamValues& p, const GraphContext& c) {
    return std::vector<std::filesystem::path>{resolved(p, c)};
  };
  k.build = [resolved](const ParamValues& p, const GraphContext& c, std::uint64_t /*seed*/) {
    return load_edge_list(resolved(p, c), c.people);
  };
  return k;
}

}  // namespace commsim
