"""`import xdeps` from plain Python, with the seed example of track and Tracer.

Usage: python3 plain_python_check.py <dir holding the built xdeps module>
"""

import pickle
import sys

sys.path.insert(0, sys.argv[1])
import xdeps  # noqa: E402

assert hasattr(xdeps, "track") and hasattr(xdeps, "Tracer"), "xdeps exports track and Tracer"

A = 23
B = 42
COUNT = 0


@xdeps.track
def f(x):
    return x + A


@xdeps.track
class C:
    def __init__(self, x):
        self.x = x + B

    def m(self, y):
        return self.x + y

    class D:
        def __init__(self, x):
            self.x = f(x)

        def m(self, y):
            return y + A


@xdeps.track
def g(x):
    if x % 2 == 1:
        return C.D(x).m(x)
    return C(x).m(x)


@xdeps.track
def bump():
    global COUNT
    COUNT += 1
    return len([COUNT])


with xdeps.Tracer() as t:
    assert g(23) == 46, "g(23) computes as without tracking"
expected = [('__main__', 'g', {'C': C}), ('__main__', 'g', '__main__', 'C.D.__init__'),
            ('__main__', 'C.D.__init__', {'f': f}), ('__main__', 'C.D.__init__', '__main__', 'f'),
            ('__main__', 'f', {'A': 23}), ('__main__', 'g', '__main__', 'C.D.m'),
            ('__main__', 'C.D.m', {'A': 23})]
assert t.graph == expected, f"graph of g(23): {t.graph}"

with xdeps.Tracer() as t:
    assert g(42) == 126, "g(42) computes as without tracking"
expected = [('__main__', 'g', {'C': C}), ('__main__', 'g', '__main__', 'C.__init__'),
            ('__main__', 'C.__init__', {'B': 42}), ('__main__', 'g', '__main__', 'C.m')]
assert t.graph == expected, f"graph of g(42): {t.graph}"

assert bump() == 1 and bump() == 1 and COUNT == 2, f"global COUNT updated by the tracked function: {COUNT}"
assert pickle.loads(pickle.dumps(f)) is f, "a tracked function pickles by reference"

SEEN = []


@xdeps.track
def show():
    SEEN.append(N)


@xdeps.track
def step():
    global N
    N += 1
    show()


@xdeps.track
def forget():
    global N
    del N


@xdeps.track
def countdown(k):
    global LEFT
    LEFT = k
    if k:
        countdown(k - 1)
    return LEFT


N = 0
step()
assert SEEN == [1] and N == 1, f"a tracked function reads what another stored with global: {SEEN}, {N}"
forget()
assert "N" not in globals(), "del of a global inside a tracked function deletes it"
assert countdown(3) == 0 and LEFT == 0, f"global stores through recursion: {LEFT}"


@xdeps.track
def fails():
    global N
    N = 5
    raise ValueError("from user code")


try:
    fails()
except ValueError as e:
    assert str(e) == "from user code", "the user's exception passes unchanged"
assert N == 5, "a global stored before an exception is kept"
ns = xdeps.Namespace(__builtins__=__builtins__, a=1)
assert not xdeps._running(), "no run open before _begin_run"
xdeps._begin_run(ns)
assert xdeps._running(), "a run is open after _begin_run"
xdeps._statement_begin()
exec("b = a + len([a])", ns)
xdeps._statement_end()
state = xdeps._end_run()
assert '"reads":["a"]' in state.replace(" ", "") and '"writes":["b"]' in state.replace(" ", ""), \
    f"the module's own engine recorded the run: {state}"
assert xdeps._run_error() == "", "no internal failure"
print("xdeps from plain Python: ok")
