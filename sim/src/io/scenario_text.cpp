#include "scenario_text.hpp"

#include <yaml-cpp/depthguard.h>

#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

#include "commsim/error.hpp"
#include "text_bytes.hpp"

namespace commsim {
namespace {

// yaml-cpp stops at 2000 levels; nothing in a scenario nests more than ten.
constexpr int kParserDepth = 2000;
// Values a document may expand to through aliases (*name repeating &name);
// a few aliases of aliases otherwise expand exponentially ("billion laughs").
constexpr std::size_t kMaxExpandedNodes = 20'000'000;

// A location in text: file:line:column, or the override's own label (its
// text is one line; the column is said in words).
std::string location(const std::string& origin, bool is_file, std::size_t line,
                     std::size_t column) {
  if (is_file) {
    return origin + ":" + std::to_string(line) + ":" + std::to_string(column);
  }
  return origin + " (character " + std::to_string(column) + ")";
}

bool names_a_file(const std::string& origin) {
  return !origin.starts_with("--set ");
}

std::string control_name(unsigned char c) {
  return c == 0 ? "a NUL byte (\\0)" : "a control character (" + hex_byte(c) + ")";
}

// Line and column (1-based, columns in characters) of byte offset pos.
std::pair<std::size_t, std::size_t> line_column(const std::string& text, std::size_t pos) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) {
      ++column;
    }
  }
  return {line, column};
}

// The first tab in the indentation of lines up to `last_line` (1-based), as
// a byte offset; npos if none. YAML indents with spaces only.
std::size_t tab_in_indentation(const std::string& text, std::size_t last_line) {
  std::size_t line = 1;
  bool at_indentation = true;
  for (std::size_t i = 0; i < text.size() && line <= last_line; ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      at_indentation = true;
    } else if (at_indentation && c == '\t') {
      return i;
    } else if (c != ' ') {
      at_indentation = false;
    }
  }
  return std::string::npos;
}

// yaml-cpp's messages, said in terms of what to change.
std::string explain(const std::string& message) {
  static const std::vector<std::pair<std::string, std::string>> known{
      {YAML::ErrorMsg::TAB_IN_INDENTATION, "a tab used for indentation; YAML indents with spaces"},
      {YAML::ErrorMsg::MAP_VALUE,
       "a `key: value` where none can start here: check this line's indentation against the "
       "line above, and quote a text that contains `: `"},
      {YAML::ErrorMsg::MAP_KEY, "a key where none can start here: check the indentation"},
      {YAML::ErrorMsg::BLOCK_ENTRY,
       "a list item `- ` where none can start here: check the indentation"},
      {YAML::ErrorMsg::END_OF_MAP, "a mapping ends unexpectedly here: check the indentation"},
      {YAML::ErrorMsg::END_OF_SEQ, "a list ends unexpectedly here: check the indentation"},
      {YAML::ErrorMsg::END_OF_MAP_FLOW, "a `{` opened here is never closed with `}`"},
      {YAML::ErrorMsg::END_OF_SEQ_FLOW, "a `[` opened here is never closed with `]`"},
      {YAML::ErrorMsg::FLOW_END, "a `]` or `}` here closes nothing"},
      {YAML::ErrorMsg::INVALID_ESCAPE,
       "an unknown escape sequence inside double quotes: write \\\\ for a backslash, or use "
       "single quotes"},
      {YAML::ErrorMsg::INVALID_UNICODE, "an invalid \\u or \\U escape inside double quotes"},
      {YAML::ErrorMsg::INVALID_HEX, "an invalid \\x escape inside double quotes"},
      {YAML::ErrorMsg::UNKNOWN_ANCHOR,
       "an alias *name refers to no anchor &name defined before it"},
      {YAML::ErrorMsg::ALIAS_NOT_FOUND, "a `*` with no alias name after it"},
      {YAML::ErrorMsg::ANCHOR_NOT_FOUND, "a `&` with no anchor name after it"},
      {YAML::ErrorMsg::DOC_IN_SCALAR, "a document marker (--- or ...) inside a text"},
      {YAML::ErrorMsg::EOF_IN_SCALAR, "the text ends inside a quoted text (an unclosed quote?)"},
      {YAML::ErrorMsg::CHAR_IN_SCALAR, "a character that cannot appear in an unquoted text"},
      {YAML::ErrorMsg::CHAR_IN_BLOCK, "an unexpected character after `|` or `>`"},
      {YAML::ErrorMsg::UNKNOWN_TOKEN, "a character that cannot start a value here"},
  };
  for (const auto& [raw, plain] : known) {
    if (message.starts_with(raw)) {
      return plain;
    }
  }
  return message.empty() ? std::string("the text is not valid YAML") : message;
}

// Byte offset of the start of the second document: the first `---` line
// after some content, or the second `---` line.
std::size_t second_document(const std::string& text) {
  bool content = false;
  bool marker = false;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line(text.data() + start, end - start);
    if (line.starts_with("---")) {
      if (content || marker) {
        return start;
      }
      marker = true;
    } else if (const auto first = line.find_first_not_of(" \t\r");
               first != std::string_view::npos && line[first] != '#') {
      content = true;
    }
    start = end + 1;
  }
  return std::string::npos;
}

// Walks a parsed document once: quotes that are never closed, aliases that
// contain themselves, and the number of values it expands to.
class DocumentWalk {
 public:
  DocumentWalk(const std::string& text, std::string origin)
      : text_(text), origin_(std::move(origin)), is_file_(names_a_file(origin_)) {}

