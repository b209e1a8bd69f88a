"""The edge rules of staleness (docs/semantics.md, "Edge rules") over the real
protocol: cells with cellIds, then the statuses and reasons of
`%deps --all --json`.
"""

import pytest

from scenario_helpers import Scenario, state

# Scenarios in which a cell run later changes what an earlier cell read: the
# order-free rule (docs/semantics.md, Notebook order); the notebook-order
# variants are in test_notebook_order.py.
pytestmark = pytest.mark.usefixtures("order_any")

FRESH, STALE, DOWNSTREAM = "fresh", "stale", "downstream"


def reasons_of(s, name):
    """The cell's reasons as the state JSON gives them, `changed_by` and
    `bound_by` turned into the scenario's local cell names."""
    names = {}
    for entry in state(s.nb)["cells"]:
        names[entry["id"]] = s.name_of(entry["id"], entry.get("execution_count")) or entry["id"]
    out = []
    for r in s.cells()[name]["reasons"]:
        out.append({"symbol": r["symbol"], "kind": r["kind"],
                    "changed_by": names.get(r.get("changed_by"), r.get("changed_by")),
                    "bound_by": names.get(r.get("bound_by"), r.get("bound_by"))})
    return out


# --- a value's consumer cannot make it outdated -------------------------------

def test_self_updating_name_leaves_the_updating_cell_fresh(s):
    s.run("one", "su_x = 1")
    s.run("two", "su_x = su_x + 1")
    s.run("one", "su_x = su_x * 10")
    s.expect("[2]'s su_x was read by [1]'s change: [1] is not downstream of its own change; "
             "[2] read the su_x that [1] replaced", one=FRESH, two=STALE)
    assert reasons_of(s, "two") == [{"symbol": "su_x", "kind": "stale", "changed_by": "one", "bound_by": "one"}]
    s.run("two", "su_x = su_x + 1")
    s.expect("the latest to run is fresh: no cycle of re-runs", one=STALE, two=FRESH)


def test_consumer_of_an_argsort_does_not_outdate_it(s):
    s.run("data", "ca_x = [30, 10, 20]\nca_y = ['c', 'a', 'b']")
    s.run("three", "ca_inds = sorted(range(3), key=lambda i: ca_x[i])")
    s.run("four", "ca_x = [ca_x[i] for i in ca_inds]")
    s.run("five", "ca_y = [ca_y[i] for i in ca_inds]")
    s.expect("[4] and [5] consumed ca_inds; [3] read the ca_x that [4] replaced",
             data=FRESH, three=STALE, four=FRESH, five=FRESH)
    assert reasons_of(s, "three") == [{"symbol": "ca_x", "kind": "stale", "changed_by": "four", "bound_by": "data"}]
    assert s.reasons("four") == [] and s.reasons("five") == []


def test_consumer_through_a_computed_value(s):
    s.run("data", "ct_x = [3, 1, 2]")
    s.run("order", "ct_inds = sorted(range(3), key=lambda i: ct_x[i])")
    s.run("reverse", "ct_perm = ct_inds[::-1]")
    s.run("apply", "ct_x = [ct_x[i] for i in ct_perm]")
    s.run("reader", "print(ct_inds)")
    s.expect("[apply] read ct_inds through ct_perm: neither is outdated by its change",
             order=STALE, reverse=FRESH, apply=FRESH, reader=FRESH)


def test_a_change_by_a_cell_that_did_not_read_the_value_still_outdates_it(s):
    s.run("data", "cn_x = [3, 1, 2]")
    s.run("order", "cn_inds = sorted(range(3), key=lambda i: cn_x[i])")
    s.run("apply", "cn_x = [cn_x[i] for i in cn_inds]")
    s.run("reader", "print(cn_inds)")
    s.run("load", "cn_x = [9, 8, 7]")
    s.expect("[load] did not read cn_inds: the cn_inds computed from the old cn_x is outdated",
             order=STALE, apply=STALE, reader=DOWNSTREAM)
    assert reasons_of(s, "reader") == [
        {"symbol": "cn_inds", "kind": "downstream", "changed_by": "load", "bound_by": "order"}]


