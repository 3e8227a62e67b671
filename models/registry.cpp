#include "models/registry.hpp"

#include <vector>

#include "models/classic/bass.hpp"

namespace commsim::models {

ModelCatalog catalog() {
  static const std::vector<ModelInfo> models{
      bass_model(),
  };
  return models;
}

}  // namespace commsim::models
