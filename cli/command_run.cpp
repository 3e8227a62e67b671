// commsim run: validate everything, build the graph, then run and stream each
// finished run into the results file, which appears under its name only when
// the whole experiment has been written.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>

#include "commands.hpp"
#include "commsim/error.hpp"
#include "commsim/io/execute.hpp"
#include "commsim/io/results_reader.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "commsim/run/memory.hpp"
#include "commsim/run/stop.hpp"
#include "commsim/statistics.hpp"
#include "messages.hpp"
#include "models/registry.hpp"
#include "progress.hpp"
#ifdef COMMSIM_HAS_MPI
#include "commsim/run/mpi.hpp"
#endif

namespace commsim::cli {
namespace {

std::string cell(double x) {
  if (!std::isfinite(x)) {
    return "-";
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", x);
  return buffer;
}

// Mean and range over the finished runs of one summary at one design point.
struct Spread {
  RunningStats stats;
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  void add(double x) {
    stats.add(x);
    if (std::isfinite(x)) {
      low = std::min(low, x);
      high = std::max(high, x);
    }
  }
};

// The table `commsim run` prints when the build has no Python layer (which
// prints the answer, its certainty and the intervals: commsim compare): per
// design, each headline summary's mean and range over replicates, up to
// kMaxPointTables designs (larger sweeps are for commsim.summary and pandas).
constexpr std::size_t kMaxPointTables = 12;

void print_point_table(const Experiment& experiment, std::size_t point,
                       const std::vector<Spread>& values) {
  const ModelInfo& model = experiment.model();
  const Scenario& s = experiment.scenario();
  const std::vector<SummaryDecl>& decls = model.summaries;
  const auto shown = [&](const SummaryDecl& d) {
    return model.headline.empty() ||
           std::find(model.headline.begin(), model.headline.end(), d.name) != model.headline.end();
  };
  const ParamValues params = s.point(point).values.subtree(model.name);
  int width = 6;  // "metric"
  for (const auto& d : decls) {
    width = std::max(width, static_cast<int>(d.name.size()));
  }
  std::printf("%-*s %-12s %10s %21s %5s\n", width, "metric", "unit", "mean", "range over runs",
              "runs");
  for (std::size_t m = 0; m < decls.size(); ++m) {
    if (!shown(decls[m])) {
      continue;
    }
    const auto rule = std::find_if(model.fixed_by_rule.begin(), model.fixed_by_rule.end(),
                                   [&](const RuleFixedSummary& r) {
                                     return r.summary == decls[m].name && r.applies(params, s.days);
                                   });
    if (rule != model.fixed_by_rule.end()) {
      std::printf("%-*s %-12s %10s %s\n", width, decls[m].name.c_str(), decls[m].unit.c_str(),
                  cell(rule->value).c_str(), "fixed by the model's rules, not simulated");
      continue;
    }
    const MeanInterval mi = values[m].stats.interval();
    const std::string range =
        mi.n > 0 ? "[" + cell(values[m].low) + ", " + cell(values[m].high) + "]" : "-";
    std::printf("%-*s %-12s %10s %21s %5zu\n", width, decls[m].name.c_str(), decls[m].unit.c_str(),
                cell(mi.mean).c_str(), range.c_str(), mi.n);
  }
}

// values: point -> summary -> accumulated over the finished runs.
void print_summary_tables(const Experiment& experiment,
                          const std::vector<std::vector<Spread>>& values) {
  const Scenario& s = experiment.scenario();
  std::printf("%s: %s, %zu run(s), %u days\n", s.name.c_str(), experiment.model().name.c_str(),
              experiment.plans().size(), s.days);
  if (s.point_count() > kMaxPointTables) {
    std::printf(
        "%zu design points (%s): too many to print; read them with "
        "commsim.summary(path) or h5py\n",
        s.point_count(), s.design.method.c_str());
    return;
  }
  for (std::size_t p = 0; p < s.point_count(); ++p) {
    if (s.point_count() > 1) {
      std::printf("\n%s\n", s.point(p).design_name.c_str());
    }
    print_point_table(experiment, p, values[p]);
  }
  if (!experiment.model().headline.empty()) {
    std::printf(
        "\n(the headline summaries; all %zu are in the results file: commsim.summary(path); "
        "intervals and the answer: commsim compare, with the Python layer)\n",
        experiment.model().summaries.size());
  }
  std::printf(
      "(- : not defined in these runs, or fixed by the model's rules rather than simulated; "
      "`commsim describe %s` says when)\n",
      experiment.model().name.c_str());
}

// Accumulates the headline table as runs are delivered: only for the
// points the table shows, so memory stays flat however many runs there are.
class SummaryTable final : public RunSink {
 public:
  explicit SummaryTable(const Experiment& experiment)
      : model_(experiment.model()),
        tabulate_(experiment.scenario().point_count() <= kMaxPointTables),
        values_(tabulate_ ? experiment.scenario().point_count() : 0,
                std::vector<Spread>(model_.summaries.size())) {}

  void deliver(const RunResult& result) override {
    if (result.status == RunStatus::Done && tabulate_) {
      add(result.plan.point, result.series.summaries);
    }
  }
  // After a resume the table covers every run, including those done before.
  void reload(const std::filesystem::path& file) {
    if (!tabulate_) {
      return;
    }
    for (auto& point : values_) {
      std::fill(point.begin(), point.end(), Spread{});
    }
    const RunSummaries all = read_run_summaries(file);
    for (std::size_t r = 0; r < all.point.size(); ++r) {
      if (all.status[r] != to_string(RunStatus::Done)) {
        continue;
      }
      std::vector<double> figures;
      for (const auto& decl : model_.summaries) {
        figures.push_back(all.values.at(decl.name)[r]);
      }
      add(static_cast<std::uint64_t>(all.point[r]), figures);
    }
  }
  [[nodiscard]] const std::vector<std::vector<Spread>>& values() const { return values_; }

 private:
  void add(std::uint64_t point, const std::vector<double>& figures) {
    for (std::size_t m = 0; m < figures.size(); ++m) {
      values_[point][m].add(figures[m]);
    }
  }
  const ModelInfo& model_;
  bool tabulate_;
  std::vector<std::vector<Spread>> values_;  // point -> summary
};

}  // namespace

int run(const RunArgs& args) {
  const Threads threads = Threads::from_setting(args.threads);
  Scenario scenario = load_scenario(args.scenario, args.overrides, models::catalog());
  const ModelInfo& model = *find_model(models::catalog(), scenario.model);
  const std::filesystem::path out =
      args.output_given ? std::filesystem::path(args.output)
                        : std::filesystem::path(scenario.source_path.stem().string() + ".h5");
  check_memory(scenario, model, static_cast<std::size_t>(threads.count()), false);
  Experiment experiment(std::move(scenario), model);
#ifdef COMMSIM_HAS_MPI
  const MpiSession* mpi = args.mpi;
  if (mpi != nullptr && mpi->size() > 1 && mpi->rank() != 0) {
    run_mpi_worker(experiment, threads);
    return 0;  // workers print nothing; rank 0 reports
  }
  const Driver driver =
      mpi != nullptr && mpi->size() > 1 ? mpi_coordinator(*mpi) : local_driver(threads);
#else
  const Driver driver = local_driver(threads);
#endif
  print_warnings(experiment.scenario().warnings);  // rank 0 only

  const OutputOptions output{out, args.overwrite, args.resume, args.command_line};
  Progress progress(args.quiet);
  SummaryTable table(experiment);
  ExecuteReport report;
  try {
    report = execute(experiment, output, {&table, &progress}, driver);
  } catch (const Interrupted&) {
    progress.end_line();
    std::cerr << "interrupted: " << progress.delivered() << " more run(s) finished and are in "
              << out.string() << "; continue with the same command and --resume\n";
    throw;
  }
  if (report.resumed > 0 && !args.quiet) {
    std::printf("resumed: %zu of %zu runs were already done\n", report.resumed, report.runs);
  }
  if (report.resumed > 0) {
    table.reload(out);
  }
  if (!args.quiet && report.written) {
    const Scenario& s = experiment.scenario();
    if (s.rounds.enabled) {
      if (report.unneeded > 0) {
        std::printf(
            "replicates: auto: settled after %zu replicates per design; %zu of %zu runs "
            "were not needed\n",
            report.replicates, report.unneeded, report.runs);
      } else {
        std::printf(
            "replicates: auto: the cap of %u replicates per design was reached before "
            "the answer settled\n",
            s.rounds.max);
      }
    }
    std::printf("results: %s\n\n", out.c_str());
    // The answer, its certainty, why and the table come from the analysis
    // layer (commsim compare); without one, a plain table.
    if (!python_available() || run_python({"compare", out.string()}) != 0) {
      print_summary_tables(experiment, table.values());
    }
  }
  if (!report.failures.empty()) {
    std::cerr << "error: " << report.failures.size() << " of " << report.runs << " runs failed ("
              << (report.written ? "recorded in " + out.string()
                                 : "no run finished, so no results file was written" +
                                       std::string(std::filesystem::exists(out)
                                                       ? "; " + out.string() + " is unchanged"
                                                       : ""))
              << "):\n";
    print_list(report.failures, "  ");
    return 2;
  }
  return 0;
}

}  // namespace commsim::cli
