// The text of a scenario, before and around parsing: encodings, control
// bytes, tabs, unclosed quotes, second documents, alias cycles and nesting
// are each reported at file:line:column in the scenario's terms, never in
// yaml-cpp's; and what a scalar is (a quoted "20" is text, 1e3 a real) is
// one rule.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "commsim/error.hpp"
#include "commsim/io/scenario_loader.hpp"
#include "models/registry.hpp"

using namespace commsim;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
using namespace std::string_literals;

namespace {

const std::string kValid = "model: bass\nseed: 1\ndays: 5\npopulation: {size: 100}\n";

std::string error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    (void)parse_scenario(text, "s.yaml", overrides, models::catalog());
  } catch (const ScenarioError& e) {
    return e.what();
  }
  FAIL("expected a ScenarioError for:\n" << text);
  return "";
}

}  // namespace

TEST_CASE("encodings: UTF-8 only, with or without a byte-order mark", "[scenario_text]") {
  CHECK_NOTHROW(parse_scenario("\xEF\xBB\xBF" + kValid, "s.yaml", {}, models::catalog()));
  CHECK_THAT(error_of("\xFF\xFEm\0"s),
             StartsWith("s.yaml: the text is UTF-16 or UTF-32; save it as UTF-8"));
  CHECK_THAT(error_of(kValid + "name: caf\xE9\n"),
             StartsWith("s.yaml:5:10: the byte \\xE9 is not UTF-8; save the text as UTF-8"));
  // An overlong encoding of `/` is not UTF-8 either.
  CHECK_THAT(error_of(kValid + "name: a\xC0\xAF\n"), StartsWith("s.yaml:5:8: the byte \\xC0"));
}

TEST_CASE("control bytes are named where they are", "[scenario_text]") {
  CHECK_THAT(error_of("model: bass\nseed: 1\0\ndays: 5\n"s),
             StartsWith("s.yaml:2:8: a NUL byte (\\0) where text is expected"));
  CHECK_THAT(error_of("model: bass\x07\n"),
             StartsWith("s.yaml:1:12: a control character (\\x07) where text is expected"));
  CHECK_THAT(error_of(kValid, {"name=a\x01"}),
             StartsWith("--set name=a\x01 (character 2): a control character (\\x01)"));
}

TEST_CASE("parser errors are said in the scenario's terms", "[scenario_text]") {
  CHECK_THAT(error_of("model: bass\nseed: 1\n\tdays: 5\n"),
             StartsWith("s.yaml:3:1: malformed YAML: a tab used for indentation; YAML indents "
                        "with spaces"));
  CHECK_THAT(error_of("model: bass\npopulation:\n\tsize: 5\n"),
             StartsWith("s.yaml:3:1:") && Contains("a tab used"));
  CHECK_THAT(error_of("model: bass\ndays: [1, 2\n"),
             StartsWith("s.yaml:3:1: malformed YAML: a `[` opened here is never closed"));
  CHECK_THAT(error_of("model: bass\ndays: {a: 2\n"), Contains("a `{` opened here is never closed"));
  CHECK_THAT(error_of("model: bass\nname: \"a\\qb\"\n"),
             StartsWith("s.yaml:2:") && Contains("unknown escape sequence inside double quotes"));
  CHECK_THAT(error_of("model: bass\ndays: *x\n"), Contains("an alias *name refers to no anchor"));
  const std::string err = error_of("model: bass\nseed: 1\n  days: 2\n");
  CHECK_THAT(err, Contains("malformed YAML"));
  CHECK_THAT(err, !Contains("illegal map value"));
}

