// GraphML (with expat, one element at a time) and GML (a small reader of its
// own): nodes become people labelled by their GraphML id or GML label, edges
// become contacts, node attributes are kept as text. Both end in
// graph_io::assemble, as edge lists do, so duplicates, self-loops, the order
// of people and the size follow the same rules.
#include "commsim/io/graph_formats.hpp"

#include <expat.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "commsim/error.hpp"
#include "graph_file.hpp"

namespace commsim {
namespace {

using graph_io::in_quotes;
using graph_io::Problems;

// What both readers collect before assembling.
struct Collected {
  graph_io::ReadGraph graph;
  std::vector<std::size_t> edge_lines;
  std::map<std::string, std::size_t> attribute_index;  // name -> column
  bool directed = false;

  std::size_t attribute(const std::string& name) {
    auto [it, added] = attribute_index.emplace(name, graph.attributes.names.size());
    if (added) {
      graph.attributes.names.push_back(name);
      graph.attributes.values.emplace_back();
    }
    return it->second;
  }
  void set(std::uint32_t node, std::size_t column, std::string value) {
    auto& values = graph.attributes.values[column];
    if (values.size() <= node) {
      values.resize(node + 1);
    }
    values[node] = std::move(value);
  }
};

LoadedGraph finish(Collected c, GraphReadOptions options, const std::string& kind) {
  if (c.graph.labels.size() == 0) {
    throw ScenarioError(c.graph.name + ": the " + kind + " file declares no nodes");
  }
  for (auto& values : c.graph.attributes.values) {
    values.resize(c.graph.labels.size());
  }
  options.directed = options.directed || c.directed;
  c.graph.lines_of = [lines = c.edge_lines](const std::vector<std::size_t>& indices) {
    std::vector<std::size_t> out;
    for (const std::size_t i : indices) {
      out.push_back(lines[i]);
    }
    return out;
  };
  return graph_io::assemble(std::move(c.graph), options);
}

// --- GraphML ---------------------------------------------------------------

struct GraphmlKey {
  std::string name;
  bool node = false;
  std::optional<std::string> default_value;
};

class GraphmlReader {
 public:
  GraphmlReader(std::string name, const GraphReadOptions& options)
      : options_(options), problems_("GraphML file " + name) {
    c_.graph.name = std::move(name);
  }

  LoadedGraph read(const graph_io::ChunkSource& source) {
    std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(XML_ParserCreate(nullptr),
                                                                   XML_ParserFree);
    parser_ = parser.get();
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &GraphmlReader::on_start, &GraphmlReader::on_end);
    XML_SetCharacterDataHandler(parser_, &GraphmlReader::on_text);
    std::vector<char> buffer(std::size_t{1} << 20U);
    while (true) {
      const std::size_t got = source(buffer.data(), buffer.size());
      if (XML_Parse(parser_, buffer.data(), static_cast<int>(got), got == 0 ? 1 : 0) ==
          XML_STATUS_ERROR) {
        if (XML_GetErrorCode(parser_) != XML_ERROR_ABORTED) {
          problems_.add(
              place(), std::string("malformed XML: ") + XML_ErrorString(XML_GetErrorCode(parser_)));
        }
        break;
      }
      if (got == 0) {
        break;
      }
    }
    if (!problems_.any() && !seen_graph_) {
      problems_.add(c_.graph.name, "no <graph> element");
    }
    resolve_pending();
    if (problems_.any()) {
      graph_io::add_refused(problems_, c_.graph);
      problems_.throw_if_any();
    }
    // Keys' defaults for the nodes that give no value.
    for (const auto& [id, key] : keys_) {
      if (key.node && key.default_value) {
        auto& values = c_.graph.attributes.values[c_.attribute(key.name)];
        values.resize(c_.graph.labels.size());
        for (auto& v : values) {
          if (!v) {
            v = key.default_value;
          }
        }
      }
    }
    return finish(std::move(c_), options_, "GraphML");
  }

 private:
  [[nodiscard]] std::size_t line() const { return XML_GetCurrentLineNumber(parser_); }
  [[nodiscard]] std::string place() const { return c_.graph.name + ":" + std::to_string(line()); }

  static std::map<std::string, std::string> attributes(const XML_Char** atts) {
    std::map<std::string, std::string> out;
    for (std::size_t i = 0; atts[i] != nullptr; i += 2) {
      out[atts[i]] = atts[i + 1];
    }
    return out;
  }

