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
#include "commsim/io/results_reader.hpp"
#include "commsim/io/results_writer.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "commsim/runner.hpp"
#include "commsim/statistics.hpp"
#include "models/registry.hpp"
#include "progress.hpp"
#ifdef COMMSIM_HAS_MPI
#include "mpi_runner.hpp"
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

// Mean and 95% interval over replicates of each end-of-run summary, one
// block per design point (up to kMaxPointTables of them; larger sweeps are
// for commsim.summary and pandas).
constexpr std::size_t kMaxPointTables = 12;

void print_point_table(const ModelInfo& model, const std::vector<RunningStats>& values) {
  const std::vector<SummaryDecl>& decls = model.summaries;
  const auto shown = [&](const SummaryDecl& d) {
    return model.headline.empty() ||
           std::find(model.headline.begin(), model.headline.end(), d.name) != model.headline.end();
  };
  int width = 6;  // "metric"
  for (const auto& d : decls) {
    width = std::max(width, static_cast<int>(d.name.size()));
  }
  std::printf("%-*s %-12s %10s %21s %5s\n", width, "metric", "unit", "mean", "95% interval",
              "runs");
  for (std::size_t m = 0; m < decls.size(); ++m) {
    if (!shown(decls[m])) {
      continue;
    }
    const MeanInterval mi = values[m].interval();
    const std::string interval =
        std::isfinite(mi.low) ? "[" + cell(mi.low) + ", " + cell(mi.high) + "]" : "-";
    std::printf("%-*s %-12s %10s %21s %5zu\n", width, decls[m].name.c_str(), decls[m].unit.c_str(),
                cell(mi.mean).c_str(), interval.c_str(), mi.n);
  }
}

// values: point -> summary -> accumulated over the finished runs.
void print_summary_tables(const Experiment& experiment,
                          const std::vector<std::vector<RunningStats>>& values) {
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
      std::string label;
      for (const auto& [path, value] : s.point(p).swept) {
        label += (label.empty() ? "" : ", ") + path + "=" + value;
      }
      std::printf("\npoint %zu: %s\n", p, label.c_str());
    }
    print_point_table(experiment.model(), values[p]);
  }
  if (!experiment.model().headline.empty()) {
    std::printf(
        "\n(the headline summaries; all %zu are in the results file: commsim.summary(path))\n",
        experiment.model().summaries.size());
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

  ExecuteOptions options;
  options.output = out;
  options.overwrite = args.overwrite;
  options.resume = args.resume;
  options.threads = args.threads;
  options.command_line = args.command_line;
  Progress progress(runs_to_do(experiment, options), args.quiet);
  // Accumulators only for the points the table shows: memory stays flat
  // however many runs the experiment has.
  const bool tabulate = experiment.scenario().point_count() <= kMaxPointTables;
  std::vector<std::vector<RunningStats>> summaries(
      tabulate ? experiment.scenario().point_count() : 0,
      std::vector<RunningStats>(model.summaries.size()));
  std::size_t finished = 0;
  options.on_run_done = [&](const RunResult& result) {
    ++finished;
    if (result.status == RunStatus::Done && tabulate) {
      for (std::size_t m = 0; m < model.summaries.size(); ++m) {
        summaries[result.plan.point][m].add(result.series.summaries[m]);
      }
    }
    progress.run_finished();
  };
  ExecuteReport report;
  try {
#ifdef COMMSIM_HAS_MPI
    if (const MpiSession* mpi = mpi_session(); mpi != nullptr && mpi->size() > 1) {
      report = execute_mpi(experiment, options, *mpi);
      if (mpi->rank() != 0) {
        return 0;  // workers print nothing; rank 0 reports
      }
    } else {
      report = execute(experiment, options);
    }
#else
    report = execute(experiment, options);
#endif
  } catch (const Interrupted&) {
    progress.finish();
    std::cerr << "interrupted: " << finished << " more run(s) finished and are in " << out.string()
              << "; continue with the same command and --resume\n";
    throw;
  }
  progress.finish();
  if (report.resumed > 0 && !args.quiet) {
    std::printf("resumed: %zu of %zu runs were already done\n", report.resumed, report.runs);
  }
  if (report.resumed > 0 && tabulate) {
    // The table covers every run, including those done before the resume.
    const RunSummaries all = read_run_summaries(out);
    for (auto& point : summaries) {
      for (auto& metric : point) {
        metric = RunningStats{};
      }
    }
    for (std::size_t r = 0; r < all.point.size(); ++r) {
      if (all.status[r] != to_string(RunStatus::Done)) {
        continue;
      }
      for (std::size_t m = 0; m < model.summaries.size(); ++m) {
        summaries[static_cast<std::size_t>(all.point[r])][m].add(
            all.values.at(model.summaries[m].name)[r]);
      }
    }
  }

  if (!args.quiet) {
    print_summary_tables(experiment, summaries);
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
