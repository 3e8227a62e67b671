// commsim run: validate everything, build the graph, then run and stream each
// finished run into the results file, which appears under its name only when
// the whole experiment has been written.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "commsim/error.hpp"
#include "commsim/io/execute.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "commsim/runner.hpp"
#include "commsim/statistics.hpp"
#include "models/registry.hpp"
#include "progress.hpp"

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

void print_summary_table(const Experiment& experiment,
                         const std::vector<std::vector<double>>& values) {
  const auto& decls = experiment.model().summaries;
  std::printf("%s: %s, %zu run(s), %u days\n", experiment.scenario().name.c_str(),
              experiment.model().name.c_str(), experiment.plans().size(),
              experiment.scenario().days);
  int width = 6;  // "metric"
  for (const auto& d : decls) {
    width = std::max(width, static_cast<int>(d.name.size()));
  }
  std::printf("%-*s %-12s %10s %21s %5s\n", width, "metric", "unit", "mean", "95% interval",
              "runs");
  for (std::size_t m = 0; m < decls.size(); ++m) {
    const MeanInterval mi = mean_interval(values[m]);
    const std::string interval =
        std::isfinite(mi.low) ? "[" + cell(mi.low) + ", " + cell(mi.high) + "]" : "-";
    std::printf("%-*s %-12s %10s %21s %5zu\n", width, decls[m].name.c_str(), decls[m].unit.c_str(),
                cell(mi.mean).c_str(), interval.c_str(), mi.n);
  }
}

}  // namespace

int run(const RunArgs& args) {
  Scenario scenario = load_scenario(args.scenario, args.overrides, models::catalog());
  const ModelInfo& model = *find_model(models::catalog(), scenario.model);
  const std::filesystem::path out =
      args.output.empty() ? std::filesystem::path(scenario.source_path.stem().string() + ".h5")
                          : std::filesystem::path(args.output);
  Experiment experiment(std::move(scenario), model);

  Progress progress(experiment.plans().size(), args.quiet);
  std::vector<std::vector<double>> summaries(model.summaries.size());
  ExecuteOptions options;
  options.output = out;
  options.overwrite = args.overwrite;
  options.threads = args.threads;
  options.command_line = args.command_line;
  options.on_run_done = [&](const RunResult& result) {
    if (result.status == RunStatus::Done) {
      for (std::size_t m = 0; m < summaries.size(); ++m) {
        summaries[m].push_back(result.series.summaries[m]);
      }
    }
    progress.run_finished();
  };
  const ExecuteReport report = execute(experiment, options);
  progress.finish();

  if (!args.quiet) {
    print_summary_table(experiment, summaries);
    std::printf("results: %s\n", out.c_str());
  }
  if (!report.failures.empty()) {
    std::cerr << "error: " << report.failures.size() << " of " << report.runs
              << " runs failed (recorded in " << out.string() << "):\n";
    for (const auto& f : report.failures) {
      std::cerr << "  " << f << "\n";
    }
    return 2;
  }
  return 0;
}

}  // namespace commsim::cli
