#include "commsim/run/experiment.hpp"

#include <algorithm>
#include <chrono>
#include <new>
#include <set>

#include "commsim/error.hpp"
#include "commsim/rng.hpp"
#include "commsim/run/memory.hpp"
#include "commsim/run/stop.hpp"

namespace commsim {

namespace {
// Domain tags keep graph seeds apart from run seeds derived from the same
// scenario seed.
constexpr std::uint64_t kGraphSeedTag = 0x6772617068ULL;  // "graph"

// Appends the model's state columns to the run's snapshots. A population's
// columns never change order, so the first snapshot declares them and later
// ones append by position.
void take_snapshot(const Population& population, AgentSnapshots& out) {
  std::size_t k = 0;
  for (const auto& column : population.columns()) {
    if (column.scratch) {
      continue;
    }
    if (k == out.names.size()) {
      out.names.push_back(column.name);
      out.docs.push_back(column.doc);
      out.values.push_back(
          std::visit([](const auto& v) { return Population::Storage{std::decay_t<decltype(v)>{}}; },
                     column.values));
    }
    std::visit(
        [&](const auto& source) {
          auto& dest = std::get<std::decay_t<decltype(source)>>(out.values[k]);
          dest.insert(dest.end(), source.begin(), source.end());
        },
        column.values);
    ++k;
  }
}

// The numbers of a column of typed values, when every run has one of the
// same kind (all whole numbers, or all numbers with a real among them).
std::variant<std::monostate, std::vector<std::int64_t>, std::vector<double>> numbers_of(
    const std::vector<const ParamValue*>& values) {
  std::vector<std::int64_t> whole;
  std::vector<double> reals;
  bool all_whole = true;
  for (const ParamValue* v : values) {
    if (v == nullptr) {
      return std::monostate{};
    }
    if (const auto* i = std::get_if<std::int64_t>(v)) {
      whole.push_back(*i);
      reals.push_back(static_cast<double>(*i));
    } else if (const auto* d = std::get_if<double>(v)) {
      all_whole = false;
      reals.push_back(*d);
    } else {
      return std::monostate{};
    }
  }
  if (all_whole) {
    return whole;
  }
  return reals;
}

}  // namespace

std::string to_string(RunStatus status) {
  switch (status) {
    case RunStatus::Pending:
      return "pending";
    case RunStatus::Done:
      return "done";
    case RunStatus::Failed:
      return "failed";
    case RunStatus::Unneeded:
      return "unneeded";
  }
  return "?";
}

std::vector<RunPlan> plan_runs(const Scenario& scenario) {
  std::vector<RunPlan> plans;
  for (std::uint64_t point = 0; point < scenario.point_count(); ++point) {
    const std::uint64_t stream = scenario.design.common_random_numbers ? 0 : point;
    for (std::uint64_t r = 0; r < scenario.replicates; ++r) {
      plans.push_back({plans.size(), point, r, derive_seed(derive_seed(scenario.seed, stream), r)});
    }
  }
  return plans;
}

std::vector<SweptColumn> swept_columns(const Scenario& scenario,
                                       const std::vector<RunPlan>& plans) {
  std::vector<SweptColumn> columns;
  // One column of typed values: the value each run's point has at `path`
  // (a section or list swept as a whole shows the YAML text the point set).
  const auto column_at = [&](const std::string& path) {
    SweptColumn column{path, {}, std::monostate{}};
    std::vector<const ParamValue*> typed;
    for (const RunPlan& plan : plans) {
      const Scenario& point = scenario.point(plan.point);
      const bool section = !point.values.subtree(path).all().empty();
      if (!section && point.values.contains(path)) {
        typed.push_back(&point.values.at(path));
        column.values.push_back(format_value(point.values.at(path)));
        continue;
      }
      typed.push_back(nullptr);
      const auto it = std::find_if(point.swept.begin(), point.swept.end(),
                                   [&](const auto& kv) { return kv.first == path; });
      column.values.push_back(it != point.swept.end() ? it->second : "");
    }
    column.numbers = numbers_of(typed);
    return column;
  };
  // The loader refuses swept paths that repeat or nest, so names are unique;
  // a name seen twice would still be one column (and one dataset) only.
  std::set<std::string> named;
  const auto add = [&](const std::string& path) {
    if (named.insert(path).second) {
      columns.push_back(column_at(path));
    }
  };
  for (const std::string& path : scenario.design.parameters) {
    add(path);
    // The keys inside a section swept as a whole, over all points, in
    // sorted order.
    std::set<std::string> keys;
    for (std::size_t p = 0; p < scenario.point_count(); ++p) {
      const ParamValues inside = scenario.point(p).values.subtree(path);
      for (const auto& [key, value] : inside.all()) {
        keys.insert(path + "." + key);
      }
    }
    for (const std::string& key : keys) {
      add(key);
    }
  }
  return columns;
}

std::uint64_t graph_seed(const Scenario& scenario, const RunPlan& plan) {
  return scenario.graph.per_replicate ? derive_seed(plan.seed, kGraphSeedTag)
                                      : derive_seed(scenario.seed, kGraphSeedTag);
}

Graph build_graph(const Scenario& point, std::uint64_t seed) {
  if (point.graph.loaded) {
    return point.graph.loaded->graph;
  }
  return point.graph.kind->build(point.graph.params, point.graph_context(), seed);
}

namespace {

// Graphs that do not depend on the replicate are built once and shared by
// every run (and every design point) with the same settings.
bool shared_graph(const Scenario& s) {
  return !s.graph.per_replicate || !s.graph.kind->random;
}

}  // namespace

GraphCache::Key Experiment::graph_key(const Scenario& point) {
  return {point.graph.kind->name, point.population_size, point.graph_context().folder.string(),
          point.graph.params.all()};
}

namespace {

// The plans, once it is clear that even one run at a time fits in memory
// (callers that know how many run at once check that first).
std::vector<RunPlan> checked_plans(const Scenario& scenario, const ModelInfo& model) {
  check_memory(scenario, model, 1, false);
  return plan_runs(scenario);
}

}  // namespace

Experiment::Experiment(Scenario scenario, const ModelInfo& model)
    : scenario_(std::move(scenario)),
      model_(&model),
      plans_(checked_plans(scenario_, model)),
      shared_graphs_(std::make_shared<GraphCache>()) {
  split_points();
}

Experiment::Experiment(Scenario scenario, const ModelInfo& model, std::vector<RunPlan> plans,
                       std::shared_ptr<GraphCache> graphs)
    : scenario_(std::move(scenario)),
      model_(&model),
      plans_(std::move(plans)),
      shared_graphs_(std::move(graphs)) {
  split_points();
  check_points();
}

void Experiment::split_points() {
  for (std::size_t p = 0; p < scenario_.point_count(); ++p) {
    const Scenario& point = scenario_.point(p);
    model_params_.push_back(point.values.subtree(model_->name));
    behaviour_.push_back(point.values.subtree("behaviour"));
    population_.push_back(point.values.subtree("population"));
  }
}

void Experiment::check_points() {
  if (!model_->check) {
    return;
  }
  refusals_.assign(scenario_.point_count(), "");
  for (std::size_t p = 0; p < scenario_.point_count(); ++p) {
    const Scenario& point = scenario_.point(p);
    const CheckContext context{model_params_[p], behaviour_[p], population_[p],
                               point.population_size, point.days};
    std::string& why = refusals_[p];
    try {
      for (const KeyProblem& problem : model_->check(context)) {
        if (!problem.warning) {
          why += (why.empty() ? "" : "; ") + problem.key + ": " + problem.message;
        }
      }
    } catch (const std::exception& e) {
      why = e.what();
    }
  }
}

void Experiment::prepare() {
  for (std::size_t p = 0; p < scenario_.point_count(); ++p) {
    const Scenario& point = scenario_.point(p);
    if (!refusals_.empty() && !refusals_[p].empty()) {
      continue;  // never built
    }
    if (!point.graph.loaded && shared_graph(point) &&
        !shared_graphs_->graphs.contains(graph_key(point))) {
      shared_graphs_->graphs[graph_key(point)] =
          std::make_shared<const Graph>(build_graph(point, graph_seed(scenario_, plans_.front())));
    }
  }
}

std::shared_ptr<const Graph> Experiment::graph_for(const RunPlan& plan) const {
  const Scenario& point = scenario_.point(plan.point);
  if (point.graph.loaded) {  // read once by the loader, shared as it is
    return {point.graph.loaded, &point.graph.loaded->graph};
  }
  if (shared_graph(point)) {
    if (auto it = shared_graphs_->graphs.find(graph_key(point));
        it != shared_graphs_->graphs.end()) {
      return it->second;
    }
  }
  return std::make_shared<const Graph>(build_graph(point, graph_seed(point, plan)));
}

RunResult Experiment::run(const RunPlan& plan, EventTrace* trace) const {
  RunResult result;
  result.plan = plan;
  const auto start = std::chrono::steady_clock::now();
  try {
    if (!refusals_.empty() && !refusals_[plan.point].empty()) {
      throw InputError(refusals_[plan.point]);
    }
    const auto graph = graph_for(plan);
    Recorder recorder(model_->metrics, model_->summaries, scenario_.days);
    const auto model = model_->create(ModelContext{
        *graph, scenario_.days, recorder, model_params_[plan.point], behaviour_[plan.point],
        population_[plan.point], scenario_.point(plan.point).people.get(), trace});
    const RunRng rng(plan.seed);
    model->initialize(rng);
#ifdef COMMSIM_CHECKED
    model->check_invariants();
#endif
    model->record(Day{0});
    recorder.check_day(Day{0});
    auto next_snapshot = scenario_.snapshot_days.begin();
    const auto snapshot_if_due = [&](std::uint32_t day) {
      if (next_snapshot != scenario_.snapshot_days.end() && *next_snapshot == day) {
        model->bring_up_to_date(Day{day});
        take_snapshot(model->population(), result.agents);
        ++next_snapshot;
      }
    };
    snapshot_if_due(0);
    result.setup_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (std::uint32_t d = 1; d <= scenario_.days; ++d) {
      throw_if_stopped();
      run_day(model->schedule(), rng, Day{d}, model->num_agents());
#ifdef COMMSIM_CHECKED
      model->check_invariants();
#endif
      model->record(Day{d});
      recorder.check_day(Day{d});
      snapshot_if_due(d);
    }
    model->finish();
    recorder.check_summaries();
    result.series = recorder.take();
    result.status = RunStatus::Done;
  } catch (const Interrupted&) {
    throw;  // the whole experiment stops
  } catch (const std::bad_alloc&) {
    result.status = RunStatus::Failed;
    result.error = "out of memory";
  } catch (const std::exception& e) {
    // Input the loader could check was checked before anything ran; what
    // is left depends on the run's own draws (too few people fit to seed a
    // group), so it fails this run and the others go on.
    result.status = RunStatus::Failed;
    result.error = e.what();
  }
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace commsim
