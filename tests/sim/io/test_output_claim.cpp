// Claiming an output path: everything that would make writing it destroy
// something or fail half-way is refused before any work, each with the
// path and the reason; a claimed path is locked against a second writer,
// and the lock leaves nothing behind.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "commsim/error.hpp"
#include "commsim/io/output_claim.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "models/registry.hpp"

using namespace commsim;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("commsim-claim-" + std::to_string(::getpid()));
  TempDir() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

std::string refusal(const OutputRequest& request) {
  try {
    OutputClaim claim(request);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  FAIL("expected a refusal of " << request.path);
  return "";
}

OutputRequest request(const fs::path& path, bool replace = false,
                      std::vector<fs::path> inputs = {}) {
  return {path, replace, std::move(inputs), "output"};
}

std::vector<std::string> names(const fs::path& folder) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(folder)) {
    out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("paths that cannot be written as asked are refused with the reason", "[output_claim]") {
  TempDir dir;
  CHECK(refusal(request("")) == "output '': no file name given");
  CHECK_THAT(refusal(request(dir.path / "missing" / "r.h5")),
             Contains("the folder " + (dir.path / "missing").string() + " does not exist"));
  CHECK_THAT(refusal(request(dir.path)), Contains(": names a folder") || Contains("is a folder"));
  CHECK_THAT(refusal(request(dir.path / "..")), Contains("names a folder; give a file name"));
  fs::create_directory(dir.path / "sub");
  CHECK_THAT(refusal(request(dir.path / "sub", true)), Contains("is a folder; commsim writes only "
                                                                "regular files"));
  REQUIRE(::mkfifo((dir.path / "pipe").c_str(), 0600) == 0);
  CHECK_THAT(refusal(request(dir.path / "pipe", true)),
             Contains("is a FIFO (named pipe); commsim writes only regular files"));
  CHECK_THAT(refusal(request("/dev/null", true)), Contains("/dev/null: is a device"));
  fs::create_symlink("loop-b", dir.path / "loop-a");
  fs::create_symlink("loop-a", dir.path / "loop-b");
  CHECK_THAT(refusal(request(dir.path / "loop-a", true)),
             Contains("Too many levels of symbolic links"));
  CHECK_THAT(refusal(request(dir.path / (std::string(300, 'a') + ".h5"))),
             Contains("the file name is 303 bytes long; commsim writes work files beside it"));
  std::ofstream(dir.path / "old.h5") << "results";
  CHECK_THAT(refusal(request(dir.path / "old.h5")),
             Contains("the file exists; allow overwriting it (--overwrite)"));
  CHECK(names(dir.path) == std::vector<std::string>{"loop-a", "loop-b", "old.h5", "pipe", "sub"});
}

TEST_CASE("an output that is one of the command's inputs is refused", "[output_claim]") {
  TempDir dir;
  const fs::path scenario = dir.path / "s.yaml";
  std::ofstream(scenario) << "model: bass\nseed: 1\ndays: 2\npopulation:\n  size: 3\n"
                             "  graph: {kind: edge_list, path: edges.txt}\n";
  std::ofstream(dir.path / "edges.txt") << "0 1\n1 2\n";
  const Scenario s = load_scenario(scenario, {}, models::catalog());
  const auto inputs = scenario_inputs(s);
  REQUIRE(inputs.size() == 2);
  CHECK_THAT(refusal(request(scenario, true, inputs)),
             Contains("is also an input of this command (" + scenario.string() + ")"));
  CHECK_THAT(refusal(request(dir.path / "edges.txt", true, inputs)),
             Contains("is also an input of this command"));
  // The same file by another name is the same file.
  fs::create_hard_link(scenario, dir.path / "alias.h5");
  CHECK_THAT(refusal(request(dir.path / "alias.h5", true, inputs)), Contains("is also an input"));
  CHECK_NOTHROW(OutputClaim(request(dir.path / "r.h5", false, inputs)));
}

TEST_CASE("a claimed path is locked against a second writer until released", "[output_claim]") {
  TempDir dir;
  const fs::path out = dir.path / "r.h5";
  {
    OutputClaim first(request(out));
    CHECK(fs::exists(dir.path / ".r.h5.lock"));
    CHECK_THAT(refusal(request(out)),
               Contains("is being written by another command of this process; wait for it to "
                        "finish, or choose another name"));
    first.release();
    OutputClaim second(request(out));
  }
  CHECK(names(dir.path).empty());  // the lock file goes with the claim
}
