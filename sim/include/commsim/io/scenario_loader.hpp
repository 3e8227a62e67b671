// Reads a scenario file (YAML) into a validated Scenario.
//
// Order of work: read the text, parse it, apply --set overrides to the parsed
// tree, then validate the whole document against the declarations (the
// engine's keys and the chosen model's). Every problem found is reported in
// one ScenarioError, each line naming file:line:column (or the --set that
// introduced the value), the key path, what was expected and what was found.
// Nothing is run and no file is written by the caller until this returns.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "commsim/model.hpp"
#include "commsim/scenario.hpp"

namespace commsim {

// overrides: "dotted.path=value" strings, values in YAML syntax.
Scenario load_scenario(const std::filesystem::path& path, const std::vector<std::string>& overrides,
                       ModelCatalog catalog);

// The same from text already in memory; `path` names it in messages and
// anchors relative paths (edge lists).
Scenario parse_scenario(const std::string& text, const std::filesystem::path& path,
                        const std::vector<std::string>& overrides, ModelCatalog catalog);

// The scenario a posterior file was calibrated on, with its calibrate:
// section replaced by a sweep over `draws` draws from the posterior: a
// posterior predictive check. InputError for a file that is not a
// posterior.
Scenario posterior_predictive(const std::filesystem::path& posterior, std::size_t draws,
                              ModelCatalog catalog);

// The engine's keys alone: the top level, population.size, population.graph
// (every graph kind as a variant) and output.
Section engine_schema(ModelCatalog catalog);
// The whole schema for a model: the engine's keys plus the model's own
// section, its behaviour constants and its population keys.
Section scenario_schema(const ModelInfo& model, ModelCatalog catalog);
// The top-level `model` key: a choice among the catalogue's models.
ParamDecl model_choice(ModelCatalog catalog);

}  // namespace commsim
