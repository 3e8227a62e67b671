// Sweeps across MPI ranks (`mpirun -n K commsim run ...`). Rank 0
// coordinates and writes: it opens the results file (new or resumed) with
// the same ResultsWriter as a single process and hands out run plans one at
// a time to whichever rank asks; every other rank runs plans (with TBB inside,
// capped by --threads) and sends each finished run back. Rank 0 writes runs
// in plan order, so the file is the one a single process writes. A rank that
// dies takes the job down (MPI's default error handler); the results file
// keeps every published run and --resume completes the rest.
#pragma once

#include <memory>

#include "commsim/io/execute.hpp"

namespace commsim::cli {

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

// The session of this process, or null when not under MPI.
const MpiSession* mpi_session();
void set_mpi_session(const MpiSession* session);

// Rank 0: like execute(); other ranks: run what rank 0 hands out and return
// an empty report.
ExecuteReport execute_mpi(Experiment& experiment, const ExecuteOptions& options,
                          const MpiSession& mpi);

}  // namespace commsim::cli
