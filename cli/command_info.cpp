// commsim info: what a results file holds and which runs are done.
#include <cstdio>

#include "commands.hpp"
#include "commsim/io/posterior_file.hpp"
#include "commsim/io/results_reader.hpp"

namespace commsim::cli {

namespace {

// A posterior file (commsim calibrate): what was fitted and how far it got.
int posterior_info(const std::string& path) {
  const PosteriorFile p = read_posterior(path);
  std::printf("%s: commsim posterior, written by commsim %s\n", path.c_str(),
              p.commsim_version.c_str());
  std::printf("  model       %s (scenario %s)\n", p.model.c_str(), p.scenario_path.c_str());
  std::uint64_t simulations = 0;
  for (const auto& g : p.history) {
    simulations += g.simulations;
  }
  std::printf("  progress    %zu generation(s), %zu particles each, %llu simulations; %s\n",
              p.history.size(), p.history.empty() ? std::size_t{0} : p.history[0].population_size,
              static_cast<unsigned long long>(simulations),
              p.stop_reason == "none" ? "unfinished (continue with commsim calibrate --resume)"
                                      : ("stopped: " + p.stop_reason).c_str());
  for (std::size_t i = 0; i < p.parameters.size(); ++i) {
    std::printf("  fits        %s (%s)\n", p.parameters[i].c_str(), p.types[i].c_str());
  }
  return 0;
}

}  // namespace

int info(const std::string& path) {
  if (is_posterior_file(path)) {
    return posterior_info(path);
  }
  const ResultsInfo i = read_results_info(path);
  std::printf("%s: commsim results, format version %ld, written by commsim %s on %s\n",
              path.c_str(), i.format_version, i.commsim_version.c_str(), i.created.c_str());
  std::printf("  experiment  %s (model %s), %llu days\n", i.name.c_str(), i.model.c_str(),
              static_cast<unsigned long long>(i.days));
  std::printf("  command     %s\n", i.command_line.c_str());
  if (!i.design.empty()) {
    std::printf("  design      %s; %llu runs = %llu points x %llu replicates\n", i.design.c_str(),
                static_cast<unsigned long long>(i.runs),
                static_cast<unsigned long long>(i.replicates ? i.runs / i.replicates : 0),
                static_cast<unsigned long long>(i.replicates));
  }
  std::printf("  runs        %llu: %llu done, %llu failed, %llu pending\n",
              static_cast<unsigned long long>(i.runs), static_cast<unsigned long long>(i.done),
              static_cast<unsigned long long>(i.failed),
              static_cast<unsigned long long>(i.pending));
  for (const auto& f : i.failures) {
    std::printf("    %s\n", f.c_str());
  }
  std::printf("  timeseries\n");
  for (const auto& t : i.timeseries) {
    std::printf("    %s\n", t.c_str());
  }
  std::printf("  summary\n");
  for (const auto& s : i.summaries) {
    std::printf("    %s\n", s.c_str());
  }
  return 0;
}

}  // namespace commsim::cli
