"""Lineage of multi-target assignments (docs/semantics.md, "Lineage") over the
real protocol: in `a, b = x + 2, y + 3` each target depends only on the names
its own element reads, so a change of `y` leaves readers of `a` fresh. Cells
with cellIds, then the statuses of `%deps --all --json`.
"""

import pytest

from scenario_helpers import Scenario  # noqa: F401  (the `s` fixture's type)

# Scenarios in which a cell run later changes what an earlier cell read: the
# order-free rule (docs/semantics.md, Notebook order); the notebook-order
# variants are in test_notebook_order.py.
pytestmark = pytest.mark.usefixtures("order_any")

FRESH, STALE, DOWNSTREAM = "fresh", "stale", "downstream"


def test_each_target_depends_on_its_own_element(s):
    s.run("data", "mt_x = 1\nmt_y = 2")
    s.run("pair", "mt_a, mt_b = mt_x + 2, mt_y + 3")
    s.run("uses_a", "print(mt_a)")
    s.run("uses_b", "print(mt_b)")
    s.run("edit_y", "mt_y = 20")
    s.expect("mt_a came from mt_x only", pair=STALE, uses_a=FRESH, uses_b=DOWNSTREAM)
    s.run("pair", "mt_a, mt_b = mt_x + 2, mt_y + 3")
    s.run("uses_a", "print(mt_a)")
    s.run("uses_b", "print(mt_b)")
    s.run("edit_x", "mt_x = 10")
    s.expect("and the other way round", pair=STALE, uses_a=DOWNSTREAM, uses_b=FRESH)


def test_a_call_in_an_element_keeps_all_the_inputs(s):
    s.run("data", "mc_x = 1\nmc_y = 2\ndef mc_f(v):\n    return v + mc_y")
    s.run("pair", "mc_a, mc_b = mc_f(mc_x), mc_y")
    s.run("uses_a", "print(mc_a)")
    s.run("edit_y", "mc_y = 20")
    s.expect("a call can read anything: mc_a's inputs include mc_y", pair=STALE, uses_a=DOWNSTREAM)


def test_a_builtin_call_is_conservative_too(s):
    s.run("data", "mb_x = [1]\nmb_y = 2")
    s.run("pair", "mb_a, mb_b = len(mb_x), mb_y")
    s.run("uses_a", "print(mb_a)")
    s.run("edit_y", "mb_y = 20")
    s.expect("only plain expressions are narrowed", uses_a=DOWNSTREAM)


def test_an_operator_of_a_notebook_class_widens_every_binding(s):
    s.run("data", """\
        mo_y = 2
        mo_z = 5
        class MoV:
            def __add__(self, other):
                return mo_z + other
        mo_x = MoV()
        """)
    s.run("pair", "mo_a, mo_b = mo_x + 1, mo_y")
    s.run("uses_a", "print(mo_a)")
    s.run("edit_z", "mo_z = 50")
    s.expect("__add__ read mo_z: mo_a depends on it", pair=STALE, uses_a=DOWNSTREAM)
    s.run("pair", "mo_a, mo_b = mo_x + 1, mo_y")
    s.run("uses_a", "print(mo_a)")
    s.run("edit_y", "mo_y = 20")
    s.expect("which element the method served cannot be told: every binding widens", uses_a=DOWNSTREAM)


def test_a_swap(s):
    s.run("data", "ms_p = 1\nms_q = 2")
    s.run("make", "ms_a = ms_p * 10\nms_b = ms_q * 10")
    s.run("swap", "ms_a, ms_b = ms_b, ms_a")
    s.run("uses_a", "print(ms_a)")
    s.run("uses_b", "print(ms_b)")
    s.run("edit_p", "ms_p = 100")
    s.expect("after the swap ms_b holds what came from ms_p", make=STALE, swap=DOWNSTREAM,
             uses_a=FRESH, uses_b=DOWNSTREAM)
    s.run("make", "ms_a = ms_p * 10\nms_b = ms_q * 10")
    s.run("swap", "ms_a, ms_b = ms_b, ms_a")
    s.run("uses_a", "print(ms_a)")
    s.run("uses_b", "print(ms_b)")
    s.run("edit_q", "ms_q = 200")
    s.expect("and ms_a what came from ms_q", uses_a=DOWNSTREAM, uses_b=FRESH)


def test_a_swap_within_one_cell(s):
    s.run("data", "mw_p = 1\nmw_q = 2")
    s.run("swap", "mw_a = mw_p\nmw_b = mw_q\nmw_a, mw_b = mw_b, mw_a")
    s.run("uses_a", "print(mw_a)")
    s.run("uses_b", "print(mw_b)")
    s.run("edit_p", "mw_p = 100")
    s.expect("names bound earlier in the cell bring their own inputs", swap=STALE,
             uses_a=FRESH, uses_b=DOWNSTREAM)


def test_a_list_target(s):
    s.run("data", "ml_x = 1\nml_y = 2")
    s.run("pair", "[ml_a, ml_b] = [ml_x, -ml_y]")
    s.run("uses_a", "print(ml_a)")
    s.run("uses_b", "print(ml_b)")
    s.run("edit_y", "ml_y = 20")
    s.expect("a list target is narrowed the same way", uses_a=FRESH, uses_b=DOWNSTREAM)


def test_an_element_with_a_subscript(s):
    s.run("data", "md_d = {'k': 1}\nmd_y = 2")
    s.run("pair", "md_a, md_b = md_d['k'], md_y")
    s.run("uses_a", "print(md_a)")
    s.run("uses_b", "print(md_b)")
    s.run("edit_y", "md_y = 20")
    s.expect("a subscript's root is its name", uses_a=FRESH, uses_b=DOWNSTREAM)
    s.run("edit_d", "md_d = {'k': 5}")
    s.expect("md_a came from md_d", uses_a=DOWNSTREAM, uses_b=DOWNSTREAM)


def test_a_starred_target_or_a_single_value_is_not_narrowed(s):
    s.run("data", "mn_x = 1\nmn_y = 2")
    s.run("starred", "mn_a, *mn_r = mn_x, mn_y")
    s.run("unpacked", "mn_c, mn_e = (mn_x, mn_y)[::-1]")
    s.run("uses_a", "print(mn_a)")
    s.run("uses_e", "print(mn_e)")
    s.run("edit_y", "mn_y = 20")
    s.expect("only element-by-element assignments are narrowed: mn_a and mn_e (from mn_x) keep mn_y",
             uses_a=DOWNSTREAM, uses_e=DOWNSTREAM)
