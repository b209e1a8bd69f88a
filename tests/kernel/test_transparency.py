"""Tracking must not change what a notebook computes (docs/semantics.md,
item 2): each notebook in notebooks/ is run cell by cell under `xdeps` and
under plain `xpython`, and their outputs are compared."""

import glob
import os
import re

import nbformat
import pytest

from notebook import Notebook

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NAMED = ["notebooks/demo.ipynb", "notebooks/tour.ipynb"]
NOTEBOOKS = NAMED + sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "notebooks/realistic/*.ipynb")))
CELL_TIMEOUT = 180

ADDRESS = re.compile(r"0x[0-9a-fA-F]{4,}")
CELL_FILE = re.compile(r"/tmp/xpython_\d+/\d+\.py|/tmp/xpython_\d+/[0-9a-f]+\.py")
DEPS_LINE = re.compile(r"^\s*%deps\b")


def normalize(text):
    return CELL_FILE.sub("<cell file>", ADDRESS.sub("0x…", text or ""))


def is_deps_cell(source):
    """%deps cells are the tracker's own; plain xpython has no such magic."""
    lines = [line for line in source.splitlines() if line.strip()]
    return any(DEPS_LINE.match(line) for line in lines)


def outputs(result):
    """What a user sees of a cell, the kernel's own notices left out."""
    seen = []
    for m in result.messages:
        kind, content = m["msg_type"], m["content"]
        if kind == "stream":
            if seen and seen[-1][0] == content["name"]:
                seen[-1] = (content["name"], seen[-1][1] + content["text"])
            else:
                seen.append((content["name"], content["text"]))
        elif kind in ("display_data", "execute_result"):
            data = content["data"]
            if "xdeps-notice" in data.get("text/html", ""):
                continue
            images = tuple(sorted(mime for mime in data if mime.startswith("image/")))
            seen.append((kind, data.get("text/plain", ""), images))
        elif kind == "error":
            seen.append(("error", content["ename"], content["evalue"]))
    return [tuple(normalize(part) if isinstance(part, str) else part for part in item) for item in seen]


def run_notebook(kernel_name, path):
    notebook = nbformat.read(os.path.join(ROOT, path), as_version=4)
    nb = Notebook(kernel_name=kernel_name)
    try:
        nb.run(f"__import__('os').chdir({os.path.dirname(os.path.join(ROOT, path))!r})",
               silent=True, store_history=False)
        results = []
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code" or is_deps_cell(cell.source):
                continue
            result = nb.run(cell.source, cell=cell.get("id") or f"cell{index}", timeout=CELL_TIMEOUT)
            results.append((index, cell.source, outputs(result)))
        return results
    finally:
        nb.close()


def test_realistic_notebooks_exist():
    assert len(NOTEBOOKS) > len(NAMED), "no notebook in notebooks/realistic/ to compare"


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_same_outputs_as_plain_xpython(path):
    # A listed notebook that is missing is a failure, not a skip.
    assert os.path.exists(os.path.join(ROOT, path)), f"{path} is listed but does not exist"
    plain = run_notebook("xpython", path)
    tracked = run_notebook("xdeps", path)
    assert len(plain) == len(tracked)
    for (index, source, expected), (_, _, actual) in zip(plain, tracked):
        assert actual == expected, (
            f"{path}, cell {index}:\n{source}\n--- under xpython:\n{expected}\n--- under xdeps:\n{actual}")
    assert any(outputs for _, _, outputs in plain), f"{path} produced no output at all: nothing was compared"
