#include "commsim/run/mpi.hpp"

#include <mpi.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "commsim/error.hpp"
#include "commsim/run/run_codec.hpp"
#include "commsim/run/stop.hpp"

namespace commsim {
namespace {

enum Tag : int { kReady = 1, kResult = 2, kWork = 3 };
constexpr std::int64_t kStop = -1;

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
    throw_if_stopped();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

// Hands out the executor's batches one plan at a time. A worker that asks
// while the rest of the batch is still running elsewhere waits (its request
// is answered when the next batch starts, or with stop at the end), so that
// rounds of `replicates: auto` are decided on complete rounds only.
void coordinate(Executor& executor, const MpiSession& mpi) {
  std::vector<std::size_t> batch = executor.next_batch();
  std::size_t handed_out = 0;
  std::size_t running = 0;
  std::vector<int> waiting;  // workers with nothing to do until the next batch
  int workers = mpi.size() - 1;
  const auto send = [&](int worker, std::int64_t next) {
    MPI_Send(&next, 1, MPI_INT64_T, worker, kWork, MPI_COMM_WORLD);
    workers -= next == kStop ? 1 : 0;
  };
  while (workers > 0) {
    const MPI_Status status = wait_for_message();
    int bytes = 0;
    MPI_Get_count(&status, MPI_BYTE, &bytes);
    std::vector<std::uint8_t> buffer(static_cast<std::size_t>(bytes));
    MPI_Recv(buffer.data(), bytes, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
    if (status.MPI_TAG == kResult) {
      executor.finished(decode_run(buffer));
      --running;
    }
    waiting.push_back(status.MPI_SOURCE);
    if (handed_out == batch.size() && running == 0 && !batch.empty()) {
      batch = executor.next_batch();  // the batch is complete: decide, start the next
      handed_out = 0;
    }
    while (!waiting.empty() && (handed_out < batch.size() || batch.empty())) {
      const int worker = waiting.back();
      waiting.pop_back();
      if (batch.empty()) {
        send(worker, kStop);
      } else {
        send(worker, static_cast<std::int64_t>(batch[handed_out++]));
        ++running;
      }
    }
  }
  executor.finish();
}

}  // namespace

void run_mpi_worker(Experiment& experiment, Threads threads) {
  experiment.prepare();
  threads.run([&] {
    MPI_Send(nullptr, 0, MPI_BYTE, 0, kReady, MPI_COMM_WORLD);
    for (;;) {
      std::int64_t index = kStop;
      MPI_Recv(&index, 1, MPI_INT64_T, 0, kWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (index == kStop) {
        return;
      }
      const RunResult result = experiment.run(experiment.plans()[static_cast<std::size_t>(index)]);
      const auto bytes = encode_run(result);
      MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, 0, kResult, MPI_COMM_WORLD);
    }
  });
}

BatchRunner mpi_batch_runner(const MpiSession& mpi, Threads threads) {
  return [&mpi, threads](Experiment& batch) {
    const CalibrationSpec& spec = *batch.scenario().calibration;
    const std::size_t runs = batch.plans().size();
    std::size_t width = 0;  // target values per run
    for (const CalibrationTarget& t : spec.targets) {
      width += t.summary ? 1 : t.days.size();
    }
    std::vector<double> flat(runs * width);
    if (mpi.rank() == 0) {
      batch.prepare();
      TargetSink sink(spec, batch.model(), runs);
      Executor executor(batch, {}, {&sink});
      coordinate(executor, mpi);
      std::size_t k = 0;
      for (const auto& run : sink.take()) {
        for (const auto& target : run) {
          std::copy(target.begin(), target.end(), flat.begin() + static_cast<std::ptrdiff_t>(k));
          k += target.size();
        }
      }
    } else {
      run_mpi_worker(batch, threads);
    }
    MPI_Bcast(flat.data(), static_cast<int>(flat.size()), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    std::vector<calibrate::SimulatedTargets> out(runs);
    std::size_t k = 0;
    for (auto& run : out) {
      for (const CalibrationTarget& t : spec.targets) {
        const std::size_t n = t.summary ? 1 : t.days.size();
        run.emplace_back(flat.begin() + static_cast<std::ptrdiff_t>(k),
                         flat.begin() + static_cast<std::ptrdiff_t>(k + n));
        k += n;
      }
    }
    return out;
  };
}

Driver mpi_coordinator(const MpiSession& mpi) {
  return [&mpi](Executor& executor) { coordinate(executor, mpi); };
}

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

}  // namespace commsim
