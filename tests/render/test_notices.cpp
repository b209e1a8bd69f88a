// The notice after a run, the warning before a cell's output, the tracking-failure notice.
#include <string>

#include "render_test_fixture.hpp"

using xdeps::kernel::render_out_of_order_notice;
using xdeps::kernel::render_input_warning;
using xdeps::kernel::render_run_notice;
using xdeps::kernel::render_unread_inputs;
using xdeps::kernel::render_stale_input_warning;
using xdeps::kernel::render_tracking_failure;
using xdeps_test::render_test;
using xdeps_test::stmt;

namespace
{
    class notices_test : public render_test
    {
    protected:

        // Every notice is styled with the theme's variables under the xdeps-notice class.
        static void expect_styled(const nl::json& bundle)
        {
            std::string html = html_of(bundle);
            EXPECT_TRUE(contains(html, "class=\"xdeps-notice")) << html;
            EXPECT_TRUE(contains(html, "var(--jp-warn-color0")) << html;
            EXPECT_TRUE(contains(html, "var(--jp-layout-color1")) << html;
            EXPECT_TRUE(contains(html, "var(--jp-content-font-color1")) << html;
        }
    };
}

// The docs/semantics.md example: changing A makes the cell calling f stale and the cell using r downstream;
// each is named with its reasons, in the words of %deps and of the state's "text".
TEST_F(notices_test, design_example_notice)
{
    design_example();
    nl::json notice = render_run_notice(t, run("a", {stmt().writes({"A"})}));
    ASSERT_FALSE(notice.is_null()) << "two cells changed status";
    EXPECT_EQ(text_of(notice), "2 cells are now stale: [3] read `A` (via `f`), changed by [5]; "
                              "[4] uses `r` from [3], computed from `A` changed by [5].");
    expect_styled(notice);
    EXPECT_TRUE(contains(html_of(notice), "<code>A</code> (via <code>f</code>)")) << html_of(notice);
}

// One cell made stale reads in the singular.
TEST_F(notices_test, singular)
{
    run("a", {stmt().writes({"A"})});
    run("b", {stmt().reads({"A"}).writes({"B"})});
    nl::json notice = render_run_notice(t, run("a", {stmt().writes({"A"})}));
    EXPECT_EQ(text_of(notice), "1 cell is now stale: [2] read `A`, changed by [3].");
}

// No notice on a first run, on an unchanged re-run, or when the changed name is read by nobody.
TEST_F(notices_test, no_notice_when_nothing_changed)
{
    EXPECT_TRUE(render_run_notice(t, run("a", {stmt().writes({"A"})})).is_null()) << "first run";
    EXPECT_TRUE(render_run_notice(t, run("b", {stmt().reads({"A"}).writes({"B"})})).is_null()) << "first run of a reader";
    EXPECT_TRUE(render_run_notice(t, run("a", {stmt().writes_same({"A"})})).is_null()) << "same value";
    EXPECT_TRUE(render_run_notice(t, run("c", {stmt().writes({"C"})})).is_null()) << "nobody reads C";
    EXPECT_TRUE(render_run_notice(t, run("c", {stmt().writes({"C"})})).is_null()) << "still nobody reads C";
    EXPECT_TRUE(render_run_notice(t, {}).is_null()) << "no changes at all";
}

// A cell that was already stale is not announced again.
TEST_F(notices_test, already_stale_cells_are_not_repeated)
{
    run("a", {stmt().writes({"A"})});
    run("b", {stmt().reads({"A"}).writes({"B"})});
    ASSERT_FALSE(render_run_notice(t, run("a", {stmt().writes({"A"})})).is_null()) << "first change";
    EXPECT_TRUE(render_run_notice(t, run("a", {stmt().writes({"A"})})).is_null()) << "[2] was stale already";
}

// A cell with several reasons gives them all, joined by ", and".
TEST_F(notices_test, several_reasons_of_one_cell)
{
    run("a", {stmt().writes({"A", "B"})});
    run("b", {stmt().reads({"A", "B"}).writes({"C"})});
    nl::json notice = render_run_notice(t, run("a", {stmt().writes({"A", "B"})}));
    EXPECT_EQ(text_of(notice), "1 cell is now stale: [2] read `A`, changed by [3], and read `B`, changed by [3].");
}