  static void on_start(void* self, const XML_Char* name, const XML_Char** atts) {
    static_cast<GraphmlReader*>(self)->start(name, attributes(atts));
  }
  static void on_end(void* self, const XML_Char* name) {
    static_cast<GraphmlReader*>(self)->end(name);
  }
  static void on_text(void* self, const XML_Char* text, int length) {
    auto* r = static_cast<GraphmlReader*>(self);
    if (r->collecting_) {
      r->text_.append(text, static_cast<std::size_t>(length));
    }
  }

  void fail(const std::string& message) {
    problems_.add(place(), message);
    XML_StopParser(parser_, XML_FALSE);
  }

  void start(const std::string& element, const std::map<std::string, std::string>& a) {
    ++depth_;
    const auto get = [&](const std::string& key) {
      auto it = a.find(key);
      return it == a.end() ? std::optional<std::string>() : std::optional<std::string>(it->second);
    };
    if (depth_ == 1) {
      if (element != "graphml") {
        return fail("expected a GraphML document (<graphml>), found <" + element + ">");
      }
      return;
    }
    if (element == "key") {
      const auto id = get("id");
      if (!id) {
        return fail("<key> without an id attribute");
      }
      const std::string target = get("for").value_or("all");
      current_key_ = *id;
      keys_[*id] = {get("attr.name").value_or(*id), target == "node" || target == "all", {}};
    } else if (element == "default" && !current_key_.empty()) {
      collecting_ = true;
      text_.clear();
    } else if (element == "graph") {
      if (node_ != kNoNode) {
        return fail("<graph> inside <node id=" + in_quotes(c_.graph.labels.text(node_)) +
                    ">: nested graphs are not supported");
      }
      if (seen_graph_) {
        return fail("a second <graph>: the file must hold one graph");
      }
      seen_graph_ = true;
      c_.directed = get("edgedefault").value_or("directed") == "directed";
    } else if (element == "node") {
      const auto id = get("id");
      if (!id) {
        return fail("<node> without an id attribute");
      }
      const std::size_t before = c_.graph.labels.size();
      node_ = c_.graph.labels.id(*id);
      if (c_.graph.labels.size() == before) {
        problems_.add(place(), "<node id=" + in_quotes(*id) +
                                   ">: the id is declared twice (first "
                                   "on line " +
                                   node_lines_[node_] + ")");
        return;
      }
      node_lines_.push_back(std::to_string(line()));
      c_.graph.attributes.where.push_back(place());
    } else if (element == "edge") {
      const auto source = get("source");
      const auto target = get("target");
      if (!source || !target) {
        problems_.add(place(), "<edge> without a source and a target attribute");
        return;
      }
      add_edge(*source, *target, line());
    } else if (element == "data") {
      const auto key = get("key");
      if (!key) {
        problems_.add(place(), "<data> without a key attribute");
        return;
      }
      auto it = keys_.find(*key);
      if (it == keys_.end()) {
        problems_.add(place(), "<data key=" + in_quotes(*key) + ">: no <key id=" + in_quotes(*key) +
                                   "> declares it");
        return;
      }
      if (node_ != kNoNode && it->second.node) {
        data_key_ = *key;
        collecting_ = true;
        text_.clear();
      }
    } else if (element == "hyperedge") {
      problems_.add(place(), "<hyperedge> is not supported: a contact joins two people");
    }
  }

  void end(const std::string& element) {
    --depth_;
    if (element == "node") {
      node_ = kNoNode;
    } else if (element == "key") {
      current_key_.clear();
    } else if (element == "default" && collecting_) {
      keys_[current_key_].default_value = text_;
      collecting_ = false;
    } else if (element == "data" && collecting_) {
      c_.set(node_, c_.attribute(keys_[data_key_].name), text_);
      collecting_ = false;
    }
  }

  void add_edge(const std::string& source, const std::string& target, std::size_t at) {
    const std::int64_t a = c_.graph.labels.find(source);
    const std::int64_t b = c_.graph.labels.find(target);
    if (a < 0 || b < 0) {
      pending_.push_back({source, target, at});  // nodes may follow their edges
      return;
    }
    add_resolved(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b), source, at);
  }

