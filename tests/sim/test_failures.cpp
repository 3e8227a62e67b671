// A run that fails is recorded as failed, with its message, and the other
// runs of the experiment go on. A test-only model (in a catalog of its own)
// fails on a chosen day for chosen parameter values.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "commsim/io/execute.hpp"
#include "commsim/io/results_reader.hpp"
#include "commsim/io/results_writer.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "commsim/population.hpp"
#include "support/execute.hpp"

using namespace commsim;

namespace {

struct FlakyParams {
  double fail_above = 1.0;
  double level = 0.0;
  std::int64_t twice_on_day = -1;  // a careless model: records its metric twice on this day
};

ParamBinder<FlakyParams> flaky_binder() {
  return ParamBinder<FlakyParams>{}
      .real("fail_above", &FlakyParams::fail_above, 1.0, Range::any(), "fail when level is above")
      .real("level", &FlakyParams::level, 0.0, Range::any(), "the swept level")
      .integer("twice_on_day", &FlakyParams::twice_on_day, -1, Range::any(),
               "record the metric twice on this day");
}

class Flaky final : public Model {
 public:
  Flaky(const ModelContext& ctx, FlakyParams p)
      : params_(p), recorder_(ctx.recorder), population_(ctx.graph.num_vertices()) {
    schedule_.phases = {{"tick", PhaseKind::Serial, "fails on day 3 when level > fail_above",
                         [this](const PhaseStep& step) {
                           if (step.day().value() == 3 && params_.level > params_.fail_above) {
                             throw Error("level " + std::to_string(params_.level) + " is too high");
                           }
                         }}};
  }
  [[nodiscard]] const Schedule& schedule() const override { return schedule_; }
  void initialize(const RunRng&) override {}
  void record(Day day) override {
    recorder_.record(0, day, params_.level);
    if (static_cast<std::int64_t>(day.value()) == params_.twice_on_day) {
      recorder_.record(0, day, params_.level);
    }
  }
  void finish() override { recorder_.summarize(0, params_.level); }
  [[nodiscard]] std::uint32_t num_agents() const override { return population_.size(); }
  [[nodiscard]] const Population& population() const override { return population_; }

 private:
  FlakyParams params_;
  Recorder& recorder_;
  Population population_;
  Schedule schedule_;
};

std::vector<ModelInfo> flaky_catalog() {
  ModelInfo info;
  info.name = "flaky";
  info.params = flaky_binder().section("test model");
  info.metrics = {{"level", "", "", "", {}}};
  info.summaries = {{"level", "", ""}};
  info.supports_complete_mixing = true;
  info.create = [](const ModelContext& ctx) -> std::unique_ptr<Model> {
    return std::make_unique<Flaky>(ctx, flaky_binder().bind(ctx.params));
  };
  return {info};
}

}  // namespace

TEST_CASE("a failing run is recorded as failed and the experiment goes on", "[failures]") {
  const auto catalog = flaky_catalog();
  Scenario s = parse_scenario(
      "model: flaky\nseed: 1\ndays: 5\nreplicates: 2\npopulation: {size: 10, graph: {kind: "
      "complete}}\nflaky: {fail_above: 1.5}\nsweep: {grid: {flaky.level: [1, 2, 1]}}\n",
      "flaky.yaml", {}, catalog);
  Experiment experiment(std::move(s), catalog[0]);
  const auto out = std::filesystem::temp_directory_path() /
                   ("commsim-flaky-" + std::to_string(::getpid()) + ".h5");
  std::filesystem::remove(out);
  OutputOptions options;
  options.output = out;
  std::vector<RunStatus> statuses;
  const ExecuteReport report = testing::execute_local(
      experiment, options, 2, [&](const RunResult& r) { statuses.push_back(r.status); });

  // Point 1 (level 2) fails in both replicates; points 0 and 2 finish.
  CHECK(statuses == std::vector<RunStatus>{RunStatus::Done, RunStatus::Done, RunStatus::Failed,
                                           RunStatus::Failed, RunStatus::Done, RunStatus::Done});
  REQUIRE(report.failures.size() == 2);
  CHECK(report.failures[0] == "run 2: level 2.000000 is too high");
  const ResultsInfo info = read_results_info(out);
  CHECK(info.done == 4);
  CHECK(info.failed == 2);
  CHECK(info.failures[1] == "run 3: level 2.000000 is too high");
  const RunSummaries summaries = read_run_summaries(out);
  CHECK(summaries.values.at("level")[4] == 1.0);
  CHECK(std::isnan(summaries.values.at("level")[2]));  // a failed run writes no values
  std::filesystem::remove(out);
}

TEST_CASE("a model that records a metric twice in a day fails its run, naming the metric",
          "[failures]") {
  const auto catalog = flaky_catalog();
  Scenario s = parse_scenario(
      "model: flaky\nseed: 1\ndays: 5\npopulation: {size: 10, graph: {kind: complete}}\n"
      "flaky: {twice_on_day: 4}\n",
      "careless.yaml", {}, catalog);
  Experiment experiment(std::move(s), catalog[0]);
  const ExecuteReport report = testing::execute_local(experiment, OutputOptions{});
  REQUIRE(report.failures.size() == 1);
  CHECK(report.failures[0] ==
        "run 0: metric `level` was recorded 2 times on day 4; a model records each declared "
        "metric once a day");
}
