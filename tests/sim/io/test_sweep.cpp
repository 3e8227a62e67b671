// The sweep section: design expansion, per-point validation, and errors that
// name the sweep entry's file:line:column before anything runs.
#include <catch2/catch.hpp>

#include <set>

#include "commsim/error.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "commsim/run/experiment.hpp"
#include "models/registry.hpp"

using namespace commsim;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const std::string kBase = R"(model: bass
seed: 7
days: 10
replicates: 3
population: {size: 200, graph: {kind: erdos_renyi, mean_degree: 4}}
)";

Scenario parse(const std::string& sweep) {
  return parse_scenario(kBase + sweep, "s.yaml", {}, models::catalog());
}

std::string error_of(const std::string& sweep) {
  try {
    (void)parse(sweep);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  FAIL("expected a ScenarioError");
  return "";
}

}  // namespace

TEST_CASE("the recorded scenario text reruns the whole sweep", "[sweep]") {
  const Scenario s = parse("sweep:\n  grid:\n    bass.q: [0.1, 0.2]\n    bass.p: [0.01, 0.02]\n");
  CHECK_THAT(s.effective_text, Contains("sweep:"));
  const Scenario again = parse_scenario(s.effective_text, "again.yaml", {}, models::catalog());
  REQUIRE(again.point_count() == 4);
  const auto plans = plan_runs(s);
  const auto replans = plan_runs(again);
  REQUIRE(replans.size() == plans.size());
  for (std::size_t i = 0; i < plans.size(); ++i) {
    CHECK(replans[i].seed == plans[i].seed);
    CHECK(again.point(replans[i].point).values.get_real("bass.q") ==
          s.point(plans[i].point).values.get_real("bass.q"));
  }
  CHECK(again.effective_text == s.effective_text);
}

TEST_CASE("grid sweeps take the Cartesian product, last key fastest", "[sweep]") {
  const Scenario s =
      parse("sweep:\n  grid:\n    bass.q: [0.1, 0.2, 0.3]\n    bass.p: [0.01, 0.02]\n");
  REQUIRE(s.point_count() == 6);
  CHECK(s.design.method == "grid");
  CHECK(s.design.parameters == std::vector<std::string>{"bass.q", "bass.p"});
  CHECK(s.point(0).values.get_real("bass.q") == 0.1);
  CHECK(s.point(1).values.get_real("bass.p") == 0.02);
  CHECK(s.point(5).values.get_real("bass.q") == 0.3);
  const auto plans = plan_runs(s);
  REQUIRE(plans.size() == 18);  // 6 points x 3 replicates
  CHECK(plans[4].point == 1);
  CHECK(plans[4].replicate == 1);
  // Paired by default: replicate r of every point shares its seed.
  std::set<std::uint64_t> seeds;
  for (const auto& p : plans) {
    seeds.insert(p.seed);
  }
  CHECK(seeds.size() == 3);
  // Independent points: seeds hash (seed, point, replicate), all distinct.
  const Scenario independent = parse(
      "sweep:\n  common_random_numbers: false\n  grid:\n    bass.q: [0.1, 0.2, 0.3]\n"
      "    bass.p: [0.01, 0.02]\n");
  seeds.clear();
  for (const auto& p : plan_runs(independent)) {
    seeds.insert(p.seed);
  }
  CHECK(seeds.size() == 18);
  const auto columns = swept_columns(s, plans);
  CHECK(columns[0].values[17] == "0.3");
}

