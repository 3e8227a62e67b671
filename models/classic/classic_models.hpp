// The classic models of opinion dynamics, social contagion and spreading,
// each in its own file; see docs/models/ for the rules and their sources.
#pragma once

#include "commsim/model.hpp"

namespace commsim::models {

const ModelInfo& deffuant_model();
const ModelInfo& hegselmann_krause_model();
const ModelInfo& voter_model();
const ModelInfo& threshold_model();
const ModelInfo& cascade_model();
const ModelInfo& sis_model();
const ModelInfo& sir_model();

}  // namespace commsim::models
