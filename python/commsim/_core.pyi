# Type stubs for the compiled module commsim._core.
from collections.abc import Callable
from os import PathLike
from typing import Any, TypedDict

import numpy as np
from numpy.typing import NDArray

__version__: str

class Error(RuntimeError): ...
class InputError(Error): ...
class ScenarioError(InputError): ...
class Interrupted(Error): ...
class IoError(Error): ...
class InvariantError(Error): ...

class Scenario:
    name: str
    description: str
    model: str
    seed: int
    days: int
    replicates: int
    population_size: int
    snapshot_days: list[int]
    source_path: PathLike[str]
    source_text: str
    overrides: list[str]
    text: str
    @property
    def values(self) -> dict[str, Any]: ...
    @property
    def runs(self) -> int: ...

def load_scenario(path: str | PathLike[str], overrides: list[str]) -> Scenario: ...
def parse_scenario(text: str, name: str | PathLike[str], overrides: list[str]) -> Scenario: ...
class RunOutput(TypedDict):
    timeseries: dict[str, NDArray[np.float64]]  # (run, day) or (run, day, category)
    summary: dict[str, NDArray[np.float64]]  # (run,)
    runs: dict[str, NDArray[Any] | list[str]]  # point, replicate, seed, status, ... swept keys
    axes: dict[str, list[str]]  # category axis -> labels
    metric_axes: dict[str, str]  # 3-D metric -> its category axis
    dims: dict[str, list[str]]  # daily metric -> its dimension names
    agents: dict[str, NDArray[Any]]  # (run, snapshot, agent)
    snapshot_days: list[int]
    failures: list[str]

def run(scenario: Scenario, output: str | None, threads: int, overwrite: bool, resume: bool,
        command_line: str, handle_sigint: bool,
        progress: Callable[[int, int, float], None] | None = None) -> RunOutput: ...
# The fixed parts of the results layout: format, group names, run-table columns.
LAYOUT: dict[str, Any]

def calibrate(scenario: Scenario, output: str | PathLike[str], threads: int, overwrite: bool,
              resume: bool, command_line: str, handle_sigint: bool,
              progress: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]: ...
def posterior_predictive(posterior: str | PathLike[str], draws: int) -> Scenario: ...
def write_observed(path: str | PathLike[str], timeseries: dict[str, NDArray[np.float64]],
                   summary: dict[str, float], units: dict[str, str], docs: dict[str, str],
                   attributes: list[tuple[str, str]], overwrite: bool) -> None: ...
# One run's events: days, day, kind, person, group, reply_to, cause, by.
def event_log(scenario: Scenario, run: int) -> dict[str, Any]: ...
def degrees(scenario: Scenario, run: int) -> NDArray[np.uint32]: ...
def edges(scenario: Scenario, run: int) -> NDArray[np.uint32]: ...
def models() -> list[str]: ...
def describe(model: str) -> dict[str, Any]: ...
