"""Dependency tracking as a notebook user meets it (docs/semantics.md).

Each test is a short notebook session: cells run, one is edited and run
again, then the statuses the kernel reports (`%deps --all --json`) are
checked. Most scenarios share one kernel, each with global names and cell
names of its own; the seed example gets fresh kernels.
"""

import pytest

from scenario_helpers import SEED_DEFINITIONS, Scenario, state

FRESH, STALE, DOWNSTREAM = "fresh", "stale", "downstream"


@pytest.fixture
def fresh(nb):
    """A scenario on a kernel of its own."""
    return Scenario(nb)


# --- chains -----------------------------------------------------------------

def test_chain_edit_makes_reader_stale_and_its_readers_downstream(s):
    s.run("a", "ch_x = 1")
    s.run("b", "ch_y = ch_x + 1")
    s.run("c", "ch_z = ch_y * 2")
    s.expect("nothing changed yet: every cell is fresh", a=FRESH, b=FRESH, c=FRESH)
    s.run("a", "ch_x = 5")
    s.expect("the reader of ch_x is stale; the reader of ch_y (computed from the old ch_x) is downstream",
             a=FRESH, b=STALE, c=DOWNSTREAM)
    assert s.reasons("b") == [("ch_x", "a")], s.reasons("b")
    assert s.reasons("c") == [("ch_y", "a")], s.reasons("c")


def test_rerunning_a_stale_cell_with_a_new_value_makes_its_readers_stale(s):
    s.run("a", "rs_x = 1")
    s.run("b", "rs_y = rs_x * 10")
    s.run("c", "print(rs_y)")
    s.run("a", "rs_x = 2")
    s.expect("before the fix-up", b=STALE, c=DOWNSTREAM)
    s.run("b", "rs_y = rs_x * 10")
    s.expect("b re-ran and rebound rs_y to 20: b is fresh, c now read an old rs_y",
             a=FRESH, b=FRESH, c=STALE)
    assert s.reasons("c") == [("rs_y", "b")], s.reasons("c")
    s.run("c", "print(rs_y)")
    s.expect("after re-running in order everything is fresh", a=FRESH, b=FRESH, c=FRESH)


def test_rerunning_a_stale_cell_with_the_same_value_makes_downstream_fresh(s):
    s.run("a", "sv_x = 3")
    s.run("b", "sv_parity = sv_x % 2")
    s.run("c", "print(sv_parity)")
    s.run("a", "sv_x = 5")
    s.expect("sv_parity was computed from the old sv_x", b=STALE, c=DOWNSTREAM)
    s.run("b", "sv_parity = sv_x % 2")
    s.expect("sv_parity came out the same (1): its version is kept with new inputs, so c is fresh again",
             a=FRESH, b=FRESH, c=FRESH)


def test_diamond(s):
    s.run("a", "di_x = 1")
    s.run("b", "di_y = di_x + 1")
    s.run("c", "di_z = di_x * 2")
    s.run("d", "di_w = di_y + di_z")
    s.run("a", "di_x = 2")
    s.expect("both branches read di_x; the join only read their results",
             a=FRESH, b=STALE, c=STALE, d=DOWNSTREAM)
    assert s.reasons("d") == [("di_y", "a"), ("di_z", "a")], s.reasons("d")
    s.run("b", "di_y = di_x + 1")
    s.expect("one branch re-run: d read an old di_y (stale) and an outdated di_z",
             b=FRESH, c=STALE, d=STALE)


def test_long_chain_downstream_goes_all_the_way(s):
    s.run("c0", "lc_0 = 1")
    for i in range(1, 6):
        s.run(f"c{i}", f"lc_{i} = lc_{i - 1} + 1")
    s.run("c0", "lc_0 = 10")
    s.expect("five cells below an edit: the first stale, the others downstream",
             c0=FRESH, c1=STALE, c2=DOWNSTREAM, c3=DOWNSTREAM, c4=DOWNSTREAM, c5=DOWNSTREAM)


# --- versions: what counts as a change ---------------------------------------

def test_unchanged_rerun_invalidates_nothing(s):
    s.run("a", "un_x = 10\nun_label = 'ten'")
    s.run("b", "un_y = un_x + 1\nprint(un_label)")
    rerun = s.run("a", "un_x = 10\nun_label = 'ten'")
    assert rerun.notices() == [], f"re-running an unchanged cell announced changes: {rerun.notices()}"
    s.expect("re-running an unchanged cell changes no version", a=FRESH, b=FRESH)


