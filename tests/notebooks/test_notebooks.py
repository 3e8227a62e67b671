"""Every notebook in notebooks/ runs top to bottom."""

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(os.environ.get("COMMSIM_SOURCE_DIR", Path(__file__).parents[2]))
                    / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    # Run in a scratch folder so that files the notebook writes stay out of
    # the source tree; the notebook finds scenarios through COMMSIM_SOURCE_DIR.
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no notebook"
