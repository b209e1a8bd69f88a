// Notebook order: a change by a cell below never makes a cell above stale or
// downstream; a read of a value bound below is told; positions and the rule
// re-judge every status (docs/semantics.md, Notebook order).

#include "tracker_test_fixture.hpp"

namespace xdeps_test
{
    class notebook_order_test : public tracker_test
    {
    protected:

        // Reasons with "(below)" marking reads from a cell below.
        std::string order_reasons(const std::string& cell) const
        {
            std::string out = reasons(cell);
            for (const xdeps::reason& r : t.reasons(cell))
            {
                out += r.below ? " (below " + r.bound_by + ")" : "";
            }
            return out;
        }

        void expect_consistent()
        {
            EXPECT_EQ(t.self_check(), "");
        }
    };

    // Without positions, cells are placed in first-run order; notebook order is the default.
    TEST_F(notebook_order_test, first_run_order_places_cells_by_default)
    {
        run("a", {stmt().writes({"x"})});
        run("b", {stmt().reads({"x"})});
        run("a", {stmt().writes({"x"})});
        EXPECT_EQ(t.order(), xdeps::order_mode::notebook);
        EXPECT_EQ(t.position("a"), 0);
        EXPECT_EQ(t.position("b"), 1);
        EXPECT_EQ(t.position("zzz"), -1);
    }

    // A linear run that reuses names (x, a function, a DataFrame-like value) makes nothing stale.
    TEST_F(notebook_order_test, linear_run_reusing_names_raises_nothing)
    {
        EXPECT_EQ(changes(run("a", {stmt().writes({"x", "f"})})), "");
        EXPECT_EQ(changes(run("b", {stmt().reads({"x"}).reads({"f"}).calls("", "f").reads({"x"}, "f").writes({"y"})})), "");
        EXPECT_EQ(changes(run("c", {stmt().writes({"x", "f"})})), "");
        EXPECT_EQ(changes(run("d", {stmt().reads({"x", "y"}).writes({"z"})})), "");
        EXPECT_EQ(changes(run("e", {stmt().reads({"x"}).mutates({"x"})})), "");
        for (const char* cell : {"a", "b", "c", "d", "e"})
        {
            EXPECT_EQ(status(cell), "fresh") << cell;
        }
        EXPECT_EQ(join(t.rerun_order()), "");
        expect_consistent();
    }

    // Editing an upper cell flags the lower cells that read what it changed, and those downstream.
    TEST_F(notebook_order_test, editing_an_upper_cell_flags_lower_readers)
    {
        run("a", {stmt().writes({"x"}), stmt().writes({"w"})});
        run("b", {stmt().reads({"x"}).writes({"y"})});
        run("c", {stmt().reads({"y"})});
        run("d", {stmt().reads({"w"})});
        EXPECT_EQ(changes(run("a", {stmt().writes({"x"}), stmt().writes_same({"w"})})),
                  "b:fresh->stale, c:fresh->downstream");
        EXPECT_EQ(reasons("b"), "x<-a");
        EXPECT_EQ(reasons("c"), "y<-a/b");
        EXPECT_EQ(status("d"), "fresh");
        expect_consistent();
    }

    // Redefining a function in an upper cell flags its callers below; redefining it below does not.
    TEST_F(notebook_order_test, function_redefined_above_or_below)
    {
        run("a", {stmt().writes({"A"})});
        run("f", {stmt().writes({"f"})});
        run("r", {stmt().reads({"f"}).calls("", "f").reads({"A"}, "f").writes({"r"})});
        run("scratch", {stmt().writes({"f"})});
        EXPECT_EQ(status("r"), "fresh");
        run("a", {stmt().writes({"A"})});
        EXPECT_EQ(status("r"), "stale");
        EXPECT_EQ(reasons("r"), "A<-a via f");
        expect_consistent();
    }

    // A bottom cell that rebinds, mutates or deletes a name leaves the cells above fresh.
    TEST_F(notebook_order_test, scratch_cell_below_leaves_cells_above_fresh)
    {
        run("a", {stmt().writes({"df", "n"})});
        run("b", {stmt().reads({"df"}).writes({"m"})});
        run("c", {stmt().reads({"m"})});
        run("scratch", {stmt().writes({"df"})});
        run("scratch2", {stmt().reads({"n"}).mutates({"n"})});
        run("scratch3", {stmt().deletes({"m"})});
        for (const char* cell : {"a", "b", "c", "scratch", "scratch2", "scratch3"})
        {
            EXPECT_EQ(status(cell), "fresh") << cell;
        }
        expect_consistent();
    }

