"""commsim: agent-based simulation of online communities.

The compiled core (``commsim._core``) loads and runs scenarios; everything
else here is plain Python on NumPy, pandas and xarray.

Examples
--------
>>> import commsim
>>> scenario = commsim.Scenario.load("scenarios/bass.yaml", overrides={"days": 30})
>>> results = commsim.run(scenario, output="bass.h5", threads=2)
>>> ds = commsim.open("bass.h5")
>>> df = commsim.summary("bass.h5")
"""

from .comparison import compare, plot_compare
from ._core import (Error, InputError, Interrupted, InvariantError, IoError, ScenarioError,
                    __version__)
from .results import open, summary
from .runner import Results, run
from .scenario import Scenario, describe, models
from .sensitivity import morris_effects, sobol_indices

__all__ = [
    "Error",
    "InputError",
    "Interrupted",
    "InvariantError",
    "IoError",
    "Results",
    "Scenario",
    "ScenarioError",
    "__version__",
    "compare",
    "describe",
    "models",
    "morris_effects",
    "open",
    "plot_compare",
    "run",
    "sobol_indices",
    "summary",
]
