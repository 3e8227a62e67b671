"""Shared pytest fixtures: where the built CLI and the sources are.

CTest passes COMMSIM_EXE and COMMSIM_SOURCE_DIR (and PYTHONPATH for the
package); running pytest by hand needs the same variables.
"""

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def source_dir() -> Path:
    return Path(os.environ.get("COMMSIM_SOURCE_DIR", Path(__file__).resolve().parents[1]))


@pytest.fixture(scope="session")
def scenarios(source_dir: Path) -> Path:
    return source_dir / "scenarios"


@pytest.fixture(scope="session")
def test_data(source_dir: Path) -> Path:
    return source_dir / "tests" / "data"


@pytest.fixture(scope="session")
def commsim_exe(source_dir: Path) -> str:
    exe = os.environ.get("COMMSIM_EXE")
    if not exe:
        pytest.fail("COMMSIM_EXE is not set: run the tests through ctest, or export the path "
                    "of the built commsim binary")
    return exe


SMALL_BASS = """\
model: bass
seed: 11
days: 15
replicates: 3
population:
  size: 3000
  graph: {kind: watts_strogatz, mean_degree: 6, rewire: 0.1}
bass: {p: 0.02, q: 0.5}
"""


@pytest.fixture
def small_scenario(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL_BASS)
    return path


@pytest.fixture(scope="session")
def community_results(tmp_path_factory, scenarios):
    """The flagship at a small size, with final agent snapshots: (Results, file)."""
    import commsim

    path = tmp_path_factory.mktemp("community") / "flagship.h5"
    scenario = commsim.Scenario.load(
        scenarios / "free_vs_threshold_vs_paid.yaml",
        overrides={"population.size": 3000, "days": 60, "replicates": 3,
                   "output.agents": "final"})
    return commsim.run(scenario, output=path, threads=2), path