    // A version bound above is not outdated by a change below its binder, though a cell above reads it.
    TEST_F(notebook_order_test, lineage_ignores_changes_below_the_binder)
    {
        run("a", {stmt().writes({"x"})});
        run("b", {stmt().reads({"x"}).writes({"y"})});
        run("c", {stmt().writes({"x"})});
        run("d", {stmt().reads({"y"})});
        EXPECT_EQ(status("d"), "fresh");
        run("a", {stmt().writes({"x"})});
        EXPECT_EQ(status("b"), "stale");
        EXPECT_EQ(status("d"), "downstream");
        EXPECT_EQ(status("c"), "fresh");
        expect_consistent();
    }

    // Changes above still count after a change below: the walk passes the skipped binding.
    TEST_F(notebook_order_test, change_above_after_a_change_below_counts)
    {
        run("a", {stmt().writes({"x"})});
        run("b", {stmt().reads({"x"})});
        run("c", {stmt().writes({"x"})});
        EXPECT_EQ(status("b"), "fresh");
        EXPECT_EQ(changes(run("a", {stmt().writes({"x"})})), "b:fresh->stale");
        EXPECT_EQ(reasons("b"), "x<-a");
        expect_consistent();
    }

    // Editing a cell above the one whose binding a reader saw changes nothing for it: that binding shadows it.
    TEST_F(notebook_order_test, a_change_above_the_binder_read_is_shadowed)
    {
        run("a", {stmt().writes({"index"})});
        run("b", {stmt().reads({"index"}).writes({"p"})});
        run("c", {stmt().writes({"index"})});
        run("d", {stmt().reads({"index"})});
        run("e", {stmt().reads({"p"})});
        EXPECT_EQ(changes(run("a", {stmt().writes({"index"})})), "b:fresh->stale, e:fresh->downstream");
        EXPECT_EQ(status("d"), "fresh") << "d saw c's index, which a top-to-bottom run still binds";
        run("c", {stmt().writes({"index"})});
        EXPECT_EQ(status("d"), "stale") << "its own binder changed";
        expect_consistent();
    }

    // A cell that read a value bound by a cell below it is stale, with a reason that says so.
    TEST_F(notebook_order_test, read_from_a_cell_below_is_stale_with_its_reason)
    {
        t.set_positions({"top", "bottom"});
        run("bottom", {stmt().writes({"x"})});
        run("top", {stmt().reads({"x"})});
        EXPECT_EQ(status("top"), "stale");
        EXPECT_EQ(order_reasons("top"), "x<-bottom (below bottom)");
        nl::json reason = t.cell_json("top")["reasons"][0];
        EXPECT_EQ(reason["below"], true);
        EXPECT_EQ(reason["bound_by"], "bottom");
        EXPECT_EQ(t.cell_json("bottom")["reasons"].size(), 0u);
        expect_consistent();
    }

    // A value rebound the same by a cell above is not read from below.
    TEST_F(notebook_order_test, same_value_bound_above_is_not_read_from_below)
    {
        t.set_positions({"top", "reader", "bottom"});
        run("bottom", {stmt().writes({"np"})});
        run("top", {stmt().writes_same({"np"})});
        run("reader", {stmt().reads({"np"})});
        EXPECT_EQ(status("reader"), "fresh");
        expect_consistent();
    }

    // A change made outside any cell counts for every cell, wherever it stands.
    TEST_F(notebook_order_test, change_outside_any_cell_counts_everywhere)
    {
        run("a", {stmt().writes({"x"})});
        run("b", {stmt().reads({"x"})});
        run("c", {stmt().deletes({"x"})});
        EXPECT_EQ(status("b"), "fresh");
        run("d", {stmt().reads({"x"})});   // found bound again: a binding by no cell
        EXPECT_EQ(status("b"), "stale");
        EXPECT_EQ(reasons("b"), "x<-");
        expect_consistent();
    }

    // A positions message re-judges every status in the new order, and back.
    TEST_F(notebook_order_test, positions_rejudge_statuses)
    {
        run("a", {stmt().writes({"x"})});
        run("b", {stmt().reads({"x"}).writes({"y"})});
        run("d", {stmt().reads({"y"})});
        run("c", {stmt().writes({"x"})});
        EXPECT_EQ(status("b"), "fresh");
        EXPECT_EQ(changes(t.set_positions({"a", "c", "b", "d"})), "b:fresh->stale, d:fresh->downstream");
        EXPECT_EQ(reasons("b"), "x<-c");
        expect_consistent();
        EXPECT_EQ(changes(t.set_positions({"a", "b", "d", "c"})), "b:stale->fresh, d:downstream->fresh");
        expect_consistent();
        EXPECT_EQ(changes(t.set_positions({"a", "b", "markdown", "d", "c"})), "") << "same relative order";
    }