def test_equal_scalars_from_new_code_change_nothing(s):
    s.run("a", """
        eq_int = 4
        eq_float = 0.5
        eq_str = 'ab'
        eq_bytes = b'xy'
        eq_none = None
        eq_bool = True
        eq_tuple = (1, 'one', (2.0, None))
        eq_frozen = frozenset({1, 2})
        eq_complex = 1 + 2j
    """)
    s.run("b", "print(eq_int, eq_float, eq_str, eq_bytes, eq_none, eq_bool, eq_tuple, eq_frozen, eq_complex)")
    s.run("a", """
        eq_int = 2 + 2
        eq_float = 1 / 2
        eq_str = 'a' + 'b'
        eq_bytes = bytes([120, 121])
        eq_none = print('rebinding')
        eq_bool = 1 < 2
        eq_tuple = tuple([1, 'o' + 'ne', (4.0 / 2, None)])
        eq_frozen = frozenset([2, 1])
        eq_complex = complex(1, 2)
    """)
    s.expect("equal immutable values of the same type keep their versions", a=FRESH, b=FRESH)


def test_equal_value_of_another_type_is_a_change(s):
    s.run("a", "et_x = 1")
    s.run("b", "print(et_x)")
    s.run("a", "et_x = 1.0")
    s.expect("1 and 1.0 are equal but not of the same type", b=STALE)


def test_recreated_mutable_object_is_a_change(s):
    s.run("a", "import collections\nmu_list = collections.deque([1, 2])")
    s.run("b", "mu_total = sum(mu_list)")
    s.run("a", "import collections\nmu_list = collections.deque([1, 2])")
    s.expect("a deque re-created by the same code is a different object (not compared)", a=FRESH, b=STALE)


def test_own_writes_never_make_a_cell_stale(s):
    s.run("a", "ow_x = 0")
    for _ in range(3):
        s.run("b", "ow_x = ow_x + 1")
    s.run("c", "print(ow_x)")
    s.expect("x = x + 1 re-run reads the cell's own binding", a=FRESH, b=FRESH, c=FRESH)
    s.run("b", "ow_x = ow_x + 1")
    s.expect("the next run of b changed ow_x for c, not for b itself", b=FRESH, c=STALE)
    assert s.reasons("c") == [("ow_x", "b")], s.reasons("c")


def test_reading_a_name_bound_earlier_in_the_same_run_is_not_an_input(s):
    s.run("a", "sb_df = [3, 1, 2]\nsb_sorted = sorted(sb_df)")
    s.run("b", "sb_df = 'replaced'")
    s.expect("a read only the sb_df it bound itself", a=FRESH, b=FRESH)


def test_builtins_and_missed_lookups_are_not_inputs(s):
    s.run("a", """
        try:
            bm_later
        except NameError:
            bm_missing = True
        bm_n = len([1, 2]) + abs(-1) + max(range(3))
    """)
    reads = s.cells()["a"]["reads"]
    for name in ("len", "abs", "max", "range", "NameError", "bm_later"):
        assert name not in reads, f"{name} is not an input of the cell, reads={reads}"
    s.run("b", "bm_later = 1")
    s.expect("a lookup that found nothing is not an input", a=FRESH, b=FRESH)


# --- functions ------------------------------------------------------------------

def test_function_reading_a_global(s):
    s.run("a", "fg_k = 2")
    s.run("b", "def fg_scale(v):\n    return v * fg_k")
    s.run("c", "fg_r = fg_scale(3)")
    s.run("d", "print(fg_r)")
    s.run("a", "fg_k = 5")
    s.expect("c read fg_k inside fg_scale; defining fg_scale read nothing",
             a=FRESH, b=FRESH, c=STALE, d=DOWNSTREAM)
    assert s.reasons("c") == [("fg_k", "a")], s.reasons("c")
    assert "fg_k" in s.cells()["c"]["reads"], "reads inside a called function are reads of the cell"


def test_same_function_code_rerun_changes_nothing(s):
    s.run("a", """
        sf_offset = 1
        def sf_double(v, scale=2):
            return scale * v + sf_offset
    """)
    s.run("b", "sf_r = sf_double(4)")
    rerun = s.run("a", """
        sf_offset = 1
        def sf_double(v, scale=2):
            return scale * v + sf_offset
    """)
    assert rerun.notices() == [], rerun.notices()
    s.expect("a function with identical code is the same", a=FRESH, b=FRESH)


def test_redefined_function_makes_callers_stale(s):
    s.run("a", "def rf_h(v):\n    return v + 1")
    s.run("b", "rf_r = rf_h(1)")
    s.run("c", "print(rf_r)")
    s.run("a", "def rf_h(v):\n    return v + 2")
    s.expect("b called the old rf_h", a=FRESH, b=STALE, c=DOWNSTREAM)
    assert s.reasons("b") == [("rf_h", "a")], s.reasons("b")


