// Narrowed bindings (event_sink::binding_inputs): in `a, b = x + 2, y + 3`
// each target depends only on the names its element read.

#include "tracker_test_fixture.hpp"

namespace xdeps_test
{
    class binding_inputs_test : public tracker_test
    {
    protected:

        void SetUp() override
        {
            run("make", {stmt().writes({"x"}), stmt().writes({"y"})});
        }

        // a, b = x + 2, y + 3, as the CPython layer reports it.
        static stmt pair_assignment()
        {
            return stmt().reads({"x", "y"}).binds("a", {"x"}).binds("b", {"y"}).writes({"a", "b"});
        }
    };

    TEST_F(binding_inputs_test, each_target_depends_only_on_its_own_element)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("pair", {pair_assignment()});
        run("uses_a", {stmt().reads({"a"})});
        run("uses_b", {stmt().reads({"b"})});
        auto changed = run("edit_y", {stmt().writes({"y"})});
        EXPECT_EQ(changes(changed), "pair:fresh->stale, uses_b:fresh->downstream") << "a came from x only";
        EXPECT_EQ(status("uses_a"), "fresh");
        run("pair", {pair_assignment()});
        run("uses_a", {stmt().reads({"a"})});
        run("uses_b", {stmt().reads({"b"})});
        changed = run("edit_x", {stmt().writes({"x"})});
        EXPECT_EQ(changes(changed), "pair:fresh->stale, uses_a:fresh->downstream") << "b came from y only";
        EXPECT_EQ(status("uses_b"), "fresh");
        EXPECT_EQ(t.self_check(), "");
    }

    TEST_F(binding_inputs_test, a_target_without_the_event_keeps_all_the_inputs)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("pair", {stmt().reads({"x", "y"}).binds("b", {"y"}).writes({"a", "b"})});
        run("uses_a", {stmt().reads({"a"})});
        run("edit_y", {stmt().writes({"y"})});
        EXPECT_EQ(status("uses_a"), "downstream");
    }

    TEST_F(binding_inputs_test, names_bound_earlier_in_the_run_bring_their_own_inputs)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        // p = x; q = y; then a, b = q, p (a swap of run-own values).
        run("pair", {stmt().reads({"x"}).writes({"p"}), stmt().reads({"y"}).writes({"q"}),
                     stmt().reads({"q", "p"}).binds("a", {"q"}).binds("b", {"p"}).writes({"a", "b"})});
        run("uses_a", {stmt().reads({"a"})});
        run("uses_b", {stmt().reads({"b"})});
        run("edit_x", {stmt().writes({"x"})});
        EXPECT_EQ(status("uses_a"), "fresh") << "a is q, computed from y";
        EXPECT_EQ(status("uses_b"), "downstream") << "b is p, computed from x";
    }

    TEST_F(binding_inputs_test, notebook_code_in_the_statement_widens_every_binding)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        // An operator method of the notebook ran and read z: which element
        // it served cannot be told, so both bindings keep every input.
        run("make_z", {stmt().writes({"z"})});
        run("by_read", {stmt().reads({"x", "y"}).reads({"z"}, "V.__add__")
                            .binds("a", {"x"}).binds("b", {"y"}).writes({"a", "b"})});
        run("uses_a", {stmt().reads({"a"})});
        run("by_call", {stmt().calls("", "V.__add__").reads({"x", "y"})
                            .binds("c", {"x"}).binds("d", {"y"}).writes({"c", "d"})});
        run("uses_c", {stmt().reads({"c"})});
        run("by_change", {stmt().reads({"x", "y"}).binds("e", {"x"}).binds("f", {"y"}).writes({"e", "f"})
                              .mutates({"y"})});
        run("uses_e", {stmt().reads({"e"})});
        run("edit_y", {stmt().writes({"y"})});
        EXPECT_EQ(status("uses_a"), "downstream") << "a read by notebook code";
        EXPECT_EQ(status("uses_c"), "downstream") << "a call of notebook code";
        EXPECT_EQ(status("uses_e"), "downstream") << "a change in place in the statement";
        EXPECT_EQ(t.self_check(), "");
    }

    TEST_F(binding_inputs_test, the_narrowing_lasts_one_statement)
    {
        t.set_order(xdeps::order_mode::any);   // a later cell changes what an earlier one read
        run("pair", {stmt().reads({"x", "y"}).binds("a", {"x"}).writes({"b"}),
                     stmt().reads({"x", "y"}).writes({"a"})});
        run("uses_a", {stmt().reads({"a"})});
        run("edit_y", {stmt().writes({"y"})});
        EXPECT_EQ(status("uses_a"), "downstream") << "the second statement's a was never narrowed";
    }
}
