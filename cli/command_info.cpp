// commsim info: what a results file holds and which runs are done.
#include <cstdio>

#include "commands.hpp"
#include "commsim/io/results_reader.hpp"

namespace commsim::cli {

int info(const std::string& path) {
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
  if (i.designs.size() > 1) {
    std::printf("  designs     ");
    for (std::size_t d = 0; d < i.designs.size(); ++d) {
      std::printf("%s%s", d ? "; " : "", i.designs[d].c_str());
    }
    std::printf("\n");
  }
  if (!i.objective.empty()) {
    std::printf("  objective   %s\n", i.objective.c_str());
    for (const auto& c : i.constraints) {
      std::printf("              subject to %s\n", c.c_str());
    }
  }
  const bool rounds = i.replicate_setting.starts_with("auto");
  if (rounds) {
    std::printf("  replicates  %s\n", i.replicate_setting.c_str());
  }
  std::printf("  runs        %llu: %llu done, %llu failed, %llu pending",
              static_cast<unsigned long long>(i.runs), static_cast<unsigned long long>(i.done),
              static_cast<unsigned long long>(i.failed),
              static_cast<unsigned long long>(i.pending));
  if (rounds || i.unneeded > 0) {
    std::printf(", %llu unneeded (the answer was settled before their round)",
                static_cast<unsigned long long>(i.unneeded));
  }
  std::printf("\n");
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