TEST_CASE("zip, explicit points and whole sections as values", "[sweep]") {
  const Scenario z = parse("sweep:\n  zip: {bass.q: [0.1, 0.2], bass.p: [0.01, 0.02]}\n");
  REQUIRE(z.point_count() == 2);
  CHECK(z.point(1).values.get_real("bass.p") == 0.02);
  const Scenario p =
      parse("sweep:\n  points:\n    - {bass.q: 0.5}\n    - {population.graph: {kind: complete}}\n");
  REQUIRE(p.point_count() == 2);
  CHECK(p.point(1).graph.kind->name == "complete");
  CHECK(p.design.parameters == std::vector<std::string>{"bass.q", "population.graph"});
  // A point that does not set a key shows its own (default) value.
  const auto columns = swept_columns(p, plan_runs(p));
  CHECK(columns[0].values[3] == "0.38");
  // population.graph was swept as a section: its keys get columns of their own.
  std::vector<std::string> names;
  for (const auto& c : columns) {
    names.push_back(c.name);
  }
  CHECK(names == std::vector<std::string>{"bass.q", "population.graph", "population.graph.kind",
                                          "population.graph.mean_degree",
                                          "population.graph.per_replicate"});
  CHECK(columns[2].values == std::vector<std::string>{"erdos_renyi", "erdos_renyi", "erdos_renyi",
                                                      "complete", "complete", "complete"});
  CHECK(columns[3].values[0] == "4");
  CHECK(columns[3].values[5].empty());  // complete mixing has no mean degree
}

TEST_CASE("sampling designs have the documented sizes and respect their ranges", "[sweep]") {
  const std::string ranges =
      "    ranges:\n      bass.q: [0.1, 0.5]\n      bass.p: {log_uniform: [0.001, 0.1]}\n"
      "      bass.substeps: {integer: [1, 4]}\n      bass.time_step: {categorical: [flow, "
      "hazard]}\n";
  const Scenario lhs =
      parse("sweep:\n  sample:\n    method: latin_hypercube\n    points: 20\n" + ranges);
  CHECK(lhs.point_count() == 20);
  const Scenario sobol = parse("sweep:\n  sample:\n    method: sobol\n    points: 8\n" + ranges);
  CHECK(sobol.point_count() == 8 * (4 + 2));
  const Scenario morris = parse("sweep:\n  sample:\n    method: morris\n    points: 5\n" + ranges);
  CHECK(morris.point_count() == 5 * (4 + 1));
  CHECK(morris.design.changed_axis.size() == 25);
  for (const Scenario* s : {&lhs, &sobol, &morris}) {
    for (std::size_t i = 0; i < s->point_count(); ++i) {
      const ParamValues& v = s->point(i).values;
      REQUIRE(v.get_real("bass.q") >= 0.1);
      REQUIRE(v.get_real("bass.q") <= 0.5);
      REQUIRE(v.get_real("bass.p") >= 0.001 - 1e-12);
      REQUIRE(v.get_real("bass.p") <= 0.1 + 1e-12);
      REQUIRE(v.get_int("bass.substeps") >= 1);
      REQUIRE(v.get_int("bass.substeps") <= 4);
    }
  }
  // The same seed gives the same design; another seed another one.
  CHECK(parse("sweep:\n  sample:\n    method: latin_hypercube\n    points: 20\n" + ranges)
            .point(3)
            .values.get_real("bass.q") == lhs.point(3).values.get_real("bass.q"));
}

