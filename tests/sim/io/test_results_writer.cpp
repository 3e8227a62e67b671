// The results file: layout, streaming, and that nothing half-written ever
// appears under the final name.
#include <catch2/catch.hpp>

#include <hdf5.h>
#include <hdf5_hl.h>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "commsim/error.hpp"
#include "commsim/io/execute.hpp"
#include "commsim/io/output_claim.hpp"
#include "commsim/io/results_reader.hpp"
#include "commsim/io/results_writer.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "models/registry.hpp"
#include "support/execute.hpp"

using namespace commsim;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("commsim-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  static int& counter() {
    static int c = 0;
    return c;
  }
};

Experiment small_experiment() {
  Scenario s = parse_scenario(
      "model: bass\nseed: 3\ndays: 10\nreplicates: 4\npopulation: {size: 500, graph: {kind: "
      "complete}}\n",
      "w.yaml", {}, models::catalog());
  const ModelInfo& model = *find_model(models::catalog(), s.model);
  return {std::move(s), model};
}

std::vector<double> read_doubles(hid_t file, const char* name) {
  const hid_t ds = H5Dopen2(file, name, H5P_DEFAULT);
  const hid_t space = H5Dget_space(ds);
  std::vector<double> out(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data());
  H5Sclose(space);
  H5Dclose(ds);
  return out;
}

}  // namespace

TEST_CASE("execute writes every run with named dimensions and metadata", "[results]") {
  TempDir dir;
  const fs::path out = dir.path / "r.h5";
  Experiment e = small_experiment();
  OutputOptions options;
  options.output = out;
  options.command_line = "commsim run w.yaml";
  const ExecuteReport report = testing::execute_local(e, options);
  CHECK(report.runs == 4);
  CHECK(report.failures.empty());
  REQUIRE(fs::exists(out));
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);

  const ResultsInfo info = read_results_info(out);
  CHECK(info.format == "commsim-results");
  CHECK(info.format_version == results::kFormatVersion);
  CHECK(info.model == "bass");
  CHECK(info.command_line == "commsim run w.yaml");
  CHECK(info.runs == 4);
  CHECK(info.done == 4);
  CHECK(info.days == 10);
  REQUIRE(info.timeseries.size() == 2);
  CHECK(info.timeseries[0] == "adopted_share (run=4, day=11) [share]");
  CHECK(info.timeseries[1] == "new_adopters (run=4, day=11, channel=2) [people/day]");

  const hid_t file = H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const auto share = read_doubles(file, "timeseries/adopted_share");
  CHECK(share.size() == 44);
  CHECK(share[0] == 0.0);  // run 0, day 0
  CHECK(share[10] > 0.5);  // run 0, day 10
  const hid_t ds = H5Dopen2(file, "timeseries/new_adopters", H5P_DEFAULT);
  const hid_t day = H5Dopen2(file, "day", H5P_DEFAULT);
  CHECK(H5DSis_attached(ds, day, 1) > 0);
  H5Dclose(day);
  H5Dclose(ds);
  H5Fclose(file);
}

