"""A realistic notebook of any length, deterministic: loading, cleaning,
helper functions, small numpy/pandas work, loops, prints and displays, each
section reading what earlier ones computed."""


def notebook_cells(count=200):
    head = [
        "import math, json, random\nimport numpy as np\nimport pandas as pd",
        "rng = np.random.default_rng(7)\nN_ROWS = 2000",
        "raw = pd.DataFrame({'group': rng.integers(0, 8, N_ROWS), 'x': rng.normal(size=N_ROWS),"
        " 'y': rng.normal(size=N_ROWS)})",
        "def clean(df):\n    return df[df['x'].abs() < 3].reset_index(drop=True)",
        "data = clean(raw)\nlen(data)",
    ]
    section = [
        "def stat_{i}(df):\n    return float(df['x'].mean() * {k} + df['y'].std())",
        "value_{i} = stat_{i}(data)\nvalue_{i}",
        "weights_{i} = np.linspace(0, 1, 500) ** {k}\ntotal_{i} = float(weights_{i}.sum())",
        "acc_{i} = 0\nfor j in range(2000):\n    acc_{i} += (j % {m}) * value_{i}\nprint(round(acc_{i}, 3))",
        "summary_{i} = data.groupby('group')['y'].mean().round(3)\nsummary_{i}.head(3)",
        "record_{i} = {{'value': round(value_{i}, 6), 'total': round(total_{i}, 6)}}\njson.dumps(record_{i})",
        "def scale_{i}(v, factor={k}):\n    return v * factor + math.sqrt(abs(v))",
        "scaled_{i} = [scale_{i}(v) for v in data['y'].head(200)]\nprint(len(scaled_{i}), round(sum(scaled_{i}), 3))",
    ]
    cells = list(head)
    i = 0
    while len(cells) < count:
        for template in section:
            if len(cells) >= count:
                break
            cells.append(template.format(i=i, k=(i % 5) + 1, m=(i % 7) + 2))
        i += 1
    return cells[:count]


def notebook(count=200):
    """The same cells as an nbformat 4.5 notebook with stable cell ids."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "xdeps", "display_name": "Python 3 (xdeps)", "language": "python"}
    for n, code in enumerate(notebook_cells(count)):
        cell = nbformat.v4.new_code_cell(code)
        cell.id = f"nb-{n}"
        nb.cells.append(cell)
    return nb


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Print the generated notebook's cells, or write it as .ipynb.")
    parser.add_argument("--cells", type=int, default=200)
    parser.add_argument("--ipynb", help="write the notebook to this path (open it in JupyterLab to see case (f))")
    args = parser.parse_args()
    if args.ipynb:
        import nbformat

        nbformat.write(notebook(args.cells), args.ipynb)
    else:
        for n, code in enumerate(notebook_cells(args.cells)):
            print(f"# [{n}]\n{code}\n")
