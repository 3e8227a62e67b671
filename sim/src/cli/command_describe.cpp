// commsim describe: a model's parameters (from their declarations), the phases
// of its day (from a model instance's schedule) and the metrics it records.
#include <cstdio>

#include "commands.hpp"
#include "commsim/error.hpp"
#include "commsim/runner.hpp"
#include "models/registry.hpp"

namespace commsim::cli {
namespace {

void print_params(const std::vector<ParamDecl>& params, const std::string& prefix) {
  for (const auto& p : params) {
    const std::string def = p.required() ? "(required)" : format_value(*p.default_value);
    std::printf("  %-24s %-8s %-10s %s\n", (prefix + p.name).c_str(), type_name(p.type).c_str(),
                def.c_str(), p.expectation().c_str());
    std::printf("  %-24s %s\n", "", p.doc.c_str());
  }
}

}  // namespace

int describe(const std::string& name) {
  const auto catalog = models::catalog();
  if (name.empty()) {
    std::printf("models:\n");
    for (const auto& m : catalog) {
      std::printf("  %-12s %s\n", m.name.c_str(), m.summary.c_str());
    }
    return 0;
  }
  const ModelInfo* model = find_model(catalog, name);
  if (model == nullptr) {
    std::string known;
    for (const auto& m : catalog) {
      known += (known.empty() ? "" : ", ") + m.name;
    }
    throw ScenarioError("describe: unknown model `" + name + "` (known models: " + known + ")");
  }
  std::printf("%s: %s\nsource: %s\n\n", model->name.c_str(), model->summary.c_str(),
              model->source.c_str());
  std::printf("parameters (under `%s:` in a scenario file)\n", model->name.c_str());
  print_params(model->params.params, "");
  if (!model->behaviour.params.empty()) {
    std::printf("\nbehaviour constants (under `behaviour:`)\n");
    print_params(model->behaviour.params, "");
  }

  // The schedule is data on a model instance: build one with the defaults.
  const Graph tiny = Graph::complete(2);
  Recorder recorder(model->metrics, model->summaries, 1);
  const ParamValues defaults;
  const auto instance = model->create(ModelContext{tiny, 1, recorder, defaults, defaults});
  const Schedule& schedule = instance->schedule();
  std::printf("\nphases of a day (in order%s)\n",
              schedule.substeps_per_day > 1 ? ", repeated each substep" : "");
  for (const auto& phase : schedule.phases) {
    std::printf("  %-10s %-9s %s\n", phase.name.c_str(),
                phase.kind == PhaseKind::PerAgent ? "per-agent" : "serial", phase.doc.c_str());
  }
  std::printf("\ndaily metrics (/timeseries)\n");
  for (const auto& m : model->metrics) {
    const std::string axis = m.axis.empty() ? "" : " by " + m.axis;
    std::printf("  %-18s %-12s %s%s\n", m.name.c_str(), m.unit.c_str(), m.doc.c_str(),
                axis.c_str());
  }
  std::printf("\nend-of-run summaries (/summary)\n");
  for (const auto& s : model->summaries) {
    std::printf("  %-18s %-12s %s\n", s.name.c_str(), s.unit.c_str(), s.doc.c_str());
  }
  return 0;
}

}  // namespace commsim::cli