  void add_resolved(std::uint32_t a, std::uint32_t b, const std::string& label, std::size_t at) {
    if (a == b) {
      if (options_.drop_self_loops) {
        if (c_.graph.self_loops++ == 0) {
          c_.graph.first_self_loop_line = at;
        }
      } else {
        c_.graph.refused.emplace_back(at, "<edge source=" + in_quotes(label) +
                                              " target=" + in_quotes(label) +
                                              ">: a self-loop: a person cannot be their own "
                                              "contact (population.graph.self_loops: reject)");
      }
      return;
    }
    c_.graph.edges.push_back((std::uint64_t{a} << 32U) | b);
    c_.edge_lines.push_back(at);
  }

  void resolve_pending() {
    for (const auto& p : pending_) {
      const std::int64_t a = c_.graph.labels.find(p.source);
      const std::int64_t b = c_.graph.labels.find(p.target);
      if (a < 0 || b < 0) {
        const std::string& missing = a < 0 ? p.source : p.target;
        problems_.add(c_.graph.name + ":" + std::to_string(p.line),
                      "<edge source=" + in_quotes(p.source) + " target=" + in_quotes(p.target) +
                          ">: no <node id=" + in_quotes(missing) + "> in the graph");
        continue;
      }
      add_resolved(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b), p.source, p.line);
    }
  }

  struct Pending {
    std::string source;
    std::string target;
    std::size_t line;
  };
  static constexpr std::uint32_t kNoNode = 0xFFFFFFFFU;

  GraphReadOptions options_;
  Problems problems_;
  Collected c_;
  XML_Parser parser_ = nullptr;
  int depth_ = 0;
  bool seen_graph_ = false;
  std::map<std::string, GraphmlKey> keys_;
  std::string current_key_;
  std::string data_key_;
  std::uint32_t node_ = kNoNode;
  std::vector<std::string> node_lines_;
  bool collecting_ = false;
  std::string text_;
  std::vector<Pending> pending_;
};

// --- GML -------------------------------------------------------------------

struct GmlToken {
  enum Kind { Key, Number, String, Open, Close, End } kind = End;
  std::string text;
  std::size_t line = 0;
};

class GmlLexer {
 public:
  GmlLexer(std::string text, std::string name) : text_(std::move(text)), name_(std::move(name)) {}

  GmlToken next() {
    skip();
    GmlToken t;
    t.line = line_;
    if (at_ >= text_.size()) {
      return t;
    }
    const char c = text_[at_];
    if (c == '[' || c == ']') {
      ++at_;
      t.kind = c == '[' ? GmlToken::Open : GmlToken::Close;
      return t;
    }
    if (c == '"') {
      std::size_t end = at_ + 1;
      while (end < text_.size() && text_[end] != '"') {
        if (text_[end] == '\n') {
          ++line_;
        }
        ++end;
      }
      if (end >= text_.size()) {
        throw ScenarioError(name_ + ":" + std::to_string(t.line) + ": a string is not closed");
      }
      t.kind = GmlToken::String;
      t.text = unescape(std::string_view(text_).substr(at_ + 1, end - at_ - 1));
      at_ = end + 1;
      return t;
    }
    std::size_t end = at_;
    while (end < text_.size() && !std::isspace(static_cast<unsigned char>(text_[end])) &&
           text_[end] != '[' && text_[end] != ']' && text_[end] != '"') {
      ++end;
    }
    t.text = text_.substr(at_, end - at_);
    at_ = end;
    t.kind =
        std::isalpha(static_cast<unsigned char>(c)) || c == '_' ? GmlToken::Key : GmlToken::Number;
    return t;
  }

