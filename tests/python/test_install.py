"""The package installs into a virtual environment without network access
(what scripts/install-venv does) and imports from any folder."""

import os
import shutil
import subprocess
from pathlib import Path

import commsim


def test_package_installs_into_a_venv_without_network(tmp_path, scenarios):
    project = Path(commsim.__file__).resolve().parents[1]  # build tree's python/ folder
    assert (project / "pyproject.toml").exists(), "the build writes python/pyproject.toml"
    staging = tmp_path / "project"  # leave the build tree as it is
    shutil.copytree(project / "commsim", staging / "commsim",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(project / "pyproject.toml", staging)
    venv = tmp_path / "venv"
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", venv],
                   check=True, timeout=300)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PIP_NO_INDEX"] = "1"  # no network: fail rather than fetch
    install = subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-build-isolation",
                              "--no-deps", staging], env=env, capture_output=True, text=True,
                             timeout=300)
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import commsim, numpy as np\n"
            f"s = commsim.Scenario.load({str(scenarios / 'bass.yaml')!r}, "
            "overrides={'days': 5, 'population.size': 400, 'replicates': 2})\n"
            "r = commsim.run(s, progress=False)\n"
            "print(commsim.__file__); print(r.timeseries['adopted_share'].shape)\n")
    run = subprocess.run([python, "-c", code], cwd=elsewhere, env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    location, shape = run.stdout.split("\n")[:2]
    assert location.startswith(str(venv)) and shape == "(2, 6)"
