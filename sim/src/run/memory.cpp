#include "commsim/run/memory.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

#include "commsim/error.hpp"

namespace commsim {
namespace {

// A run's plan, status, error text and wall time, and the containers that
// hold them (the writer's layout, the executor's queue).
constexpr double kRunRowBytes = 160;
// One swept column's entry per run: its text and, for numbers, the value.
constexpr double kSweptCellBytes = 48;
// Graph construction holds the edge pairs, the rows and the columns at once
// (graph.cpp), and generators their own lists.
constexpr double kGraphBytesPerEdge = 24;
constexpr double kGraphBytesPerPerson = 16;

double graph_bytes(const Scenario& point) {
  const GraphKind& kind = *point.graph.kind;
  if (kind.complete_mixing) {
    return 0;
  }
  const double edges =
      kind.expected_edges ? kind.expected_edges(point.graph.params, point.graph_context()) : 0.0;
  return kGraphBytesPerPerson * point.population_size + kGraphBytesPerEdge * edges;
}

bool shared(const Scenario& point) {
  return !point.graph.per_replicate || !point.graph.kind->random;
}

double series_bytes(const Scenario& point, const ModelInfo& model) {
  double values = 0;
  for (const MetricDecl& m : model.metrics) {
    values += static_cast<double>(m.categories()) * (point.days + 1.0);
  }
  return 8 * (values + static_cast<double>(model.summaries.size()));
}

std::optional<double> read_number(const std::string& file) {
  std::ifstream in(file);
  std::string text;
  if (!(in >> text) || text == "max") {
    return std::nullopt;
  }
  try {
    return std::stod(text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::size_t run_count(const Scenario& scenario) {
  return scenario.point_count() * scenario.replicates;
}

MemoryEstimate estimate_memory(const Scenario& scenario, const ModelInfo& model,
                               std::size_t runs_at_once, bool collect_results) {
  MemoryEstimate e;
  const auto runs = static_cast<double>(run_count(scenario));
  e.run_table = runs * (kRunRowBytes +
                        kSweptCellBytes * static_cast<double>(scenario.design.parameters.size()));
  e.runs_at_once =
      std::max<std::size_t>(1, std::min<std::size_t>(runs_at_once, run_count(scenario)));
  std::set<std::tuple<std::string, VertexIndex, std::map<std::string, ParamValue>>> graphs;
  for (std::size_t p = 0; p < scenario.point_count(); ++p) {
    const Scenario& point = scenario.point(p);
    const double people = point.population_size;
    const double snapshots = static_cast<double>(point.snapshot_days.size());
    double run = model.bytes_per_agent * people + series_bytes(point, model) +
                 snapshots * people * model.bytes_per_agent / 2;
    if (shared(point)) {
      if (graphs.emplace(point.graph.kind->name, point.population_size, point.graph.params.all())
              .second) {
        e.graphs += graph_bytes(point);
      }
    } else {
      run += graph_bytes(point);
    }
    e.per_run = std::max(e.per_run, run);
    if (collect_results) {
      e.collected += static_cast<double>(scenario.replicates) *
                     (series_bytes(point, model) + snapshots * people * model.bytes_per_agent / 2);
    }
  }
  return e;
}

std::optional<double> memory_limit() {
  std::optional<double> limit;
  const auto lower = [&](double bytes) {
    if (bytes > 0 && (!limit || bytes < *limit)) {
      limit = bytes;
    }
  };
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page = ::sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0) {
    lower(static_cast<double>(pages) * static_cast<double>(page));
  }
  for (const char* file : {"/sys/fs/cgroup/memory.max",  // cgroup v2
                           "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    if (const auto bytes = read_number(file); bytes && *bytes < 1e18) {
      lower(*bytes);
    }
  }
  for (const int resource : {RLIMIT_AS, RLIMIT_DATA}) {
    rlimit r{};
    if (::getrlimit(resource, &r) == 0 && r.rlim_cur != RLIM_INFINITY) {
      lower(static_cast<double>(r.rlim_cur));
    }
  }
  return limit;
}

std::string format_bytes(double bytes) {
  static const char* const units[] = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
  std::size_t u = 0;
  while (bytes >= 1000 && u + 1 < std::size(units)) {
    bytes /= 1000;
    ++u;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, bytes < 10 && u > 0 ? "%.1f %s" : "%.0f %s", bytes,
                units[u]);
  return buffer;
}

void check_memory(const Scenario& scenario, const ModelInfo& model, std::size_t runs_at_once,
                  bool collect_results) {
  const std::optional<double> limit = memory_limit();
  const MemoryEstimate e = estimate_memory(scenario, model, runs_at_once, collect_results);
  if (!limit || e.total() <= *limit) {
    return;
  }
  std::string parts;
  const auto part = [&](double bytes, const std::string& what) {
    if (bytes >= 0.01 * e.total()) {
      parts += (parts.empty() ? "" : ", ") + format_bytes(bytes) + " " + what;
    }
  };
  part(e.run_table, "for the table of " + std::to_string(run_count(scenario)) + " runs (" +
                        std::to_string(scenario.point_count()) + " point(s) x " +
                        std::to_string(scenario.replicates) + " replicate(s))");
  part(e.graphs, "for the shared graph(s)");
  part(e.per_run * static_cast<double>(e.runs_at_once),
       "for " + std::to_string(e.runs_at_once) + " run(s) at once of population.size " +
           std::to_string(scenario.population_size) + " (" + format_bytes(e.per_run) + " each)");
  part(e.collected, "for the results kept in memory");
  std::string advice = "make the population or the design smaller";
  if (e.runs_at_once > 1 &&
      e.total() - e.per_run * (static_cast<double>(e.runs_at_once) - 1) <= *limit) {
    advice = "run fewer runs at once (--threads) or " + advice;
  } else if (collect_results) {
    advice = "write the results to a file and read them back, or " + advice;
  }
  throw InputError(scenario.source_path.string() + ": the experiment needs about " +
                   format_bytes(e.total()) + " of memory (" + parts + "), more than the " +
                   format_bytes(*limit) + " this process may use; " + advice);
}

}  // namespace commsim
