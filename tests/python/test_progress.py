"""Progress from commsim.run: called from the caller's thread, quiet in logs."""

import io

import pytest

import commsim
from commsim import progress


def test_run_reports_progress_to_a_callable(small_scenario):
    calls = []
    commsim.run(small_scenario, threads=2, progress=lambda *a: calls.append(a))
    assert calls, "no progress was reported"
    done = [c[0] for c in calls]
    assert done == sorted(done) and calls[-1][:2] == (3, 3)
    assert all(total == 3 for _, total, _ in calls)
    elapsed = [c[2] for c in calls]
    assert elapsed == sorted(elapsed) and elapsed[0] >= 0


def test_an_error_in_the_callback_stops_the_run_and_is_raised(small_scenario, tmp_path):
    def broken(done, total, elapsed):
        raise RuntimeError("display failed")

    with pytest.raises(RuntimeError, match="display failed"):
        commsim.run(small_scenario, output=tmp_path / "r.h5", progress=broken)
    # The simulation stopped cleanly: the same scenario runs again at once.
    assert commsim.run(small_scenario, progress=False).runs["status"] == ["done"] * 3


def test_progress_lines_and_displays():
    assert progress.describe(0, 4, 0.5) == "[........................] 0/4 runs, 0.5 s elapsed"
    assert progress.describe(1, 4, 2.0) == ("[######..................] 1/4 runs, 2.0 s elapsed, "
                                            "about 6.0 s left")
    assert progress.describe(4, 4, 125) == "[########################] 4/4 runs, 2 min 05 s"
    stream = io.StringIO()
    show = progress.TerminalProgress(stream)
    for done in (1, 2, 2):
        show(done, 2, 0.1)
    assert stream.getvalue().count("\n") == 1 and stream.getvalue().endswith("\n")
    quiet = io.StringIO()
    progress.TerminalProgress(quiet, delay=1.0)(1, 2, 0.5)
    assert quiet.getvalue() == ""


def test_progress_defaults_to_quiet_outside_terminals_and_notebooks():
    assert progress.display_for(None) is None  # pytest's stderr is not a terminal
    assert progress.display_for(False) is None
    assert isinstance(progress.display_for(True), progress.TerminalProgress)
    with pytest.raises(TypeError, match="progress must be True, False, None or a callable"):
        progress.display_for("yes")
