"""Comparing results files in tests: every dataset, bit for bit."""

import h5py
import numpy as np

# What legitimately differs between two runs of the same experiment.
VOLATILE = {"runs/wall_seconds"}


def datasets(path):
    """Every dataset of a results file (except wall times), plus its scenario text."""
    out = {}
    with h5py.File(path) as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and name not in VOLATILE:
                out[name] = obj[()]
        f.visititems(visit)
        out["@scenario"] = f.attrs["scenario"]
    return out


def assert_same(a, b):
    """Equal keys; floats equal bit for bit (NaN included), the rest by value."""
    assert a.keys() == b.keys()
    for key in a:
        x, y = np.asarray(a[key]), np.asarray(b[key])
        if x.dtype.kind == "f":
            assert x.tobytes() == y.tobytes(), key
        else:
            assert np.array_equal(x, y), key