@pytest.mark.usefixtures("order_any")   # a later cell changes what an earlier one read
def test_function_redefined_in_another_cell(s):
    s.run("a", "def ra_norm(v):\n    return abs(v)")
    s.run("b", "ra_r = ra_norm(-3)")
    s.run("c", "def ra_norm(v):\n    return -v")
    s.expect("the redefinition in c changed ra_norm for b", a=FRESH, b=STALE, c=FRESH)
    assert s.reasons("b") == [("ra_norm", "c")], s.reasons("b")


def test_redefining_a_function_that_was_not_called_changes_nothing(s):
    s.run("a", """
        def nc_used(v):
            return v + 1
        def nc_unused(v):
            return v - 1
    """)
    s.run("b", "nc_r = nc_used(1)")
    s.run("a", """
        def nc_used(v):
            return v + 1
        def nc_unused(v):
            return v - 100
    """)
    s.expect("b never called nc_unused", a=FRESH, b=FRESH)


@pytest.mark.usefixtures("order_any")   # a later cell changes what an earlier one read
def test_calls_several_levels_deep(s):
    s.run("a", "dl_G = 1")
    s.run("b", """
        def dl_1():
            return dl_G
        def dl_2():
            return dl_1() + 1
        def dl_3():
            return dl_2() * 2
    """)
    s.run("c", "dl_r = dl_3()")
    calls = [tuple(pair) for pair in s.cells()["c"]["calls"]]
    assert ("dl_3", "dl_2") in calls and ("dl_2", "dl_1") in calls, f"call graph of c: {calls}"
    s.run("a", "dl_G = 2")
    s.expect("dl_G is read three calls down", b=FRESH, c=STALE)
    assert s.reasons("c") == [("dl_G", "a")], s.reasons("c")
    s.run("c", "dl_r = dl_3()")
    s.run("d", "def dl_1():\n    return dl_G + 100")
    s.expect("redefining the innermost function makes the top caller stale", c=STALE)
    assert s.reasons("c") == [("dl_1", "d")], s.reasons("c")


def test_function_global_read_only_on_the_branch_taken(s):
    s.run("a", "br_a = 1\nbr_b = 2")
    s.run("b", "def br_pick(flag):\n    return br_a if flag else br_b")
    s.run("c", "br_r = br_pick(True)")
    s.run("a", "br_a = 1\nbr_b = 3")
    s.expect("br_pick(True) never read br_b", c=FRESH)
    s.run("a", "br_a = 5\nbr_b = 3")
    s.expect("br_pick(True) read br_a", c=STALE)


def test_recursive_function_reading_a_global(s):
    s.run("a", "rc_floor = 1")
    s.run("b", "def rc_fact(n):\n    return 1 if n <= rc_floor else n * rc_fact(n - 1)")
    s.run("c", "rc_r = rc_fact(20)")
    s.run("a", "rc_floor = 2")
    s.expect("every level of the recursion read rc_floor", c=STALE)


def test_function_defaults_flow_through_lineage(s):
    s.run("a", "fd_default = 3")
    s.run("b", "def fd_f(v=fd_default):\n    return v")
    s.run("c", "fd_r = fd_f()")
    s.run("a", "fd_default = 4")
    s.expect("the default was read when fd_f was defined: b is stale, c used an outdated fd_f",
             b=STALE, c=DOWNSTREAM)


def test_nested_function_defined_and_called_inside_a_function(s):
    s.run("a", "nf_unit = 'cm'")
    s.run("b", """
        def nf_label(v):
            def suffix():
                return nf_unit
            return f'{v} {suffix()}'
    """)
    s.run("c", "nf_r = nf_label(3)")
    s.run("a", "nf_unit = 'mm'")
    s.expect("the inner function read nf_unit during c's run", c=STALE)


# --- the seed example --------------------------------------------------------

SEED_CELLS = SEED_DEFINITIONS + [
    ("odd", "odd = g(23)\nodd"),
    ("even", "even = g(42)\neven"),
    ("both", "print(odd, even)"),
]


def run_seed(s):
    for name, code in SEED_CELLS:
        result = s.run(name, code)
    assert result.stdout == "46 126\n", f"the seed example computes g(23) = 46 and g(42) = 126: {result}"


