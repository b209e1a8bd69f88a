"""Re-running a cell that rebuilds data with equal contents invalidates
nothing: lists, dicts, sets, numpy arrays and pandas objects, up to the
bound docs/semantics.md states. Comparing never runs the user's code."""

import pytest

LOUD = """
class Loud:
    def __eq__(self, other):
        print("__eq__ ran")
        return True
    __hash__ = object.__hash__
"""

SAME_CASES = {
    "list": "data = [1, 2.5, 'x', None, (1, 2), [3, float('nan')]]",
    "dict": "data = {'a': [1, 2], 'b': {'c': 3.0}, 4: 'four'}",
    "set": "data = {1, 2, 'three', b'four'}",
    "array": "import numpy as np\ndata = np.array([[1.0, np.nan], [3.0, 4.0]])",
    "int array": "import numpy as np\ndata = np.arange(1000).reshape(10, 100).T",
    "datetimes": "import numpy as np\ndata = np.array(['2024-01-01', 'NaT'], dtype='datetime64[ns]')",
    "dataframe": ("import numpy as np\nimport pandas as pd\n"
                  "data = pd.DataFrame({'a': [1, 2, 3], 'b': ['x', None, 'z'], 'c': [0.5, np.nan, 2.0],"
                  " 'd': pd.to_datetime(['2024-01-01', '2024-01-02', None])}, index=['r1', 'r2', 'r3'])"),
    "series": "import pandas as pd\ndata = pd.Series([1.5, 2.5], index=pd.date_range('2024-01-01', periods=2), name='s')",
    "big frame under the bound": ("import numpy as np\nimport pandas as pd\n"
                                  "data = pd.DataFrame({'a': np.arange(20000), 'b': np.arange(20000) * 0.5})"),
}

DIFFERENT_CASES = {
    "list": ("data = [1, 2, 3]", "data = [1, 2, 4]"),
    "list of a float and an int": ("data = [1.0]", "data = [1]"),
    "dict order": ("data = {'a': 1, 'b': 2}", "data = {'b': 2, 'a': 1}"),
    "set": ("data = {1, 2}", "data = {1, 3}"),
    "array values": ("import numpy as np\ndata = np.zeros(3)", "import numpy as np\ndata = np.ones(3)"),
    "array zero sign": ("import numpy as np\ndata = np.array([0.0])", "import numpy as np\ndata = np.array([-0.0])"),
    "array dtype": ("import numpy as np\ndata = np.zeros(3)", "import numpy as np\ndata = np.zeros(3, dtype='float32')"),
    "array shape": ("import numpy as np\ndata = np.zeros((2, 3))", "import numpy as np\ndata = np.zeros((3, 2))"),
    "frame values": ("import pandas as pd\ndata = pd.DataFrame({'a': [1, 2]})",
                     "import pandas as pd\ndata = pd.DataFrame({'a': [1, 3]})"),
    "frame columns": ("import pandas as pd\ndata = pd.DataFrame({'a': [1, 2]})",
                      "import pandas as pd\ndata = pd.DataFrame({'b': [1, 2]})"),
    "frame index": ("import pandas as pd\ndata = pd.DataFrame({'a': [1, 2]})",
                    "import pandas as pd\ndata = pd.DataFrame({'a': [1, 2]}, index=[1, 2])"),
    "frame dtypes": ("import pandas as pd\ndata = pd.DataFrame({'a': [1, 2]})",
                     "import pandas as pd\ndata = pd.DataFrame({'a': [1.0, 2.0]})"),
    "series name": ("import pandas as pd\ndata = pd.Series([1], name='x')",
                    "import pandas as pd\ndata = pd.Series([1], name='y')"),
}


def rerun_keeps_reader_fresh(s, code):
    s.run("data", code)
    s.run("use", "seen = repr(data)[:20]")
    s.run("data", code)
    s.expect("the rebuilt value is the same", data="fresh", use="fresh")


@pytest.mark.parametrize("case", sorted(SAME_CASES))
def test_rebuilt_equal_data_is_the_same(s, case):
    rerun_keeps_reader_fresh(s, SAME_CASES[case])


@pytest.mark.parametrize("case", sorted(DIFFERENT_CASES))
def test_different_data_is_a_change(s, case):
    before, after = DIFFERENT_CASES[case]
    s.run("data", before)
    s.run("use", "seen = repr(data)[:20]")
    s.run("data", after)
    s.expect("the value changed", use="stale")


def test_past_the_bound_a_rebuilt_value_is_new(s):
    # docs/semantics.md: at most 100,000 items or values in one comparison.
    s.run("data", "data = list(range(100_001))")
    s.run("use", "n = len(data)")
    s.run("data", "data = list(range(100_001))")
    s.expect("too large to compare", use="stale")


@pytest.mark.parametrize("code", [
    "data = [Loud()]",
    "data = {'k': Loud()}",
    "import pandas as pd\ndata = pd.DataFrame({'o': [Loud()]})",
    "import numpy as np\ndata = np.array([Loud()], dtype=object)",
])
def test_comparing_never_runs_user_code(s, code):
    s.run("loud", LOUD)
    s.run("data", code)
    s.run("use", "seen = len(data)")
    again = s.run("data", code)
    assert "__eq__ ran" not in again.stdout, again.stdout
    s.expect("objects of the user's types are different when made anew", use="stale")


def test_lists_of_the_same_objects_are_the_same(s):
    s.run("loud", LOUD + "\nONE = Loud()")
    s.run("data", "data = [ONE, ONE]")
    s.run("use", "seen = len(data)")
    again = s.run("data", "data = [ONE, ONE]")
    assert "__eq__ ran" not in again.stdout
    s.expect("the same objects, identical", use="fresh")


def test_a_kept_version_still_sees_later_changes_in_place(s):
    s.run("data", "data = [1, 2]")
    s.run("use", "n = len(data)")
    s.run("data", "data = [1, 2]")
    s.expect("same value", use="fresh")
    s.run("data", "data = [1, 2]\ndata.append(3)")
    s.expect("changed in place since", use="stale")
