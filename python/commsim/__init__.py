"""commsim: agent-based simulation of online communities.

The compiled core (``commsim._core``) loads and runs scenarios; everything
else here is plain Python on NumPy, pandas, xarray and matplotlib:
the strategist's answer (which design is best on the objective, how sure,
why), comparisons with intervals, plots, sensitivity indices, validation and
the strategist's report.

Examples
--------
>>> import commsim
>>> scenario = commsim.Scenario.load("scenarios/free_vs_threshold_vs_paid.yaml",
...                                  overrides={"days": 90, "population.size": 5000})
>>> results = commsim.run(scenario, output="flagship.h5", threads=2)
>>> print(commsim.answer(results).to_text())   # which design is best, how sure, why
>>> commsim.compare(results, metrics=["members_final", "retention_90"])
>>> commsim.plot_timeseries(results, "members")
>>> commsim.write_report("flagship.h5", "flagship.html")
>>> post = commsim.calibrate("scenarios/calibration/bass_adoption.yaml", output="posterior.h5")
>>> commsim.posterior_summary(post)
"""

from .calibration import (CalibrationWarning, calibrate, plot_posterior, plot_posterior_predictive, posterior,
                          posterior_predictive, posterior_sample, posterior_summary)
from .comparison import compare, plot_compare
from .decision import Objective, answer
from .data import as_dataset, mean_interval
from ._core import (Error, InputError, Interrupted, InvariantError, IoError, ScenarioError,
                    __version__)
from .chat.simulated import event_log
from .observed import observe
from .plots import plot_distributions, plot_network, plot_roles, plot_timeseries
from .report import write_report
from .results import open, summary
from .runner import Results, run
from .scenario import Scenario, ScenarioWarning, describe, models
from .sensitivity import morris_effects, sobol_indices

__all__ = [
    "CalibrationWarning",
    "Error",
    "InputError",
    "Interrupted",
    "InvariantError",
    "IoError",
    "Objective",
    "Results",
    "Scenario",
    "ScenarioError",
    "ScenarioWarning",
    "__version__",
    "answer",
    "as_dataset",
    "calibrate",
    "compare",
    "describe",
    "event_log",
    "mean_interval",
    "models",
    "observe",
    "morris_effects",
    "open",
    "plot_compare",
    "plot_distributions",
    "plot_network",
    "plot_posterior",
    "plot_posterior_predictive",
    "plot_roles",
    "plot_timeseries",
    "posterior",
    "posterior_predictive",
    "posterior_sample",
    "posterior_summary",
    "run",
    "sobol_indices",
    "summary",
    "write_report",
]
