// commsim describe: a model's parameters (from their declarations), the phases
// of its day (from a model instance's schedule) and the metrics it records,
// as text for a terminal or as Markdown for docs/models/.
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "commsim/error.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "models/registry.hpp"

namespace commsim::cli {
namespace {

std::string default_text(const ParamDecl& p) {
  return p.required() ? "(required)" : format_value(*p.default_value);
}

std::string objective_text(const Objective& o) {
  if (o.empty()) {
    return "none (nothing is better or worse by default; name one with --objective or an "
           "objective: section)";
  }
  std::string text = o.text();
  if (!o.explain.empty()) {
    text += "; explained by";
    for (const auto& e : o.explain) {
      text += (&e == &o.explain.front() ? " " : ", ") + e;
    }
  }
  return text;
}

std::string kind_text(const Phase& phase) {
  return phase.kind == PhaseKind::PerAgent ? "per-agent" : "serial";
}

// The schedule and the agent attributes are data on a model instance: build
// one with the defaults on a two-person complete graph.
template <class Visit>
void with_instance(const ModelInfo& model, Visit&& visit) {
  const Graph tiny = Graph::complete(2);
  Recorder recorder(model.metrics, model.summaries, 1);
  const ParamValues defaults;
  const auto instance = model.create(ModelContext{tiny, 1, recorder, defaults, defaults, defaults});
  visit(*instance);
}

std::string type_of(const Population::Storage& storage) {
  switch (storage.index()) {
    case 0:
      return "uint8";
    case 1:
      return "int32";
    case 2:
      return "uint32";
    default:
      return "float64";
  }
}

std::string attribute_name(const PersonAttribute& a) {
  return a.count_key.empty() ? a.name : a.name + "_0, " + a.name + "_1, ...";
}

std::string attribute_valid(const PersonAttribute& a) {
  const ParamDecl shown{a.name, a.type, std::nullopt, a.range, a.choices, a.doc};
  return shown.expectation() + (a.below_key.empty() ? "" : " below " + a.below_key);
}

void print_text(const ModelInfo& model) {
  std::printf("%s: %s\nsource: %s\n\n", model.name.c_str(), model.summary.c_str(),
              model.source.c_str());
  const auto params = [](const Section& section) {
    for (const auto& row : documented_params(section)) {
      const ParamDecl& p = *row.decl;
      std::printf("  %-32s %-8s %-10s %s\n", row.path.c_str(), type_name(p.type).c_str(),
                  default_text(p).c_str(), p.expectation().c_str());
      std::printf("  %-32s %s%s\n", "", row.when.empty() ? "" : ("(" + row.when + ") ").c_str(),
                  p.doc.c_str());
    }
  };
  if (!model.population.params.empty() || !model.population.children.empty()) {
    std::printf("people (under `population:`, besides size and graph)\n");
    params(model.population);
    std::printf("\n");
  }
  if (!model.person_attributes.empty()) {
    std::printf("person attributes a people file can give (population.people; by label)\n");
    for (const auto& a : model.person_attributes) {
      std::printf("  %-32s %-8s %s\n", attribute_name(a).c_str(), type_name(a.type).c_str(),
                  attribute_valid(a).c_str());
      std::printf("  %-32s %s\n", "", a.doc.c_str());
    }
    std::printf("\n");
  }
  std::printf("parameters (under `%s:` in a scenario file)\n", model.name.c_str());
  params(model.params);
  if (!documented_params(model.behaviour).empty()) {
    std::printf("\nbehaviour constants (under `behaviour:`)\n");
    params(model.behaviour);
  }
  with_instance(model, [](const Model& instance) {
    const Schedule& schedule = instance.schedule();
    std::printf("\nphases of a day (in order%s)\n",
                schedule.substeps_per_day > 1 ? ", repeated each substep" : "");
    for (const auto& phase : schedule.phases) {
      std::printf("  %-10s %-9s %s\n", phase.name.c_str(), kind_text(phase).c_str(),
                  phase.doc.c_str());
    }
    std::printf("\nagent attributes (/agents, with output.agents)\n");
    for (const auto& column : instance.population().columns()) {
      if (!column.scratch) {
        std::printf("  %-18s %-12s %s\n", column.name.c_str(), type_of(column.values).c_str(),
                    column.doc.c_str());
      }
    }
  });
  std::printf("\ndaily metrics (/timeseries)\n");
  for (const auto& m : model.metrics) {
    const std::string axis = m.axis.empty() ? "" : " (by " + m.axis + ")";
    std::printf("  %-18s %-12s %s%s\n", m.name.c_str(), m.unit.c_str(), m.doc.c_str(),
                axis.c_str());
  }
  std::printf("\nend-of-run summaries (/summary)\n");
  for (const auto& s : model.summaries) {
    std::printf("  %-18s %-12s %s\n", s.name.c_str(), s.unit.c_str(), s.doc.c_str());
  }
  std::printf("\ndefault objective (a scenario's objective: section replaces it)\n  %s\n",
              objective_text(model.objective).c_str());
  for (const auto& rule : model.fixed_by_rule) {
    std::printf("%s  %-18s %s when %s\n",
                &rule == &model.fixed_by_rule.front() ? "\nfixed by the model's rules\n" : "",
                rule.summary.c_str(), format_value(rule.value).c_str(), rule.rule.c_str());
  }
}

void print_markdown(const ModelInfo& model) {
  std::printf("<!-- generated by `commsim describe %s --markdown`; do not edit -->\n",
              model.name.c_str());
  const auto params = [](const Section& section) {
    std::printf("| key | type | default | valid | meaning |\n|---|---|---|---|---|\n");
    for (const auto& row : documented_params(section)) {
      const ParamDecl& p = *row.decl;
      std::printf("| `%s` | %s | `%s` | %s | %s%s |\n", row.path.c_str(), type_name(p.type).c_str(),
                  default_text(p).c_str(), p.expectation().c_str(),
                  row.when.empty() ? "" : ("(" + row.when + ") ").c_str(), p.doc.c_str());
    }
  };
  if (!model.population.params.empty() || !model.population.children.empty()) {
    std::printf("### People (under `population:`, besides `size` and `graph`)\n\n");
    params(model.population);
    std::printf("\n");
  }
  if (!model.person_attributes.empty()) {
    std::printf("### Person attributes a people file can give (`population.people`)\n\n");
    std::printf("| column | type | valid | meaning |\n|---|---|---|---|\n");
    for (const auto& a : model.person_attributes) {
      std::printf("| `%s` | %s | %s | %s |\n", attribute_name(a).c_str(), type_name(a.type).c_str(),
                  attribute_valid(a).c_str(), a.doc.c_str());
    }
    std::printf("\n");
  }
  std::printf("### Parameters (under `%s:`)\n\n", model.name.c_str());
  params(model.params);
  if (!documented_params(model.behaviour).empty()) {
    std::printf("\n### Behaviour constants (under `behaviour:`)\n\n");
    params(model.behaviour);
  }
  with_instance(model, [](const Model& instance) {
    const Schedule& schedule = instance.schedule();
    std::printf("\n### Phases of a day\n\n| phase | kind | what happens |\n|---|---|---|\n");
    for (const auto& phase : schedule.phases) {
      std::printf("| `%s` | %s | %s |\n", phase.name.c_str(), kind_text(phase).c_str(),
                  phase.doc.c_str());
    }
    std::printf("\n### Agent attributes (`/agents`, with `output.agents`)\n\n");
    std::printf("| attribute | type | meaning |\n|---|---|---|\n");
    for (const auto& column : instance.population().columns()) {
      if (!column.scratch) {
        std::printf("| `%s` | %s | %s |\n", column.name.c_str(), type_of(column.values).c_str(),
                    column.doc.c_str());
      }
    }
  });
  std::printf("\n### Daily metrics (`/timeseries`)\n\n| metric | unit | axis | meaning |\n");
  std::printf("|---|---|---|---|\n");
  for (const auto& m : model.metrics) {
    std::printf("| `%s` | %s | %s | %s |\n", m.name.c_str(), m.unit.c_str(),
                m.axis.empty() ? "" : m.axis.c_str(), m.doc.c_str());
  }
  std::printf("\n### End-of-run summaries (`/summary`)\n\n| summary | unit | meaning |\n");
  std::printf("|---|---|---|\n");
  for (const auto& s : model.summaries) {
    std::printf("| `%s` | %s | %s |\n", s.name.c_str(), s.unit.c_str(), s.doc.c_str());
  }
  std::printf(
      "\n### Default objective\n\n%s (a scenario's `objective:` section replaces it; "
      "docs/answer.md)\n",
      objective_text(model.objective).c_str());
  if (!model.fixed_by_rule.empty()) {
    std::printf("\n### Fixed by the model's rules\n\n| summary | value | when |\n|---|---|---|\n");
    for (const auto& rule : model.fixed_by_rule) {
      std::printf("| `%s` | %s | %s |\n", rule.summary.c_str(), format_value(rule.value).c_str(),
                  rule.rule.c_str());
    }
  }
}

// The engine's own keys: every scenario has them, whatever the model.
void print_engine(bool markdown) {
  const Section schema = engine_schema(models::catalog());
  if (markdown) {
    std::printf("<!-- generated by `commsim describe engine --markdown`; do not edit -->\n");
    std::printf("| key | type | default | valid | meaning |\n|---|---|---|---|---|\n");
  } else {
    std::printf("engine keys (every scenario, whatever its model)\n");
  }
  for (const auto& row : documented_params(schema)) {
    const ParamDecl& p = *row.decl;
    const std::string when = row.when.empty() ? "" : "(" + row.when + ") ";
    if (markdown) {
      std::printf("| `%s` | %s | `%s` | %s | %s%s |\n", row.path.c_str(), type_name(p.type).c_str(),
                  default_text(p).c_str(), p.expectation().c_str(), when.c_str(), p.doc.c_str());
    } else {
      std::printf("  %-34s %-8s %-10s %s\n", row.path.c_str(), type_name(p.type).c_str(),
                  default_text(p).c_str(), p.expectation().c_str());
      std::printf("  %-34s %s%s\n", "", when.c_str(), p.doc.c_str());
    }
  }
}

}  // namespace

int describe(const std::string& name, bool markdown) {
  const auto catalog = models::catalog();
  if (name.empty()) {
    std::printf("models:\n");
    for (const auto& m : catalog) {
      std::printf("  %-12s %s\n", m.name.c_str(), m.summary.c_str());
    }
    return 0;
  }
  if (name == "engine") {
    print_engine(markdown);
    return 0;
  }
  const ModelInfo* model = find_model(catalog, name);
  if (model == nullptr) {
    std::string known;
    for (const auto& m : catalog) {
      known += (known.empty() ? "" : ", ") + m.name;
    }
    throw InputError("describe: unknown model `" + name + "` (known models: " + known +
                     "; `engine` lists the keys every scenario has)");
  }
  markdown ? print_markdown(*model) : print_text(*model);
  return 0;
}

}  // namespace commsim::cli
