// The edge rules of staleness (docs/semantics.md, "Edge rules"), one test
// each, and the consumer rule's cases.

#include <string>

#include "tracker_test_fixture.hpp"

namespace xdeps_test
{
    using edge_rules_test = tracker_test;

    // A run's net change per name decides versions: bound twice, one new
    // version with the inputs of the last statement that bound it.
    TEST_F(edge_rules_test, net_change_per_name_gives_one_version_with_the_last_inputs)
    {
        run("a", {stmt().writes({"p"}), stmt().writes({"q"})});
        run("b", {stmt().reads({"p"}).writes({"x"}), stmt().reads({"q"}).writes({"x"})});
        auto writes = t.cell_writes("b");
        ASSERT_EQ(writes.size(), 1u);
        EXPECT_EQ(writes[0].version, 1) << "one new version for two bindings";
        run("r", {stmt().reads({"x"})});
        run("a", {stmt().writes({"p"})});
        EXPECT_EQ(status("r"), "fresh") << "x's inputs are the last statement's (q), not p";
        run("a", {stmt().writes({"q"})});
        EXPECT_EQ(status("r") + ": " + reasons("r"), "downstream: x<-a/b");
    }

    // Bound twice in one run ending with the value it had: the version stays.
    TEST_F(edge_rules_test, net_change_back_to_the_same_value_keeps_the_version)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("a", {stmt().writes({"x"})});
        run("r", {stmt().reads({"x"})});
        // `writes_same` is "the same as before the run": the layer compares
        // each binding with the value the name had when the run began.
        run("b", {stmt().writes({"x"}), stmt().writes({"x"})});
        EXPECT_EQ(status("r"), "stale") << "bound twice to new values: one new version";
        run("r", {stmt().reads({"x"})});
        run("b", {stmt().writes({"x"}), stmt().writes_same({"x"})});
        EXPECT_EQ(status("r"), "fresh") << "ends with the value it had before the run";
        run("b", {stmt().mutates({"x"}), stmt().writes_same({"x"})});
        EXPECT_EQ(status("r"), "stale") << "bound again to the object the run changed in place";
    }

    // Any rebinding by another cell since the read counts, not only the
    // latest: a later rebinding by the reader itself does not undo it.
    TEST_F(edge_rules_test, a_later_own_rebinding_does_not_undo_a_foreign_one)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("a", {stmt().writes({"x"})});
        run("r", {stmt().reads({"x"}).writes({"y"})});
        run("b", {stmt().writes({"x"})});
        ASSERT_EQ(status("r"), "stale");
        // r's record is its latest run: re-running with a new read starts over.
        run("w", {stmt().reads({"x"})});
        run("w2", {stmt().writes({"x"})});
        run("w3", {stmt().reads({"z"}).writes({"z"})});
        EXPECT_EQ(status("w") + ": " + reasons("w"), "stale: x<-w2");
        // The reader rebinding x itself later (in another run) keeps the reason.
        run("k", {stmt().reads({"x"})});
        run("m", {stmt().writes({"x"})});
        run("k2", {stmt().writes({"x"})});
        EXPECT_EQ(reasons("k"), "x<-m") << "the first change after the read is the reason";
    }

    // A version kept because the value is the same takes the inputs and the
    // binder of the new binding statement, and never itself as input.
    TEST_F(edge_rules_test, same_value_takes_new_inputs_and_binder_never_itself)
    {
        run("a", {stmt().writes({"p", "q"})});
        run("b", {stmt().reads({"p"}).writes({"x"})});
        run("r", {stmt().reads({"x"})});
        run("c", {stmt().reads({"q"}).writes_same({"x"})});
        EXPECT_EQ(t.cell_reads("r")[0].bound_by, "c") << "the new binder";
        run("a", {stmt().writes({"p"})});
        EXPECT_EQ(status("r"), "fresh") << "p is no longer an input of x";
        run("a", {stmt().writes({"q"})});
        EXPECT_EQ(status("r") + ": " + reasons("r"), "downstream: x<-a/c");
        run("c", {stmt().reads({"q"})});
        run("d", {stmt().reads({"x"}).writes_same({"x"})});
        EXPECT_EQ(t.self_check(), "") << "x = x * 1: no version is its own input";
        EXPECT_EQ(status("r"), "fresh");
    }

    // [1] x = 1; [2] x = x + 1; [1] x = x * 10: [2] stale, [1] fresh (not
    // downstream of its own change).
    TEST_F(edge_rules_test, a_self_updating_name_sends_nobody_round_a_cycle)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("one", {stmt().writes({"x"})});
        run("two", {stmt().reads({"x"}).writes({"x"})});
        auto changed = run("one", {stmt().reads({"x"}).writes({"x"})});
        EXPECT_EQ(status("two") + ": " + reasons("two"), "stale: x<-one");
        EXPECT_EQ(status("one"), "fresh") << "the x@2 [1] read was consumed by [1]'s own change";
        EXPECT_EQ(changes(changed), "two:fresh->stale");
        run("two", {stmt().reads({"x"}).writes({"x"})});
        EXPECT_EQ(status("one") + "," + status("two"), "stale,fresh") << "the latest to run is fresh";
        EXPECT_EQ(t.self_check(), "");
    }

    // [3] inds = argsort(x); [4] x = x[inds]; [5] y = y[inds]: [4] and [5]
    // fresh, [3] stale.
    TEST_F(edge_rules_test, a_consumer_of_a_value_does_not_outdate_it)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("x0", {stmt().writes({"x", "y"})});
        run("three", {stmt().reads({"x"}).writes({"inds"})});
        run("four", {stmt().reads({"x", "inds"}).writes({"x"})});
        run("five", {stmt().reads({"y", "inds"}).writes({"y"})});
        EXPECT_EQ(status("three") + ": " + reasons("three"), "stale: x<-four");
        EXPECT_EQ(status("four"), "fresh");
        EXPECT_EQ(status("five"), "fresh");
        // A reader of inds is fresh too.
        run("six", {stmt().reads({"inds"})});
        EXPECT_EQ(status("six"), "fresh");
        // A later change by a cell that did not read inds outdates it.
        run("seven", {stmt().writes({"x"})});
        EXPECT_EQ(status("six") + ": " + reasons("six"), "downstream: inds<-seven/three");
        EXPECT_EQ(t.self_check(), "");
    }

    // Through a version computed from it: [3] inds = argsort(x);
    // [4] perm = inds[::-1]; [5] x = x[perm]: inds and perm stay current.
    TEST_F(edge_rules_test, a_consumer_through_a_computed_version_does_not_outdate_it)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("x0", {stmt().writes({"x"})});
        run("three", {stmt().reads({"x"}).writes({"inds"})});
        run("four", {stmt().reads({"inds"}).writes({"perm"})});
        run("five", {stmt().reads({"x", "perm"}).writes({"x"})});
        run("r", {stmt().reads({"inds"})});
        EXPECT_EQ(status("four"), "fresh") << "perm was read by the change";
        EXPECT_EQ(status("r"), "fresh") << "inds was read through perm";
        EXPECT_EQ(status("three"), "stale");
        EXPECT_EQ(t.self_check(), "");
    }

    // Two steps behind the change, past a wide region computed from the
    // candidate that the change did not read: still a consumer.
    TEST_F(edge_rules_test, a_consumer_two_computed_versions_away_behind_a_wide_region)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("x0", {stmt().writes({"x"})});
        run("three", {stmt().reads({"x"}).writes({"inds"})});
        for (int i = 0; i < 20; ++i)
        {
            std::string n = "wide" + std::to_string(i);
            run(n, {stmt().reads({"inds"}).writes({n})});
            run(n + "-reader", {stmt().reads({n})});
        }
        run("four", {stmt().reads({"inds"}).writes({"q"})});
        run("six", {stmt().reads({"q"}).writes({"p"})});
        run("five", {stmt().reads({"x", "p"}).writes({"x"})});
        EXPECT_EQ(status("four"), "fresh");
        EXPECT_EQ(status("six"), "fresh");
        EXPECT_EQ(status("wide7-reader"), "fresh") << "inds was read through p";
        EXPECT_EQ(status("three"), "stale");
        EXPECT_EQ(t.self_check(), "");
    }

    // ...and a change that read nothing computed from the candidate is no
    // consumer of it, however wide the region computed from it.
    TEST_F(edge_rules_test, a_change_reading_nothing_computed_from_the_value_is_no_consumer)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("x0", {stmt().writes({"x", "y"})});
        run("three", {stmt().reads({"x"}).writes({"inds"})});
        for (int i = 0; i < 20; ++i)
        {
            std::string n = "wide" + std::to_string(i);
            run(n, {stmt().reads({"inds"}).writes({n})});
        }
        run("five", {stmt().reads({"x", "y"}).writes({"x"})});
        EXPECT_EQ(status("three"), "stale");
        EXPECT_EQ(status("wide7") + ": " + reasons("wide7"), "downstream: inds<-five/three");
        EXPECT_EQ(t.self_check(), "");
    }

    // The rule is about the changing statement's reads: another statement
    // of the same cell reading the value does not make it a consumer.
    TEST_F(edge_rules_test, a_cell_that_read_the_value_in_another_statement_is_no_consumer)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("x0", {stmt().writes({"x"})});
        run("three", {stmt().reads({"x"}).writes({"inds"})});
        run("four", {stmt().reads({"inds"}).writes({"n"}), stmt().writes({"x"})});
        run("r", {stmt().reads({"inds"})});
        EXPECT_EQ(status("r") + ": " + reasons("r"), "downstream: inds<-four/three");
    }

    // A read after the run's own binding is an own-run read: no input.
    TEST_F(edge_rules_test, a_read_after_the_runs_own_write_is_no_input)
    {
        run("a", {stmt().writes({"x"})});
        run("b", {stmt().writes({"x"}), stmt().reads({"x"}).writes({"y"})});
        run("c", {stmt().reads_own("z").writes({"z"})});
        EXPECT_TRUE(t.cell_reads("b").empty()) << "x was the run's own";
        EXPECT_TRUE(t.cell_reads("c").empty()) << "z was read after the statement's own write";
        run("a", {stmt().writes({"x"})});
        EXPECT_EQ(status("b") + ": " + reasons("b"), "fresh: ") << "it never read a's x";
    }

    // Two cells feeding each other (b = f(a), a = g(b)) settle: the latest
    // to run is fresh, the other stale, nobody downstream.
    TEST_F(edge_rules_test, cells_feeding_each_other_are_never_downstream)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("a0", {stmt().writes({"a"})});
        run("fb", {stmt().reads({"a"}).writes({"b"})});
        run("ga", {stmt().reads({"b"}).writes({"a"})});
        EXPECT_EQ(status("fb") + "," + status("ga"), "stale,fresh");
        run("fb", {stmt().reads({"a"}).writes({"b"})});
        EXPECT_EQ(status("fb") + "," + status("ga"), "fresh,stale");
        EXPECT_EQ(t.self_check(), "");
    }
}