def test_cells_feeding_each_other_settle(s):
    s.run("seed", "cf_a = 1")
    s.run("fb", "cf_b = cf_a + 1")
    s.run("ga", "cf_a = cf_b * 2")
    s.expect("ga consumed cf_b: it is fresh, fb read the cf_a ga replaced", fb=STALE, ga=FRESH)
    s.run("fb", "cf_b = cf_a + 1")
    s.expect("and the other way round", fb=FRESH, ga=STALE)


# --- the other edge rules --------------------------------------------------------

def test_net_change_per_name_decides_the_version(s):
    s.run("inputs", "nc_p = 1\nnc_q = 2")
    s.run("twice", "nc_x = nc_p\nnc_x = nc_q * 10")
    s.run("reader", "print(nc_x)")
    s.run("inputs", "nc_p = 5\nnc_q = 2")
    s.expect("nc_x's inputs are those of the last statement that bound it (nc_q)",
             twice=STALE, reader=FRESH)


def test_bound_twice_ending_with_the_value_it_had_keeps_the_version(s):
    s.run("a", "nb_x = 20")
    s.run("reader", "print(nb_x)")
    s.run("back", "nb_x = 0\nnb_x = 20")
    s.expect("bound twice, ending with the value it had: nothing changed for the reader", reader=FRESH)
    s.run("back", "nb_x = 0\nnb_x = 21")
    s.expect("bound twice, ending with another value: a change", reader=STALE)


def test_bound_again_to_the_object_it_changed_in_place_is_a_change(s):
    s.run("a", "ng_items = [1]")
    s.run("reader", "print(len(ng_items))")
    s.run("change", "ng_items.append(2)\nng_items = ng_items")
    s.expect("the run changed the list in place, then bound the same list again", reader=STALE)


def test_any_rebinding_by_another_cell_counts_not_only_the_latest(s):
    s.run("a", "ar_x = 1")
    s.run("reader", "print(ar_x)")
    s.run("b", "ar_x = 2")
    s.run("reader_rebinds", "ar_y = 0")
    s.run("a", "ar_x = 1")
    s.expect("ar_x is back to a's value, but b rebound it after the reader read it", reader=STALE)
    assert s.reasons("reader") == [("ar_x", "b")]


def test_same_value_keeps_the_version_with_the_new_inputs_and_binder(s):
    s.run("a", "sk_p = 1\nsk_q = 1")
    s.run("b", "sk_x = sk_p * 2")
    s.run("reader", "print(sk_x)")
    s.run("c", "sk_x = sk_q + 1")
    s.expect("sk_x is the same value (2): the version stays", reader=FRESH)
    assert s.cells()["reader"]["read_versions"][0]["bound_by"] == s.id("c"), "its binder is now c"
    s.run("a", "sk_p = 7\nsk_q = 1")
    s.expect("sk_p is no longer an input of sk_x", reader=FRESH)
    s.run("times_one", "sk_x = sk_x * 1")
    s.expect("x = x * 1 keeps the version and never takes itself as an input", reader=FRESH, times_one=FRESH)


def test_read_after_the_runs_own_global_write_is_an_own_read(s):
    s.run("a", "ow_g = 1")
    s.run("b", """
        def ow_set():
            global ow_g
            ow_g = 2
        ow_set()
        ow_h = ow_g + 1
        globals()['ow_k'] = 5
        ow_m = ow_k * 2
    """)
    reads = s.cells()["b"]["reads"]
    assert "ow_g" not in reads and "ow_k" not in reads, reads
    s.run("a", "ow_g = 1")
    s.expect("b read only the ow_g it bound itself", b=FRESH)


def test_reads_in_a_class_body_are_reads_of_the_cell(s):
    s.run("a", "rc_level = 1")
    s.run("b", "class rc_C:\n    level = rc_level")
    s.run("a", "rc_level = 2")
    s.expect("the class body read rc_level while the cell ran", b=STALE)


def test_containers_past_the_size_bound_are_different(s):
    s.run("a", "cs_small = tuple(range(64))\ncs_big = list(range(100001))")
    s.run("b", "print(cs_small, len(cs_big))")
    s.run("a", "cs_small = tuple(range(64))\ncs_big = list(range(100001))")
    cells = s.cells()
    s.expect("a 64-item tuple of ints is the same; a list past the bound (100,000 items) is different", b=STALE)
    assert s.reasons("b") == [("cs_big", "a")], cells["b"]["reasons"]
