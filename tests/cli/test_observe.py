"""commsim observe: a chat export becomes a results file of one run that
every reader takes like a simulated one, with no name or text inside."""

import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
import pytest
import xarray as xr

import commsim

sys.path.insert(0, str(Path(__file__).parents[1] / "python"))
from test_chat_privacy import EXPORTS, SECRETS  # noqa: E402

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "communities"


def cli(exe, *args):
    return subprocess.run([exe, *map(str, args)], capture_output=True, text=True, timeout=300)


def every_text(path):
    """Every attribute and string dataset of an HDF5 file, as one text."""
    parts = []
    with h5py.File(path) as f:
        def visit(name, obj):
            parts.append(name)
            for key, value in obj.attrs.items():
                parts.append(f"{key}={value}")
            if isinstance(obj, h5py.Dataset) and obj.dtype.kind in "OSU":
                parts.extend(str(v) for v in obj[()].ravel())
        for key, value in f.attrs.items():
            parts.append(f"{key}={value}")
        f.visititems(visit)
    return "\n".join(parts)


@pytest.mark.parametrize("export,options", EXPORTS, ids=[f"{e}-{o}" for e, o in EXPORTS])
def test_observed_files_hold_no_name_or_text(commsim_exe, test_data, tmp_path, export, options):
    out = tmp_path / "observed.h5"
    extra = ["--dayfirst", "yes"] if "ambiguous" in export else []
    if "chat" in options:
        ds = commsim.observe(test_data / "chat" / export, out, **options)
        assert ds.sizes["run"] == 1
    else:
        r = cli(commsim_exe, "observe", test_data / "chat" / export, "-o", out, *extra)
        assert r.returncode == 0, r.stderr
        for secret in SECRETS:
            assert secret.lower() not in (r.stdout + r.stderr).lower(), secret
    text = every_text(out)
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), f"{secret!r} in {export}'s observed file"


def test_an_observed_file_reads_like_a_simulated_one(commsim_exe, test_data, tmp_path):
    out = tmp_path / "observed.h5"
    r = cli(commsim_exe, "observe", test_data / "chat" / "telegram_group.json", "-o", out)
    assert r.returncode == 0, r.stderr
    assert "observed community" in r.stdout
    info = cli(commsim_exe, "info", out)
    assert info.returncode == 0 and "1 done" in info.stdout
    ds = commsim.open(out)
    assert ds.attrs["source"] == "observed" and ds.attrs["model"] == "community"
    assert ds["members"].dims == ("run", "day")
    direct = xr.open_dataset(out, engine="h5netcdf", group="timeseries")
    np.testing.assert_array_equal(direct["members"].values[0], ds["members"].values[0])
    table = commsim.compare(out, metrics=["posts_gini", "members_final"])
    assert len(table) == 1
    # compare shows the table and says why there is no answer (no costs or
    # fees in an export; one design) instead of failing on the model's objective.
    shown = cli(commsim_exe, "compare", out)
    assert shown.returncode == 0, shown.stderr
    assert "no answer: these results lack what the model's objective" in shown.stdout
    assert "members_final" in shown.stdout
    asked = cli(commsim_exe, "compare", out, "--objective", "posts_total")
    assert asked.returncode == 0 and "only one design" in asked.stdout
    # The same export through Python gives the same figures.
    again = commsim.observe(test_data / "chat" / "telegram_group.json")
    np.testing.assert_array_equal(again["posts"].values, ds["posts"].values)


def test_an_existing_output_is_kept_and_bad_exports_are_named(commsim_exe, test_data, tmp_path):
    out = tmp_path / "observed.h5"
    out.write_bytes(b"precious")
    r = cli(commsim_exe, "observe", test_data / "chat" / "events_offset.csv", "-o", out)
    assert r.returncode == 1 and "the file exists" in r.stderr
    assert out.read_bytes() == b"precious"
    private = cli(commsim_exe, "observe", test_data / "chat" / "telegram_personal.json", "-o",
                  tmp_path / "p.h5")
    assert private.returncode == 1 and "error:" in private.stderr
    assert "Traceback" not in private.stderr
    missing = cli(commsim_exe, "observe", tmp_path / "none.json", "-o", tmp_path / "m.h5")
    assert missing.returncode == 1 and "none.json" in missing.stderr
    folder = tmp_path / "export"
    folder.mkdir()
    given = cli(commsim_exe, "observe", folder, "-o", tmp_path / "f.h5")
    assert given.returncode == 1 and "a folder, not a chat export" in given.stderr
    folder.rmdir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["observed.h5"]


