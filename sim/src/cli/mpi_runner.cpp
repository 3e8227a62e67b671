#include "mpi_runner.hpp"

#include <mpi.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <thread>

#include "commsim/error.hpp"
#include "commsim/io/results_writer.hpp"
#include "commsim/run_codec.hpp"

namespace commsim::cli {
namespace {

enum Tag : int { kReady = 1, kResult = 2, kWork = 3 };
constexpr std::int64_t kStop = -1;

const MpiSession* g_session = nullptr;

// Waits for the next message from any worker, checking for a stop request
// between polls (a blocking receive could not notice Ctrl-C).
MPI_Status wait_for_message() {
  MPI_Status status;
  int flag = 0;
  for (;;) {
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
    if (flag != 0) {
      return status;
    }
    if (stop_requested()) {
      throw Interrupted(
          "interrupted: stopped at the user's request before the experiment finished");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

ExecuteReport coordinate(Experiment& experiment, const ExecuteOptions& options,
                         const MpiSession& mpi) {
  PreparedOutput output = prepare_output(experiment, options);
  ResultsWriter& writer = *output.writer;
  const auto& plans = experiment.plans();
  std::vector<std::size_t> to_run;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    if (!output.done[i]) {
      to_run.push_back(i);
    }
  }
  ExecuteReport report;
  report.runs = plans.size();
  report.resumed = plans.size() - to_run.size();

  std::map<std::uint64_t, RunResult> ready;  // finished, waiting for earlier runs
  std::size_t delivered = 0;
  std::size_t handed_out = 0;
  int workers = mpi.size() - 1;
  while (workers > 0) {
    const MPI_Status status = wait_for_message();
    int bytes = 0;
    MPI_Get_count(&status, MPI_BYTE, &bytes);
    std::vector<std::uint8_t> buffer(static_cast<std::size_t>(bytes));
    MPI_Recv(buffer.data(), bytes, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
    if (status.MPI_TAG == kResult) {
      RunResult result = decode_run(buffer);
      ready.emplace(result.plan.run, std::move(result));
      for (auto it = ready.begin();
           it != ready.end() && delivered < to_run.size() && it->first == to_run[delivered];
           it = ready.erase(it), ++delivered) {
        writer.write_run(it->second);
        report.record(it->second);
        if (options.on_run_done) {
          options.on_run_done(it->second);
        }
      }
    }
    const std::int64_t next =
        handed_out < to_run.size() ? static_cast<std::int64_t>(to_run[handed_out++]) : kStop;
    MPI_Send(&next, 1, MPI_INT64_T, status.MPI_SOURCE, kWork, MPI_COMM_WORLD);
    workers -= next == kStop ? 1 : 0;
  }
  writer.commit();
  return report;
}

void work(Experiment& experiment, const ExecuteOptions& options) {
  experiment.prepare();
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  tbb::task_arena arena(threads);
  MPI_Send(nullptr, 0, MPI_BYTE, 0, kReady, MPI_COMM_WORLD);
  for (;;) {
    std::int64_t index = kStop;
    MPI_Recv(&index, 1, MPI_INT64_T, 0, kWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (index == kStop) {
      return;
    }
    const RunResult result = arena.execute(
        [&] { return experiment.run(experiment.plans()[static_cast<std::size_t>(index)]); });
    const auto bytes = encode_run(result);
    MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, 0, kResult, MPI_COMM_WORLD);
  }
}

}  // namespace

bool launched_under_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "SLURM_STEP_ID"}) {
    if (std::getenv(name) != nullptr) {
      return true;
    }
  }
  return false;
}

MpiSession::MpiSession(int& argc, char**& argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() {
  MPI_Finalize();
}

void MpiSession::abort(int code) const {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

const MpiSession* mpi_session() {
  return g_session;
}
void set_mpi_session(const MpiSession* session) {
  g_session = session;
}

ExecuteReport execute_mpi(Experiment& experiment, const ExecuteOptions& options,
                          const MpiSession& mpi) {
  if (mpi.rank() == 0) {
    return coordinate(experiment, options, mpi);
  }
  work(experiment, options);
  return {};
}

}  // namespace commsim::cli
