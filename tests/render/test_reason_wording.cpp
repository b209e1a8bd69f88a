// The one wording of reasons: its sentences, the "text" of the state JSON,
// and the agreement of notices, %deps and the state for the same notebook.
#include <string>
#include <vector>

#include "reason_wording.hpp"
#include "render_test_fixture.hpp"

using xdeps::kernel::reason_sentence;
using xdeps::kernel::render_run_notice;
using xdeps::kernel::state_json;
using xdeps::kernel::with_reason_texts;
using xdeps_test::render_test;
using xdeps_test::stmt;

namespace
{
    class reason_wording_test : public render_test
    {
    protected:

        // The first reason of a cell, as the state JSON gives it.
        nl::json first_reason(const std::string& cell_id)
        {
            nl::json reasons = t.cell_json(cell_id).at("reasons");
            EXPECT_FALSE(reasons.empty()) << cell_id << " has no reasons";
            return reasons.empty() ? nl::json::object() : reasons[0];
        }

        std::string sentence(const nl::json& reason)
        {
            return reason_sentence(t, reason).text();
        }
    };
}

// A stale cell read a name another cell changed; a downstream cell used a value computed from it.
TEST_F(reason_wording_test, stale_and_downstream)
{
    design_example();
    run("a", {stmt().writes({"A"})});  // [5]
    EXPECT_EQ(sentence(first_reason("r")), "read `A` (via `f`), changed by [5]");
    EXPECT_EQ(reason_sentence(t, first_reason("r")).html(), "read <code>A</code> (via <code>f</code>), changed by [5]");
    EXPECT_EQ(sentence(first_reason("s")), "uses `r` from [3], computed from `A` changed by [5]");
    EXPECT_EQ(reason_sentence(t, first_reason("s")).html(),
              "uses <code>r</code> from [3], computed from <code>A</code> changed by [5]");
}

// A deleted name says "deleted by"; so does a downstream reason the core marks deleted.
TEST_F(reason_wording_test, deletion)
{
    run("a", {stmt().writes({"A"})});
    run("b", {stmt().reads({"A"}).writes({"B"})});
    run("c", {stmt().reads({"B"}).writes({"C"})});
    run("a", {stmt().deletes({"A"})});  // [4]
    EXPECT_EQ(sentence(first_reason("b")), "read `A`, deleted by [4]");
    nl::json downstream = first_reason("c");
    downstream["deleted"] = true;
    EXPECT_EQ(sentence(downstream), "uses `B` from [2], computed from `A` deleted by [4]");
}

// A value read from a cell below (notebook order) is worded with that cell.
TEST_F(reason_wording_test, read_from_below)
{
    t.set_positions({"top", "bottom"});
    run("bottom", {stmt().writes({"x"})});  // [1]
    run("top", {stmt().reads({"x"}, "f")});
    nl::json reason = first_reason("top");
    EXPECT_EQ(reason["below"], true);
    EXPECT_EQ(sentence(reason), "reads `x` (via `f`) from [1], below it");
}

// A reason the core marks "mutated" was an in-place change; one changed by no cell says so.
TEST_F(reason_wording_test, in_place_and_outside_any_cell)
{
    design_example();
    run("a", {stmt().writes({"A"})});  // [5]
    nl::json stale = first_reason("r");
    nl::json downstream = first_reason("s");
    stale["mutated"] = true;
    downstream["mutated"] = true;
    EXPECT_EQ(sentence(stale), "read `A` (via `f`), changed in place by [5]");
    EXPECT_EQ(sentence(downstream), "uses `r` from [3], computed from `A` changed in place by [5]");
    stale["mutated"] = false;
    stale["changed_by"] = nullptr;
    EXPECT_EQ(sentence(stale), "read `A` (via `f`), changed outside any cell");
    stale["changed_by"] = "a cell the tracker never saw";
    EXPECT_EQ(sentence(stale), "read `A` (via `f`), changed by a deleted cell");
}

// Names in the HTML form are escaped; the text keeps them as they are.
TEST_F(reason_wording_test, names_are_escaped_in_html)
{
    run("a", {stmt().writes({"<i>A</i>"})});
    run("b", {stmt().reads({"<i>A</i>"}).writes({"B"})});
    run("a", {stmt().writes({"<i>A</i>"})});
    EXPECT_EQ(sentence(first_reason("b")), "read `<i>A</i>`, changed by [3]");
    EXPECT_EQ(reason_sentence(t, first_reason("b")).html(), "read <code>&lt;i&gt;A&lt;/i&gt;</code>, changed by [3]");
}

// The state JSON carries each reason's sentence in "text", and nothing else changes.
TEST_F(reason_wording_test, state_json_carries_the_sentences)
{
    design_example();
    run("a", {stmt().writes({"A"})});
    nl::json state = state_json(t);
    std::size_t reasons = 0;
    for (nl::json& cell : state.at("cells"))
    {
        for (nl::json& reason : cell.at("reasons"))
        {
            ASSERT_TRUE(reason.contains("text")) << reason.dump();
            EXPECT_EQ(reason.at("text"), sentence(reason)) << reason.dump();
            reason.erase("text");
            ++reasons;
        }
    }
    EXPECT_EQ(reasons, 2u) << "one reason for [3], one for [4]";
    EXPECT_EQ(state, t.to_json()) << "only the sentences are added";
    EXPECT_EQ(with_reason_texts(t, nl::json{{"version", 1}}), (nl::json{{"version", 1}})) << "no cells, nothing to add";
}

// For the same notebook, the notice, %deps (text and HTML, every form) and the state's "text" say the same words.
TEST_F(reason_wording_test, notice_deps_and_state_agree)
{
    design_example();
    run("b", {stmt().reads({"A"}).writes({"B"})});       // [5]
    run("c", {stmt().reads({"r", "B"}).writes({"C"})});  // [6]
    nl::json notice = render_run_notice(t, run("a", {stmt().writes({"A"})}));
    ASSERT_FALSE(notice.is_null());
    nl::json state = deps("--stale --json").at("application/json");
    std::size_t checked = 0;
    for (const nl::json& cell : state.at("cells"))
    {
        std::string label = "[" + std::to_string(cell.at("execution_count").get<int>()) + "]";
        for (const nl::json& reason : cell.at("reasons"))
        {
            std::string text = reason.at("text");
            std::string html = reason_sentence(t, reason).html();
            EXPECT_EQ(text, sentence(reason));
            EXPECT_TRUE(contains(text_of(notice), text)) << text << "\nnot in the notice:\n" << text_of(notice);
            EXPECT_TRUE(contains(html_of(notice), html)) << html << "\nnot in the notice:\n" << html_of(notice);
            EXPECT_TRUE(contains(text_of(deps("--stale")), text)) << text << "\n" << text_of(deps("--stale"));
            EXPECT_TRUE(contains(html_of(deps("--stale")), html)) << html << "\n" << html_of(deps("--stale"));
            EXPECT_TRUE(contains(text_of(deps(label)), text)) << text << "\n" << text_of(deps(label));
            EXPECT_TRUE(contains(html_of(deps(label)), html)) << html << "\n" << html_of(deps(label));
            ++checked;
        }
    }
    EXPECT_EQ(checked, 5u) << "two stale cells, one downstream, and one downstream for two reasons:\n" << state.dump(1);
}
