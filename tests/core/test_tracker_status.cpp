// Statuses of cells: stale, downstream, fresh (docs/semantics.md).

#include "tracker_test_fixture.hpp"

namespace xdeps_test
{
    using status_test = tracker_test;

    // A chain A -> B -> C: changing A makes its reader stale and the next one downstream.
    TEST_F(status_test, chain_of_three_cells)
    {
        run("a", {stmt().writes({"A"})});
        run("b", {stmt().reads({"A"}).writes({"B"})});
        run("c", {stmt().reads({"B"}).writes({"C"})});
        run("d", {stmt().reads({"C"})});
        ASSERT_EQ(status("c"), "fresh") << "nothing changed yet";

        auto changed = run("a", {stmt().writes({"A"})});

        EXPECT_EQ(changes(changed), "b:fresh->stale, c:fresh->downstream, d:fresh->downstream")
            << "a new A makes b stale and every cell fed by b's results downstream";
        EXPECT_EQ(reasons("b"), "A<-a") << "b read A, rebound by a";
        EXPECT_EQ(reasons("c"), "B<-a/b") << "c read B bound by b, outdated by a's change";
        EXPECT_EQ(reasons("d"), "C<-a/c") << "d read C bound by c, outdated through B by a's change";
    }

    // Re-running a cell that binds the same values changes nothing anywhere.
    TEST_F(status_test, same_value_rerun_invalidates_nothing)
    {
        run("a", {stmt().writes({"A"})});
        run("b", {stmt().reads({"A"}).writes({"B"})});
        run("c", {stmt().reads({"B"})});

        auto changed = run("a", {stmt().writes_same({"A"})});

        EXPECT_TRUE(changed.empty()) << "no cell changes status: " << changes(changed);
        EXPECT_EQ(status("b") + status("c"), "freshfresh") << "readers of the unchanged A stay fresh";
    }

    // Another cell binding the same value keeps readers fresh too.
    TEST_F(status_test, same_value_binding_by_another_cell)
    {
        run("a", {stmt().writes({"A"})});
        run("b", {stmt().reads({"A"})});
        run("c", {stmt().writes_same({"A"})});
        EXPECT_EQ(status("b"), "fresh") << "A = 23 elsewhere with the same value is no change";
    }

    // Reads inside a notebook function count, with the function in `via`.
    TEST_F(status_test, global_read_inside_function_reports_via)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("a", {stmt().writes({"A"})});
        run("f", {stmt().writes({"f"})});
        run("r", {stmt().calls("", "f").reads({"f"}).reads({"A"}, "f").writes({"r"})});

        auto changed = run("a2", {stmt().writes({"A"})});

