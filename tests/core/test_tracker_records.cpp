// Run records, forgetting, reset, JSON, and the cost of status updates.

#include "tracker_test_fixture.hpp"

namespace xdeps_test
{
    using records_test = tracker_test;

    // A new run replaces the cell's record entirely.
    TEST_F(records_test, rerun_replaces_record)
    {
        run("a", {stmt().writes({"A", "B"})});
        run("c", {stmt().reads({"A"})});
        run("c", {stmt().reads({"B"})});
        run("a", {stmt().writes({"A"})});
        EXPECT_EQ(status("c"), "fresh") << "c's latest run read only B";
        EXPECT_EQ(t.execution_count("c"), 3) << "c is shown by its latest execution count";
    }

    // A cell that raised keeps what it did before the error.
    TEST_F(records_test, partial_record_of_a_failed_run)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("a", {stmt().writes({"A"}), stmt().writes({"Y"})});
        // x = A + 1, then a statement that read Y and raised before binding.
        run("boom", {stmt().reads({"A"}).writes({"x"}), stmt().reads({"Y"})});
        run("use", {stmt().reads({"x"})});
        EXPECT_EQ(join(t.cell_json("boom")["reads"].get<std::vector<std::string>>()), "A,Y")
            << "both reads before the error are kept";
        auto changed = run("set_y", {stmt().writes({"Y"})});
        EXPECT_EQ(changes(changed), "boom:fresh->stale") << "Y read by the failing statement counts";
        EXPECT_EQ(status("use"), "fresh") << "x was bound from A only";
    }

    // A run that ends in the middle of a statement keeps the statement's reads.
    TEST_F(records_test, run_interrupted_mid_statement)
    {
        run("a", {stmt().writes({"A"})});
        t.begin_run("half", ++execution_count);
        t.statement(0);
        t.read("A", "", false);
        t.end_run();
        run("a", {stmt().writes({"A"})});
        EXPECT_EQ(status("half"), "stale") << "the read before the interruption is an input";
    }

    // A forgotten cell's reads make nothing stale; versions it bound keep their lineage.
    TEST_F(records_test, forget_cell)
    {
        run("a", {stmt().writes({"A"})});
        run("b", {stmt().reads({"A"}).writes({"B"})});
        run("c", {stmt().reads({"B"})});
        t.forget_cell("b");
        EXPECT_FALSE(t.has_cell("b")) << "b is gone";
        EXPECT_EQ(join(t.cells()), "a,c") << "cells lists only known cells";
        auto changed = run("a", {stmt().writes({"A"})});
        EXPECT_EQ(changes(changed), "c:fresh->downstream") << "b is not reported; B is still outdated by a's change";
        EXPECT_EQ(reasons("c"), "B<-a/b") << "the reason still names b as B's binder";
        EXPECT_TRUE(t.upstream("c").empty()) << "upstream lists known cells only";
        t.forget_cell("nonexistent");
    }

    // A forgotten cell run again starts a new record.
    TEST_F(records_test, forgotten_cell_can_run_again)
    {
        run("a", {stmt().writes({"A"})});
        run("b", {stmt().reads({"A"})});
        t.forget_cell("b");
        run("b", {stmt().reads({"A"})});
        run("a", {stmt().writes({"A"})});
        EXPECT_EQ(status("b"), "stale") << "b's new record read A";
    }

    // reset forgets cells, versions and names.
    TEST_F(records_test, reset_forgets_everything)
    {
        run("a", {stmt().writes({"A"})});
        run("b", {stmt().reads({"A"})});
        t.reset();
        EXPECT_TRUE(t.cells().empty() && t.memory().versions == 0) << "no cells, no versions";
        run("b", {stmt().reads({"A"})});
        EXPECT_EQ(t.cell_reads("b").at(0).version, 1) << "A starts over at version 1";
    }

    // The state JSON follows docs/comm.md and adds the documented fields.
    TEST_F(records_test, json_shape)
    {
        run("a", {stmt().writes({"A"})});
        run("f", {stmt().writes({"f"})});
        run("five", {stmt().reads({"f"}).calls("", "f").reads({"A"}, "f").calls("f", "g").writes({"r"})});
        run("a", {stmt().writes({"A"})});
        nl::json state = t.to_json();
        nl::json expected_five = {
            {"id", "five"},
            {"execution_count", 3},
            {"position", 2},
            {"status", "stale"},
            {"reads", {"f", "A"}},
            {"writes", {"r"}},
            {"calls", nl::json::array({nl::json::array({"<cell>", "f"}), nl::json::array({"f", "g"})})},
            {"reasons", {{{"symbol", "A"}, {"changed_by", "a"}, {"bound_by", "a"}, {"via", "f"},
                          {"kind", "stale"}, {"deleted", false}, {"changed_symbol", "A"}, {"mutated", false},
                          {"below", false}}}},
            {"upstream", {"f", "a"}},
            {"read_versions", {{{"symbol", "f"}, {"version", 1}, {"bound_by", "f"}, {"via", ""}, {"outdated", false}},
                               {{"symbol", "A"}, {"version", 1}, {"bound_by", "a"}, {"via", "f"}, {"outdated", false}}}},
            {"write_versions", {{{"symbol", "r"}, {"deleted", false}, {"version", 1}}}},
            {"function_reads", {{"<cell>", {"f"}}, {"f", {"A"}}}}};
        ASSERT_EQ(state["version"], 1) << "schema version";
        EXPECT_EQ(state["order"], "notebook") << "the default rule";
        ASSERT_EQ(state["cells"].size(), 3u) << "three cells";
        EXPECT_EQ(state["cells"][1], expected_five) << state["cells"][1].dump(2);
        EXPECT_EQ(state["cells"][2]["id"], "a") << "cells come by execution count: a ran last";
        EXPECT_TRUE(t.cell_json("unknown").is_null()) << "unknown cell";
    }

    // Reads of names bound outside tracking show bound_by null in JSON.
    TEST_F(records_test, json_binding_of_no_cell_is_null)
    {
        run("use", {stmt().reads({"np"})});
        EXPECT_TRUE(t.cell_json("use")["read_versions"][0]["bound_by"].is_null()) << "no binding cell";
    }

    // Graph accessors: reads with versions, writes, calls, upstream, downstream.
    TEST_F(records_test, graph_accessors)
    {
        run("a", {stmt().writes({"A"})});
        run("b", {stmt().reads({"A"}).writes({"B"}), stmt().deletes({"tmp"})});
        run("c", {stmt().reads({"B", "A"})});
        EXPECT_EQ(join(t.upstream("c")), "a,b") << "c read versions bound by a and b";
        EXPECT_EQ(join(t.downstream_cells("a")), "b,c") << "b and c read a's A";
        EXPECT_EQ(t.cell_for_execution_count(2), "b") << "[2] is b";
        EXPECT_EQ(t.cell_for_execution_count(9), "") << "no [9]";
        auto writes = t.cell_writes("b");
        ASSERT_EQ(writes.size(), 2u) << "B bound, tmp deleted";
        EXPECT_TRUE(writes[0].symbol == "B" && writes[0].current && !writes[0].deleted) << "B is current";
        EXPECT_TRUE(writes[1].symbol == "tmp" && writes[1].deleted) << "tmp deleted";
        run("a", {stmt().writes({"A"})});
        auto reads = t.cell_reads("c");
        ASSERT_EQ(reads.size(), 2u) << "c read B and A";
        EXPECT_EQ(reads[0].symbol + reads[0].outdated_by + "|" + reads[1].symbol + reads[1].changed_by, "Ba|Aa")
            << "B outdated by a, A changed by a";
        EXPECT_EQ(join(t.non_fresh_cells()), "b,c") << "b stale, c stale";
    }

    // A status update touches what the run reached, not the notebook.
    TEST_F(records_test, update_cost_does_not_grow_with_notebook_size)
    {
        auto cost_in_notebook_of = [](int filler_cells) {
            notebook body;
            for (int i = 0; i < filler_cells; ++i)
            {
                std::string n = std::to_string(i);
                body.run("fill" + n, {stmt().reads({"base"}).writes({"x" + n})});
                body.run("read" + n, {stmt().reads({"x" + n})});
            }
            body.run("a", {stmt().writes({"A"})});
            body.run("b", {stmt().reads({"A"}).writes({"B"})});
            body.run("c", {stmt().reads({"B"})});
            body.run("a", {stmt().writes({"A"})});
            return body.t.last_update_cost();
        };
        xdeps::update_cost small = cost_in_notebook_of(10);
        xdeps::update_cost large = cost_in_notebook_of(2000);
        EXPECT_EQ(large.cells_evaluated, 3u) << "a, b and c are evaluated, no filler cell";
        EXPECT_TRUE(small.versions_visited == large.versions_visited && small.inputs_scanned == large.inputs_scanned)
            << "same work in a notebook 200 times bigger: " << large.versions_visited << " versions, "
            << large.inputs_scanned << " inputs";
    }

    // Versions no record, lineage or chain needs are freed.
    TEST_F(records_test, memory_stays_bounded_over_many_runs)
    {
        run("a", {stmt().writes({"A"})});
        run("b", {stmt().reads({"A"}).writes({"B"})});
        std::size_t live = t.memory().versions;
        for (int i = 0; i < 1000; ++i)
        {
            run("a", {stmt().writes({"A"})});
            run("b", {stmt().reads({"A"}).writes({"B"})});
            run("loop", {stmt().reads({"i"}).writes({"i"})});
        }
        EXPECT_LE(t.memory().versions, live + 3) << "only the current A, B, i (and what they need) remain";
    }
}

