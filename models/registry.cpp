#include "models/registry.hpp"

#include <vector>

#include "models/classic/bass.hpp"
#include "models/classic/classic_models.hpp"
#include "models/community/community_model.hpp"

namespace commsim::models {

ModelCatalog catalog() {
  static const std::vector<ModelInfo> models{
      bass_model(),  deffuant_model(),  hegselmann_krause_model(),
      voter_model(), threshold_model(), cascade_model(),
      sis_model(),   sir_model(),       community::community_model_info(),
  };
  return models;
}

}  // namespace commsim::models
