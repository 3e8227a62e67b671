#include "commsim/io/people_file.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "commsim/error.hpp"
#include "graph_file.hpp"

namespace commsim {
namespace {

using graph_io::in_quotes;
using graph_io::Problems;

// One column a table may give: a declared attribute, or one coordinate of a
// counted one (interest_1).
struct Column {
  std::string name;
  const PersonAttribute* decl = nullptr;
  double below = std::numeric_limits<double>::infinity();
};

double whole_value(const ParamValues& values, const std::string& path) {
  if (!values.contains(path)) {
    return 0;
  }
  const ParamValue& v = values.at(path);
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    return static_cast<double>(*i);
  }
  if (const auto* d = std::get_if<double>(&v)) {
    return *d;
  }
  return 0;
}

std::vector<Column> columns_of(const std::vector<PersonAttribute>& declared,
                               const ParamValues& values) {
  std::vector<Column> out;
  for (const PersonAttribute& a : declared) {
    const double below = a.below_key.empty() ? std::numeric_limits<double>::infinity()
                                             : whole_value(values, a.below_key);
    if (a.count_key.empty()) {
      out.push_back({a.name, &a, below});
      continue;
    }
    const auto count = static_cast<std::int64_t>(whole_value(values, a.count_key));
    for (std::int64_t k = 0; k < count; ++k) {
      out.push_back({a.name + "_" + std::to_string(k), &a, below});
    }
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The value of a cell, or a message saying what was expected.
bool parse_value(const Column& c, std::string_view text, double& value, std::string& problem) {
  const PersonAttribute& d = *c.decl;
  const auto expected = [&] {
    ParamDecl shown{d.name, d.type, std::nullopt, d.range, d.choices, d.doc};
    std::string e = shown.expectation();
    if (std::isfinite(c.below)) {
      e += " below " + format_value(c.below) + " (" + d.below_key + ")";
    }
    problem = "expected " + e + ", found " + in_quotes(text);
    return false;
  };
  switch (d.type) {
    case ParamType::Bool: {
      const std::string t = lower(text);
      if (t == "1" || t == "true" || t == "yes") {
        value = 1;
        return true;
      }
      if (t == "0" || t == "false" || t == "no") {
        value = 0;
        return true;
      }
      return expected();
    }
    case ParamType::Choice: {
      const auto it = std::find(d.choices.begin(), d.choices.end(), text);
      if (it == d.choices.end()) {
        expected();
        if (auto best = nearest(std::string(text), d.choices)) {
          problem += "; did you mean " + *best + "?";
        }
        return false;
      }
      value = static_cast<double>(it - d.choices.begin());
      return true;
    }
    case ParamType::Int: {
      std::int64_t v = 0;
      const std::string_view digits = text.starts_with('+') ? text.substr(1) : text;
      const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (digits.empty() || ec != std::errc{} || ptr != digits.data() + digits.size() ||
          !d.range.contains(static_cast<double>(v)) || static_cast<double>(v) >= c.below) {
        return expected();
      }
      value = static_cast<double>(v);
      return true;
    }
    default: {
      double v = 0;
      const std::string_view digits = text.starts_with('+') ? text.substr(1) : text;
      const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (digits.empty() || ec != std::errc{} || ptr != digits.data() + digits.size() ||
          !std::isfinite(v) || !d.range.contains(v)) {
        return expected();
      }
      value = v;
      return true;
    }
  }
}

// Splits a CSV line; false for an unclosed quote.
bool csv_fields(std::string_view line, std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  std::size_t i = 0;
  while (true) {
    field.clear();
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
      ++i;
    }
    if (i < line.size() && line[i] == '"') {
      ++i;
      while (true) {
        if (i >= line.size()) {
          return false;
        }
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      while (i < line.size() && line[i] != ',') {
        ++i;
      }
    } else {
      const std::size_t end = std::min(line.find(',', i), line.size());
      field.assign(line.substr(i, end - i));
      while (!field.empty() && (field.back() == ' ' || field.back() == '\t')) {
        field.pop_back();
      }
      i = end;
    }
    fields.push_back(field);
    if (i >= line.size()) {
      return true;
    }
    ++i;  // the comma
  }
}

class Builder {
 public:
  Builder(const PeopleContext& context, const std::string& what)
      : context_(context),
        problems_(what),
        columns_(columns_of(*context.declared, *context.values)) {
    const auto& labels = *context.labels;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      person_.id(labels[i]);
    }
  }

  [[nodiscard]] std::vector<std::string> known() const {
    std::vector<std::string> names;
    for (const Column& c : columns_) {
      names.push_back(c.name);
    }
    return names;
  }
  [[nodiscard]] const Column* find(std::string_view name) const {
    for (const Column& c : columns_) {
      if (c.name == name) {
        return &c;
      }
    }
    return nullptr;
  }

  void read_csv(std::istream& in, const std::string& name) {
    std::vector<const Column*> header;
    bool have_header = false;
    std::vector<std::string> fields;
    std::map<std::uint32_t, std::size_t> row_line;
    graph_io::for_each_line(
        graph_io::stream_source(in), [&](std::string_view line, std::size_t number) {
          const std::string place = name + ":" + std::to_string(number);
          std::string_view trimmed = line;
          while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) {
            trimmed.remove_prefix(1);
          }
          if (trimmed.empty() || trimmed.front() == '#') {
            return;
          }
          if (!csv_fields(line, fields)) {
            problems_.add(place, "a quoted field is not closed");
            return;
          }
          if (!have_header) {
            have_header = true;
            header.push_back(nullptr);  // the labels
            for (std::size_t k = 1; k < fields.size(); ++k) {
              const Column* c = find(fields[k]);
              if (c == nullptr) {
                unknown_attribute(place, fields[k]);
              }
              for (std::size_t j = 1; j < k; ++j) {
                if (c != nullptr && header[j] == c) {
                  problems_.add(place, "column " + fields[k] + " appears twice");
                  c = nullptr;
                }
              }
              header.push_back(c);
            }
            return;
          }
          if (fields.size() != header.size()) {
            problems_.add(place, "expected " + std::to_string(header.size()) +
                                     " fields (as the header has), found " +
                                     std::to_string(fields.size()));
            return;
          }
          const std::string& label = fields[0];
          const std::int64_t person = person_.find(label);
          if (label.empty()) {
            problems_.add(place, "the label (first field) is empty");
            return;
          }
          if (person < 0) {
            problems_.add(place, "label " + in_quotes(label) + " is not a person of the graph (" +
                                     std::to_string(context_.labels->size()) +
                                     " people; labels are as the graph file names them)");
            return;
          }
          const auto p = static_cast<std::uint32_t>(person);
          if (auto [it, added] = row_line.emplace(p, number); !added) {
            problems_.add(place, "label " + in_quotes(label) + " is given twice (first on line " +
                                     std::to_string(it->second) + ")");
            return;
          }
          for (std::size_t k = 1; k < fields.size(); ++k) {
            if (header[k] != nullptr && !fields[k].empty()) {
              set(*header[k], p, fields[k], place, "");
            }
          }
          check_implied(p, place);
        });
    if (!have_header) {
      problems_.add(name, "the file is empty: expected a header line (label, then attributes)");
    }
  }

  void read_graph(const NodeAttributes& attributes) {
    for (std::size_t k = 0; k < attributes.names.size(); ++k) {
      const Column* c = find(attributes.names[k]);
      if (c == nullptr) {
        continue;  // graph files carry attributes of their own (x, y, colour ...)
      }
      const auto& values = attributes.values[k];
      for (std::uint32_t p = 0; p < values.size(); ++p) {
        if (!values[p]) {
          continue;
        }
        const std::string where =
            (p < attributes.where.size() ? attributes.where[p] : std::string("graph file")) +
            ": node " + in_quotes((*context_.labels)[p]);
        set(*c, p, *values[p], where, " (node attribute)");
      }
    }
    for (std::uint32_t p = 0; p < context_.labels->size(); ++p) {
      check_implied(p, p < attributes.where.size() ? attributes.where[p] : "graph file");
    }
  }

  PeopleTable finish() {
    problems_.throw_if_any();
    PeopleTable table;
    for (const Column& c : columns_) {
      if (auto it = given_.find(c.name); it != given_.end()) {
        table.names.push_back(c.name);
        table.values.push_back(std::move(it->second));
      }
    }
    return table;
  }

 private:
  void unknown_attribute(const std::string& place, const std::string& name) {
    std::string message = "unknown attribute " + in_quotes(name) + ": model " + context_.model;
    if (columns_.empty()) {
      message += " takes no person attributes";
    } else if (auto best = nearest(name, known())) {
      message += " has no such attribute; did you mean " + *best + "?";
    } else {
      std::string all;
      for (const auto& k : known()) {
        all += (all.empty() ? "" : ", ") + k;
      }
      message += " takes " + all;
    }
    problems_.add(place, message);
  }

  void set(const Column& c, std::uint32_t person, std::string_view text, const std::string& place,
           const std::string& note) {
    double value = 0;
    std::string problem;
    if (!parse_value(c, text, value, problem)) {
      problems_.add(place, c.name + note + ": " + problem);
      return;
    }
    auto& column = given_[c.name];
    if (column.empty()) {
      column.assign(context_.labels->size(), std::numeric_limits<double>::quiet_NaN());
      origin_[c.name].resize(context_.labels->size());
    }
    if (PeopleTable::given(column[person])) {
      problems_.add(place, c.name + note + " of " + in_quotes((*context_.labels)[person]) +
                               " is given twice (also at " + origin_[c.name][person] + ")");
      return;
    }
    column[person] = value;
    origin_[c.name][person] = place;
  }

  // An attribute that implies another (a group implies membership) cannot
  // be given where the implied one is given false.
  void check_implied(std::uint32_t person, const std::string& place) {
    for (const Column& c : columns_) {
      if (c.decl->implies.empty()) {
        continue;
      }
      const auto given = given_.find(c.name);
      const auto implied = given_.find(c.decl->implies);
      if (given != given_.end() && implied != given_.end() &&
          PeopleTable::given(given->second[person]) && implied->second[person] == 0 &&
          !reported_.contains({person, c.name})) {
        reported_.insert({person, c.name});
        problems_.add(place, c.name + " is given for " + in_quotes((*context_.labels)[person]) +
                                 ", but " + c.decl->implies + " is 0 (giving " + c.name +
                                 " makes the person a " + c.decl->implies + ")");
      }
    }
  }

  const PeopleContext& context_;
  Problems problems_;
  std::vector<Column> columns_;
  graph_io::LabelTable person_;
  std::map<std::string, std::vector<double>> given_;
  std::map<std::string, std::vector<std::string>> origin_;
  std::set<std::pair<std::uint32_t, std::string>> reported_;
};

}  // namespace

std::vector<std::string> person_columns(const std::vector<PersonAttribute>& declared,
                                        const ParamValues& values) {
  std::vector<std::string> names;
  for (const Column& c : columns_of(declared, values)) {
    names.push_back(c.name);
  }
  return names;
}

PeopleTable read_people(std::istream* csv, const std::string& csv_name,
                        const NodeAttributes* graph_attributes, const PeopleContext& context) {
  Builder builder(context, "people file " + (csv != nullptr ? csv_name : "(graph attributes)"));
  if (graph_attributes != nullptr) {
    builder.read_graph(*graph_attributes);
  }
  if (csv != nullptr) {
    builder.read_csv(*csv, csv_name);
  }
  return builder.finish();
}

}  // namespace commsim
