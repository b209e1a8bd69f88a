import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from notebook import Notebook  # noqa: E402
from notice_checker import NoticeChecker  # noqa: E402
from scenario_helpers import Scenario, clean, deps  # noqa: E402
from state_schema import check_message  # noqa: E402

# Every state a kernel test receives is checked against the schema.
Notebook.message_checks.append(check_message)
# Every notice is checked against the state after it, on every xdeps kernel.
Notebook.start_hooks.append(NoticeChecker.attach)
Notebook.result_checks.append(NoticeChecker.check)


@pytest.fixture
def nb():
    notebook = Notebook()
    yield notebook
    notebook.close()


@pytest.fixture(scope="module")
def shared_kernel():
    holder = {"nb": Notebook()}
    yield holder
    holder["nb"].close()


@pytest.fixture
def s(shared_kernel):
    """A scenario on the module's kernel (a new kernel if a test killed it),
    from an empty namespace and tracker state."""
    if not shared_kernel["nb"].km.is_alive():
        shared_kernel["nb"].close()
        shared_kernel["nb"] = Notebook()
    clean(shared_kernel["nb"])
    return Scenario(shared_kernel["nb"])


@pytest.fixture
def order_any(request):
    """The order-free rule (`%deps order any`) for a scenario in which a cell
    run later changes what an earlier cell read (docs/semantics.md, Notebook
    order); `clean` restores the default for the next scenario."""
    if "s" in request.fixturenames:
        deps(request.getfixturevalue("s").nb, "order any")
    if "nb" in request.fixturenames:
        deps(request.getfixturevalue("nb"), "order any")