def test_seed_g23_goes_stale_when_A_changes_not_g42(fresh):
    run_seed(fresh)
    fresh.run("ab", "A = 24\nB = 42")
    fresh.expect("g(23) goes through C.D, which reads A (directly and via f); g(42) never reads A",
                 ab=FRESH, f=FRESH, C=FRESH, g=FRESH, odd=STALE, even=FRESH, both=DOWNSTREAM)
    assert fresh.reasons("odd") == [("A", "ab")], fresh.reasons("odd")
    reads = fresh.cells()
    assert "B" not in reads["odd"]["reads"], reads["odd"]["reads"]
    assert "A" not in reads["even"]["reads"], reads["even"]["reads"]


def test_seed_g42_goes_stale_when_B_changes_not_g23(fresh):
    run_seed(fresh)
    fresh.run("ab", "A = 23\nB = 43")
    fresh.expect("g(42) goes through C.__init__, which reads B; g(23) never reads B",
                 ab=FRESH, odd=FRESH, even=STALE, both=DOWNSTREAM)
    assert fresh.reasons("even") == [("B", "ab")], fresh.reasons("even")


def test_seed_redefining_f_touches_only_g23(fresh):
    run_seed(fresh)
    fresh.run("f", "def f(x):\n    return x + A + 1")
    fresh.expect("only C.D.__init__ calls f, and only g(23) builds a C.D", odd=STALE, even=FRESH)
    assert fresh.reasons("odd") == [("f", "f")], fresh.reasons("odd")


# --- methods and classes -----------------------------------------------------

def test_method_reading_a_global(s):
    s.run("a", "me_rate = 0.5")
    s.run("b", """
        class me_Account:
            def __init__(self, v):
                self.v = v
            def interest(self):
                return self.v * me_rate
    """)
    s.run("c", "me_acct = me_Account(100)")
    s.run("d", "me_i = me_acct.interest()")
    s.run("a", "me_rate = 0.25")
    s.expect("the method read me_rate during d's run; building the instance did not",
             b=FRESH, c=FRESH, d=STALE)
    assert s.reasons("d") == [("me_rate", "a")], s.reasons("d")


def test_redefined_class_with_the_same_code_is_a_change(s):
    s.run("a", """
        class rc_Point:
            def __init__(self, x):
                self.x = x
            def norm(self):
                return abs(self.x)
    """)
    s.run("b", "rc_p = rc_Point(-2)")
    s.run("c", "rc_n = rc_p.norm()")
    s.run("a", """
        class rc_Point:
            def __init__(self, x):
                self.x = x
            def norm(self):
                return abs(self.x)
    """)
    s.expect("a class re-created is a different class: b used the old one, c an instance of it",
             a=FRESH, b=STALE, c=DOWNSTREAM)
    assert s.reasons("b") == [("rc_Point", "a")], s.reasons("b")


def test_classmethod_staticmethod_and_property_read_globals(s):
    s.run("a", "cp_limit = 10\ncp_scale = 2\ncp_unit = 'kg'")
    s.run("b", """
        class cp_Conf:
            @classmethod
            def limit(cls):
                return cp_limit
            @staticmethod
            def scaled(v):
                return v * cp_scale
            @property
            def unit(self):
                return cp_unit
    """)
    s.run("c1", "cp_l = cp_Conf.limit()")
    s.run("c2", "cp_s = cp_Conf.scaled(3)")
    s.run("c3", "cp_u = cp_Conf().unit")
    s.run("a", "cp_limit = 11\ncp_scale = 2\ncp_unit = 'kg'")
    s.expect("only the classmethod read cp_limit", c1=STALE, c2=FRESH, c3=FRESH)
    s.run("a", "cp_limit = 11\ncp_scale = 3\ncp_unit = 'g'")
    s.expect("the staticmethod read cp_scale, the property cp_unit", c1=STALE, c2=STALE, c3=STALE)


def test_inherited_method_reading_a_global(s):
    s.run("a", "ih_greeting = 'hello'")
    s.run("b", """
        class ih_Base:
            def greet(self):
                return ih_greeting
        class ih_Child(ih_Base):
            pass
    """)
    s.run("c", "ih_r = ih_Child().greet()")
    s.run("a", "ih_greeting = 'hi'")
    s.expect("the inherited method read ih_greeting", c=STALE)


# --- comprehensions, lambdas, closures, decorators, generators -----------------

def test_comprehensions_read_globals(s):
    s.run("a", "co_k = 3\nco_k2 = 1\nco_k3 = 2\nco_k4 = 5")
    s.run("list", "co_l = [i * co_k for i in range(3)]")
    s.run("dict", "co_d = {i: co_k2 for i in range(2)}")
    s.run("gen", "co_s = sum(i + co_k3 for i in range(3))")
    s.run("set", "co_t = {i % co_k4 for i in range(9)}")
    s.run("a", "co_k = 4\nco_k2 = 1\nco_k3 = 2\nco_k4 = 5")
    s.expect("only the list comprehension read co_k", list=STALE, dict=FRESH, gen=FRESH, set=FRESH)
    s.run("a", "co_k = 4\nco_k2 = 7\nco_k3 = 8\nco_k4 = 6")
    s.expect("each comprehension read its own global", list=STALE, dict=STALE, gen=STALE, set=STALE)