// Many cells made stale at once: the list is capped with "... and N more".
TEST_F(notices_test, the_list_is_capped)
{
    run("a", {stmt().writes({"A"})});
    for (int i = 0; i < 20; ++i)
    {
        run("reader" + std::to_string(i), {stmt().reads({"A"}).writes({"x" + std::to_string(i)})});
    }
    std::string text = text_of(render_run_notice(t, run("a", {stmt().writes({"A"})})));
    EXPECT_EQ(text.rfind("20 cells are now stale: [2] read `A`, changed by [22]; [3] read `A`, changed by [22];", 0), 0u)
        << text;
    EXPECT_TRUE(contains(text, "[9] read `A`, changed by [22]; ... and 12 more.")) << text;
    EXPECT_FALSE(contains(text, "[10]")) << "capped at eight cells:\n" << text;
}

// Deleting a name a cell read says so.
TEST_F(notices_test, deletion)
{
    run("a", {stmt().writes({"A"})});
    run("b", {stmt().reads({"A"}).writes({"B"})});
    std::string text = text_of(render_run_notice(t, run("a", {stmt().deletes({"A"})})));
    EXPECT_EQ(text, "1 cell is now stale: [2] read `A`, deleted by [3].");
}

// After a run that read a value bound below, one notice says so, in the reason's words.
TEST_F(notices_test, out_of_order_read)
{
    t.set_positions({"top", "bottom"});
    run("bottom", {stmt().writes({"x", "y"})});
    run("top", {stmt().reads({"x", "y"})});
    EXPECT_EQ(text_of(render_out_of_order_notice(t, "top", 2)), "[2] reads `x` from [1], below it; `y` from [1], below it.");
    EXPECT_TRUE(render_out_of_order_notice(t, "bottom").is_null()) << "nothing read from below";
}

// The warning from a record names what makes the cell downstream (reads from a stale cell), never a
// stale cell's own reads.
TEST_F(notices_test, stale_input_warning_rule)
{
    design_example();
    run("a", {stmt().writes({"A"})});  // [5]: r is stale, s downstream
    EXPECT_TRUE(render_stale_input_warning(t, "r").is_null()) << "r is stale itself: re-running it is the fix";
    EXPECT_TRUE(render_stale_input_warning(t, "a").is_null()) << "a is fresh";
    EXPECT_TRUE(render_stale_input_warning(t, "unknown").is_null()) << "unknown cell";
    // s re-runs while r is still stale: the kernel warns before its output.
    run("s", {stmt().reads({"r"}).writes({"s"})});  // [6]
    nl::json warning = render_stale_input_warning(t, "s");
    ASSERT_FALSE(warning.is_null()) << "s reads r from stale [3]";
    EXPECT_EQ(text_of(warning), "This cell reads `r` from [3], which is stale.");
    EXPECT_EQ(text_of(render_stale_input_warning(t, "s", 9)), "[9] reads `r` from [3], which is stale.")
        << "named by the count the kernel is about to show";
    expect_styled(warning);
    run("r", {stmt().calls("", "f").reads({"f"}).reads({"A"}, "f").writes({"r"})});  // [7]
    EXPECT_TRUE(render_input_warning(t, t.outdated_inputs("s", {"r"}, {})).is_null())
        << "r re-ran: s about to run again reads nothing outdated";
}