 private:
  void skip() {
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (c == '\n') {
        ++line_;
        ++at_;
      } else if (std::isspace(static_cast<unsigned char>(c))) {
        ++at_;
      } else if (c == '#') {
        while (at_ < text_.size() && text_[at_] != '\n') {
          ++at_;
        }
      } else {
        return;
      }
    }
  }
  // GML strings escape with HTML entities (&quot; &amp; &#34; ...).
  static std::string unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '&') {
        out += s[i];
        continue;
      }
      const std::size_t semi = s.find(';', i);
      if (semi == std::string_view::npos || semi - i > 10) {
        out += s[i];
        continue;
      }
      const std::string_view entity = s.substr(i + 1, semi - i - 1);
      static const std::map<std::string_view, char> named{
          {"quot", '"'}, {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"apos", '\''}};
      if (auto it = named.find(entity); it != named.end()) {
        out += it->second;
      } else if (entity.starts_with('#')) {
        std::uint64_t code = 0;
        const bool hex = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X');
        const std::string_view digits = entity.substr(hex ? 2 : 1);
        const auto [ptr, ec] =
            std::from_chars(digits.data(), digits.data() + digits.size(), code, hex ? 16 : 10);
        if (ec != std::errc{} || code > 0x10FFFF) {
          out += s[i];
          continue;
        }
        // UTF-8
        if (code < 0x80) {
          out += static_cast<char>(code);
        } else if (code < 0x800) {
          out += static_cast<char>(0xC0 | (code >> 6U));
          out += static_cast<char>(0x80 | (code & 0x3FU));
        } else if (code < 0x10000) {
          out += static_cast<char>(0xE0 | (code >> 12U));
          out += static_cast<char>(0x80 | ((code >> 6U) & 0x3FU));
          out += static_cast<char>(0x80 | (code & 0x3FU));
        } else {
          out += static_cast<char>(0xF0 | (code >> 18U));
          out += static_cast<char>(0x80 | ((code >> 12U) & 0x3FU));
          out += static_cast<char>(0x80 | ((code >> 6U) & 0x3FU));
          out += static_cast<char>(0x80 | (code & 0x3FU));
        }
      } else {
        out += s[i];
        continue;
      }
      i = semi;
    }
    return out;
  }

  std::string text_;
  std::string name_;
  std::size_t at_ = 0;
  std::size_t line_ = 1;
};

class GmlReader {
 public:
  GmlReader(std::string text, std::string name, const GraphReadOptions& options)
      : lexer_(std::move(text), name),
        name_(std::move(name)),
        options_(options),
        problems_("GML file " + name_) {
    c_.graph.name = name_;
  }