def test_comprehension_inside_a_function(s):
    s.run("a", "cf_g = 1")
    s.run("b", "def cf_f():\n    return [x + cf_g for x in range(2)]")
    s.run("c", "cf_r = cf_f()")
    s.run("a", "cf_g = 2")
    s.expect("the comprehension in cf_f read cf_g", c=STALE)


def test_lambda_reads_globals_when_called(s):
    s.run("a", "la_off = 1\nla_sign = -1")
    s.run("b", "la_add = lambda v: v + la_off")
    s.run("c", "la_r = la_add(1)")
    s.run("d", "la_sorted = sorted([3, 1, 2], key=lambda v: v * la_sign)")
    s.run("b", "la_add = lambda v: v + la_off")
    s.expect("the same lambda code re-run is the same function", b=FRESH, c=FRESH)
    s.run("a", "la_off = 2\nla_sign = -1")
    s.expect("la_add read la_off when c called it", b=FRESH, c=STALE, d=FRESH)
    s.run("a", "la_off = 2\nla_sign = 1")
    s.expect("the sort key read la_sign", d=STALE)


def test_closure(s):
    s.run("a", "cl_g = 100")
    s.run("b", """
        def cl_make(n):
            def add(v):
                return v + n + cl_g
            return add
    """)
    s.run("c", "cl_add5 = cl_make(5)")
    s.run("d", "cl_r = cl_add5(1)")
    s.run("a", "cl_g = 200")
    s.expect("the closure read cl_g when d called it; making it did not", c=FRESH, d=STALE)
    s.run("d", "cl_r = cl_add5(1)")
    s.run("c", "cl_add5 = cl_make(5)")
    s.expect("same code and equal closure values: the same function", c=FRESH, d=FRESH)
    s.run("c", "cl_add5 = cl_make(6)")
    s.expect("another closure value: another function", d=STALE)
    assert s.reasons("d") == [("cl_add5", "c")], s.reasons("d")


def test_lru_cache_decorated_function(s):
    s.run("a", "lc_base = 10")
    s.run("b", """
        import functools
        @functools.lru_cache(maxsize=None)
        def lc_f(v):
            return v + lc_base
    """)
    s.run("c", "lc_r = lc_f(1)")
    info = s.run("info", "print(lc_f.cache_info().misses, lc_f.__name__)")
    assert info.stdout == "1 lc_f\n", f"lru_cache must keep working on a tracked function: {info.stdout!r}"
    s.run("a", "lc_base = 20")
    s.expect("c's call ran the cached function's body, which read lc_base", c=STALE)


def test_function_decorated_with_functools_wraps(s):
    s.run("a", "dw_factor = 2\ndw_add = 1")
    s.run("b", """
        import functools
        def dw_scaled(fn):
            @functools.wraps(fn)
            def wrapper(*args):
                return fn(*args) * dw_factor
            return wrapper
        @dw_scaled
        def dw_f(v):
            return v + dw_add
    """)
    s.run("c", "dw_r = dw_f(1)")
    assert s.run("name", "print(dw_f.__name__, dw_f.__wrapped__(1))").stdout == "dw_f 2\n"
    s.run("a", "dw_factor = 2\ndw_add = 5")
    s.expect("the decorated body read dw_add", c=STALE)
    s.run("c", "dw_r = dw_f(1)")
    s.run("a", "dw_factor = 3\ndw_add = 5")
    s.expect("the wrapper read dw_factor", c=STALE)


def test_generator_created_in_one_cell_consumed_in_a_later_one(s):
    s.run("a", "ge_base = 10")
    s.run("b", """
        def ge_numbers():
            for i in range(3):
                yield i + ge_base
    """)
    s.run("c", "ge_it = ge_numbers()")
    s.run("d", "ge_total = sum(ge_it)")
    assert s.run("show", "print(ge_total)").stdout == "33\n"
    s.run("a", "ge_base = 20")
    s.expect("the generator's body ran, and read ge_base, while d consumed it",
             c=FRESH, d=STALE, show=DOWNSTREAM)
    assert s.reasons("d") == [("ge_base", "a")], s.reasons("d")


# --- writes that bypass assignment statements ------------------------------------

