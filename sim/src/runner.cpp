#include "commsim/runner.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <map>
#include <mutex>
#include <set>

#include "commsim/error.hpp"
#include "commsim/graph_generators.hpp"
#include "commsim/io/edge_list.hpp"
#include "commsim/rng.hpp"

namespace commsim {

namespace {
// Domain tags keep graph seeds apart from run seeds derived from the same
// scenario seed.
constexpr std::uint64_t kGraphSeedTag = 0x6772617068ULL;  // "graph"
}  // namespace

namespace {
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free,
              "a signal handler may only touch lock-free atomics");

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

void throw_if_stopped() {
  if (g_stop.load(std::memory_order_relaxed)) {
    throw Interrupted("interrupted: stopped at the user's request before the experiment finished");
  }
}
}  // namespace

void request_stop() {
  g_stop.store(true, std::memory_order_relaxed);
}
void clear_stop_request() {
  g_stop.store(false, std::memory_order_relaxed);
}
bool stop_requested() {
  return g_stop.load(std::memory_order_relaxed);
}

struct StopOnSignals::Saved {
  std::vector<struct sigaction> actions;
};

StopOnSignals::StopOnSignals(std::vector<int> signals)
    : signals_(std::move(signals)), saved_(std::make_unique<Saved>()) {
  struct sigaction action {};
  action.sa_handler = [](int) { request_stop(); };
  sigemptyset(&action.sa_mask);
  saved_->actions.resize(signals_.size());
  for (std::size_t i = 0; i < signals_.size(); ++i) {
    sigaction(signals_[i], &action, &saved_->actions[i]);
  }
}

StopOnSignals::~StopOnSignals() {
  for (std::size_t i = 0; i < signals_.size(); ++i) {
    sigaction(signals_[i], &saved_->actions[i], nullptr);
  }
}

