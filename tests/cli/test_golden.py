"""Golden files: tiny fixed-seed runs whose results are pinned exactly.

They catch any change to what a seed produces (random stream use, generator
order, model arithmetic) that the statistical tests would let through.
Floats are stored as hex so the comparison is bit for bit.
"""

import json
import os
import subprocess

import h5py
import pytest

CASES = ["bass_tiny", "community_tiny"]


def results_as_json(path):
    out = {}
    with h5py.File(path) as f:
        out["seed"] = [int(s) for s in f["runs/seed"][()]]
        for group in ("timeseries", "summary"):
            for name, ds in f[group].items():
                out[f"{group}/{name}"] = [float(x).hex() for x in ds[()].ravel()]
    return out


@pytest.mark.parametrize("case", CASES)
def test_golden(case, commsim_exe, test_data, tmp_path):
    scenario = test_data / "golden" / f"{case}.yaml"
    golden = test_data / "golden" / f"{case}.json"
    out = tmp_path / "r.h5"
    r = subprocess.run([commsim_exe, "run", str(scenario), "-o", str(out), "-q"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    got = results_as_json(out)
    if os.environ.get("COMMSIM_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(got, indent=1) + "\n")
    expected = json.loads(golden.read_text())
    assert got.keys() == expected.keys()
    for key in expected:
        assert got[key] == expected[key], f"{case}: {key} differs from the golden file"
