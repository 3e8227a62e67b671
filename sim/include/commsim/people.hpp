// Per-person attributes given from outside the model's random draw: a
// people file (CSV) or a graph file's node attributes. A model declares
// which of its person attributes may be given (ModelInfo::person_attributes);
// sim/io reads and validates the values against those declarations
// (io/people_file.hpp) and the model receives them as a PeopleTable through
// its ModelContext. Whatever the table does not give, the model draws as it
// would without one.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "commsim/params.hpp"

namespace commsim {

// One attribute a people file may give.
struct PersonAttribute {
  std::string name;  // the column name; with count_key, the stem of name_0, name_1, ...
  ParamType type = ParamType::Real;  // Real, Int, Bool or Choice
  Range range;                       // Real and Int
  std::vector<std::string> choices;  // Choice
  std::string doc;
  // The full key path of a whole-number scenario value that says how many
  // columns there are (population.interests.dimensions: interest_0 ...);
  // empty: one column named `name`.
  std::string count_key;
  // The full key path of a whole-number scenario value that values must
  // stay below (community.groups for a group index); empty: none.
  std::string below_key;
  // A Bool attribute that giving this one sets true (a group makes its
  // person a member); the reader refuses a person for whom the file says
  // otherwise. Empty: none.
  std::string implies;
};

// The values given, one column per attribute named (interest_0, wtp, role
// ...), one value per person in graph order: the number, 0/1 for Bool, the
// choice's index for Choice; NaN where the person's value is not given.
struct PeopleTable {
  std::vector<std::string> names;
  std::vector<std::vector<double>> values;

  // The column of an attribute, or null when the table does not give it.
  [[nodiscard]] const std::vector<double>* column(std::string_view name) const {
    for (std::size_t k = 0; k < names.size(); ++k) {
      if (names[k] == name) {
        return &values[k];
      }
    }
    return nullptr;
  }
  [[nodiscard]] static bool given(double value) { return !std::isnan(value); }
};

}  // namespace commsim
