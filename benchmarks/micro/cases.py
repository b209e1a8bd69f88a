"""The notebook code both microbenchmarks run: functions as a cell would
define them, and a top-level loop as a cell would run it, in a namespace set
up as the kernel would."""

import contextlib

FUNCTIONS = ("read_globals", "builtins_loop", "small", "calls")


def definitions(n):
    return f"""
G1, G2, G3 = 1, 2, 3
def read_globals():
    t = 0
    for i in range({n}):
        t += G1 + G2 + G3
    return t
def builtins_loop():
    xs = [1, 2, 3]
    t = 0
    for i in range({n}):
        t += len(xs) + abs(-i) + min(i, 5)
    return t
def small(x):
    return x + 1
def calls():
    t = 0
    for i in range({n}):
        t = small(t)
    return t
"""


def write_loop(n):
    return compile(f"for i in range({n}):\n    total = i\n", "<cell>", "exec")


def marked(source):
    """The definitions as the kernel's AST transform leaves them: each def's
    body starts with the call marker."""
    return "".join(line + "    __xdeps_call__\n" if line.startswith("def ") else line
                   for line in source.splitlines(keepends=True))


def namespace(xdeps, n, tracked, wrap=True, mark=False):
    """The definitions in a plain dict, or in a tracked namespace with the
    functions wrapped by the seed API's `track` (wrap), marked as in the
    kernel (mark) or left plain."""
    import builtins
    builtins.__xdeps_call__ = None
    ns = xdeps.Namespace() if tracked else {}
    ns["__builtins__"] = __builtins__
    ns["__name__"] = "__main__"
    exec(marked(definitions(n)) if mark else definitions(n), ns)
    if tracked and wrap:
        for name in FUNCTIONS:
            ns[name] = xdeps.track(ns[name])
    return ns


@contextlib.contextmanager
def recorded(xdeps, ns):
    """One run of one statement, recorded as inside a kernel cell."""
    xdeps._begin_run(ns)
    xdeps._statement_begin()
    try:
        yield
    finally:
        xdeps._statement_end()
        xdeps._end_run()
