"""Run All is silent (docs/semantics.md, notebook order): real notebooks of
several examples each (a name reused for every new example, frames rebuilt,
helper functions redefined), run top to bottom once with their own cell ids,
raise no notice and leave no cell marked, and every cell shows what it shows
under plain xpython. Run as JupyterLab runs them (the extension's comm open,
the cells' positions sent first) and as nbclient or papermill do (no comm:
a cell's position is the order in which it first ran)."""

import functools
import glob
import os
import uuid

import nbformat
import pytest

from notebook import Notebook
from scenario_helpers import state
from test_transparency import CELL_TIMEOUT, NOTEBOOKS as PROJECT_NOTEBOOKS, ROOT, is_deps_cell, outputs

TUTORIALS = sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "notebooks/tutorials/*.ipynb")))
NOTEBOOKS = PROJECT_NOTEBOOKS + TUTORIALS


def chdir_to(nb, path):
    nb.run(f"__import__('os').chdir({os.path.dirname(os.path.join(ROOT, path))!r})",
           silent=True, store_history=False)


def open_comm_with_positions(nb, notebook):
    """What the JupyterLab extension does on connecting: open the `xdeps`
    comm, then send every cell id of the notebook, top to bottom."""
    comm_id = uuid.uuid4().hex
    nb.send("comm_open", {"comm_id": comm_id, "target_name": "xdeps", "data": {}})
    ids = [cell["id"] for cell in notebook.cells]
    nb.send("comm_msg", {"comm_id": comm_id, "data": {"type": "positions", "cell_ids": ids}})


@functools.lru_cache(maxsize=None)
def plain_outputs(path):
    """Each code cell's outputs under plain xpython (it has no %deps)."""
    notebook = nbformat.read(os.path.join(ROOT, path), as_version=4)
    nb = Notebook(kernel_name="xpython")
    try:
        chdir_to(nb, path)
        return {cell["id"]: outputs(nb.run(cell.source, cell_id=cell["id"], timeout=CELL_TIMEOUT))
                for cell in notebook.cells if cell.cell_type == "code" and not is_deps_cell(cell.source)}
    finally:
        nb.close()


def test_a_tutorial_notebook_is_among_them():
    assert TUTORIALS, "no notebook in notebooks/tutorials/ to run"
    for path in TUTORIALS:
        notebook = nbformat.read(os.path.join(ROOT, path), as_version=4)
        assert sum(cell.cell_type == "code" for cell in notebook.cells) >= 30, f"{path} is too short a chapter"


@pytest.mark.parametrize("frontend", ["jupyterlab", "no-frontend"])
@pytest.mark.parametrize("path", NOTEBOOKS)
def test_run_all_is_silent_and_computes_what_plain_xpython_does(path, frontend):
    notebook = nbformat.read(os.path.join(ROOT, path), as_version=4)
    expected = plain_outputs(path)
    nb = Notebook()
    try:
        chdir_to(nb, path)
        if frontend == "jupyterlab":
            open_comm_with_positions(nb, notebook)
        noisy, differing = [], []
        # Every code cell, %deps ones too, as Run All sends them.
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            result = nb.run(cell.source, cell_id=cell["id"], timeout=CELL_TIMEOUT)
            if result.notices():
                noisy.append(f"cell {index}: {cell.source.splitlines()[0]!r}: {result.notices()}")
            if cell["id"] in expected and outputs(result) != expected[cell["id"]]:
                differing.append(f"cell {index}:\n{cell.source}\n--- under xpython:\n"
                                 f"{expected[cell['id']]}\n--- under xdeps:\n{outputs(result)}")
        final = state(nb)
    finally:
        nb.close()
    assert noisy == [], f"{path}: a plain Run All raised notices:\n" + "\n".join(noisy)
    marked = [(c["id"], c["status"], [r["text"] for r in c["reasons"]])
              for c in final["cells"] if c["status"] != "fresh"]
    assert marked == [], f"{path}: after a plain Run All, cells are marked: {marked}"
    assert final["rerun_order"] == [], final["rerun_order"]
    ids = {cell["id"] for cell in notebook.cells}
    assert final["cells"] and all(c["id"] in ids for c in final["cells"]), \
        "the state's cells are the notebook's, by their cell ids"
    assert differing == [], f"{path}: outputs differ from plain xpython:\n" + "\n".join(differing)
    assert any(expected.values()), f"{path} produced no output at all: nothing was compared"