std::string to_string(RunStatus status) {
  switch (status) {
    case RunStatus::Pending:
      return "pending";
    case RunStatus::Done:
      return "done";
    case RunStatus::Failed:
      return "failed";
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

namespace {

std::optional<std::vector<double>> as_numbers(const std::vector<std::string>& texts) {
  std::vector<double> numbers;
  for (const auto& text : texts) {
    double v = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (text.empty() || ec != std::errc{} || ptr != end) {
      return std::nullopt;
    }
    numbers.push_back(v);
  }
  return numbers;
}

}  // namespace

std::vector<SweptColumn> swept_columns(const Scenario& scenario,
                                       const std::vector<RunPlan>& plans) {
  std::vector<SweptColumn> columns;
  for (const std::string& path : scenario.design.parameters) {
    SweptColumn column{path, {}, std::nullopt};
    bool sections = false;
    for (const RunPlan& plan : plans) {
      const Scenario& point = scenario.point(plan.point);
      const auto it = std::find_if(point.swept.begin(), point.swept.end(),
                                   [&](const auto& kv) { return kv.first == path; });
      column.values.push_back(it != point.swept.end()       ? it->second
                              : point.values.contains(path) ? format_value(point.values.at(path))
                                                            : "");
      sections = sections || !point.values.subtree(path).all().empty();
    }
    columns.push_back(std::move(column));
    if (!sections) {
      continue;
    }
    // The keys inside swept sections, over all points, in sorted order.
    std::set<std::string> keys;
    for (std::size_t p = 0; p < scenario.point_count(); ++p) {
      const ParamValues inside = scenario.point(p).values.subtree(path);
      for (const auto& [key, value] : inside.all()) {
        keys.insert(key);
      }
    }
    for (const std::string& key : keys) {
      SweptColumn leaf{path + "." + key, {}, std::nullopt};
      for (const RunPlan& plan : plans) {
        const ParamValues& values = scenario.point(plan.point).values;
        leaf.values.push_back(values.contains(leaf.name) ? format_value(values.at(leaf.name)) : "");
      }
      columns.push_back(std::move(leaf));
    }
  }
  for (auto& column : columns) {
    column.numbers = as_numbers(column.values);
  }
  return columns;
}

std::uint64_t graph_seed(const Scenario& scenario, const RunPlan& plan) {
  return scenario.graph.per_replicate ? derive_seed(plan.seed, kGraphSeedTag)
                                      : derive_seed(scenario.seed, kGraphSeedTag);
}

Graph build_graph(const Scenario& scenario, std::uint64_t seed) {
  const GraphSpec& g = scenario.graph;
  const VertexIndex n = scenario.population_size;
  switch (g.kind) {
    case GraphKind::Complete:
      return Graph::complete(n);
    case GraphKind::ErdosRenyi:
      return erdos_renyi(n, g.mean_degree, seed);
    case GraphKind::WattsStrogatz:
      return watts_strogatz(n, static_cast<std::uint32_t>(g.mean_degree), g.rewire, seed);
    case GraphKind::BarabasiAlbert:
      return barabasi_albert(n, static_cast<std::uint32_t>(g.mean_degree), seed);
    case GraphKind::StochasticBlock:
      return stochastic_block(g.blocks, g.p_in, g.p_out, seed);
    case GraphKind::EdgeList:
      return load_edge_list(g.path, n);
  }
  throw Error("internal: unknown graph kind");
}

namespace {

// Graphs that do not depend on the replicate are built once and shared by
// every run (and every design point) with the same settings.
bool shared_graph(const Scenario& s) {
  return !s.graph.per_replicate || s.graph.kind == GraphKind::EdgeList ||
         s.graph.kind == GraphKind::Complete;
}

// Everything a graph depends on besides its seed, as text.
std::string graph_key(const Scenario& s) {
  const GraphSpec& g = s.graph;
  std::string key = std::to_string(static_cast<int>(g.kind)) + "|" +
                    std::to_string(s.population_size) + "|" + format_value(g.mean_degree) + "|" +
                    format_value(g.rewire) + "|" + format_value(g.p_in) + "|" +
                    format_value(g.p_out) + "|" + g.path.string() + "|";
  for (VertexIndex b : g.blocks) {
    key += std::to_string(b) + ",";
  }
  return key;
}

}  // namespace

Experiment::Experiment(Scenario scenario, const ModelInfo& model)
    : scenario_(std::move(scenario)), model_(&model), plans_(plan_runs(scenario_)) {
  for (std::size_t p = 0; p < scenario_.point_count(); ++p) {
    const Scenario& point = scenario_.point(p);
    model_params_.push_back(point.values.subtree(model.name));
    behaviour_.push_back(point.values.subtree("behaviour"));
    population_.push_back(point.values.subtree("population"));
  }
}

void Experiment::prepare() {
  for (std::size_t p = 0; p < scenario_.point_count(); ++p) {
    const Scenario& point = scenario_.point(p);
    const std::string key = graph_key(point);
    if (shared_graph(point) && !shared_graphs_.contains(key)) {
      shared_graphs_[key] =
          std::make_shared<const Graph>(build_graph(point, graph_seed(scenario_, plans_.front())));
    }
  }
}

std::shared_ptr<const Graph> Experiment::graph_for(const RunPlan& plan) const {
  const Scenario& point = scenario_.point(plan.point);
  if (shared_graph(point)) {
    if (auto it = shared_graphs_.find(graph_key(point)); it != shared_graphs_.end()) {
      return it->second;
    }
  }
  return std::make_shared<const Graph>(build_graph(point, graph_seed(point, plan)));
}

RunResult Experiment::run(const RunPlan& plan) const {
  RunResult result;
  result.plan = plan;
  const auto start = std::chrono::steady_clock::now();
  try {
    const auto graph = graph_for(plan);
    Recorder recorder(model_->metrics, model_->summaries, scenario_.days);
    const auto model =
        model_->create(ModelContext{*graph, scenario_.days, recorder, model_params_[plan.point],
                                    behaviour_[plan.point], population_[plan.point]});
    const RunRng rng(plan.seed);
    model->initialize(rng);
#ifdef COMMSIM_CHECKED
    model->check_invariants();
#endif
    model->record(Day{0});
    auto next_snapshot = scenario_.snapshot_days.begin();
    const auto snapshot_if_due = [&](std::uint32_t day) {
      if (next_snapshot != scenario_.snapshot_days.end() && *next_snapshot == day) {
        take_snapshot(model->population(), result.agents);
        ++next_snapshot;
      }
    };
    snapshot_if_due(0);
    for (std::uint32_t d = 1; d <= scenario_.days; ++d) {
      throw_if_stopped();
      run_day(model->schedule(), rng, Day{d}, model->num_agents());
#ifdef COMMSIM_CHECKED
      model->check_invariants();
#endif
      model->record(Day{d});
      snapshot_if_due(d);
    }
    model->finish();
    result.series = recorder.take();
    result.status = RunStatus::Done;
  } catch (const InputError&) {
    throw;  // bad input is the user's to fix, not a failed run
  } catch (const Interrupted&) {
    throw;  // the whole experiment stops
  } catch (const std::exception& e) {
    result.status = RunStatus::Failed;
    result.error = e.what();
  }
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

std::size_t run_experiment(Experiment& experiment, const RunOptions& options) {
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  tbb::task_arena arena(threads);
  experiment.prepare();
  const auto& plans = experiment.plans();
  std::vector<std::size_t> to_run;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    if (options.skip.empty() || !options.skip.at(i)) {
      to_run.push_back(i);
    }
  }

  // Runs execute in parallel (each with its own parallel phases, under the
  // same arena, so `threads` caps both levels); finished runs wait in
  // `ready` until every earlier run is delivered, then go to on_run_done one
  // at a time, in plan order. Delivery never starts parallel work, so holding
  // the lock cannot deadlock with work stealing.
  std::mutex delivery;
  std::map<std::size_t, RunResult> ready;
  std::size_t next = 0;
  std::size_t failed = 0;
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, to_run.size(), 1),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t i = range.begin(); i < range.end(); ++i) {
                          throw_if_stopped();
                          RunResult result = experiment.run(plans[to_run[i]]);
                          const std::lock_guard lock(delivery);
                          ready.emplace(i, std::move(result));
                          for (auto it = ready.begin(); it != ready.end() && it->first == next;
                               it = ready.erase(it), ++next) {
                            failed += it->second.status == RunStatus::Failed ? 1U : 0U;
                            if (options.on_run_done) {
                              options.on_run_done(it->second);
                            }
                          }
                        }
                      });
  });
  return failed;
}

}  // namespace commsim