TEST_CASE("a quote that is never closed is found where it opens", "[scenario_text]") {
  CHECK_THAT(error_of("model: bass\nname: \"abc\nseed: 1\ndays: 5\npopulation: {size: 10}\n"),
             StartsWith("s.yaml:2:7: the quote \" opened here is never closed"));
  CHECK_THAT(error_of("model: bass\nname: 'abc\nseed: 1\n"),
             StartsWith("s.yaml:2:7: the quote ' opened here is never closed"));
  // Escaped quotes inside closed quotes are fine, and so are apostrophes in
  // plain text and block scalars.
  CHECK_NOTHROW(parse_scenario(kValid + "name: \"a \\\" b\"\ndescription: 'it''s'\n", "s.yaml", {},
                               models::catalog()));
  CHECK_NOTHROW(
      parse_scenario(kValid + "description: |\n  it's \"x\n", "s.yaml", {}, models::catalog()));
  CHECK_THAT(error_of(kValid, {"name=\"abc"}),
             StartsWith("--set name=\"abc (character 5): malformed YAML: the text ends inside a "
                        "quoted text (an unclosed quote?)"));
}

TEST_CASE("a scenario file holds exactly one document", "[scenario_text]") {
  CHECK_THAT(error_of(kValid + "---\nmodel: sir\n"),
             StartsWith("s.yaml:5:1: a second YAML document starts here (after `---`)"));
  CHECK_THAT(error_of("---\n" + kValid + "---\n"),
             StartsWith("s.yaml:6:1: a second YAML document"));
  CHECK_NOTHROW(parse_scenario("---\n" + kValid, "s.yaml", {}, models::catalog()));
  CHECK_NOTHROW(parse_scenario(kValid + "...\n", "s.yaml", {}, models::catalog()));
}

TEST_CASE("deep nesting and alias cycles are refused, not followed", "[scenario_text]") {
  const std::string deep = "x: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  CHECK_THAT(error_of(deep), Contains("nested more than 2000 levels deep"));
  CHECK_THAT(error_of(kValid + "bass: &a {p: *a}\n"),
             Contains("an alias refers to a section that contains it (a cycle)"));
}

TEST_CASE("numbers are written as numbers: one rule for every whole-number key",
          "[scenario_text]") {
  const auto with = [](const std::string& line) {
    return "model: bass\nseed: 1\npopulation: {size: 100}\n" + line + "\n";
  };
  CHECK_THAT(error_of(with("days: \"20\"")),
             StartsWith("s.yaml:4:7: days: expected a whole number in [1, 1000000], found \"20\" "
                        "(quoted, so a text; write numbers and true/false without quotes)"));
  CHECK_THAT(error_of(with("days: '20'")), Contains("quoted, so a text"));
  CHECK_THAT(error_of(with("days: !!str 20")), Contains("quoted, so a text"));
  CHECK_THAT(error_of(with("days: 2e1")),
             Contains("found \"2e1\" (a real number; write whole numbers in digits: 20)"));
  CHECK_THAT(error_of(with("days: 20.0")), Contains("write whole numbers in digits: 20"));
  CHECK_THAT(error_of(with("days: 0x14")), Contains("found \"0x14\""));
  CHECK_THAT(error_of(with("days: 20\nbass: {p: \"0.1\"}")),
             Contains("bass.p:") && Contains("quoted, so a text"));
  CHECK_THAT(error_of(with("days: 20\noutput: {agents: \"\"}")),
             Contains("output.agents: expected a text, found \"\" (an empty text; leave the key "
                      "out for its default)"));
  CHECK_NOTHROW(parse_scenario(with("days: +20"), "s.yaml", {}, models::catalog()));
  CHECK_NOTHROW(parse_scenario(with("days: 20\nname: \"quoted names are text\""), "s.yaml", {},
                               models::catalog()));
}

TEST_CASE("errors are capped, with the count of the rest", "[scenario_text]") {
  std::string text = kValid + "bass:\n";
  for (int k = 0; k < 500; ++k) {
    text += "  unknown" + std::to_string(k) + ": 1\n";
  }
  const std::string err = error_of(text);
  CHECK_THAT(err, Contains("s.yaml:6:3: bass.unknown0: unknown key"));
  CHECK_THAT(err, EndsWith("... and 480 more problems"));
  CHECK(std::count(err.begin(), err.end(), '\n') == 20);
}
