#include "commsim/model.hpp"

namespace commsim {

const ModelInfo* find_model(ModelCatalog catalog, const std::string& name) {
  for (const auto& info : catalog) {
    if (info.name == name) {
      return &info;
    }
  }
  return nullptr;
}

}  // namespace commsim