  LoadedGraph read() {
    bool seen_graph = false;
    while (true) {
      const GmlToken key = lexer_.next();
      if (key.kind == GmlToken::End) {
        break;
      }
      expect_key(key);
      if (key.text == "graph") {
        expect(GmlToken::Open, "[ after graph");
        if (seen_graph) {
          throw ScenarioError(at(key.line) + ": a second graph: the file must hold one graph");
        }
        seen_graph = true;
        graph_body();
      } else {
        skip_value();
      }
    }
    if (!seen_graph) {
      throw ScenarioError(name_ + ": no `graph [ ... ]` in the file");
    }
    // People: labelled by `label` where every node has one, else by id.
    const bool by_label = std::all_of(nodes_.begin(), nodes_.end(),
                                      [](const Node& n) { return n.label.has_value(); });
    std::map<std::string, std::size_t> id_index;
    std::map<std::string, std::size_t> first_line;
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      const Node& n = nodes_[i];
      if (auto [it, added] = id_index.emplace(n.id, i); !added) {
        problems_.add(at(n.line), "node id " + n.id + " is declared twice (first on line " +
                                      std::to_string(nodes_[it->second].line) + ")");
        continue;
      }
      const std::string label = by_label ? *n.label : n.id;
      const std::size_t before = c_.graph.labels.size();
      const std::uint32_t person = c_.graph.labels.id(label);
      if (c_.graph.labels.size() == before) {
        problems_.add(at(n.line), "label " + in_quotes(label) + " is given twice (first on line " +
                                      std::to_string(first_line[label]) + ")");
        continue;
      }
      first_line[label] = n.line;
      c_.graph.attributes.where.push_back(at(n.line));
      for (const auto& [name, value] : n.attributes) {
        c_.set(person, c_.attribute(name), value);
      }
      node_person_.push_back(person);
    }
    for (const Edge& e : edges_) {
      const auto a = id_index.find(e.source);
      const auto b = id_index.find(e.target);
      if (a == id_index.end() || b == id_index.end()) {
        problems_.add(at(e.line), "edge from " + e.source + " to " + e.target +
                                      ": no node with id " +
                                      (a == id_index.end() ? e.source : e.target));
        continue;
      }
      if (a->second >= node_person_.size()) {
        continue;  // a node already reported
      }
      const std::uint32_t x = node_person_[a->second];
      const std::uint32_t y = node_person_[b->second];
      if (x == y) {
        if (options_.drop_self_loops) {
          if (c_.graph.self_loops++ == 0) {
            c_.graph.first_self_loop_line = e.line;
          }
        } else {
          c_.graph.refused.emplace_back(e.line, "self-loop at node " + e.source +
                                                    ": a person cannot be their own contact "
                                                    "(population.graph.self_loops: reject)");
        }
        continue;
      }
      c_.graph.edges.push_back((std::uint64_t{x} << 32U) | y);
      c_.edge_lines.push_back(e.line);
    }
    if (problems_.any()) {
      graph_io::add_refused(problems_, c_.graph);
      problems_.throw_if_any();
    }
    return finish(std::move(c_), options_, "GML");
  }

 private:
  struct Node {
    std::string id;
    std::optional<std::string> label;
    std::vector<std::pair<std::string, std::string>> attributes;
    std::size_t line = 0;
  };
  struct Edge {
    std::string source;
    std::string target;
    std::size_t line = 0;
  };

  [[nodiscard]] std::string at(std::size_t line) const {
    return name_ + ":" + std::to_string(line);
  }
  void expect_key(const GmlToken& t) {
    if (t.kind != GmlToken::Key) {
      throw ScenarioError(at(t.line) + ": expected a key, found " + shown(t));
    }
  }
  void expect(GmlToken::Kind kind, const std::string& what) {
    const GmlToken t = lexer_.next();
    if (t.kind != kind) {
      throw ScenarioError(at(t.line) + ": expected " + what + ", found " + shown(t));
    }
  }
  static std::string shown(const GmlToken& t) {
    switch (t.kind) {
      case GmlToken::Open:
        return "[";
      case GmlToken::Close:
        return "]";
      case GmlToken::End:
        return "the end of the file";
      default:
        return in_quotes(t.text);
    }
  }
  // A scalar value (number or string); lists are skipped and give nothing.
  std::optional<std::string> value() {
    const GmlToken t = lexer_.next();
    if (t.kind == GmlToken::Number || t.kind == GmlToken::String) {
      return t.text;
    }
    if (t.kind == GmlToken::Open) {
      skip_list();
      return std::nullopt;
    }
    throw ScenarioError(at(t.line) + ": expected a value (a number, a string or [ ... ]), found " +
                        shown(t));
  }
  void skip_value() { (void)value(); }
  void skip_list() {
    while (true) {
      const GmlToken t = lexer_.next();
      if (t.kind == GmlToken::Close) {
        return;
      }
      if (t.kind == GmlToken::End) {
        throw ScenarioError(at(t.line) + ": a [ is not closed");
      }
      expect_key(t);
      skip_value();
    }
  }
  void graph_body() {
    while (true) {
      const GmlToken key = lexer_.next();
      if (key.kind == GmlToken::Close) {
        return;
      }
      if (key.kind == GmlToken::End) {
        throw ScenarioError(at(key.line) + ": the graph's [ is not closed");
      }
      expect_key(key);
      if (key.text == "directed") {
        c_.directed = value().value_or("0") == "1";
      } else if (key.text == "node") {
        expect(GmlToken::Open, "[ after node");
        node(key.line);
      } else if (key.text == "edge") {
        expect(GmlToken::Open, "[ after edge");
        edge(key.line);
      } else {
        skip_value();
      }
    }
  }
  // Calls entry(key, value) for each `key value` of a list up to its `]`;
  // `what` names the list in messages. Values that are lists are skipped.
  template <class Entry>
  void entries(std::size_t line, const char* what, Entry entry) {
    while (true) {
      const GmlToken key = lexer_.next();
      if (key.kind == GmlToken::Close) {
        return;
      }
      if (key.kind == GmlToken::End) {
        throw ScenarioError(at(line) + ": the " + what + "'s [ is not closed");
      }
      expect_key(key);
      if (const auto v = value()) {
        entry(key.text, *v);
      }
    }
  }
  void node(std::size_t line) {
    Node n;
    n.line = line;
    bool has_id = false;
    entries(line, "node", [&](std::string_view key, const std::string& v) {
      if (key == "id") {
        n.id = v;
        has_id = true;
      } else if (key == "label") {
        n.label = v;
      } else {
        n.attributes.emplace_back(key, v);
      }
    });
    if (!has_id) {
      problems_.add(at(line), "a node without an id");
      return;
    }
    nodes_.push_back(std::move(n));
  }
  void edge(std::size_t line) {
    Edge e;
    e.line = line;
    bool source = false;
    bool target = false;
    entries(line, "edge", [&](std::string_view key, const std::string& v) {
      if (key == "source") {
        e.source = v;
        source = true;
      } else if (key == "target") {
        e.target = v;
        target = true;
      }
    });
    if (!source || !target) {
      problems_.add(at(line), "an edge without a source and a target");
      return;
    }
    edges_.push_back(std::move(e));
  }

  GmlLexer lexer_;
  std::string name_;
  GraphReadOptions options_;
  Problems problems_;
  Collected c_;
  std::vector<Node> nodes_;
  std::vector<Edge> edges_;
  std::vector<std::uint32_t> node_person_;
};

