// An output path claimed by one command for as long as it writes there.
//
// Claiming checks everything that would make writing the path destroy
// something or fail half-way, before any work starts: no file name, a
// folder that is missing or not writable, a name too long for the work
// files written beside it, something there that is not a regular file (a
// folder, a FIFO, a device), a file that is one of the command's own inputs
// (the scenario, an edge list, the results being read), and an existing
// file without permission to replace it. Each raises ScenarioError naming the
// path and the reason. It then locks the path (`.NAME.lock` beside it, an
// flock), so that a second command writing the same path, in this process
// or another, is refused while the first holds it; the lock file is removed
// when the claim ends.
//
// Every command that writes a file claims it here: run (through execute),
// report and compare (Python, through commsim._core.claim_output), and any
// later command.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "commsim/scenario.hpp"

namespace commsim {

struct OutputRequest {
  std::filesystem::path path;
  // An existing file may be replaced (--overwrite) or continued (--resume).
  bool replace = false;
  // The files the command reads; the output may be none of them.
  std::vector<std::filesystem::path> inputs;
  // How the command names the path in messages: "output", "--plot" ...
  std::string label = "output";
};

class OutputClaim {
 public:
  // Raises ScenarioError (an InputError: the output path is part of the
  // input) when the path cannot be written as asked, or when
  // another command holds it.
  explicit OutputClaim(const OutputRequest& request);
  ~OutputClaim();
  OutputClaim(OutputClaim&& other) noexcept;
  OutputClaim& operator=(OutputClaim&& other) noexcept;
  OutputClaim(const OutputClaim&) = delete;
  OutputClaim& operator=(const OutputClaim&) = delete;

  // Unlocks and removes the lock file now (the destructor does it otherwise).
  void release() noexcept;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::filesystem::path lock_path_;
  int lock_fd_ = -1;
};

// The files a scenario reads: the scenario file, every file its design
// points' graphs are read from, the posterior its sweep draws from and the
// results files its calibration targets were observed in.
std::vector<std::filesystem::path> scenario_inputs(const Scenario& scenario);

// Bytes beyond the file name that the work files beside an output take
// (`.NAME.publish-PID`): a name longer than the folder's limit minus these
// cannot be written safely.
inline constexpr std::size_t kWorkFileExtraBytes = 20;

}  // namespace commsim