namespace xdeps_test
{
    using rerun_order_test = tracker_test;

    // Stale cells re-run after the cells that bound what they read, not by execution count.
    TEST_F(rerun_order_test, dependency_order_beats_execution_count)
    {
        run("a", {stmt().writes({"A"})});
        run("b", {stmt().reads({"A"}).writes({"B"})});
        run("c", {stmt().reads({"B"}).writes({"C"})});
        run("b", {stmt().reads({"A"}).writes_same({"B"})});
        run("d", {stmt().reads({"C"})});
        run("a", {stmt().writes({"A"})});
        ASSERT_EQ(join(t.non_fresh_cells()), "c,b,d") << "by execution count: c [3], b [4], d [5]";
        EXPECT_EQ(join(t.rerun_order()), "b,c,d") << "b feeds c, c feeds d";
        EXPECT_EQ(join(t.to_json()["rerun_order"].get<std::vector<std::string>>()), "b,c,d")
            << "the state JSON carries the same order";
    }

    // A cycle between non-fresh cells is broken at its earliest cell.
    TEST_F(rerun_order_test, cycle_is_broken_at_earliest_cell)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("p0", {stmt().writes({"p"})});
        run("a0", {stmt().writes({"a"})});
        run("fb", {stmt().reads({"a", "p"}).writes({"b"})});
        run("ga", {stmt().reads({"b", "p"}).writes({"a"})});
        run("fb", {stmt().reads({"a", "p"}).writes({"b"})});
        run("p0", {stmt().writes({"p"})});
        ASSERT_EQ(status("ga") + "," + status("fb"), "stale,stale") << "both read p";
        ASSERT_EQ(join(t.upstream("fb")) + "|" + join(t.upstream("ga")), "ga,p0|fb,p0") << "each read what the other bound";
        EXPECT_EQ(join(t.rerun_order()), "ga,fb") << "ga [4] is earlier than fb [5]";
    }
}

namespace xdeps_test
{
    using run_lifecycle_test = tracker_test;

    // A run begun while another is open replaces it; the open one leaves no record.
    TEST_F(run_lifecycle_test, begin_run_while_open_drops_open_run)
    {
        start("lost", {stmt().writes({"A"})});
        run("kept", {stmt().reads({"A"})});
        EXPECT_EQ(join(t.cells()) + " " + t.cell_reads("kept").at(0).bound_by, "kept ")
            << "the dropped run neither exists nor bound A";
    }

    // Forgetting the running cell drops its run.
    TEST_F(run_lifecycle_test, forgetting_running_cell_drops_its_run)
    {
        start("gone", {stmt().writes({"A"})});
        t.forget_cell("gone");
        EXPECT_TRUE(!t.running() && t.end_run().empty() && !t.has_cell("gone")) << "nothing left to commit";
    }

    // reset in the middle of a run drops the run with everything else.
    TEST_F(run_lifecycle_test, reset_during_run)
    {
        run("a", {stmt().writes({"A"})});
        start("b", {stmt().reads({"A"})});
        t.reset();
        EXPECT_TRUE(!t.running() && t.cells().empty() && t.self_check().empty()) << "a clean tracker";
    }
}
