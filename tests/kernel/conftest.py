import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from notebook import Notebook  # noqa: E402


@pytest.fixture
def nb():
    notebook = Notebook()
    yield notebook
    notebook.close()