  void node(const YAML::Node& n) {
    if (++visited_ > kMaxExpandedNodes) {
      throw ScenarioError(origin_ + ": the document expands to more than " +
                          std::to_string(kMaxExpandedNodes) +
                          " values (aliases repeating aliases?); a scenario holds far fewer");
    }
    if (n.IsScalar()) {
      scalar(n);
      return;
    }
    if (!n.IsMap() && !n.IsSequence()) {
      return;
    }
    for (const YAML::Node& ancestor : ancestors_) {
      if (ancestor.is(n)) {
        throw ScenarioError(at(n) + ": an alias refers to a section that contains it (a cycle)");
      }
    }
    ancestors_.push_back(n);
    if (n.IsMap()) {
      for (const auto& kv : n) {
        node(kv.first);
        node(kv.second);
      }
    } else {
      for (const auto& item : n) {
        node(item);
      }
    }
    ancestors_.pop_back();
  }

 private:
  [[nodiscard]] std::string at(const YAML::Node& n) const {
    const YAML::Mark mark = n.Mark();
    if (mark.is_null() || mark.pos < 0) {
      return origin_;
    }
    return location(origin_, is_file_, static_cast<std::size_t>(mark.line) + 1,
                    static_cast<std::size_t>(mark.column) + 1);
  }

  // yaml-cpp takes a quote that is never closed to run to the end of the
  // text, swallowing every key after it; find its closing quote.
  void scalar(const YAML::Node& n) const {
    const YAML::Mark mark = n.Mark();
    if (n.Tag() != "!" || mark.is_null() || mark.pos < 0) {
      return;
    }
    const auto pos = static_cast<std::size_t>(mark.pos);
    if (pos >= text_.size() || (text_[pos] != '"' && text_[pos] != '\'')) {
      return;  // a block scalar (| or >), not a quoted one
    }
    const char quote = text_[pos];
    for (std::size_t i = pos + 1; i < text_.size(); ++i) {
      if (quote == '"' && text_[i] == '\\') {
        ++i;
      } else if (text_[i] == quote) {
        if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
          ++i;  // '' is a quote inside single quotes
          continue;
        }
        return;
      }
    }
    throw ScenarioError(at(n) + ": the quote " + std::string(1, quote) +
                        " opened here is never closed");
  }

  const std::string& text_;
  std::string origin_;
  bool is_file_;
  std::size_t visited_ = 0;
  std::vector<YAML::Node> ancestors_;
};

}  // namespace

void check_encoding(const std::string& text, const std::string& origin) {
  const bool is_file = names_a_file(origin);
  const auto starts = [&](std::string_view prefix) { return text.starts_with(prefix); };
  if (starts(std::string_view("\xFF\xFE", 2)) || starts(std::string_view("\xFE\xFF", 2)) ||
      starts(std::string_view("\0\0\xFE\xFF", 4))) {
    throw ScenarioError(origin + ": the text is UTF-16 or UTF-32; save it as UTF-8");
  }
  std::size_t i = starts("\xEF\xBB\xBF") ? 3 : 0;  // a UTF-8 byte-order mark is fine
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (is_control(c)) {
      const auto [line, column] = line_column(text, i);
      throw ScenarioError(location(origin, is_file, line, column) + ": " + control_name(c) +
                          " where text is expected; a scenario is plain text");
    }
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      const auto [line, column] = line_column(text, i);
      throw ScenarioError(location(origin, is_file, line, column) + ": the byte " + hex_byte(c) +
                          " is not UTF-8; save the text as UTF-8");
    }
    i += n;
  }
}

YAML::Node parse_document(const std::string& text, const std::string& origin) {
  const bool is_file = names_a_file(origin);
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::DeepRecursion& e) {
    throw ScenarioError(location(origin, is_file, static_cast<std::size_t>(e.mark.line) + 1,
                                 static_cast<std::size_t>(e.mark.column) + 1) +
                        ": sections nested more than " + std::to_string(kParserDepth) +
                        " levels deep; a scenario nests a few");
  } catch (const YAML::ParserException& e) {
    std::size_t line = static_cast<std::size_t>(std::max(e.mark.line, 0)) + 1;
    std::size_t column = static_cast<std::size_t>(std::max(e.mark.column, 0)) + 1;
    std::string what = explain(e.msg);
    if (const std::size_t tab = tab_in_indentation(text, line); tab != std::string::npos) {
      std::tie(line, column) = line_column(text, tab);
      what = explain(YAML::ErrorMsg::TAB_IN_INDENTATION);
    }
    throw ScenarioError(location(origin, is_file, line, column) + ": malformed YAML: " + what);
  } catch (const YAML::Exception& e) {
    throw ScenarioError(origin + ": malformed YAML: " + explain(e.msg));
  }
  if (documents.size() > 1) {
    const std::size_t at = second_document(text);
    const auto [line, column] = line_column(text, at == std::string::npos ? text.size() : at);
    throw ScenarioError(location(origin, is_file, line, column) +
                        ": a second YAML document starts here (after `---`); a scenario file "
                        "holds exactly one");
  }
  return documents.empty() ? YAML::Node() : documents.front();
}

void check_document(const YAML::Node& root, const std::string& text, const std::string& origin) {
  DocumentWalk(text, origin).node(root);
}

}  // namespace commsim