        EXPECT_EQ(changes(changed), "r:fresh->stale") << "r called f, which read A";
        EXPECT_EQ(reasons("r"), "A<-a2 via f") << "the reason names the function through which A was read";
    }

    // A top-level read of a name wins over a read via a function for `via`.
    TEST_F(status_test, top_level_read_wins_for_via)
    {
        run("a", {stmt().writes({"A"})});
        run("r", {stmt().reads({"A"}, "f"), stmt().reads({"A"})});
        run("a", {stmt().writes({"A"})});
        EXPECT_EQ(reasons("r"), "A<-a") << "r read A itself as well, so no via";
    }

    // Redefining a function a cell called makes the cell stale; same code does not.
    TEST_F(status_test, redefined_function_makes_callers_stale)
    {
        run("def_f", {stmt().writes({"f"})});
        run("use", {stmt().reads({"f"}).calls("", "f")});

        run("def_f", {stmt().writes_same({"f"})});
        ASSERT_EQ(status("use"), "fresh") << "same bytecode, constants and defaults: same version";

        auto changed = run("def_f", {stmt().writes({"f"})});
        EXPECT_EQ(changes(changed), "use:fresh->stale") << "a different body is a new version of f";
        EXPECT_EQ(reasons("use"), "f<-def_f") << "the reason is the name f itself";
    }

    // The seed example: g(23) and g(42) read different globals, only those count.
    TEST_F(status_test, seed_g23_and_g42_depend_on_different_globals)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("defs", {stmt().writes({"A"}), stmt().writes({"B"}), stmt().writes({"f"}),
                     stmt().writes({"C"}), stmt().writes({"g"})});
        run("g23", {stmt().reads({"g"}).calls("", "g").reads({"C"}, "g").calls("g", "C.D.__init__")
                        .reads({"f"}, "C.D.__init__").calls("C.D.__init__", "f").reads({"A"}, "f")
                        .calls("g", "C.D.m").reads({"A"}, "C.D.m")});
        run("g42", {stmt().reads({"g"}).calls("", "g").reads({"C"}, "g").calls("g", "C.__init__")
                        .reads({"B"}, "C.__init__").calls("g", "C.m")});

        auto after_a = run("set_a", {stmt().writes({"A"})});
        EXPECT_EQ(changes(after_a), "g23:fresh->stale") << "only g(23) read A (in f and C.D.m)";
        EXPECT_EQ(reasons("g23"), "A<-set_a via f") << "first read of A was in f";

        auto after_b = run("set_b", {stmt().writes({"B"})});
        EXPECT_EQ(changes(after_b), "g42:fresh->stale") << "only g(42) read B (in C.__init__)";
        EXPECT_EQ(reasons("g42"), "B<-set_b via C.__init__") << "B was read by C.__init__";
    }

    // x = x + 1 re-run: a cell's own writes never make it stale.
    TEST_F(status_test, increment_cell_is_fresh_after_rerun)
    {
        run("init", {stmt().writes({"x"})});
        run("inc", {stmt().reads({"x"}).writes({"x"})});
        auto changed = run("inc", {stmt().reads({"x"}).writes({"x"})});
        EXPECT_EQ(status("inc"), "fresh") << "inc rebinding the x it read is its own write";
        EXPECT_TRUE(changed.empty()) << "init only wrote x: nothing to report, got " << changes(changed);
    }

    // After x = x + 1, another cell rebinding x makes the increment cell stale.
    TEST_F(status_test, increment_cell_is_stale_when_another_cell_rebinds_its_input)
    {
        run("init", {stmt().writes({"x"})});
        run("inc", {stmt().reads({"x"}).writes({"x"})});
        auto changed = run("init", {stmt().writes({"x"})});
        EXPECT_EQ(changes(changed), "inc:fresh->stale") << "x was rebound by init since inc ran";
        EXPECT_EQ(reasons("inc"), "x<-init") << "the change after inc's own write is init's";
    }

    // Reading a name, then rebinding it in a later statement, then a foreign rebind.
    TEST_F(status_test, read_then_own_rebind_then_foreign_rebind)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("src", {stmt().writes({"x"})});
        run("mix", {stmt().reads({"x"}).writes({"y"}), stmt().writes({"x"})});
        run("use_y", {stmt().reads({"y"})});
        ASSERT_EQ(status("mix"), "fresh") << "mix's own rebinding of x does not count";

        auto changed = run("other", {stmt().writes({"x"})});
        EXPECT_EQ(changes(changed), "mix:fresh->stale, use_y:fresh->downstream")
            << "x rebound by another cell after mix's own rebinding: mix stale, y outdated";
        EXPECT_EQ(reasons("use_y"), "y<-other/mix") << "y bound by mix, outdated by other";
    }

    // A version is not outdated by its own binder rebinding an input later.
    TEST_F(status_test, rebinding_by_the_versions_own_cell_does_not_outdate_it)
    {
        run("src", {stmt().writes({"x"})});
        run("cell", {stmt().reads({"x"}).writes({"y"})});
        run("use_y", {stmt().reads({"y"})});
        auto changed = run("cell", {stmt().writes({"x"})});
        EXPECT_EQ(status("use_y"), "fresh") << "y's input x was changed by y's own binder: " << changes(changed);
    }

    // Deleting a name makes its readers stale, marked as a deletion.
    TEST_F(status_test, delete_makes_readers_stale)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("a", {stmt().writes({"A"})});
        run("b", {stmt().reads({"A"}).writes({"B"})});
        run("c", {stmt().reads({"B"})});

        auto changed = run("del_a", {stmt().deletes({"A"})});

        EXPECT_EQ(changes(changed), "b:fresh->stale, c:fresh->downstream") << "del A acts like a rebinding";
        EXPECT_EQ(reasons("b"), "A<-del_a (deleted)") << "the reason says A was deleted";
        run("a", {stmt().writes_same({"A"})});
        EXPECT_EQ(status("b"), "stale") << "a fresh binding after the delete is a new version, b read the old";
    }

    // A cell that reads a name and deletes it is not stale by its own delete.
    TEST_F(status_test, own_delete_is_not_a_change)
    {
        run("a", {stmt().writes({"A"})});
        run("consume", {stmt().reads({"A"}), stmt().deletes({"A"})});
        EXPECT_EQ(status("consume"), "fresh") << "consume deleted A itself";
    }

    // Re-running a stale cell makes it fresh.
    TEST_F(status_test, rerun_makes_stale_cell_fresh)
    {
        run("a", {stmt().writes({"A"})});
        run("b", {stmt().reads({"A"})});
        run("a", {stmt().writes({"A"})});
        ASSERT_EQ(status("b"), "stale") << "precondition";
        run("b", {stmt().reads({"A"})});
        EXPECT_EQ(status("b"), "fresh") << "b read the current A";
    }

    // A cell that reads an outdated version stays downstream after its re-run.
    TEST_F(status_test, rerun_of_downstream_cell_stays_downstream)
    {
        run("a", {stmt().writes({"A"})});
        run("b", {stmt().reads({"A"}).writes({"B"})});
        run("c", {stmt().reads({"B"})});
        run("a", {stmt().writes({"A"})});
        run("c", {stmt().reads({"B"})});
        EXPECT_EQ(status("c") + ": " + reasons("c"), "downstream: B<-a/b") << "B is still outdated until b re-runs";
    }

    // end_run lists every changed cell but the one that ran, by execution count.
    TEST_F(status_test, status_changes_exclude_running_cell_and_come_in_order)
    {
        run("a", {stmt().writes({"A"})});
        run("late", {stmt().reads({"A"})});
        run("early", {stmt().reads({"A"})});
        run("late", {stmt().reads({"A"})});
        auto changed = run("a", {stmt().reads({"A"}).writes({"A"})});
        EXPECT_EQ(changes(changed), "early:fresh->stale, late:fresh->stale")
            << "a itself is not listed; early ([3]) precedes late ([4])";
    }

    // Cells becoming fresh again are reported as changes too.
    TEST_F(status_test, recovery_is_reported)
    {
        run("a", {stmt().writes({"A"})});
        run("b", {stmt().reads({"A"}).writes({"B"})});
        run("c", {stmt().reads({"B"})});
        run("a", {stmt().writes({"A"})});
        auto changed = run("b", {stmt().reads({"A"}).writes_same({"B"})});
        EXPECT_EQ(changes(changed), "c:downstream->fresh") << "b recomputed the same B from the new A";
    }

    // A name read without a known binding (bound before tracking) is an input of no cell.
    TEST_F(status_test, name_bound_outside_tracking_is_an_input)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("use", {stmt().reads({"np"})});
        ASSERT_EQ(t.cell_reads("use").at(0).bound_by, "") << "np has no binding cell";
        auto changed = run("imp", {stmt().writes({"np"})});
        EXPECT_EQ(changes(changed), "use:fresh->stale") << "rebinding np changes what use read";
    }

    // Events outside a run and an abandoned run leave no trace.
    TEST_F(status_test, events_outside_runs_and_abandoned_runs_are_ignored)
    {
        t.write("A", false);
        t.read("A", "", false);
        start("a", {stmt().writes({"A"})});
        t.abandon_run();
        EXPECT_TRUE(t.cells().empty() && !t.running()) << "no cell recorded";
        run("b", {stmt().reads({"A"})});
        EXPECT_EQ(t.cell_reads("b").at(0).bound_by, "") << "the abandoned binding of A was not recorded";
    }

    // The warning before a cell's output: an input now comes from a stale cell.
    TEST_F(status_test, stale_inputs_before_output)
    {
        run("a", {stmt().writes({"A"})});
        run("five", {stmt().reads({"A"}).writes({"r"})});
        run("seven", {stmt().reads({"r"})});
        run("a", {stmt().writes({"A"})});
        auto inputs = t.stale_inputs("seven");
        ASSERT_EQ(inputs.size(), 1u) << "seven reads one name from a stale cell";
        EXPECT_EQ(inputs[0].symbol + " from " + inputs[0].bound_by + " " + xdeps::to_string(inputs[0].bound_by_status)
                      + (inputs[0].outdated ? " outdated" : ""),
                  "r from five stale outdated")
            << "reads r from five, which is stale";
        EXPECT_TRUE(t.stale_inputs("five").empty()) << "five reads A from a, which is fresh";
    }
}

