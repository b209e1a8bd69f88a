// Element lineage (event_sink::read_elements): a read that used a global only
// through element paths depends only on those elements.

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
}
