// The text of a scenario before and around parsing: what yaml-cpp either
// accepts silently or reports in its own words. Each check raises a
// ScenarioError at file:line:column saying what is wrong in the user's terms.
// Internal to sim/io.
//
//   check_encoding      UTF-8 only; no NUL or other control bytes
//   parse_document      exactly one YAML document; parser errors explained
//                       (a tab used for indentation, an unclosed bracket ...)
//   check_document      quotes that are never closed, aliases that contain
//                       themselves, documents that expand beyond a budget
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

namespace commsim {

// `origin` names the text in messages: a file, or "--set path=value".
void check_encoding(const std::string& text, const std::string& origin);
YAML::Node parse_document(const std::string& text, const std::string& origin);
void check_document(const YAML::Node& root, const std::string& text, const std::string& origin);

}  // namespace commsim
