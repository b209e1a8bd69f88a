// Lineage: each version's inputs, same-run bindings, outdated versions.

#include "tracker_test_fixture.hpp"

namespace xdeps_test
{
    using lineage_test = tracker_test;

    // The setup of docs/semantics.md: [3] runs df = load(path) then n = len(names).
    class df_n_test : public tracker_test
    {
    protected:

        void SetUp() override
        {
            run("setup", {stmt().writes({"path"}), stmt().writes({"names"}), stmt().writes({"load"})});
            run("three", {stmt().reads({"load", "path"}).calls("", "load").writes({"df"}),
                          stmt().reads({"names"}).writes({"n"})});
            run("uses_df", {stmt().reads({"df"})});
            run("uses_n", {stmt().reads({"n"})});
        }
    };

    // Changing path: [3] stale, a reader of df downstream, a reader of n fresh.
    TEST_F(df_n_test, lineage_keeps_one_cell_from_tainting_everything_it_wrote)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        auto changed = run("edit_path", {stmt().writes({"path"})});
        EXPECT_EQ(changes(changed), "three:fresh->stale, uses_df:fresh->downstream")
            << "only df was computed from path; n came from names";
        EXPECT_EQ(status("uses_n"), "fresh") << "n's inputs are names only";
        EXPECT_EQ(reasons("uses_df"), "df<-edit_path/three") << "df bound by three, outdated by edit_path";
        EXPECT_EQ(t.reasons("uses_df").at(0).changed_symbol, "path") << "the change behind it was to path";
        nl::json read = t.cell_json("uses_df")["read_versions"][0];
        EXPECT_EQ(read["outdated_by"].get<std::string>() + " " + read["outdated_symbol"].get<std::string>(),
                  "edit_path path")
            << "the state JSON says which change outdated the df read";
    }

    // Re-running the stale cell with the same results makes its dependents fresh.
    TEST_F(df_n_test, downstream_then_fresh_after_same_value_rerun)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("edit_path", {stmt().writes({"path"})});
        auto changed = run("three", {stmt().reads({"load", "path"}).writes_same({"df"}),
                                     stmt().reads({"names"}).writes_same({"n"})});
        EXPECT_EQ(changes(changed), "uses_df:downstream->fresh") << "df kept its version, now from the new path";
        EXPECT_EQ(status("three"), "fresh") << "three read the current path";
    }

    // Re-running it with different results makes its dependents stale.
    TEST_F(df_n_test, downstream_then_stale_after_different_value_rerun)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("edit_path", {stmt().writes({"path"})});
        auto changed = run("three", {stmt().reads({"load", "path"}).writes({"df"}),
                                     stmt().reads({"names"}).writes_same({"n"})});
        EXPECT_EQ(changes(changed), "uses_df:downstream->stale") << "df is a new version, bound by another cell";
        EXPECT_EQ(reasons("uses_df"), "df<-three") << "uses_df read df, rebound by three";
        EXPECT_EQ(status("uses_n"), "fresh") << "n has the same value: nothing to do";
    }

    // A read of a name the run bound earlier is no input; its binding's inputs are.
    TEST_F(lineage_test, same_run_binding_is_not_an_input)
    {
        run("setup", {stmt().writes({"load"})});
        run("clean", {stmt().reads({"load"}).writes({"df"}), stmt().reads({"df"}).writes({"df2"})});
        EXPECT_EQ(join(t.cell_json("clean")["reads"].get<std::vector<std::string>>()), "load")
            << "df = load(); df2 = df.dropna() reads no input df";

        run("use", {stmt().reads({"df2"})});
        auto changed = run("setup", {stmt().writes({"load"})});
        EXPECT_EQ(changes(changed), "clean:fresh->stale, use:fresh->downstream")
            << "df2 inherited df's input load, so it is outdated";
    }

    // A read after the statement's own write is the statement's own value.
    TEST_F(lineage_test, read_after_own_write_is_not_an_input)
    {
        run("setup", {stmt().writes({"seed"})});
        run("loop", {stmt().reads({"seed"}).reads_own("total").writes({"total"})});
        EXPECT_EQ(join(t.cell_json("loop")["reads"].get<std::vector<std::string>>()), "seed")
            << "total read after the loop bound it is not an input";
        EXPECT_EQ(join(t.cell_json("loop")["function_reads"]["<cell>"].get<std::vector<std::string>>()),
                  "seed,total")
            << "it still appears among what the top-level code read";
    }

    // Reads via functions feed the lineage of the statement's bindings.
    TEST_F(lineage_test, function_reads_feed_lineage)
    {
        run("consts", {stmt().writes({"A"})});
        run("fdef", {stmt().writes({"f"})});
        run("calc", {stmt().reads({"f"}).reads({"A"}, "f").writes({"r"})});
        run("show", {stmt().reads({"r"})});
        run("consts", {stmt().writes({"A"})});
        EXPECT_EQ(reasons("show"), "r<-consts/calc") << "r came from f's read of A";
    }

    // Same-value rebinding takes the new statement's inputs: old inputs stop mattering.
    TEST_F(lineage_test, same_value_rebinding_replaces_inputs)
    {
        run("p", {stmt().writes({"P"})});
        run("q", {stmt().writes({"Q"})});
        run("make", {stmt().reads({"P"}).writes({"v"})});
        run("use", {stmt().reads({"v"})});
        run("make", {stmt().reads({"Q"}).writes_same({"v"})});
        auto changed = run("p", {stmt().writes({"P"})});
        EXPECT_EQ(status("use"), "fresh") << "v is now computed from Q: " << changes(changed);
        run("q", {stmt().writes({"Q"})});
        EXPECT_EQ(status("use"), "downstream") << "a new Q outdates v";
    }

    // A same-value write of a name without a current binding is a new version.
    TEST_F(lineage_test, same_value_write_without_current_binding_is_new)
    {
        run("a", {stmt().writes_same({"A"})});
        EXPECT_EQ(t.cell_writes("a").at(0).version, 1) << "first binding is version 1";
        run("d", {stmt().deletes({"A"})});
        run("a", {stmt().writes_same({"A"})});
        EXPECT_EQ(t.cell_writes("a").at(0).version, 2) << "a binding after a delete is a new version";
    }

    // x = x * 1 (same value) does not make x depend on itself.
    TEST_F(lineage_test, same_value_self_read_is_no_cycle)
    {
        run("src", {stmt().writes({"s"})});
        run("x", {stmt().reads({"s"}).writes({"x"})});
        run("use", {stmt().reads({"x"})});
        run("x", {stmt().reads({"x"}).writes_same({"x"})});
        run("src", {stmt().writes({"s"})});
        EXPECT_EQ(status("use"), "fresh") << "x's latest binding read only x itself";
    }

    // Cycles made by same-value rebinding do not keep an outdated flag alive.
    TEST_F(lineage_test, cycle_from_same_value_rebinding_does_not_sustain_itself)
    {
        run("z", {stmt().writes({"z"})});
        run("x", {stmt().reads({"z"}).writes({"x"})});
        run("y", {stmt().reads({"x"}).writes({"y"})});
        run("use", {stmt().reads({"y"})});
        run("z", {stmt().writes({"z"})});
        ASSERT_EQ(status("use"), "downstream") << "precondition: y outdated through x";
        // x = y: same value, now computed from y, which was computed from x.
        auto changed = run("x", {stmt().reads({"y"}).writes_same({"x"})});
        EXPECT_EQ(changes(changed), "y:downstream->fresh, use:downstream->fresh")
            << "no rebinding feeds the x <-> y cycle any more";
    }

    // Outdated flags flow through several levels and clear when the root is fixed.
    TEST_F(lineage_test, deep_chain_outdates_and_recovers)
    {
        run("c0", {stmt().writes({"v0"})});
        for (int i = 1; i <= 5; ++i)
        {
            std::string in = "v" + std::to_string(i - 1);
            std::string out = "v" + std::to_string(i);
            run("c" + std::to_string(i), {stmt().reads({in}).writes({out})});
        }
        run("end", {stmt().reads({"v5"})});
        run("c0", {stmt().writes({"v0"})});
        EXPECT_EQ(reasons("end"), "v5<-c0/c5") << "five levels down, the cause is still c0";
        auto changed = run("c1", {stmt().reads({"v0"}).writes_same({"v1"})});
        EXPECT_EQ(changes(changed), "c2:downstream->fresh, c3:downstream->fresh, c4:downstream->fresh, "
                                    "c5:downstream->fresh, end:downstream->fresh")
            << "c1 recomputed the same v1 from the new v0";
    }
}