TEST_CASE("bad designs are rejected with file:line:column before anything runs", "[sweep]") {
  CHECK_THAT(error_of("sweep:\n  gird: {bass.q: [1]}\n"),
             Contains("s.yaml:7:3: sweep.gird: unknown design `gird`; did you mean `grid`?"));
  CHECK_THAT(error_of("sweep:\n  grid: {bass.qq: [0.1, 0.2]}\n"),
             Contains("of 2 design points are invalid") &&
                 Contains("s.yaml:7:20 (sweep of bass.qq, point 0): bass.qq: unknown key `qq`; "
                          "did you mean `q`?"));
  CHECK_THAT(error_of("sweep:\n  grid: {bass.q: []}\n"),
             Contains("sweep.grid.bass.q: expected a non-empty list"));
  CHECK_THAT(error_of("sweep:\n  grid: {bass.q: [0.1, 70]}\n"),
             Contains("1 of 2 design points are invalid") &&
                 Contains("(sweep of bass.q, point 1): bass.q: expected a number in [0, 10]"));
  CHECK_THAT(error_of("sweep:\n  grid: {days: [10, 20]}\n"),
             Contains("sweep.grid.days: `days` cannot vary within one experiment"));
  CHECK_THAT(error_of("sweep:\n  zip: {bass.q: [0.1, 0.2], bass.p: [0.01]}\n"),
             Contains("zip lists must have equal lengths"));
  CHECK_THAT(
      error_of("sweep:\n  sample: {method: sobol, points: 4, ranges: {bass.q: [0.5, 0.1]}}\n"),
      Contains("sweep.sample.ranges.bass.q: the range is reversed or empty"));
  CHECK_THAT(error_of("sweep:\n  sample: {method: latin_hypercube, points: 4}\n"),
             Contains("a sampling design needs ranges"));
  CHECK_THAT(error_of("sweep:\n  sample: {method: lhs, points: 4, ranges: {bass.q: [0, 1]}}\n"),
             Contains("sweep.sample.method: expected one of latin_hypercube, sobol, morris"));
  CHECK_THAT(
      error_of(
          "sweep:\n  sample: {method: morris, points: 4, levels: 3, ranges: {bass.q: [0, 1]}}\n"),
      Contains("expected an even whole number"));
  CHECK_THAT(error_of("sweep:\n  sample: {method: sobol, points: 4, ranges: {bass.p: {log_uniform: "
                      "[0, 1]}}}\n"),
             Contains("log_uniform range needs low > 0"));
  CHECK_THAT(error_of("sweep:\n  grid: {bass.q: [0.1]}\n  zip: {bass.p: [0.1]}\n"),
             Contains("expected exactly one design"));
  CHECK_THAT(error_of("sweep:\n  common_random_numbers: true\n"), Contains("found 0 designs"));
  CHECK_THAT(error_of("sweep:\n  grid: {bass.q: [0.1]}\n  common_random_numbers: often\n"),
             Contains("s.yaml:8:26: sweep.common_random_numbers: expected true or false, found "
                      "\"often\""));
}

TEST_CASE("common random numbers give every point the same replicate seeds", "[sweep]") {
  const Scenario plain =
      parse("sweep:\n  common_random_numbers: false\n  grid:\n    bass.q: [0.1, 0.2, 0.3]\n");
  const Scenario common =
      parse("sweep:\n  common_random_numbers: true\n  grid:\n    bass.q: [0.1, 0.2, 0.3]\n");
  CHECK(common.design.common_random_numbers);
  CHECK_FALSE(plain.design.common_random_numbers);
  // Comparisons (grid, zip, points) pair their replicates by default;
  // sampling designs keep independent points.
  CHECK(parse("sweep:\n  grid:\n    bass.q: [0.1, 0.2]\n").design.common_random_numbers);
  CHECK(parse("sweep:\n  points: [{bass.q: 0.1}]\n").design.common_random_numbers);
  CHECK_FALSE(parse("sweep:\n  sample: {method: latin_hypercube, points: 3, ranges: {bass.q: "
                    "[0.1, 0.5]}}\n")
                  .design.common_random_numbers);
  const auto a = plan_runs(plain);
  const auto b = plan_runs(common);
  REQUIRE(b.size() == 9);
  for (std::size_t i = 0; i < b.size(); ++i) {
    // Replicate r of every point shares point 0's seed ...
    CHECK(b[i].seed == a[b[i].replicate].seed);
  }
  // ... while replicates still differ from each other, and without the
  // option points do too.
  CHECK(b[0].seed != b[1].seed);
  CHECK(a[0].seed != a[3].seed);
}