    // Moving a reader above the cell that bound its value makes it stale, with the below reason.
    TEST_F(notebook_order_test, moving_a_reader_above_its_binder)
    {
        run("a", {stmt().writes({"x"})});
        run("b", {stmt().reads({"x"})});
        EXPECT_EQ(changes(t.set_positions({"b", "a"})), "b:fresh->stale");
        EXPECT_EQ(order_reasons("b"), "x<-a (below a)");
        EXPECT_EQ(join(t.rerun_order()), "b");
        expect_consistent();
    }

    // Ids reported before they run keep their place; a cell never reported goes after the reported ones.
    TEST_F(notebook_order_test, reported_and_unreported_places)
    {
        t.set_positions({"a", "later", "b"});
        run("b", {stmt().writes({"x"})});
        run("new", {stmt().writes({"z"})});
        run("a", {stmt().reads({"x"})});
        run("later", {stmt().reads({"x"})});
        EXPECT_EQ(t.position("a"), 0);
        EXPECT_EQ(t.position("later"), 1);
        EXPECT_EQ(t.position("b"), 2);
        EXPECT_EQ(t.position("new"), 3);
        EXPECT_EQ(status("a"), "stale");
        EXPECT_EQ(status("later"), "stale");
        nl::json state = t.to_json();
        EXPECT_EQ(state["order"], "notebook");
        for (const nl::json& cell : state["cells"])
        {
            EXPECT_EQ(cell["position"], t.position(cell["id"].get<std::string>()));
        }
        expect_consistent();
    }

    // `any` order is the order-free rule: every change by another cell counts; `notebook` goes back.
    TEST_F(notebook_order_test, any_order_restores_the_order_free_rule)
    {
        run("a", {stmt().writes({"x"})});
        run("b", {stmt().reads({"x"}).writes({"y"})});
        run("c", {stmt().writes({"x"})});
        run("d", {stmt().reads({"y"})});
        EXPECT_EQ(changes(t.set_order(xdeps::order_mode::any)), "b:fresh->stale, d:fresh->downstream");
        EXPECT_EQ(reasons("b"), "x<-c");
        EXPECT_EQ(t.to_json()["order"], "any");
        expect_consistent();
        EXPECT_EQ(changes(t.set_order(xdeps::order_mode::notebook)), "b:stale->fresh, d:downstream->fresh");
        expect_consistent();
        EXPECT_EQ(changes(t.set_order(xdeps::order_mode::notebook)), "");
    }

    // Under `any`, a read from a cell below is not out of order, and positions change nothing.
    TEST_F(notebook_order_test, any_order_ignores_positions)
    {
        t.set_order(xdeps::order_mode::any);
        t.set_positions({"top", "bottom"});
        run("bottom", {stmt().writes({"x"})});
        run("top", {stmt().reads({"x"})});
        EXPECT_EQ(status("top"), "fresh");
        EXPECT_EQ(changes(t.set_positions({"bottom", "top"})), "");
        expect_consistent();
    }

    // Re-run order follows positions in notebook order, whatever the execution counts.
    TEST_F(notebook_order_test, rerun_order_follows_positions)
    {
        t.set_positions({"a", "c", "b", "d"});
        run("a", {stmt().writes({"x"})});
        run("b", {stmt().reads({"x"}).writes({"y"})});
        run("c", {stmt().reads({"x"})});
        run("d", {stmt().reads({"y"})});
        run("c", {stmt().reads({"x"})});
        run("a", {stmt().writes({"x"})});
        EXPECT_EQ(join(t.rerun_order()), "c,b,d");
        expect_consistent();
    }

    // Moving a consumer above the value it consumed applies the consumer rule, as a run would.
    TEST_F(notebook_order_test, reorder_applies_the_consumer_rule)
    {
        run("load", {stmt().writes({"x"})});
        run("sort", {stmt().reads({"x"}).writes({"inds"})});
        run("apply", {stmt().reads({"x", "inds"}).writes({"x"})});
        run("use", {stmt().reads({"inds"})});
        EXPECT_EQ(status("sort"), "fresh");
        t.set_positions({"load", "apply", "sort", "use"});
        EXPECT_EQ(status("sort"), "stale");
        EXPECT_EQ(status("use"), "fresh") << "inds was consumed by the change: not outdated";
        EXPECT_EQ(order_reasons("apply"), "inds<-sort (below sort)");
        expect_consistent();
    }

