// Changes in place (event_sink::mutate): a new version of the name whose
// inputs include the old one; readers of older versions are stale with a
// reason that says it was a mutation.

#include "tracker_test_fixture.hpp"

namespace xdeps_test
{
    class mutation_test : public tracker_test
    {
    protected:

        // One statement reading `reads` and changing `name` in place.
        void mutating_run(const std::string& cell, std::initializer_list<std::string> reads, const std::string& name,
                          const std::vector<std::string>& keys = {})
        {
            t.begin_run(cell, ++execution_count);
            t.statement(0);
            for (const std::string& r : reads)
            {
                t.read(r, "", false);
            }
            t.mutate(name, keys);
            t.end_run();
        }

        std::string mutated_flags(const std::string& cell) const
        {
            std::string out;
            for (const xdeps::reason& r : t.reasons(cell))
            {
                out += (out.empty() ? "" : ",") + r.symbol + (r.mutated ? ":mutated" : ":rebound");
            }
            return out;
        }
    };

    TEST_F(mutation_test, readers_of_the_old_version_are_stale_with_a_mutation_reason)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("load", {stmt().writes({"df"})});
        run("total", {stmt().reads({"df"}).writes({"total"})});
        auto changed = [&] {
            t.begin_run("add_column", ++execution_count);
            t.statement(0);
            t.read("df", "", false);
            t.mutate("df", {"['ratio']"});
            return t.end_run();
        }();
        EXPECT_EQ(changes(changed), "total:fresh->stale");
        EXPECT_EQ(reasons("total"), "df<-add_column");
        EXPECT_EQ(mutated_flags("total"), "df:mutated");
        auto json = t.cell_json("total");
        EXPECT_EQ(json["reasons"][0]["mutated"], true) << json.dump();
        EXPECT_EQ(t.cell_writes("add_column")[0].version, 2) << "a new version of df";
        EXPECT_EQ(t.self_check(), "");
    }

    TEST_F(mutation_test, downstream_reasons_say_whether_the_cause_was_a_mutation)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("load", {stmt().writes({"df"})});
        run("total", {stmt().reads({"df"}).writes({"total"})});
        run("show", {stmt().reads({"total"})});
        mutating_run("clean", {"df"}, "df");
        EXPECT_EQ(status("show") + ": " + reasons("show") + " " + mutated_flags("show"),
                  "downstream: total<-clean/total total:mutated");
        EXPECT_EQ(t.cell_json("show")["reasons"][0]["mutated"], true);
        run("load", {stmt().writes({"df"})});
        EXPECT_EQ(mutated_flags("show"), "total:mutated") << "the first change stays the cause";
        run("total", {stmt().reads({"df"}).writes({"total"})});
        run("show", {stmt().reads({"total"})});
        run("load", {stmt().writes({"df"})});
        EXPECT_EQ(mutated_flags("show"), "total:rebound");
        EXPECT_EQ(t.cell_json("show")["reasons"][0]["mutated"], false);
    }

    TEST_F(mutation_test, a_cells_own_mutation_never_makes_it_stale)
    {
        run("make", {stmt().writes({"lst"})});
        mutating_run("append", {"lst", "x"}, "lst");
        mutating_run("append", {"lst", "x"}, "lst");
        EXPECT_EQ(status("append"), "fresh");
        EXPECT_EQ(status("make"), "fresh") << "make read nothing";
        EXPECT_EQ(t.self_check(), "");
    }

    TEST_F(mutation_test, a_cell_that_reads_the_object_only_after_the_change_is_fresh)
    {
        run("make", {stmt().writes({"d"})});
        mutating_run("update", {"d"}, "d");
        run("reader", {stmt().reads({"d"})});
        EXPECT_EQ(status("reader"), "fresh");
        mutating_run("update", {"d"}, "d");
        EXPECT_EQ(mutated_flags("reader"), "d:mutated") << "until the next change";
        run("reader", {stmt().reads({"d"})});
        EXPECT_EQ(status("reader"), "fresh");
    }

    // Through an alias the statement need not read the name: the old
    // version is an input anyway, so the mutated value keeps its lineage.
    TEST_F(mutation_test, the_old_version_is_an_input_of_the_mutated_one)
    {
        run("p", {stmt().writes({"p"})});
        run("make", {stmt().reads({"p"}).writes({"x"})});
        run("alias", {stmt().reads({"x"}).writes({"y"})});
        mutating_run("through_y", {"y"}, "x");
        run("reader", {stmt().reads({"x"})});
        ASSERT_EQ(status("reader"), "fresh");
        run("p", {stmt().writes({"p"})});
        EXPECT_EQ(status("reader") + ": " + reasons("reader"), "downstream: x<-p/through_y")
            << "x@2 was computed from x@1, computed from the old p";
        EXPECT_EQ(t.self_check(), "");
    }

    TEST_F(mutation_test, a_rebinding_in_the_same_run_is_a_rebinding)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("make", {stmt().writes({"x"})});
        run("reader", {stmt().reads({"x"})});
        t.begin_run("both", ++execution_count);
        t.statement(0);
        t.write("x", false);
        t.statement(1);
        t.mutate("x", {});
        t.end_run();
        EXPECT_EQ(mutated_flags("reader"), "x:rebound") << "the run's net change is a new value";
        run("reader", {stmt().reads({"x"})});
        t.begin_run("both2", ++execution_count);
        t.statement(0);
        t.mutate("x", {});
        t.statement(1);
        t.write("x", true);
        t.end_run();
        EXPECT_EQ(mutated_flags("reader"), "x:mutated") << "rebound to the same (mutated) value: still a mutation";
    }

    TEST_F(mutation_test, mutating_a_name_nobody_bound_is_a_new_binding)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        mutating_run("m", {}, "fresh_name");
        run("reader", {stmt().reads({"fresh_name"})});
        mutating_run("m2", {}, "fresh_name");
        EXPECT_EQ(mutated_flags("reader"), "fresh_name:mutated");
        EXPECT_EQ(t.self_check(), "");
    }
}