@pytest.mark.usefixtures("order_any")   # a later cell changes what an earlier one read
def test_global_statement_write_inside_a_function(s):
    s.run("a", "gw_level = 1")
    s.run("b", """
        def gw_set(v):
            global gw_level
            gw_level = v
    """)
    s.run("c", "print(gw_level)")
    s.run("d", "gw_set(7)")
    s.expect("gw_set rebound gw_level during d's run", a=FRESH, b=FRESH, c=STALE, d=FRESH)
    assert s.reasons("c") == [("gw_level", "d")], s.reasons("c")
    assert "gw_level" in s.cells()["d"]["writes"], s.cells()["d"]["writes"]
    s.run("c", "print(gw_level)")
    s.run("d", "gw_set(7)")
    s.expect("the same value again changes nothing", c=FRESH)


def test_global_statement_creating_a_new_name(s):
    s.run("a", """
        def gn_make():
            global gn_new
            gn_new = [1, 2, 3, object()]   # a new object each call: a new value
    """)
    s.run("b", "gn_make()")
    s.run("c", "gn_len = len(gn_new)")
    cells = s.cells()
    assert s.id("b") in cells["c"]["upstream"], f"gn_new came from b: upstream={cells['c']['upstream']}"
    s.run("b", "gn_make()")
    s.expect("b re-created the list", c=STALE)


@pytest.mark.usefixtures("order_any")   # a later cell changes what an earlier one read
def test_del_makes_readers_stale(s):
    s.run("a", "de_v = 1")
    s.run("b", "print(de_v)")
    s.run("c", "del de_v")
    s.expect("de_v was deleted by c", a=FRESH, b=STALE, c=FRESH)
    assert s.reasons("b") == [("de_v", "c")], s.reasons("b")
    assert "de_v" in s.cells()["c"]["writes"], "a deletion is a write"


def test_globals_subscript_read(s):
    s.run("a", "gs_x = 5")
    s.run("b", "gs_y = globals()['gs_x'] * 2")
    s.run("a", "gs_x = 6")
    s.expect("globals()['gs_x'] is a read of gs_x", b=STALE)


@pytest.mark.usefixtures("order_any")   # a later cell changes what an earlier one read
def test_globals_subscript_write(s):
    s.run("a", "globals()['gsw_x'] = 1")
    s.run("b", "print(gsw_x)")
    s.run("c", "globals()['gsw_x'] = 2")
    s.expect("globals()[...] = ... is a write", a=FRESH, b=STALE, c=FRESH)
    assert s.reasons("b") == [("gsw_x", "c")], s.reasons("b")


def test_eval_at_top_level(s):
    s.run("a", "ev_t = 10")
    s.run("b", "ev_r = eval('ev_t * 2')")
    s.run("a", "ev_t = 11")
    s.expect("eval read ev_t", b=STALE)


def test_eval_inside_a_function(s):
    s.run("a", "ef_t = 10")
    s.run("b", "def ef_get():\n    return eval('ef_t + 1')")
    s.run("c", "ef_r = ef_get()")
    s.run("a", "ef_t = 11")
    s.expect("eval inside a notebook function looked ef_t up in the namespace during c's run", c=STALE)


def test_exec_reads_and_writes(s):
    s.run("a", "ex_src = 3")
    s.run("b", "exec('ex_out = ex_src + 1')")
    s.run("c", "print(ex_out)")
    s.run("a", "ex_src = 4")
    s.expect("exec read ex_src and bound ex_out", b=STALE, c=DOWNSTREAM)


# --- imports -----------------------------------------------------------------

def test_reimport_is_no_change(s):
    s.run("a", "import math as im_m\nfrom os import path as im_path")
    s.run("b", "im_r = im_m.sqrt(16), im_path.join('x', 'y')")
    rerun = s.run("a", "import math as im_m\nfrom os import path as im_path")
    assert rerun.notices() == [], rerun.notices()
    s.expect("a module re-imported from sys.modules is the identical object", a=FRESH, b=FRESH)
    assert "im_m" in s.cells()["a"]["writes"], "an import binds a name"


def test_import_rebinding_a_name_to_another_module(s):
    s.run("a", "import json as ir_codec")
    s.run("b", "ir_s = ir_codec.dumps([1])")
    s.run("a", "import pickle as ir_codec")
    s.expect("ir_codec is another module now", b=STALE)
    assert s.reasons("b") == [("ir_codec", "a")], s.reasons("b")