TEST_CASE("swept values keep their type and full precision in the run table", "[sweep]") {
  const Scenario s =
      parse("sweep:\n  grid: {bass.q: [99.99999e-2, 1.0], population.size: [200, 201]}\n");
  const auto columns = swept_columns(s, plan_runs(s));
  REQUIRE(columns.size() == 2);
  const auto& q = std::get<std::vector<double>>(columns[0].numbers);
  CHECK(q[0] == 0.9999999);  // exact, not 1 (six significant digits)
  CHECK(q[0] != q[3 * 2]);
  CHECK(columns[0].values[0] == "0.9999999");
  // Whole-number keys stay whole numbers.
  const auto& size = std::get<std::vector<std::int64_t>>(columns[1].numbers);
  CHECK(size[0] == 200);
  CHECK(size[3] == 201);
}

TEST_CASE("points whose graphs differ in any key get graphs of their own", "[sweep]") {
  // Nearby real values must not share a cached graph (the cache key is typed).
  const Scenario s = parse("sweep:\n  grid: {population.graph.mean_degree: [4, 4.0000001]}\n");
  Experiment e(s, *find_model(models::catalog(), s.model));
  e.prepare();
  const auto& plans = e.plans();
  CHECK(e.graph_for(plans[0]) == e.graph_for(plans[1]));  // replicates share their point's graph
  CHECK(e.graph_for(plans[0]) != e.graph_for(plans[3]));
}

TEST_CASE("design points carry names: given, or made from what they set", "[sweep]") {
  const Scenario grid = parse(
      "sweep:\n  grid:\n    bass.q: [0.1, 0.6]\n"
      "    population.graph: [{kind: erdos_renyi, mean_degree: 6}, {kind: complete}]\n");
  REQUIRE(grid.point_count() == 4);
  CHECK(grid.point(0).design_name == "q=0.1, kind=erdos_renyi, mean_degree=6");
  CHECK(grid.point(1).design_name == "q=0.1, kind=complete");
  CHECK(grid.point(3).design_name == "q=0.6, kind=complete");
  // Keys inside a section that every value shares are left out.
  const Scenario shared = parse(
      "sweep:\n  grid:\n    population.graph: [{kind: erdos_renyi, mean_degree: 4}, "
      "{kind: erdos_renyi, mean_degree: 8}]\n");
  CHECK(shared.point(1).design_name == "mean_degree=8");
  // Named values, and named points.
  const Scenario named = parse(
      "sweep:\n  grid:\n    bass.q: {values: [0.1, 0.6], names: [slow, fast]}\n"
      "    bass.p: [0.01, 0.02]\n");
  CHECK(named.point(3).design_name == "fast, p=0.02");
  const Scenario points = parse(
      "sweep:\n  points:\n    - {name: word of mouth, bass.q: 0.6}\n"
      "    - {bass.q: 0.1, bass.p: 0.02}\n");
  CHECK(points.point(0).design_name == "word of mouth");
  CHECK(points.point(1).design_name == "q=0.1, p=0.02");
  // Sampled values are shown to 4 digits; names stay distinct.
  const Scenario sampled = parse(
      "sweep:\n  sample: {method: latin_hypercube, points: 4, ranges: {bass.q: [0.1, 0.5]}}\n");
  std::set<std::string> names;
  for (std::size_t p = 0; p < sampled.point_count(); ++p) {
    names.insert(sampled.point(p).design_name);
    CHECK(sampled.point(p).design_name.size() <= std::string("q=0.1234").size());
  }
  CHECK(names.size() == 4);
  // The recorded text keeps the names.
  const Scenario again = parse_scenario(points.effective_text, "again.yaml", {}, models::catalog());
  CHECK(again.point(0).design_name == "word of mouth");
  CHECK(parse("").design_name == "s");  // no sweep: the scenario's name
}