    // Positions that arrive while a cell runs are applied when the run ends.
    TEST_F(notebook_order_test, positions_during_a_run_apply_at_its_end)
    {
        run("a", {stmt().writes({"x"})});
        run("b", {stmt().reads({"x"})});
        start("c", {stmt().writes({"x"})});
        EXPECT_EQ(changes(t.set_positions({"a", "c", "b"})), "");
        EXPECT_EQ(changes(t.end_run()), "b:fresh->stale");
        expect_consistent();
    }

    // %reset forgets the cells but keeps the notebook's order and rule.
    TEST_F(notebook_order_test, reset_keeps_places_and_rule)
    {
        t.set_order(xdeps::order_mode::any);
        t.set_positions({"b", "a"});
        t.reset();
        EXPECT_EQ(t.order(), xdeps::order_mode::any);
        t.set_order(xdeps::order_mode::notebook);
        run("a", {stmt().writes({"x"})});
        run("b", {stmt().reads({"x"})});
        EXPECT_EQ(status("b"), "stale") << "b is above a";
    }
    // A cell without a cellId edited and re-run (a new cell replacing the old
    // one) takes the old one's place: a reader between them goes stale, as if
    // the upper cell had been edited in place.
    TEST_F(notebook_order_test, replacing_cell_takes_the_place_of_the_cell_it_replaces)
    {
        run("a1", {stmt().writes({"a"})});
        run("b", {stmt().reads({"a"}).writes({"b"})});
        run("d", {stmt().reads({"b"})});
        std::vector<xdeps::status_change> ran = run("a2", {stmt().writes({"a"})});
        EXPECT_EQ(changes(ran), "") << "at the bottom, its change is below every reader";
        t.replace_cell("a2", "a1", ran);
        EXPECT_EQ(changes(ran), "b:fresh->stale, d:fresh->downstream");
        EXPECT_FALSE(t.has_cell("a1"));
        EXPECT_EQ(t.position("a2"), 0);
        EXPECT_EQ(t.position("b"), 1);
        EXPECT_EQ(reasons("b"), "a<-a2");
        EXPECT_EQ(join(t.rerun_order()), "b,d");
        expect_consistent();
        // Replaced again, the place stays; a new cell still goes to the bottom.
        ran = run("a3", {stmt().writes({"a"})});
        t.replace_cell("a3", "a2", ran);
        EXPECT_EQ(t.position("a3"), 0);
        run("e", {stmt().writes({"e"})});
        EXPECT_EQ(t.position("e"), 3);
        expect_consistent();
    }

    // Replacing the cell just above it moves it past no cell: the run's own
    // changes stand, less the replaced cell's.
    TEST_F(notebook_order_test, replacing_the_cell_just_above_judges_nothing_again)
    {
        run("a", {stmt().writes({"a"})});
        run("b1", {stmt().reads({"a"}).writes({"b"})});
        std::vector<xdeps::status_change> ran = run("a", {stmt().writes({"a"})});
        EXPECT_EQ(changes(ran), "b1:fresh->stale");
        ran = run("b2", {stmt().reads({"a"}).writes({"b"})});
        t.replace_cell("b2", "b1", ran);
        EXPECT_EQ(changes(ran), "");
        EXPECT_EQ(t.position("b2"), 1);
        EXPECT_EQ(status("b2"), "fresh");
        EXPECT_EQ(join(t.non_fresh_cells()), "") << "b1 is forgotten";
        expect_consistent();
    }

    // Under the order-free rule the place changes no status; the replaced cell still goes.
    TEST_F(notebook_order_test, replacing_under_any_order_only_forgets)
    {
        t.set_order(xdeps::order_mode::any);
        run("a1", {stmt().writes({"a"})});
        run("b", {stmt().reads({"a"})});
        std::vector<xdeps::status_change> ran = run("a2", {stmt().writes({"a"})});
        EXPECT_EQ(changes(ran), "b:fresh->stale");
        t.replace_cell("a2", "a1", ran);
        EXPECT_EQ(changes(ran), "b:fresh->stale");
        EXPECT_EQ(t.position("a2"), 0);
        expect_consistent();
    }
}