@pytest.mark.usefixtures("order_any")   # a later cell changes what an earlier one read
def test_star_imports(s):
    s.run("a", "from math import *")
    s.run("b", "st_r = floor(pi)")
    s.run("c", "st_q = sqrt(16.0)")
    s.run("a", "from math import *")
    s.expect("the same star import binds the same objects", b=FRESH, c=FRESH)
    s.run("d", "from cmath import *")
    s.expect("cmath rebinds sqrt to another function; its pi is an equal float; it has no floor",
             b=FRESH, c=STALE)
    assert s.reasons("c") == [("sqrt", "d")], s.reasons("c")


# --- errors, identity, forgetting ----------------------------------------------

def test_exception_part_way_keeps_the_partial_record(s):
    s.run("a", "ep_src = 1")
    s.run("b", """
        ep_first = ep_src + 1
        raise ValueError('boom')
        ep_second = 2
    """, expect_error="ValueError")
    s.run("c", "print(ep_first)")
    assert s.id("b") in s.cells()["c"]["upstream"], "ep_first was bound by b before the error"
    s.run("d", "ep_second", expect_error="NameError")
    s.run("a", "ep_src = 2")
    s.expect("b read ep_src before raising; c uses what b computed", b=STALE, c=DOWNSTREAM)


def test_exception_inside_a_called_function_keeps_its_reads(s):
    s.run("a", "ef2_limit = 3")
    s.run("b", """
        def ef2_check(v):
            if v > ef2_limit:
                raise ValueError(f'{v} > {ef2_limit}')
            return v
    """)
    s.run("c", "ef2_ok = ef2_check(1)\nef2_bad = ef2_check(10)", expect_error="ValueError")
    s.run("a", "ef2_limit = 30")
    s.expect("the failing call read ef2_limit before it raised", c=STALE)


def test_deleted_cells_are_forgotten(s):
    s.run("a", "dc_x = 1")
    s.run("b", "print(dc_x)")
    s.run("c", "print(dc_x + 1)")
    b_count = s.n("b")
    change = s.run("a", "dc_x = 2", metadata={"deletedCells": [s.id("b")]})
    cells = s.cells()
    assert "b" not in cells, "a deleted cell must be forgotten"
    s.expect("c still reads dc_x", a=FRESH, c=STALE)
    assert all(f"[{b_count}]" not in text for text in change.notices()), (
        f"the notice names a deleted cell: {change.notices()}")


@pytest.mark.usefixtures("order_any")   # a later cell changes what an earlier one read
def test_cells_without_cell_id_are_identified_by_code(s):
    s.run("x1", "ni_x = 1", with_id=False)
    s.run("reader", "ni_y = ni_x * 3", with_id=False)
    s.run("x2", "ni_x = 2", with_id=False)
    # New code that binds again every name x1 bound is x1 edited: x1 is gone.
    s.expect("other code is another cell; it rebound ni_x", reader=STALE, x2=FRESH)
    assert "x1" not in s.cells(), s.cells()
    count = len(state(s.nb)["cells"])
    s.run("reader", "ni_y = ni_x * 3", with_id=False)
    assert len(state(s.nb)["cells"]) == count, "the same code again must be the same cell, not a new one"
    s.expect("re-running the reader's code re-ran the reader", reader=FRESH)


def test_rerunning_a_whole_notebook_unchanged_gives_no_notice(s):
    cells = [("a", "wn_a = 1\nwn_b = 'x'"),
             ("b", "def wn_f(v):\n    return v + wn_a"),
             ("c", "wn_c = wn_f(2)"),
             ("d", "wn_d = (wn_c, wn_b)"),
             ("e", "print(wn_d)")]
    for name, code in cells:
        s.run(name, code)
    for name, code in cells:
        notices = s.run(name, code).notices()
        assert notices == [], f"cell {name} re-run unchanged gave notices: {notices}"
    s.expect("nothing changed", a=FRESH, b=FRESH, c=FRESH, d=FRESH, e=FRESH)


# --- lineage -------------------------------------------------------------------

def test_lineage_df_and_n(s):
    s.run("path", "ln_path = 'data.csv'")
    s.run("names", "ln_names = ('x', 'y')")
    s.run("load", "def ln_load(p):\n    return {'source': p, 'rows': [1, 2, 3]}")
    s.run("both", "ln_df = ln_load(ln_path)\nln_n = len(ln_names)")
    s.run("uses_df", "ln_rows = len(ln_df['rows'])")
    s.run("uses_n", "print(ln_n)")
    s.run("path", "ln_path = 'other.csv'")
    s.expect("ln_df was computed from ln_path, ln_n was not: one stale cell does not taint all it wrote",
             both=STALE, uses_df=DOWNSTREAM, uses_n=FRESH)