TEST_CASE("a writer that is not committed leaves nothing behind", "[results]") {
  TempDir dir;
  const fs::path out = dir.path / "r.h5";
  const Experiment e = small_experiment();
  fs::path temporary;
  {
    ResultsWriter writer(out, e, "test");
    temporary = writer.temporary_path();
    CHECK(fs::exists(temporary));
  }
  CHECK_FALSE(fs::exists(temporary));
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("work files of writers that died while this one ran are gone when it finishes",
          "[results]") {
  TempDir dir;
  const fs::path out = dir.path / "r.h5";
  Experiment e = small_experiment();
  e.prepare();
  ResultsWriter writer(out, e, "test");
  // A writer that died after this one started (its pid no longer exists),
  // and one that is alive (this process's parent).
  const pid_t child = ::fork();
  if (child == 0) {
    ::_exit(0);
  }
  REQUIRE(child > 0);
  ::waitpid(child, nullptr, 0);
  const fs::path dead = dir.path / (".r.h5.tmp-" + std::to_string(child));
  const fs::path alive = dir.path / (".r.h5.tmp-" + std::to_string(::getppid()));
  std::ofstream(dead) << "left by a killed writer";
  std::ofstream(alive) << "still being written";
  writer.deliver(e.run(e.plans()[0]));
  writer.finish();
  CHECK(fs::exists(out));
  CHECK_FALSE(fs::exists(dead));
  CHECK(fs::exists(alive));
}

TEST_CASE("an existing file is kept unless overwriting is allowed", "[results]") {
  TempDir dir;
  const fs::path out = dir.path / "r.h5";
  std::ofstream(out) << "precious";
  Experiment e = small_experiment();
  OutputOptions options;
  options.output = out;
  CHECK_THROWS_WITH(testing::execute_local(e, options),
                    Contains("the file exists") && Contains("--overwrite"));
  CHECK(fs::file_size(out) == 8);
  options.overwrite = true;
  testing::execute_local(e, options);
  CHECK(read_results_info(out).done == 4);
  CHECK_THROWS_WITH(OutputClaim(OutputRequest{dir.path / "missing" / "r.h5", false, {}}),
                    Contains("does not exist"));
}

TEST_CASE("reading a file that is not a results file is an input error", "[results]") {
  TempDir dir;
  const fs::path text = dir.path / "notes.h5";
  std::ofstream(text) << "not hdf5";
  CHECK_THROWS_AS(read_results_info(text), InputError);
  CHECK_THROWS_WITH(read_results_info(text), Contains("not an HDF5 file"));
  CHECK_THROWS_WITH(read_results_info(dir.path / "none.h5"), Contains("no such file"));
}

TEST_CASE("an experiment with no run done writes no file and keeps an existing one", "[results]") {
  TempDir dir;
  const fs::path out = dir.path / "r.h5";
  // Nobody fits a topic that narrow, so no run can seed its group.
  Scenario s = parse_scenario(
      "model: community\nseed: 1\ndays: 5\nreplicates: 2\npopulation: {size: 300}\n"
      "community: {seed_members: 10, seed_min_fit: 0.999}\n",
      "w.yaml", {}, models::catalog());
  Experiment e(std::move(s), *find_model(models::catalog(), "community"));
  OutputOptions options;
  options.output = out;
  ExecuteReport report = testing::execute_local(e, options);
  CHECK(report.failures.size() == 2);
  CHECK_FALSE(report.written);
  CHECK(fs::is_empty(dir.path));

  std::ofstream(out) << "earlier results";
  options.overwrite = true;
  report = testing::execute_local(e, options);
  CHECK_FALSE(report.written);
  std::ifstream in(out);
  std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(kept == "earlier results");
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
}

TEST_CASE("a refused resume leaves no work file behind", "[results]") {
  TempDir dir;
  const fs::path out = dir.path / "r.h5";
  Experiment e = small_experiment();
  OutputOptions options;
  options.output = out;
  testing::execute_local(e, options);
  // Another scenario, a truncated copy, and a foreign HDF5 file.
  Experiment other(parse_scenario("model: bass\nseed: 4\ndays: 10\npopulation: {size: 50, graph: "
                                  "{kind: complete}}\n",
                                  "w.yaml", {}, models::catalog()),
                   *find_model(models::catalog(), "bass"));
  options.resume = true;
  CHECK_THROWS_WITH(testing::execute_local(other, options),
                    Contains("cannot resume: the file was written for another scenario"));
  const auto size = fs::file_size(out);
  fs::resize_file(out, size / 3);
  CHECK_THROWS_AS(testing::execute_local(e, options), InputError);
  const hid_t foreign = H5Fcreate(out.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  H5Fclose(foreign);
  CHECK_THROWS_WITH(testing::execute_local(e, options),
                    Contains("cannot resume: not a commsim results file"));
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
}

TEST_CASE("/design has dimension scales; warnings are recorded", "[results]") {
  TempDir dir;
  const fs::path out = dir.path / "r.h5";
  Scenario s = parse_scenario(
      "model: bass\nseed: 3\ndays: 3\npopulation: {size: 50, graph: {kind: complete}}\n"
      "sweep:\n  sample: {method: morris, points: 2, ranges: {bass.q: [0.1, 0.5], bass.p: "
      "[0.01, 0.05]}}\n",
      "w.yaml", {}, models::catalog());
  s.warnings = {"w.yaml:1:1: a warning"};
  Experiment e(std::move(s), *find_model(models::catalog(), "bass"));
  OutputOptions options;
  options.output = out;
  testing::execute_local(e, options);
  const hid_t file = H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t unit = H5Dopen2(file, "design/unit", H5P_DEFAULT);
  const hid_t axis = H5Dopen2(file, "design/changed_axis", H5P_DEFAULT);
  const hid_t point = H5Dopen2(file, "design/design_point", H5P_DEFAULT);
  const hid_t parameter = H5Dopen2(file, "design/parameter", H5P_DEFAULT);
  CHECK(H5DSis_attached(unit, point, 0) > 0);
  CHECK(H5DSis_attached(unit, parameter, 1) > 0);
  CHECK(H5DSis_attached(axis, point, 0) > 0);
  for (const hid_t id : {unit, axis, point, parameter}) {
    H5Dclose(id);
  }
  const hid_t attribute = H5Aopen(file, "warnings", H5P_DEFAULT);
  CHECK(attribute >= 0);
  H5Aclose(attribute);
  H5Fclose(file);
}