namespace xdeps_test
{
    using history_test = tracker_test;

    // A reader of an old version keeps its first change as the reason, however long the history.
    TEST_F(history_test, reason_survives_long_alternating_history)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("a", {stmt().writes({"x"})});
        run("reader", {stmt().reads({"x"})});
        std::size_t live = t.memory().versions;
        for (int i = 0; i < 200; ++i)
        {
            run(i % 2 ? "a" : "b", {stmt().writes({"x"})});
        }
        EXPECT_EQ(reasons("reader"), "x<-b") << "b rebound x first after reader ran";
        EXPECT_LE(t.memory().versions, live + 1) << "the 200 intermediate versions are not kept";
    }

    // Two cells feeding each other (b = f(a), a = g(b)) do not grow lineage without bound.
    TEST_F(history_test, cells_feeding_each_other_keep_memory_bounded)
    {
        run("a0", {stmt().writes({"a"})});
        for (int i = 0; i < 300; ++i)
        {
            run("fb", {stmt().reads({"a"}).writes({"b"})});
            run("ga", {stmt().reads({"b"}).writes({"a"})});
        }
        EXPECT_LE(t.memory().versions, 6u) << "old versions of a and b are freed once superseded";
        EXPECT_EQ(status("fb") + ", " + status("ga") + ": " + reasons("ga"), "stale, fresh: ")
            << "fb read the a that ga replaced; ga consumed the b computed from that old a, so its change "
               "does not outdate it (no cycle of re-runs)";
    }

    // A name found bound again after a cell deleted it was bound where tracking could not see.
    TEST_F(history_test, untracked_rebinding_after_own_delete)
    {
        run("consume", {stmt().reads({"x"}), stmt().deletes({"x"})});
        ASSERT_EQ(status("consume"), "fresh") << "its own delete";
        auto changed = run("peek", {stmt().reads({"x"})});
        EXPECT_EQ(changes(changed), "consume:fresh->stale") << "x exists again: someone rebound it unseen";
        EXPECT_EQ(reasons("consume"), "x<-") << "changed by no known cell";
    }
}
