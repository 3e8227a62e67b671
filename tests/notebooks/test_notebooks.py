"""Every notebook in notebooks/ runs top to bottom, each in under two minutes."""

import os
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(os.environ.get("COMMSIM_SOURCE_DIR", Path(__file__).parents[2]))
                    / "notebooks").glob("*.ipynb"))

# Students run these on laptops: each must finish within this budget (the
# shipped ones take 5-30 s on two cores).
BUDGET_SECONDS = 120


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    # Run in a scratch folder so that files the notebook writes stay out of
    # the source tree; the notebook finds scenarios through COMMSIM_SOURCE_DIR.
    client = NotebookClient(nb, timeout=BUDGET_SECONDS, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    start = time.monotonic()
    client.execute()
    elapsed = time.monotonic() - start
    assert elapsed < BUDGET_SECONDS, f"{path.name} took {elapsed:.0f} s"
    # Every notebook answers its question with pictures: at least one figure.
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if "image/png" in o.get("data", {})]
    assert images, f"{path.name} draws no figure"


def test_notebooks_are_numbered_and_state_question_and_answer():
    assert [p.name[:3] for p in NOTEBOOKS] == [f"{i:02d}_" for i in range(1, len(NOTEBOOKS) + 1)]
    for path in NOTEBOOKS:
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells
                         if c.cell_type == "markdown")
        assert "**Question.**" in text and "## Answer" in text, path.name