def test_lineage_through_names_bound_earlier_in_the_same_run(s):
    s.run("a", "lt_src = 2\nlt_k = 7")
    s.run("b", "lt_tmp = lt_src * 2\nlt_out = lt_tmp + 1\nlt_other = lt_k")
    s.run("uses_out", "print(lt_out)")
    s.run("uses_other", "print(lt_other)")
    s.run("a", "lt_src = 3\nlt_k = 7")
    s.expect("lt_out's inputs are lt_tmp's inputs (lt_src); lt_other's are lt_k",
             b=STALE, uses_out=DOWNSTREAM, uses_other=FRESH)


def test_rerun_upstream_changing_one_of_two_names(s):
    s.run("a", "dr_x = 1")
    s.run("b", "dr_y = dr_x + 1\ndr_label = 'y'")
    s.run("c", "print(dr_y, dr_label)")
    s.run("a", "dr_x = 2")
    s.expect("before", b=STALE, c=DOWNSTREAM)
    s.run("b", "dr_y = dr_x + 1\ndr_label = 'y'")
    s.expect("dr_y changed (stale), dr_label kept its version", b=FRESH, c=STALE)
    assert s.reasons("c") == [("dr_y", "b")], s.reasons("c")


def test_async_cell_awaits_a_notebook_coroutine(s):
    s.run("a", "as_v = 1")
    s.run("b", "async def as_get():\n    return as_v")
    s.run("c", "as_r = await as_get()")
    assert s.run("show", "print(as_r)").stdout == "1\n"
    s.run("a", "as_v = 2")
    s.expect("the coroutine read as_v while c awaited it", c=STALE, show=DOWNSTREAM)


def test_deps_queries_in_between_change_nothing(s):
    s.run("a", "dq_x = 1")
    s.run("b", "dq_y = dq_x")
    for args in ("", "--all", "--stale", "--json"):
        s.nb.run(f"%deps {args}".strip(), cell="query")
    s.run("a", "dq_x = 2")
    s.expect("the %deps cell is not a cell of the graph", b=STALE)
    query_id = s.nb.cell_id("query")
    assert all(entry["id"] != query_id for entry in state(s.nb)["cells"]), "a %deps execution was recorded"


def test_rerun_order_puts_upstream_cells_first(s):
    s.run("a", "ro_x = 1")
    s.run("d", "def ro_twice(v):\n    return 2 * v")
    s.run("b", "ro_y = ro_twice(ro_x)")
    s.run("c", "ro_z = ro_y + 1")
    s.run("e", "print(ro_z, ro_y)")
    s.run("a", "ro_x = 2")
    ids = {s.id(name): name for name in ("a", "b", "c", "d", "e")}
    order = [ids[i] for i in state(s.nb).get("rerun_order", []) if i in ids]
    assert order == ["b", "c", "e"], f"stale cells re-run in dependency order: {order}"


def test_class_body_reads_globals(s):
    s.run("a", "cb_default = 1")
    s.run("b", """
        class cb_Settings:
            level = cb_default
    """)
    s.run("c", "print(cb_Settings.level)")
    assert "cb_default" in s.cells()["b"]["reads"], "the class body read cb_default while the cell ran"
    s.run("a", "cb_default = 2")
    s.expect("the class body read cb_default: b is stale, c uses the class built from it",
             b=STALE, c=DOWNSTREAM)


@pytest.mark.usefixtures("order_any")   # a later cell changes what an earlier one read
def test_walrus_in_a_top_level_comprehension_is_a_write(s):
    s.run("a", "wl_last = 0")
    s.run("b", "print(wl_last)")
    s.run("c", "wl_squares = [wl_last := v * v for v in range(4)]")
    assert "wl_last" in s.cells()["c"]["writes"], "the comprehension bound wl_last in the notebook's namespace"
    s.expect("c rebound wl_last (to 9) from inside its comprehension", b=STALE, c=FRESH)


def test_code_run_by_magics_is_tracked(s):
    s.run("a", "mg_t = 1\nmg_l = 1\nmg_c = 1")
    s.run("cell_magic", "%%time\nmg_t2 = mg_t + 1")
    s.run("line_magic", "%time mg_l2 = mg_l + 1")
    s.run("capture", "%%capture mg_out\nprint(mg_c)")
    s.run("a", "mg_t = 2\nmg_l = 1\nmg_c = 1")
    s.expect("%%time ran its body in the notebook's namespace", cell_magic=STALE, line_magic=FRESH, capture=FRESH)
    s.run("a", "mg_t = 2\nmg_l = 2\nmg_c = 2")
    s.expect("%time and %%capture did too", line_magic=STALE, capture=STALE)
