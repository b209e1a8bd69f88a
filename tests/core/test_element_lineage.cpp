// Element lineage (event_sink::read_elements): a read that used a global only
// through element paths depends only on those elements, for a cell's read and
// for the inputs of the values it computes.

#include "tracker_test_fixture.hpp"

namespace xdeps_test
{
    class element_lineage_test : public tracker_test
    {
    protected:

        // A run whose one statement reads `name` through `keys` (none: the
        // whole object), from the top-level code or `function`.
        void keyed_read(const std::string& cell, const std::string& name, const std::vector<std::string>& keys,
                        const std::string& function = "")
        {
            t.begin_run(cell, ++execution_count);
            t.statement(0);
            t.read(name, function, false);
            if (!keys.empty())
            {
                t.read_elements(name, function, keys);
            }
            t.end_run();
        }

        void mutation(const std::string& cell, const std::string& name, const std::vector<std::string>& keys)
        {
            t.begin_run(cell, ++execution_count);
            t.statement(0);
            t.read(name, "", false);
            t.mutate(name, keys);
            t.end_run();
        }
    };

    TEST_F(element_lineage_test, a_reader_of_one_element_stays_fresh_after_a_change_of_another)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("make", {stmt().writes({"d"})});
        keyed_read("reads_a", "d", {"['a']"});
        keyed_read("reads_all", "d", {});
        mutation("sets_b", "d", {"['b']"});
        EXPECT_EQ(status("reads_a"), "fresh") << "d['b'] = 3 changed nothing it used";
        EXPECT_EQ(status("reads_all") + ": " + reasons("reads_all"), "stale: d<-sets_b") << "len(d) used all of it";
        mutation("sets_a", "d", {"['a']"});
        EXPECT_EQ(status("reads_a") + ": " + reasons("reads_a"), "stale: d<-sets_a");
        EXPECT_EQ(t.self_check(), "");
    }

    TEST_F(element_lineage_test, a_mutation_of_unknown_elements_and_a_rebinding_touch_everything)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("make", {stmt().writes({"p"})});
        keyed_read("reads_x", "p", {".x"});
        mutation("unknown", "p", {});
        EXPECT_EQ(status("reads_x"), "stale") << "empty keys: the whole object";
        keyed_read("reads_x", "p", {".x"});
        run("rebind", {stmt().writes({"p"})});
        EXPECT_EQ(status("reads_x"), "stale") << "a rebinding touches everything";
    }

    TEST_F(element_lineage_test, keys_of_every_read_in_the_run_are_united)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("make", {stmt().writes({"lst"})});
        t.begin_run("two_reads", ++execution_count);
        t.statement(0);
        t.read("lst", "", false);
        t.read_elements("lst", "", {"[0]"});
        t.statement(1);
        t.read("lst", "f", false);
        t.read_elements("lst", "f", {"[2]"});
        t.end_run();
        mutation("sets_1", "lst", {"[1]"});
        EXPECT_EQ(status("two_reads"), "fresh");
        mutation("sets_2", "lst", {"[2]"});
        EXPECT_EQ(status("two_reads") + ": " + reasons("two_reads"), "stale: lst<-sets_2") << "[2] was read via f";
    }

    TEST_F(element_lineage_test, one_whole_read_in_the_run_makes_the_input_whole)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("make", {stmt().writes({"d"})});
        t.begin_run("mixed", ++execution_count);
        t.statement(0);
        t.read("d", "", false);
        t.read_elements("d", "", {"['a']"});
        t.statement(1);
        t.read("d", "g", false);   // g passed d along: no element paths
        t.end_run();
        mutation("sets_b", "d", {"['b']"});
        EXPECT_EQ(status("mixed"), "stale");
    }

    TEST_F(element_lineage_test, keyed_mutations_between_a_read_and_a_rebinding_are_walked_past)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("make", {stmt().writes({"d"})});
        keyed_read("reads_a", "d", {"['a']"});
        mutation("sets_b", "d", {"['b']"});
        mutation("sets_c", "d", {"['c']"});
        ASSERT_EQ(status("reads_a"), "fresh");
        auto changed = run("rebind", {stmt().writes({"d"})});
        EXPECT_EQ(changes(changed), "reads_a:fresh->stale, sets_c:fresh->stale")
            << "reads_a's walk went past both mutations; sets_c read the whole d";
        EXPECT_EQ(reasons("reads_a"), "d<-rebind");
        EXPECT_EQ(t.self_check(), "");
    }

    TEST_F(element_lineage_test, a_cells_own_mutation_of_other_elements_and_then_a_foreign_one)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("make", {stmt().writes({"d"})});
        t.begin_run("own", ++execution_count);
        t.statement(0);
        t.read("d", "", false);
        t.read_elements("d", "", {"['a']"});
        t.mutate("d", {"['b']"});
        t.end_run();
        EXPECT_EQ(status("own"), "fresh");
        mutation("other", "d", {"['c']"});
        EXPECT_EQ(status("own"), "fresh");
        mutation("other2", "d", {"['a']"});
        EXPECT_EQ(status("own") + ": " + reasons("own"), "stale: d<-other2");
        EXPECT_EQ(t.self_check(), "");
    }

    // y = d['a'] + 1: y's input is d's element 'a', not all of d.
    TEST_F(element_lineage_test, a_value_computed_from_one_element_is_not_outdated_by_a_change_of_another)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("make", {stmt().writes({"d"})});
        run("compute", {stmt().reads_elements("d", {"['a']"}).writes({"y"})});
        run("whole", {stmt().reads({"d"}).writes({"n"})});
        run("use_y", {stmt().reads({"y"})});
        run("use_n", {stmt().reads({"n"})});
        mutation("sets_b", "d", {"['b']"});
        EXPECT_EQ(status("compute"), "fresh");
        EXPECT_EQ(status("use_y"), "fresh") << "y was computed from d['a'] only";
        EXPECT_EQ(status("use_n") + ": " + reasons("use_n"), "downstream: n<-sets_b/whole") << "n from all of d";
        EXPECT_EQ(t.self_check(), "");
        mutation("sets_a", "d", {"['a']"});
        EXPECT_EQ(status("compute"), "stale");
        EXPECT_EQ(status("use_y") + ": " + reasons("use_y"), "downstream: y<-sets_a/compute");
        EXPECT_EQ(t.self_check(), "");
    }

    TEST_F(element_lineage_test, attributes_and_indices_between_values)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("make", {stmt().writes({"p", "lst"})});
        run("compute", {stmt().reads_elements("p", {".x"}).writes({"px"}),
                        stmt().reads_elements("lst", {"[0]"}).writes({"first"})});
        run("use", {stmt().reads({"px", "first"})});
        mutation("sets_y", "p", {".y"});
        mutation("sets_1", "lst", {"[1]"});
        EXPECT_EQ(status("use"), "fresh");
        mutation("unknown", "lst", {});
        EXPECT_EQ(status("use") + ": " + reasons("use"), "downstream: first<-unknown/compute")
            << "a change of unknown elements touches every element";
        EXPECT_EQ(t.self_check(), "");
    }

    TEST_F(element_lineage_test, a_rebinding_outdates_a_value_computed_from_an_element)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("make", {stmt().writes({"d"})});
        run("compute", {stmt().reads_elements("d", {"['a']"}).writes({"y"})});
        run("use_y", {stmt().reads({"y"})});
        mutation("sets_b", "d", {"['b']"});
        run("make", {stmt().writes({"d"})});
        EXPECT_EQ(status("use_y") + ": " + reasons("use_y"), "downstream: y<-make/compute");
        EXPECT_EQ(t.self_check(), "");
    }

    TEST_F(element_lineage_test, a_statement_using_more_of_an_object_elsewhere_depends_on_all_it_used)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("make", {stmt().writes({"d"})});
        // One statement: y = d['a'] + len(d).
        run("compute", {stmt().reads_elements("d", {"['a']"}).reads({"d"}).writes({"y"})});
        run("use_y", {stmt().reads({"y"})});
        mutation("sets_b", "d", {"['b']"});
        EXPECT_EQ(status("use_y"), "downstream");
    }

    TEST_F(element_lineage_test, elements_carry_through_values_bound_earlier_in_the_run)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("make", {stmt().writes({"d"})});
        // t = d['a'] then y = t * 2, in one cell: y's input is still d['a'].
        run("compute", {stmt().reads_elements("d", {"['a']"}).writes({"t"}),
                        stmt().reads({"t"}).writes({"y"}),
                        stmt().reads({"t"}).reads_elements("d", {"['c']"}).writes({"z"})});
        run("use_y", {stmt().reads({"y"})});
        run("use_z", {stmt().reads({"z"})});
        mutation("sets_b", "d", {"['b']"});
        EXPECT_EQ(status("use_y"), "fresh");
        EXPECT_EQ(status("use_z"), "fresh");
        mutation("sets_c", "d", {"['c']"});
        EXPECT_EQ(status("use_y"), "fresh");
        EXPECT_EQ(status("use_z") + ": " + reasons("use_z"), "downstream: z<-sets_c/compute")
            << "z used d['a'] through t and d['c'] itself";
        EXPECT_EQ(t.self_check(), "");
    }

    TEST_F(element_lineage_test, multi_target_bindings_keep_the_elements_of_their_own_reads)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("make", {stmt().writes({"d", "e"})});
        // a, b = d['x'] + 1, e['y'] + 1
        run("compute", {stmt().reads_elements("d", {"['x']"}).reads_elements("e", {"['y']"})
                            .binds("a", {"d"}).binds("b", {"e"}).writes({"a", "b"})});
        run("use_a", {stmt().reads({"a"})});
        run("use_b", {stmt().reads({"b"})});
        mutation("sets_e_y", "e", {"['y']"});
        EXPECT_EQ(status("use_a"), "fresh");
        EXPECT_EQ(status("use_b"), "downstream");
        mutation("sets_d_z", "d", {"['z']"});
        EXPECT_EQ(status("use_a"), "fresh") << "a used d['x'] only";
        EXPECT_EQ(t.self_check(), "");
    }

    TEST_F(element_lineage_test, a_value_recomputed_from_itself_keeps_its_elements)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("make", {stmt().writes({"d"})});
        // y = d['a'], then y = y + d['a'] run again by the same cell.
        run("compute", {stmt().reads_elements("d", {"['a']"}).writes({"y"})});
        run("compute", {stmt().reads_elements("d", {"['a']"}).writes({"y"}),
                        stmt().reads({"y"}).writes({"y"})});
        run("use_y", {stmt().reads({"y"})});
        mutation("sets_b", "d", {"['b']"});
        EXPECT_EQ(status("use_y"), "fresh");
        mutation("sets_a", "d", {"['a']"});
        EXPECT_EQ(status("use_y"), "downstream");
        EXPECT_EQ(t.self_check(), "");
    }

    TEST_F(element_lineage_test, keyed_inputs_stay_bounded_over_many_mutations)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("make", {stmt().writes({"d"})});
        run("compute", {stmt().reads_elements("d", {"['a']"}).writes({"y"})});
        run("use_y", {stmt().reads({"y"})});
        for (int i = 0; i < 300; ++i)
        {
            mutation("sets_b", "d", {"['b']"});
        }
        EXPECT_EQ(status("use_y"), "fresh");
        EXPECT_LT(t.memory().versions, 12u) << "mutations nobody reads are freed";
        EXPECT_EQ(t.self_check(), "");
    }
}
