"""The notebook code both microbenchmarks run: functions as a cell would
define them, and a top-level loop as a cell would run it."""

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