std::string all_text(const graph_io::ChunkSource& source) {
  std::string text;
  std::vector<char> buffer(std::size_t{1} << 20U);
  while (const std::size_t got = source(buffer.data(), buffer.size())) {
    text.append(buffer.data(), got);
  }
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.erase(0, 3);
  }
  return text;
}

std::string cache_key(const std::string& kind, const ParamValues& p, const GraphContext& c) {
  std::string key = kind;
  for (const auto& [name, value] : p.all()) {
    key += "\n" + name + "=" + format_value(value);
  }
  return key + "\npeople=" + std::to_string(c.people);
}

GraphKind file_kind(std::string name, std::string doc, std::string path_doc,
                    LoadedGraph (*load)(const std::filesystem::path&, const GraphReadOptions&)) {
  GraphKind k;
  k.name = std::move(name);
  k.doc = std::move(doc);
  k.params = {{"path", ParamType::String, std::nullopt, {}, {}, std::move(path_doc)}};
  const auto decls = graph_io::read_option_decls();
  k.params.insert(k.params.end(), decls.begin(), decls.end());
  k.random = false;
  const std::string what = k.name == "graphml" ? "GraphML" : "GML";
  k.files = graph_io::path_files;
  // An edge takes at least about 20 bytes of markup in either format.
  k.expected_edges = [](const ParamValues& p, const GraphContext& c) {
    return graph_io::file_bytes_estimate(p, c) / 20;
  };
  k.check = [what](const ParamValues& p, const GraphContext& c) {
    return graph_io::check_path(p, c, what);
  };
  k.load = [kind = k.name, load](const ParamValues& p, const GraphContext& c) {
    const std::filesystem::path file = c.folder / p.get_string("path");
    const GraphReadOptions o = graph_io::read_options(p, c);
    return graph_io::cached_load(cache_key(kind, p, c), file, [&] { return load(file, o); });
  };
  k.build = [load = k.load](const ParamValues& p, const GraphContext& c, std::uint64_t) {
    return load(p, c)->graph;
  };
  return k;
}

}  // namespace

LoadedGraph read_graphml(std::istream& in, const std::string& name,
                         const GraphReadOptions& options) {
  return GraphmlReader(name, options).read(graph_io::stream_source(in));
}

LoadedGraph load_graphml(const std::filesystem::path& path, const GraphReadOptions& options) {
  return GraphmlReader(path.string(), options).read(graph_io::file_source(path));
}

LoadedGraph read_gml(std::istream& in, const std::string& name, const GraphReadOptions& options) {
  return GmlReader(all_text(graph_io::stream_source(in)), name, options).read();
}

LoadedGraph load_gml(const std::filesystem::path& path, const GraphReadOptions& options) {
  return GmlReader(all_text(graph_io::file_source(path)), path.string(), options).read();
}

GraphKind graphml_graph_kind() {
  return file_kind("graphml",
                   "A graph read from a GraphML file (plain or .gz): node ids are the labels, "
                   "node attributes can give people's attributes (population.people.from_graph).",
                   "GraphML file, relative to the scenario file (networkx.write_graphml, Gephi, "
                   "igraph); a directed graph is made undirected.",
                   &load_graphml);
}

GraphKind gml_graph_kind() {
  return file_kind("gml",
                   "A graph read from a GML file (plain or .gz): node labels (else ids) are the "
                   "labels, node attributes can give people's attributes "
                   "(population.people.from_graph).",
                   "GML file, relative to the scenario file (networkx.write_gml, igraph, "
                   "Network Repository); a directed graph is made undirected.",
                   &load_gml);
}

}  // namespace commsim
