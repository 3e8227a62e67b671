// Experiments across MPI ranks (`mpirun -n K commsim run ...`), the second
// driver of the executor. Rank 0 coordinates: it owns the Executor (and so
// the skip list, the ordered delivery and the sinks, among them the results
// writer) and hands out the runs to do one at a time to whichever rank asks;
// every other rank is a worker that runs plans (with TBB inside, capped by
// its Threads) and sends each finished run back. The file rank 0 writes is
// the one a single process writes. A rank that dies takes the job down
// (MPI's default error handler); the results file keeps every published run
// and --resume completes the rest.
#pragma once

#include "commsim/run/calibration.hpp"
#include "commsim/run/executor.hpp"

namespace commsim {

// True when a launcher (mpirun, srun) started this process.
bool launched_under_mpi();

class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }
  // Stops every rank with this exit code (after rank 0 has published).
  [[noreturn]] void abort(int code) const;

 private:
  int rank_ = 0;
  int size_ = 1;
};

// Rank 0's driver: hands the executor's runs to the workers and delivers
// what comes back.
[[nodiscard]] Driver mpi_coordinator(const MpiSession& mpi);
// Every other rank: prepares the experiment, then runs what rank 0 hands
// out until told to stop.
void run_mpi_worker(Experiment& experiment, Threads threads);

// A calibration's batches across ranks: every rank runs the same sampler;
// for each batch rank 0 coordinates the runs (the others work) and then
// broadcasts their targets, so every rank's sampler stays in step.
[[nodiscard]] BatchRunner mpi_batch_runner(const MpiSession& mpi, Threads threads);

}  // namespace commsim