def test_the_export_is_never_the_output(commsim_exe, test_data, tmp_path):
    """Issue 13 for observe: -o onto the command's own input is refused, even
    with --overwrite, and a usage error is bad input (exit 1), not a traceback."""
    export = tmp_path / "events.csv"
    export.write_bytes((test_data / "chat" / "events_offset.csv").read_bytes())
    before = export.read_bytes()
    r = cli(commsim_exe, "observe", export, "-o", export, "--overwrite")
    assert r.returncode == 1, r.stderr
    assert "events.csv" in r.stderr and "Traceback" not in r.stderr
    assert export.read_bytes() == before
    with pytest.raises(commsim.InputError):
        commsim.observe(export, export, overwrite=True)
    assert export.read_bytes() == before
    usage = cli(commsim_exe, "observe", export)
    assert usage.returncode == 1 and "-o/--output" in usage.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data/communities is absent")
def test_the_real_slack_log_gives_the_figures_of_its_readme(commsim_exe, tmp_path):
    out = tmp_path / "haskell.h5"
    r = cli(commsim_exe, "observe", SHARED / "haskelljp_slack_events.csv", "-o", out,
            "--since", "2021-01-01")
    assert r.returncode == 0, r.stderr
    s = commsim.summary(out).iloc[0]
    assert round(s["posts_top1_share"], 3) == 0.367
    assert round(s["posts_top10_share"], 3) == 0.793
    assert round(s["posts_gini"], 3) == 0.854
    assert s["newcomers"] == 117
    assert round(s["newcomer_answered_share"], 3) == 0.436
    assert round(s["newcomer_return_share_answered"], 3) == 0.588
    assert round(s["newcomer_return_share_unanswered"], 3) == 0.385
    assert round(s["sign_ups_posting_share"], 2) == 0.28


def test_command_line_options_and_warnings(commsim_exe, test_data, tmp_path):
    log = tmp_path / "unordered.csv"
    log.write_text("timestamp_utc,author,event,reply_to\n2022-01-02T10:00:00Z,a,post,\n"
                   "2022-01-01T10:00:00Z,b,post,\n2022-01-03T10:00:00Z,a,post,\n")
    r = cli(commsim_exe, "observe", log, "-o", tmp_path / "o.h5")
    assert r.returncode == 0, r.stderr
    # Out-of-order events are allowed and reported, as commsim's warnings are.
    assert r.stderr.startswith("warning: ") and "1 event(s) earlier" in r.stderr
    # Three calendar days; the horizon (2) as a scenario's `days` counts them.
    assert "3 calendar days from 2022-01-01" in r.stdout and "days 0 to 2" in r.stdout
    for args, message in [(["--since", "notadate"], "since: 'notadate' is not a date"),
                          (["--bogus"], "unrecognized arguments: --bogus"),
                          (["--dayfirst", "maybe"], "invalid choice: 'maybe'")]:
        r = cli(commsim_exe, "observe", log, "-o", tmp_path / "bad.h5", *args)
        assert r.returncode == 1 and message in r.stderr, r.stderr
        assert not (tmp_path / "bad.h5").exists()
    account = test_data / "chat" / "telegram_account.json"
    r = cli(commsim_exe, "observe", account, "-o", tmp_path / "t.h5", "--chat", "4242")
    assert r.returncode == 0, r.stderr
    r = cli(commsim_exe, "observe", account, "-o", tmp_path / "t5.h5", "--chat", "5")
    assert r.returncode == 1 and "no chat with id 5" in r.stderr and "id 4242" in r.stderr
