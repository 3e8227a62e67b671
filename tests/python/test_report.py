"""commsim report: one self-contained page that headless Chromium renders."""

import re
from html import escape
import shutil
import subprocess

import numpy as np
import pytest

import commsim


def test_the_page_opens_with_the_answer_then_objective_why_designs_and_plots(community_results,
                                                                          tmp_path):
    results, path = community_results
    page = commsim.write_report(path, tmp_path / "report.html")
    html = page.read_text()
    body = html[html.index("<body>"):]
    # The answer in one sentence comes first, then its certainty, the
    # objective's table, why, and the plots; the question and designs follow.
    a = commsim.answer(path)
    order = [f'<p class="answer">{escape(a.sentence())}', "Probability of being best",
             "<h2>The objective</h2>", "<h2>Why</h2>", "<h2>Key plots</h2>",
             "practitioners say", "<h2>The designs compared</h2>",
             "<h2>All headline outcomes</h2>"]
    positions = [body.find(text) for text in order]
    assert -1 not in positions and positions == sorted(positions), list(zip(order, positions))
    assert body.index('<p class="answer">') < body.index("<h2>")
    names = ["policy=free", "policy=threshold, min_fit=0.6",
             "policy=paid, fee=9, period_days=30"]
    for name in names:
        assert f"<tr><td>{name}</td>" in html  # designs by name
    assert "fee: 9, period_days: 30" in html  # the paid design's settings
    headline = commsim.describe("community")["headline"]
    for metric in headline:
        assert f">{metric}</td>" in html
    # The free design's mean members and its interval, as compare gives them.
    row = commsim.compare(path, metrics=["members_final"]).loc["policy=free"]
    assert f"{row[('members_final', 'mean')]:.3g}" in html
    for p in a.means["p_best"]:
        if 0.001 <= p <= 0.999:
            assert f"<td>{p:.3f}</td>" in html
    assert len(re.findall(r'src="data:image/png;base64,', html)) >= 4
    # Self-contained: nothing fetched from elsewhere.
    assert not re.search(r'(src|href)="(https?:|//|file:)', html)


def test_report_refuses_to_overwrite_and_names_bad_input(community_results, tmp_path):
    _, path = community_results
    page = commsim.write_report(path, tmp_path / "r.html")
    with pytest.raises(FileExistsError, match="exists; pass --overwrite"):
        commsim.write_report(path, page)
    commsim.write_report(path, page, overwrite=True)
    with pytest.raises(FileNotFoundError, match="no such folder"):
        commsim.write_report(path, tmp_path / "missing" / "r.html")
    with pytest.raises(FileNotFoundError, match="no such results file"):
        commsim.write_report(tmp_path / "none.h5")
    assert not list(tmp_path.glob(".*partial"))


def test_command_line_report(community_results, commsim_exe, tmp_path):
    _, path = community_results
    out = tmp_path / "page.html"
    run = lambda *a: subprocess.run([commsim_exe, "report", *map(str, a)], capture_output=True,
                                    text=True, timeout=120)
    r = run(path, "-o", out, "--by", "community.entry.policy")
    assert r.returncode == 0, r.stderr
    assert f"report: {out}" in r.stdout and out.stat().st_size > 10_000
    r = run(path, "-o", out)
    assert r.returncode == 1 and "exists" in r.stderr
    r = run(path, "-o", out, "--overwrite", "--by", "bass.q")
    assert r.returncode == 1 and "cannot group by 'bass.q'" in r.stderr
    r = run(tmp_path / "none.h5")
    assert r.returncode == 1 and "no such results file" in r.stderr


def test_chromium_renders_the_page(community_results, tmp_path):
    chromium = shutil.which("chromium")
    assert chromium, "chromium is missing: scripts/setup installs it (scripts/debian-packages.txt)"
    page = commsim.write_report(community_results[1], tmp_path / "report.html")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([chromium, *flags, "--dump-dom", page.as_uri()], capture_output=True,
                         text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "<h2>All headline outcomes</h2>" in dom.stdout and 'class="answer"' in dom.stdout and dom.stdout.count("<img") >= 4
    shot = tmp_path / "shot.png"
    subprocess.run([chromium, *flags, f"--screenshot={shot}", "--window-size=1000,1400",
                    page.as_uri()], capture_output=True, timeout=120, check=True)
    import matplotlib.pyplot as plt

    pixels = plt.imread(shot)[..., :3]
    # Drawn, not blank: text and plots leave many dark and coloured pixels.
    assert (pixels.mean(axis=2) < 0.5).mean() > 0.01
    assert np.ptp(pixels.reshape(-1, 3), axis=0).min() > 0.5
