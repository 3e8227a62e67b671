// The explicit list of models: maps a scenario's `model:` name to its
// declarations and factory.
#pragma once

#include "commsim/model.hpp"

namespace commsim::models {

// Every registered model, in the order `commsim describe` lists them.
ModelCatalog catalog();

}  // namespace commsim::models