// The warning before a run is judged from what the code is about to read: its
// names, and what the notebook functions it calls read in their latest calls.
TEST_F(notices_test, warning_from_the_code_about_to_run)
{
    design_example();
    run("a", {stmt().writes({"A"})});  // [5]: r is stale, s downstream
    EXPECT_TRUE(render_input_warning(t, t.outdated_inputs("s", {}, {}), 6).is_null()) << "s edited to read nothing";
    EXPECT_EQ(text_of(render_input_warning(t, t.outdated_inputs("new", {"r"}, {}), 6)),
              "[6] reads `r` from [3], which is stale.")
        << "a new cell reading r";
    EXPECT_TRUE(render_input_warning(t, t.outdated_inputs("new", {"A", "f"}, {"f"}), 6).is_null())
        << "f and A are current: calling f reads nothing outdated";
    run("g", {stmt().writes({"g"})});                                                     // [6]
    run("h", {stmt().calls("", "g").reads({"g"}).reads({"r"}, "g").writes({"h"})});        // [7]
    EXPECT_EQ(text_of(render_input_warning(t, t.outdated_inputs("new", {"g"}, {"g"}), 8)),
              "[8] reads `r` from [3], which is stale.")
        << "g read r when [7] called it";
    EXPECT_EQ(text_of(render_input_warning(t, t.outdated_inputs("new", {"h", "r"}, {}), 8)),
              "[8] reads `h` from [7], which is downstream; `r` from [3], which is stale.");
}

// A value a cell bound itself on an earlier run is named by the cell it came from.
TEST_F(notices_test, a_cell_is_never_its_own_source)
{
    run("raw", {stmt().writes({"raw"})});                       // [1]
    run("data", {stmt().reads({"raw"}).writes({"data"})});      // [2]
    run("plus", {stmt().reads({"data"}).writes({"data"})});     // [3]
    run("raw", {stmt().writes({"raw"})});                       // [4]
    EXPECT_EQ(text_of(render_input_warning(t, t.outdated_inputs("plus", {"data"}, {}), 5)),
              "[5] reads `data` from [2], which is stale.");
    run("plus", {stmt().reads({"data"}).writes({"data"})});     // [5]
    EXPECT_EQ(text_of(render_stale_input_warning(t, "plus", 5)), "[5] reads `data` from [2], which is stale.");
    EXPECT_EQ(t.upstream("plus"), std::vector<std::string>{"data"});
    for (const xdeps::read_info& r : t.cell_reads("plus"))
    {
        EXPECT_EQ(r.bound_by, "data") << r.symbol;
    }
}

// Inputs warned about that the run did not read are taken back.
TEST_F(notices_test, unread_inputs)
{
    xdeps::stale_input r;
    r.symbol = "r";
    EXPECT_TRUE(render_unread_inputs({}, 3).is_null());
    nl::json notice = render_unread_inputs({r, r}, 3);
    EXPECT_EQ(text_of(notice), "[3] did not read `r` after all.");
    EXPECT_TRUE(contains(html_of(notice), "class=\"xdeps-notice")) << html_of(notice);
}

// A downstream cell that becomes stale is named; one already stale is not named again.
TEST_F(notices_test, downstream_to_stale_is_named)
{
    design_example();
    run("B", {stmt().writes({"B"})});                                   // [5]
    run("t", {stmt().reads({"r"}).reads({"B"}).writes({"t"})});         // [6]
    run("a", {stmt().writes({"A"})});                                   // [7]: r stale, s and t downstream
    EXPECT_EQ(text_of(render_run_notice(t, run("B", {stmt().writes({"B"})}))),
              "1 cell is now stale: [6] read `B`, changed by [8].");
}

// Tracking failures say so in the agreed words, escaped.
TEST_F(notices_test, tracking_failure)
{
    nl::json notice = render_tracking_failure("bad <state>");
    EXPECT_EQ(text_of(notice), "Dependency tracking was off for this cell: bad <state>. Its result stands.");
    EXPECT_TRUE(contains(html_of(notice), "bad &lt;state&gt;")) << html_of(notice);
    EXPECT_TRUE(contains(html_of(notice), "class=\"xdeps-notice")) << html_of(notice);
}

// Names in notices are HTML-escaped.
TEST_F(notices_test, notice_escapes_names)
{
    run("a", {stmt().writes({"<i>A</i>"})});
    run("b", {stmt().reads({"<i>A</i>"}).writes({"B"})});
    nl::json notice = render_run_notice(t, run("a", {stmt().writes({"<i>A</i>"})}));
    EXPECT_FALSE(contains(html_of(notice), "<i>")) << html_of(notice);
    EXPECT_TRUE(contains(html_of(notice), "&lt;i&gt;A&lt;/i&gt;")) << html_of(notice);
}
