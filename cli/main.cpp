// commsim: command-line entry point. Parses arguments with CLI11, calls one
// subcommand, and maps errors to exit codes: 0 success, 1 bad input (the
// scenario, the arguments, an input file), 2 runtime failure. Messages go to
// stderr.
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>

#include "commands.hpp"
#ifdef COMMSIM_HAS_MPI
#include "commsim/run/mpi.hpp"
#endif
#include "commsim/error.hpp"
#include "commsim/run/stop.hpp"
#include "commsim/version.hpp"

namespace {

constexpr int kBadInput = 1;
constexpr int kRuntimeFailure = 2;

std::string shell_quote(const std::string& arg) {
  if (!arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                            "0123456789_-./=:,+@%") == std::string::npos) {
    return arg;
  }
  std::string out = "'";
  for (char c : arg) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

}  // namespace

int main(int argc, char** argv) {
  namespace cli = commsim::cli;
#ifdef COMMSIM_HAS_MPI
  // Under mpirun/srun every rank runs this program; MPI starts only then.
  std::unique_ptr<commsim::MpiSession> mpi;
  if (commsim::launched_under_mpi()) {
    mpi = std::make_unique<commsim::MpiSession>(argc, argv);
  }
  // An error on one rank must stop the others too.
  const auto fail = [&](int code) {
    if (mpi && mpi->size() > 1) {
      mpi->abort(code);
    }
    return code;
  };
  const bool coordinator = !mpi || mpi->rank() == 0;
#else
  const auto fail = [](int code) { return code; };
  const bool coordinator = true;
#endif
  CLI::App app{"commsim: agent-based simulation of online communities", "commsim"};
  app.set_version_flag("--version", commsim::kVersion);
  app.require_subcommand(1);

  cli::RunArgs run;
  auto* run_cmd = app.add_subcommand("run", "Run a scenario and write a results file");
  run_cmd->add_option("scenario", run.scenario, "Scenario file (YAML)")->required();
  run_cmd->add_option("-o,--output", run.output,
                      "Results file (HDF5); default: <scenario name>.h5 here");
  run_cmd->add_option("--threads", run.threads, "Threads to use (default: all cores)")
      ->check(CLI::Range(1, 4096));
  run_cmd->add_option("--set", run.overrides, "Override a scenario key: PATH=VALUE (repeatable)")
      ->allow_extra_args(false);
  run_cmd->add_flag("-q,--quiet", run.quiet, "No progress and no summary table");
  run_cmd->add_flag("--overwrite", run.overwrite, "Replace an existing results file");
  run_cmd->add_flag("--resume", run.resume,
                    "Finish an interrupted experiment in its results file (same scenario and "
                    "--set options); starts one if there is none");

  cli::RunArgs calibrate;
  auto* calibrate_cmd = app.add_subcommand(
      "calibrate",
      "Fit the parameters of a scenario's calibrate: section to its targets (ABC-SMC) and "
      "write the posterior file");
  calibrate_cmd->add_option("scenario", calibrate.scenario, "Scenario file (YAML)")->required();
  calibrate_cmd->add_option(
      "-o,--output", calibrate.output,
      "Posterior file (HDF5); default: the scenario file's name with .posterior.h5 "
      "instead of .yaml, here");
  calibrate_cmd->add_option("--threads", calibrate.threads, "Threads to use (default: all cores)")
      ->check(CLI::Range(1, 4096));
  calibrate_cmd
      ->add_option("--set", calibrate.overrides, "Override a scenario key: PATH=VALUE (repeatable)")
      ->allow_extra_args(false);
  calibrate_cmd->add_flag("-q,--quiet", calibrate.quiet, "No progress and no summary");
  calibrate_cmd->add_flag("--overwrite", calibrate.overwrite, "Replace an existing posterior file");
  calibrate_cmd->add_flag("--resume", calibrate.resume,
                          "Continue an interrupted calibration from its completed generations "
                          "(same scenario and --set options); starts one if there is none");

  std::string validate_path;
  std::vector<std::string> validate_overrides;
  auto* validate_cmd =
      app.add_subcommand("validate", "Check a scenario and print the size of its design");
  validate_cmd->add_option("scenario", validate_path, "Scenario file (YAML)")->required();
  validate_cmd->add_option("--set", validate_overrides, "Override a scenario key: PATH=VALUE")
      ->allow_extra_args(false);

  cli::CompareArgs compare;
  auto* compare_cmd = app.add_subcommand(
      "compare", "Group runs (by design point or a swept parameter): means with 95% intervals");
  compare_cmd->add_option("results", compare.results, "Results file (HDF5)")->required();
  compare_cmd->add_option("--by", compare.by,
                          "Run-table column to group by, such as bass.q (default: design point)");
  compare_cmd
      ->add_option("--metric", compare.metrics,
                   "Summary or daily metric (repeatable; default: every summary)")
      ->allow_extra_args(false);
  compare_cmd->add_option("--plot", compare.plot, "Also write a PNG plot here");

  cli::ReportArgs report;
  auto* report_cmd =
      app.add_subcommand("report",
                         "Write a self-contained HTML page: the question, the designs, headline "
                         "figures with 95% intervals and the key plots");
  report_cmd->add_option("results", report.results, "Results file (HDF5)")->required();
  report_cmd->add_option("-o,--output", report.output,
                         "HTML file to write (default: the results file with .html)");
  report_cmd
      ->add_option("--by", report.by,
                   "Run-table column that names the designs (repeatable; default: the swept "
                   "keys that name the design points, or the point number)")
      ->allow_extra_args(false);
  report_cmd->add_flag("--overwrite", report.overwrite, "Replace an existing page");

  auto* observe_cmd = app.add_subcommand(
      "observe",
      "Read a chat export (Telegram result.json, WhatsApp .txt, CSV event log) and write its "
      "observed metrics as a results file; no names or message text are kept");
  // Everything after `observe` is the Python command's (commsim observe --help).
  observe_cmd->prefix_command();
  observe_cmd->set_help_flag();

  std::string info_path;
  auto* info_cmd = app.add_subcommand("info", "Show what a results file holds");
  info_cmd->add_option("results", info_path, "Results file (HDF5)")->required();

  std::string model_name;
  auto* describe_cmd =
      app.add_subcommand("describe", "List a model's parameters, phases and metrics");
  describe_cmd->add_option(
      "model", model_name,
      "Model name (omit to list the models; `engine` for the keys every scenario has)");
  bool markdown = false;
  describe_cmd->add_flag("--markdown", markdown, "Markdown tables, as in docs/models/");

  // Ctrl-C or a polite kill stops between days; the results writer then
  // removes its temporary file, so no partial results file is left behind.
  const commsim::StopOnSignals stop_on_signals({SIGINT, SIGTERM});
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kBadInput;
  }

  for (int i = 0; i < argc; ++i) {
    run.command_line += (i ? " " : "") + shell_quote(argv[i]);
  }
  calibrate.command_line = run.command_line;
#ifdef COMMSIM_HAS_MPI
  run.mpi = mpi.get();
  calibrate.mpi = mpi.get();
#endif
  try {
    if (*run_cmd) {
      return cli::run(run);
    }
    if (*calibrate_cmd) {
      return cli::calibrate_command(calibrate);
    }
    if (!coordinator) {
      return 0;  // only `run` and `calibrate` spread across ranks; rank 0 does the rest
    }
    if (*validate_cmd) {
      return cli::validate(validate_path, validate_overrides);
    }
    if (*compare_cmd) {
      return cli::compare(compare);
    }
    if (*report_cmd) {
      return cli::report(report);
    }
    if (*observe_cmd) {
      return cli::observe(observe_cmd->remaining());
    }
    if (*info_cmd) {
      return cli::info(info_path);
    }
    if (*describe_cmd) {
      return cli::describe(model_name, markdown);
    }
  } catch (const commsim::InputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return fail(kBadInput);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return fail(kRuntimeFailure);
  }
  return kBadInput;
}
