#include "commsim/io/output_claim.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <set>
#include <utility>

#include "commsim/error.hpp"
#include "file_checks.hpp"

namespace commsim {
namespace {

std::filesystem::path folder_of(const std::filesystem::path& path) {
  return path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
}

class Refusal {
 public:
  explicit Refusal(const OutputRequest& request)
      : prefix_(request.label + " " +
                (request.path.empty() ? std::string("''") : request.path.string()) + ": ") {}
  [[noreturn]] void operator()(const std::string& why) const { throw ScenarioError(prefix_ + why); }

 private:
  std::string prefix_;
};

void check_folder(const std::filesystem::path& folder, const Refusal& refuse) {
  struct stat info {};
  if (::stat(folder.c_str(), &info) != 0) {
    if (errno == ENOENT) {
      refuse("the folder " + folder.string() + " does not exist");
    }
    refuse("cannot reach the folder " + folder.string() + ": " + reason(errno));
  }
  if (!S_ISDIR(info.st_mode)) {
    refuse(folder.string() + " is not a folder");
  }
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    refuse("cannot write in the folder " + folder.string() + ": " + reason(errno));
  }
}

void check_name(const std::filesystem::path& path, const std::filesystem::path& folder,
                const Refusal& refuse) {
  const std::string name = path.filename().string();
  if (name.empty() || name == "." || name == "..") {
    refuse("names a folder; give a file name");
  }
  const long most = ::pathconf(folder.c_str(), _PC_NAME_MAX);
  if (most > 0 && name.size() + kWorkFileExtraBytes > static_cast<std::size_t>(most)) {
    refuse("the file name is " + std::to_string(name.size()) +
           " bytes long; commsim writes work files beside it (." +
           "NAME.publish-PID), so it may "
           "be at most " +
           std::to_string(static_cast<std::size_t>(most) - kWorkFileExtraBytes) + " bytes here");
  }
}

// Whether something is there, and when it is, that it is a regular file.
bool check_existing(const std::filesystem::path& path, const Refusal& refuse) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) {
      return false;
    }
    refuse(reason(errno));
  }
  if (!S_ISREG(info.st_mode)) {
    refuse("is " + file_kind(path) + "; commsim writes only regular files, give a file name");
  }
  return true;
}

void check_not_an_input(const OutputRequest& request, const Refusal& refuse) {
  for (const auto& input : request.inputs) {
    std::error_code ec;
    if (std::filesystem::equivalent(request.path, input, ec) && !ec) {
      refuse("is also an input of this command (" + input.string() +
             "); writing there would destroy it, choose another name");
    }
  }
}

std::string holder_of(const std::filesystem::path& lock) {
  std::string pid;
  if (FILE* f = std::fopen(lock.c_str(), "r")) {
    char buffer[32] = {};
    if (std::fgets(buffer, sizeof buffer, f) != nullptr) {
      pid = buffer;
      while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) {
        pid.pop_back();
      }
    }
    std::fclose(f);
  }
  if (pid == std::to_string(::getpid())) {
    return "another command of this process";
  }
  return pid.empty() ? std::string("another commsim process")
                     : "another commsim process (pid " + pid + ")";
}

// Opens and locks the lock file; -1 when another holder has it.
int lock(const std::filesystem::path& lock_path, const Refusal& refuse) {
  for (int attempt = 0; attempt < 10; ++attempt) {
    const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      refuse("cannot create the lock file " + lock_path.filename().string() +
             " beside it: " + reason(errno));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return -1;
    }
    // The holder before us may have removed the file between our open and
    // our lock; then we hold a lock on a file nobody else will find.
    struct stat opened {};
    struct stat named {};
    if (::fstat(fd, &opened) == 0 && ::stat(lock_path.c_str(), &named) == 0 &&
        opened.st_ino == named.st_ino && opened.st_dev == named.st_dev) {
      const std::string pid = std::to_string(::getpid()) + "\n";
      if (::ftruncate(fd, 0) == 0) {
        (void)!::write(fd, pid.data(), pid.size());
      }
      return fd;
    }
    ::close(fd);
  }
  refuse("cannot lock it: its lock file keeps changing");
}

}  // namespace

OutputClaim::OutputClaim(const OutputRequest& request) : path_(request.path) {
  const Refusal refuse(request);
  if (request.path.empty()) {
    refuse("no file name given");
  }
  const std::filesystem::path folder = folder_of(request.path);
  check_folder(folder, refuse);
  check_name(request.path, folder, refuse);
  const bool exists = check_existing(request.path, refuse);
  check_not_an_input(request, refuse);
  if (exists && !request.replace) {
    refuse("the file exists; allow overwriting it (--overwrite) or choose another name");
  }
  lock_path_ = folder / ("." + request.path.filename().string() + ".lock");
  lock_fd_ = lock(lock_path_, refuse);
  if (lock_fd_ < 0) {
    refuse("is being written by " + holder_of(lock_path_) +
           "; wait for it to finish, or choose another name");
  }
}

OutputClaim::~OutputClaim() {
  release();
}

OutputClaim::OutputClaim(OutputClaim&& other) noexcept
    : path_(std::move(other.path_)),
      lock_path_(std::move(other.lock_path_)),
      lock_fd_(std::exchange(other.lock_fd_, -1)) {}

OutputClaim& OutputClaim::operator=(OutputClaim&& other) noexcept {
  if (this != &other) {
    release();
    path_ = std::move(other.path_);
    lock_path_ = std::move(other.lock_path_);
    lock_fd_ = std::exchange(other.lock_fd_, -1);
  }
  return *this;
}

void OutputClaim::release() noexcept {
  if (lock_fd_ < 0) {
    return;
  }
  // Removed while still locked, so that nobody locks a file about to vanish
  // unnoticed (lock() checks the name still leads to what it locked).
  ::unlink(lock_path_.c_str());
  ::close(lock_fd_);
  lock_fd_ = -1;
}

std::vector<std::filesystem::path> scenario_inputs(const Scenario& scenario) {
  std::vector<std::filesystem::path> inputs{scenario.source_path};
  std::set<std::filesystem::path> seen;
  for (std::size_t p = 0; p < scenario.point_count(); ++p) {
    const Scenario& point = scenario.point(p);
    if (const std::string key = "population.people.file";
        point.values.contains(key) && !point.values.get_string(key).empty()) {
      if (auto file = point.graph_context().folder / point.values.get_string(key);
          seen.insert(file).second) {
        inputs.push_back(std::move(file));
      }
    }
    if (point.graph.kind == nullptr || !point.graph.kind->files) {
      continue;
    }
    for (auto& file : point.graph.kind->files(point.graph.params, point.graph_context())) {
      if (seen.insert(file).second) {
        inputs.push_back(std::move(file));
      }
    }
  }
  // Data files the scenario names: a posterior it draws from, the results
  // files its calibration targets were observed in.
  if (!scenario.design.posterior_file.empty()) {
    inputs.push_back(scenario.design.posterior_file);
  }
  if (scenario.calibration) {
    for (const CalibrationTarget& t : scenario.calibration->targets) {
      if (!t.observed_file.empty() && seen.insert(t.observed_file).second) {
        inputs.push_back(t.observed_file);
      }
    }
  }
  return inputs;
}

}  // namespace commsim