TEST_CASE("bad names are rejected where they are written", "[sweep]") {
  CHECK_THAT(error_of("sweep:\n  points:\n    - {name: a, bass.q: 0.1}\n"
                      "    - {name: a, bass.q: 0.2}\n"),
             Contains("s.yaml:9:14: sweep.points.1.name: another point is named `a`"));
  CHECK_THAT(error_of("sweep:\n  points:\n    - {name: a}\n"),
             Contains("a point sets no key (only its name)"));
  CHECK_THAT(error_of("sweep:\n  grid:\n    bass.q: {values: [0.1, 0.2], names: [x]}\n"),
             Contains("sweep.grid.bass.q.names: expected one name per value (2)"));
  CHECK_THAT(error_of("sweep:\n  grid:\n    bass.q: {values: [0.1, 0.2], names: [x, x]}\n"),
             Contains("expected distinct, non-empty names"));
}

TEST_CASE("the objective: the model's default, or the scenario's section, checked", "[sweep]") {
  const Scenario plain = parse("");
  CHECK(plain.objective.name == "final_share");
  CHECK(plain.objective.origin == "model default");
  const Scenario own = parse(
      "objective:\n  minimize: half_day\n  at_least: {final_share: 0.5}\n"
      "  explain: [imitation_share]\n  confidence: 0.9\n");
  CHECK(own.objective.name == "half_day");
  CHECK(own.objective.direction == Direction::Minimize);
  REQUIRE(own.objective.constraints.size() == 1);
  CHECK(own.objective.constraints[0].text() == "final_share >= 0.5");
  CHECK(own.objective.confidence == 0.9);
  CHECK(own.objective.origin == "scenario");
  CHECK_THAT(own.effective_text, Contains("objective:"));
  const Scenario sum = parse("objective:\n  maximize: speed\n  parts: [final_share, -half_day]\n");
  CHECK_FALSE(sum.objective.recorded);
  CHECK(sum.objective.text() == "maximize speed = final_share - half_day");
  CHECK_THAT(error_of("objective: {maximize: final_shar}\n"),
             Contains("s.yaml:6:23: objective.maximize: `final_shar` is not a summary of model "
                      "bass (did you mean `final_share`?)"));
  CHECK_THAT(error_of("objective: {maximize: final_share, at_least: {peak: 3}}\n"),
             Contains("`peak` is not a summary of model bass"));
  CHECK_THAT(error_of("objective: {maximize: final_share, minimize: half_day}\n"),
             Contains("either maximize or minimize"));
  CHECK_THAT(error_of("objective: {maximise: final_share}\n"),
             Contains("unknown key `maximise`; did you mean `maximize`?"));
  CHECK_THAT(error_of("objective: {maximize: final_share, confidence: 1}\n"),
             Contains("expected a probability in [0.5, 1)"));
  CHECK_THAT(error_of("objective: {maximize: final_share, parts: [half_day, half_day]}\n"),
             Contains("appears twice among the parts"));
  CHECK_THAT(error_of("sweep:\n  grid: {objective.maximize: [a, b]}\n"),
             Contains("`objective` cannot vary within one experiment"));
}

