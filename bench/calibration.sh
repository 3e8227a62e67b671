#!/usr/bin/env bash
# Calibration throughput: simulations per second of a calibration, against
# the same number of plain runs of the same model through the same executor
# (a sweep of replicates), so that the difference is what calibrating costs
# beyond simulating (proposals, weights, kernels, the posterior file).
#
#   bench/calibration.sh [THREADS]      (default 2; release build)
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-2}
exe=build/release/cli/commsim
[ -x "$exe" ] || scripts/setup release
exec /usr/bin/python3 - "$exe" "$threads" <<'PY'
import subprocess, sys, tempfile, time
from pathlib import Path
import h5py

exe, threads = sys.argv[1], sys.argv[2]
def load():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
def timed(*args):
    start = time.perf_counter()
    out = subprocess.run([exe, *args, "--threads", threads], check=True, capture_output=True,
                         text=True).stdout
    return time.perf_counter() - start, out
print(f"load average: {load()}")
with tempfile.TemporaryDirectory() as work:
    for name in ("bass", "community", "community_10k"):
        scenario = f"bench/calibration/{name}.yaml"
        posterior = Path(work) / f"{name}.h5"
        calibrating, out = timed("calibrate", scenario, "-o", str(posterior))
        sims = int(h5py.File(posterior).attrs["simulations"])
        split = next(line for line in out.splitlines() if line.startswith("time:"))
        # The same number of plain runs (`run` ignores the calibrate: section);
        # for models whose cost depends on the parameters (the community
        # model) this compares unlike runs, so the split above is the measure.
        plain, _ = timed("run", scenario, "-o", str(Path(work) / f"{name}-runs.h5"),
                         "--set", f"replicates={sims}")
        print(f"{name:10s} {sims:7d} simulations  calibrate {calibrating:7.2f} s "
              f"({sims / calibrating:6.0f} sims/s)  plain runs at the scenario's own values "
              f"{plain:7.2f} s ({sims / plain:6.0f} runs/s)\n           {split}")
print(f"load average: {load()}")
PY
