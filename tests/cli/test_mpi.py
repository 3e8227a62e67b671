"""Sweeps across MPI ranks: the results file equals the single-process one
for 1 to 4 ranks, and a rank that dies leaves a file that --resume under MPI
completes. Runs `mpirun --oversubscribe` on this machine, loopback only."""

import os
import signal
import subprocess
import time
from pathlib import Path

import h5py
import pytest

from results_helpers import assert_same, datasets

MPIEXEC = os.environ.get("COMMSIM_MPIEXEC")
pytestmark = pytest.mark.skipif(not MPIEXEC, reason="commsim was built without MPI")

# Root may run mpirun here (CI runs as root); loopback transports only.
ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           OMPI_MCA_btl="self,vader", OMPI_MCA_oob_tcp_if_include="lo",
           OMPI_MCA_btl_vader_single_copy_mechanism="none")


def mpirun(k, exe, *args):
    return [MPIEXEC, "--oversubscribe", "-n", str(k), exe, *map(str, args)]






SMALL = ["--set", "replicates=5", "--set", "population.size=3000",
         "--set", "output.agents=final"]


@pytest.mark.parametrize("ranks", [1, 2, 3, 4])
def test_any_number_of_ranks_writes_the_single_process_file(commsim_exe, scenarios, tmp_path,
                                                            ranks):
    single = tmp_path / "single.h5"
    subprocess.run([commsim_exe, "run", scenarios / "bass.yaml", "-o", single, "-q", *SMALL],
                   check=True, timeout=120)
    out = tmp_path / "mpi.h5"
    r = subprocess.run(mpirun(ranks, commsim_exe, "run", scenarios / "bass.yaml", "-o", out,
                              *SMALL), capture_output=True, text=True, timeout=120, env=ENV)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("results:") == 1  # only rank 0 reports
    assert_same(datasets(out), datasets(single))


def worker_pids(exe):
    """commsim processes of an MPI job with a rank other than 0."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if exe.encode() in cmdline and any(e.startswith(b"OMPI_COMM_WORLD_RANK=") and
                                           e != b"OMPI_COMM_WORLD_RANK=0" for e in environ):
            pids.append(int(entry.name))
    return pids


def test_a_dead_rank_leaves_a_file_that_resume_completes(commsim_exe, scenarios, tmp_path):
    heavy = ["--set", "population.size=150000", "--set", "days=250", "--set", "replicates=8",
             "--set", "population.graph.kind=erdos_renyi", "--set", "bass.q=0.05",
             "--set", "bass.p=0.0005"]
    reference = tmp_path / "ref.h5"
    subprocess.run([commsim_exe, "run", scenarios / "bass.yaml", "-o", reference, "-q", *heavy],
                   check=True, timeout=300)
    out = tmp_path / "r.h5"
    job = subprocess.Popen(mpirun(3, commsim_exe, "run", scenarios / "bass.yaml", "-o", out, "-q",
                                  *heavy), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=ENV)
    deadline = time.time() + 120
    while time.time() < deadline and not out.exists():
        time.sleep(0.02)
    assert out.exists(), "no run finished"
    victims = worker_pids(commsim_exe)
    assert victims, "no worker rank found"
    os.kill(victims[0], signal.SIGKILL)
    job.wait(timeout=120)
    assert job.returncode != 0
    with h5py.File(out) as f:  # the published file is whole
        done = list(f["runs/status"].asstr()[:]).count("done")
    assert 0 < done < 8
    r = subprocess.run(mpirun(3, commsim_exe, "run", scenarios / "bass.yaml", "-o", out,
                              "--resume", *heavy), capture_output=True, text=True, timeout=300,
                       env=ENV)
    assert r.returncode == 0, r.stderr
    assert f"resumed: {done} of 8 runs were already done" in r.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.h5", "ref.h5"]  # no work files
    assert_same(datasets(out), datasets(reference))
