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