TEST_CASE("a swept key path given twice, or inside another, is refused where it is written",
          "[sweep]") {
  CHECK(error_of("sweep:\n  grid:\n    bass.q: [0.1]\n    bass.q: [0.2]\n") ==
        "s.yaml:9:5: sweep.grid.bass.q: this key path appears more than once");
  CHECK(error_of("sweep:\n  zip:\n    bass.q: [0.1]\n    bass.q: [0.2]\n") ==
        "s.yaml:9:5: sweep.zip.bass.q: this key path appears more than once");
  CHECK(error_of("sweep:\n  sample:\n    method: latin_hypercube\n    points: 2\n    ranges:\n"
                 "      bass.q: [0.1, 0.2]\n      bass.q: [0.3, 0.4]\n") ==
        "s.yaml:12:7: sweep.sample.ranges.bass.q: this key path appears more than once");
  CHECK(error_of("sweep:\n  points:\n    - {bass.q: 0.1, bass.q: 0.2}\n") ==
        "s.yaml:8:21: sweep.points.0.bass.q: this key path appears more than once");
  CHECK(error_of("sweep:\n  sample: {method: sobol, method: morris, points: 2, ranges: {bass.q: "
                 "[0, 1]}}\n") ==
        "s.yaml:7:27: sweep.sample.method: this key appears more than once");
  CHECK(error_of("sweep:\n  grid:\n    population.graph: [{kind: complete}]\n"
                 "    population.graph.kind: [complete]\n") ==
        "s.yaml:9:5: sweep.grid.population.graph.kind: `population.graph.kind` lies inside "
        "`population.graph`, which is swept too; sweep one of them");
  CHECK_THAT(error_of("sweep:\n  points:\n    - {population.graph: {kind: complete}}\n"
                      "    - {population.graph.mean_degree: 4}\n"),
             Contains("lies inside `population.graph`"));
}

TEST_CASE("--set under sweep: takes dotted keys and is named in errors", "[sweep]") {
  const auto set = [](const std::vector<std::string>& overrides) {
    return parse_scenario(kBase, "s.yaml", overrides, models::catalog());
  };
  const Scenario s =
      set({"sweep.sample={method: latin_hypercube, points: 4, ranges: {bass.q: "
           "[0.1, 0.5]}}",
           "sweep.sample.ranges.bass.p=[0.01, 0.05]"});
  CHECK(s.design.parameters == std::vector<std::string>{"bass.q", "bass.p"});
  CHECK(set({"sweep.grid.bass.q=[0.1, 0.2]"}).point_count() == 2);
  const auto error = [&](const std::vector<std::string>& overrides) {
    try {
      (void)set(overrides);
    } catch (const ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error({"sweep.grid.bass.q=7"}) ==
        "--set sweep.grid.bass.q=7: sweep.grid.bass.q: expected a non-empty list of values, "
        "found \"7\"");
  CHECK(error({"sweep.sample={method: sobol, points: abc, ranges: {bass.q: [0, 1]}}"}) ==
        "--set sweep.sample={method: sobol, points: abc, ranges: {bass.q: [0, 1]}}: "
        "sweep.sample.points: expected a whole number in [1, 1000000], found \"abc\"");
  CHECK_THAT(error({"sweep.grid.bass.q=[0.1, 60]"}),
             Contains("--set sweep.grid.bass.q=[0.1, 60] (sweep of bass.q, point 1): bass.q: "
                      "expected a number in [0, 10]"));
}

TEST_CASE("a --set of a key the sweep sets at every point is refused", "[sweep]") {
  const std::string sweep = "sweep:\n  grid:\n    bass.q: [0.1, 0.2]\n";
  const auto error = [&](const std::string& text, const std::vector<std::string>& overrides) {
    try {
      (void)parse_scenario(text, "s.yaml", overrides, models::catalog());
    } catch (const ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error(kBase + sweep, {"bass.q=0.9"}) ==
        "--set bass.q=0.9: the sweep sets `bass.q` at every design point (s.yaml:8:14 (sweep of "
        "bass.q, point 0)), so this value would have no effect; change the sweep instead (such "
        "as --set 'sweep.grid.bass.q=[...]') or leave this --set out");
  CHECK_THAT(error(kBase + "sweep:\n  grid:\n    population.graph: [{kind: complete}]\n",
                   {"population.graph.mean_degree=6"}),
             StartsWith("--set population.graph.mean_degree=6: the sweep sets "
                        "`population.graph`"));
  // A key set at only some points is the base of the others: allowed.
  CHECK(error(kBase + "sweep:\n  points: [{bass.q: 0.5}, {bass.p: 0.1}]\n", {"bass.q=0.9"}) ==
        "no error");
  CHECK(error(kBase + sweep, {"bass.p=0.02"}) == "no error");
}
