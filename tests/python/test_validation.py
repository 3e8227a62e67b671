"""The fast subset of the validation suite (commsim.validation) runs in CI;
`scripts/validate` runs every case with full replicates and writes
docs/validation.md."""

import pytest

from commsim import validation


@pytest.mark.parametrize("name", validation.FAST)
def test_fast_validation_case(name):
    (outcome,) = validation.run_cases([name], fast=True)
    assert outcome.passed, (f"{outcome.case}: expected {outcome.expected}; "
                            f"measured {outcome.measured}")


def test_watts_window_matches_the_analytic_condition():
    # For phi = 0.18 people with degree <= 5 are vulnerable; the window's
    # lower edge is where the vulnerable cluster first percolates (z ~ 1).
    lo, hi = validation.watts_window_bounds(0.18)
    assert 1.0 < lo < 1.1
    assert 5.5 < hi < 6.0


def test_the_report_is_a_markdown_table():
    outcome = validation.Outcome("c", "claim", "src", "setup", "exp", "meas", True)
    text = validation.to_markdown([outcome], fast=False)
    assert "| c | claim | src | setup | exp | meas | pass |" in text
    assert "1 of 1 cases pass." in text


def test_docs_validation_is_current_with_the_case_list(source_dir):
    doc = (source_dir / "docs" / "validation.md").read_text()
    for name, _, _ in validation.CASES:
        assert f"| {name} |" in doc, f"docs/validation.md lacks {name}: run scripts/validate"
