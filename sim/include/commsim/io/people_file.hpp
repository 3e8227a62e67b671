// The people file: per-person attributes from a CSV file and/or a graph
// file's node attributes, checked against the model's declarations
// (ModelInfo::person_attributes) and the graph's labels.
//
// CSV: a header line, then one line per person. The first column holds the
// person's label as the graph names them (any header); each other column is
// one attribute the model declares (`commsim describe MODEL` lists them),
// such as wtp, opinion, interest_0 or role. An empty cell leaves that value
// to the model's draw. Fields are separated by commas and may be quoted
// ("a, b" with "" for a quote); lines starting with `#` are comments.
//
// Every problem is reported with file:line (or the graph file's node), in
// one ScenarioError: an unknown label, a label given twice, an attribute
// the model does not declare (with the nearest name suggested), a value of
// the wrong kind or outside its range, a value given both by the CSV file
// and the graph file.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "commsim/graph_kinds.hpp"
#include "commsim/params.hpp"
#include "commsim/people.hpp"

namespace commsim {

struct PeopleContext {
  std::string model;  // for messages
  const std::vector<PersonAttribute>* declared = nullptr;
  const std::vector<std::string>* labels = nullptr;  // the graph's people
  const ParamValues* values = nullptr;               // the scenario's values (count_key, below_key)
};

// Reads a people table: `csv` (may be null) named `csv_name` in messages,
// and the node attributes of the graph file (null: none) whose names are
// declared attributes (others are ignored).
PeopleTable read_people(std::istream* csv, const std::string& csv_name,
                        const NodeAttributes* graph_attributes, const PeopleContext& context);

// The columns a model's declarations allow, given the scenario's values
// (interest_0, interest_1 for two interest dimensions ...).
std::vector<std::string> person_columns(const std::vector<PersonAttribute>& declared,
                                        const ParamValues& values);

}  // namespace commsim
