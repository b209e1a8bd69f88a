// Every %deps form rendered from notebooks built on the real tracker core.
#include <string>
#include <vector>

#include "reason_wording.hpp"
#include "render_test_fixture.hpp"

using xdeps::kernel::deps_usage_error;
using xdeps::kernel::render_help;
using xdeps::kernel::render_message;
using xdeps_test::render_test;
using xdeps_test::stmt;

namespace
{
    class deps_render_test : public render_test
    {
    protected:

        // The design example with `A` then changed by a re-run of its cell:
        // [3] (cell "r") is stale, [4] (cell "s") downstream.
        void design_example_with_change()
        {
            design_example();
            run("a", {stmt().writes({"A"})});
        }
    };
}

// `%deps` with the previous cell shows its reads (with their cells and functions), writes, calls and status.
TEST_F(deps_render_test, previous_cell_text)
{
    design_example();
    nl::json b = deps("", "r");
    std::string text = text_of(b);
    EXPECT_TRUE(contains(text, "[3] is fresh")) << text;
    EXPECT_TRUE(contains(text, "A from [1] via f")) << "A read through f, bound by [1]:\n" << text;
    EXPECT_TRUE(contains(text, "f from [2]")) << "f bound by [2]:\n" << text;
    EXPECT_TRUE(contains(text, "writes: r")) << text;
    EXPECT_TRUE(contains(text, "<cell> -> f")) << "the call from top-level code:\n" << text;
    EXPECT_TRUE(contains(text, "functions read: f: A")) << text;
    EXPECT_FALSE(contains(text, "why:")) << "no reasons for a fresh cell:\n" << text;
    EXPECT_TRUE(contains(html_of(b), "<code>A</code> from [1] via <code>f</code>")) << "names as code:\n" << html_of(b);
    EXPECT_FALSE(b.contains("application/json")) << "JSON only with --json";
    EXPECT_TRUE(b.contains("text/vnd.mermaid")) << "mermaid is always there";
}

// `%deps` with no cell run yet says so instead of failing.
TEST_F(deps_render_test, previous_cell_before_any_run)
{
    nl::json b = deps("", "");
    EXPECT_EQ(text_of(b), "No cell has run yet.") << "nothing to show";
    nl::json forgotten = deps("--json", "gone");
    EXPECT_EQ(text_of(forgotten), "No cell has run yet.") << "a previous cell the tracker no longer knows";
}

// `%deps 3`, `%deps [3]` and `%deps <id>` render the same cell as `%deps` after it.
TEST_F(deps_render_test, cell_forms_agree)
{
    design_example();
    nl::json previous = deps("", "r");
    EXPECT_EQ(deps("3"), previous) << "by execution count";
    EXPECT_EQ(deps("[3]"), previous) << "by bracketed execution count";
    EXPECT_EQ(deps("r"), previous) << "by cell id";
    EXPECT_NE(text_of(deps("[4]")), text_of(previous)) << "another cell renders differently";
}

// A stale cell's display gives its status and the reason, naming the symbol, the function and the cell.
TEST_F(deps_render_test, stale_cell_shows_why)
{
    design_example_with_change();
    std::string text = text_of(deps("[3]"));
    EXPECT_TRUE(contains(text, "[3] is stale")) << text;
    EXPECT_TRUE(contains(text, "why: read `A` (via `f`), changed by [5]")) << text;
    std::string down = text_of(deps("[4]"));
    EXPECT_TRUE(contains(down, "[4] is downstream")) << down;
    EXPECT_TRUE(contains(down, "why: uses `r` from [3], computed from `A` changed by [5]")) << down;
    std::string html = html_of(deps("[3]"));
    EXPECT_TRUE(contains(html, "<span class=\"xdeps-stale\">stale</span>")) << "status styled:\n" << html;
    EXPECT_TRUE(contains(html, "read <code>A</code> (via <code>f</code>), changed by [5]")) << html;
}

// The graph of one cell: cells it read from, the cell, and the functions it called, edges labelled.
TEST_F(deps_render_test, single_cell_graph)
{
    design_example();
    nl::json b = deps("[3]");
    std::string mermaid = b.at("text/vnd.mermaid").get<std::string>();
    EXPECT_EQ(mermaid,
              "graph LR\n"
              "  n0[\"[3] fresh\"]\n"
              "  n1[\"[1] fresh\"]\n"
              "  n2[\"[2] fresh\"]\n"
              "  n3([\"f()\"])\n"
              "  n1 -->|\"A\"| n0\n"
              "  n2 -->|\"f\"| n0\n"
              "  n0 -->|\"reads A\"| n3\n"
              "  classDef fresh stroke:#388e3c\n"
              "  class n0,n1,n2 fresh\n"
              "  classDef function stroke:#1976d2\n"
              "  class n3 function\n")
        << "cells [1] and [2] feed [3], which calls f";
    std::string html = html_of(b);
    EXPECT_EQ(count(html, "<svg"), 1u) << "one drawn graph";
    EXPECT_EQ(count(html, "<rect class=\"xdeps-node-"), 4u) << "four nodes drawn";
    EXPECT_TRUE(contains(html, "xdeps-node-function")) << "the function node is styled as one";
}

// `%deps --all` lists every cell and draws the whole cell graph.
TEST_F(deps_render_test, all_cells)
{
    design_example_with_change();
    nl::json b = deps("--all");
    std::string text = text_of(b);
    EXPECT_TRUE(contains(text, "4 cells\n")) << text;
    EXPECT_TRUE(contains(text, "[3] stale  reads: f, A  writes: r  from: [2], [5]")) << "reads in the order read:\n" << text;
    EXPECT_TRUE(contains(text, "[4] downstream  reads: r  writes: s  from: [3]")) << text;
    std::string mermaid = b.at("text/vnd.mermaid").get<std::string>();
    EXPECT_TRUE(contains(mermaid, "graph LR\n")) << mermaid;
    EXPECT_TRUE(contains(mermaid, "[\"[3] stale\"]")) << mermaid;
    EXPECT_TRUE(contains(mermaid, "[\"[4] downstream\"]")) << mermaid;
    EXPECT_EQ(count(mermaid, "-->"), 3u) << "A, f and r flow between cells:\n" << mermaid;
    EXPECT_TRUE(contains(mermaid, "-->|\"r\"|")) << mermaid;
    EXPECT_EQ(count(html_of(b), "<rect class=\"xdeps-node-"), 4u) << "one node per cell";
}

// `%deps --stale` says so when everything is fresh, and otherwise lists the cells in re-run order with reasons.
TEST_F(deps_render_test, stale_cells)
{
    design_example();
    EXPECT_EQ(text_of(deps("--stale")), "No stale cells.") << "all fresh";
    run("a", {stmt().writes({"A"})});
    std::string text = text_of(deps("--stale"));
    EXPECT_EQ(text,
              "2 cells need re-running, in this order:\n"
              "  [3] stale: read `A` (via `f`), changed by [5]\n"
              "  [4] downstream: uses `r` from [3], computed from `A` changed by [5]\n")
        << "the stale cell first, then the one downstream of it";
    EXPECT_EQ(count(html_of(deps("--stale")), "<rect class=\"xdeps-node-"), 2u) << "the graph of the two cells";
    EXPECT_TRUE(contains(html_of(deps("--stale")), "uses <code>r</code> from [3], computed from <code>A</code> changed by [5]"))
        << "the HTML gives the changed name as the text does";
}

// --json adds the state JSON of docs/comm.md for the cells shown.
TEST_F(deps_render_test, json_shape)
{
    design_example_with_change();
    nl::json one = deps("[3] --json").at("application/json");
    ASSERT_EQ(one.at("version"), 1) << one.dump();
    ASSERT_EQ(one.at("cells").size(), 1u) << "only the cell asked for";
    const nl::json& c = one.at("cells")[0];
    EXPECT_EQ(c.at("id"), "r") << c.dump();
    EXPECT_EQ(c.at("execution_count"), 3) << c.dump();
    EXPECT_EQ(c.at("status"), "stale") << c.dump();
    EXPECT_EQ(c.at("writes"), nl::json::array({"r"})) << c.dump();
    EXPECT_TRUE(c.at("reads").is_array() && c.at("calls").is_array() && c.at("upstream").is_array()) << c.dump();
    ASSERT_EQ(c.at("reasons").size(), 1u) << c.dump();
    EXPECT_EQ(c.at("reasons")[0].at("symbol"), "A") << c.dump();
    EXPECT_EQ(c.at("reasons")[0].at("changed_by"), "a") << c.dump();

    EXPECT_EQ(c.at("reasons")[0].at("text"), "read `A` (via `f`), changed by [5]") << "the reason's sentence";

    EXPECT_EQ(deps("--all --json").at("application/json"), xdeps::kernel::notebook_state_json(t, false))
        << "--all: the whole state, with the sentences";
    nl::json whole = xdeps::kernel::render_deps(t, xdeps::kernel::parse_deps_args("--all --json"), "", true)
                         .at("application/json");
    EXPECT_EQ(whole.at("reactive"), true) << "the notebook's reactive mode is in the whole state";
    whole.erase("reactive");
    EXPECT_EQ(whole, xdeps::kernel::state_json(t)) << "and nothing else is added";
    nl::json stale = deps("--stale --json").at("application/json");
    ASSERT_EQ(stale.at("cells").size(), 2u) << stale.dump();
    EXPECT_EQ(stale.at("cells")[0].at("id"), "r") << stale.dump();
    EXPECT_EQ(stale.at("cells")[1].at("id"), "s") << stale.dump();
    EXPECT_EQ(deps("--json", "s").at("application/json").at("cells")[0].at("id"), "s") << "previous cell";
    EXPECT_FALSE(stale.contains("reactive")) << "only the whole notebook's state carries the mode";
}

// Names are user data: HTML gets them escaped, never as markup; mermaid gets its own escapes.
TEST_F(deps_render_test, hostile_names_are_escaped)
{
    const std::string evil = "x<script>alert(\"1\")</script>&'|#";
    const std::string lambda = "f.<locals>.<lambda>";
    run("one", {stmt().writes({evil})});
    run("two", {stmt().calls("", lambda).reads({evil}, lambda).writes({"y"})});
    for (const char* args : {"[2]", "--all", "--stale"})
    {
        nl::json b = deps(args);
        std::string html = html_of(b);
        EXPECT_FALSE(contains(html, "<script")) << "raw markup in the HTML of %deps " << args << ":\n" << html;
        EXPECT_FALSE(contains(html, "<locals>")) << "raw function name in %deps " << args;
        std::string mermaid = b.at("text/vnd.mermaid").get<std::string>();
        EXPECT_FALSE(contains(mermaid, "<")) << "raw < in mermaid of %deps " << args << ":\n" << mermaid;
        EXPECT_EQ(count(mermaid, "\""), 2 * (count(mermaid, "[\"") + count(mermaid, "|\"")))
            << "every quote in mermaid delimits a label for %deps " << args << ":\n" << mermaid;
    }
    std::string html = html_of(deps("[2]"));
    EXPECT_TRUE(contains(html, "<code>x&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt;&amp;&#39;|#</code>")) << html;
    EXPECT_TRUE(contains(html, "f.&lt;locals&gt;.&lt;lambda&gt;")) << html;
    std::string mermaid = deps("[2]").at("text/vnd.mermaid").get<std::string>();
    EXPECT_TRUE(contains(mermaid, "f.#lt;locals#gt;.#lt;lambda#gt;()")) << mermaid;
    EXPECT_TRUE(contains(mermaid, "x#lt;script#gt;alert(#quot;1#quot;)#lt;/script#gt;&'#124;#35;")) << mermaid;
}

// A hostile cell id in an error is escaped in the message's HTML.
TEST_F(deps_render_test, hostile_cell_id_in_error)
{
    std::string message;
    try
    {
        deps("x</div><img");
    }
    catch (const deps_usage_error& e)
    {
        message = e.what();
    }
    catch (...)
    {
        ADD_FAILURE() << "an id that is no cell is a usage error";
    }
    // The parser refuses such an id outright; an id it accepts but the tracker lacks names it.
    EXPECT_EQ(message, xdeps::kernel::deps_usage) << "not a plausible cell id";
    nl::json b = render_message("no cell with id '<b>' in this kernel's history");
    EXPECT_EQ(html_of(b), "<div class=\"xdeps-deps\">no cell with id &#39;&lt;b&gt;&#39; in this kernel&#39;s history</div>")
        << "escaped message";
}

// %deps? gives the grammar of docs/magic.md, line by line.
TEST_F(deps_render_test, help_text)
{
    nl::json b = deps("?");
    std::string text = text_of(b);
    for (const char* line : {"%deps                  graph of the previous cell",
                             "%deps 5 | [5] | <id>   graph of a cell, by execution count or cell id",
                             "%deps --all            the whole notebook's cell graph",
                             "%deps --stale          stale and downstream cells, with reasons",
                             "%deps off | on         pause / resume tracking",
                             "%deps reactive on|off  re-run what a cell makes stale, in JupyterLab"})
    {
        EXPECT_TRUE(contains(text, line)) << "help lacks '" << line << "'";
    }
    EXPECT_EQ(b, render_help()) << "the same bundle as render_help";
    EXPECT_TRUE(contains(html_of(b), "&lt;id&gt;")) << "help escaped in HTML";
}

// Output styling is scoped to xdeps- classes and uses JupyterLab theme variables with fallbacks.
TEST_F(deps_render_test, styling_is_scoped_and_themed)
{
    design_example();
    std::string html = html_of(deps("--all"));
    EXPECT_TRUE(contains(html, "var(--jp-content-font-color1,")) << "theme text colour with a fallback";
    EXPECT_TRUE(contains(html, "var(--jp-layout-color2,")) << "theme background with a fallback";
    std::size_t open = html.find("<style>");
    std::size_t close = html.find("</style>");
    ASSERT_TRUE(open != std::string::npos && close != std::string::npos) << html;
    std::string css = html.substr(open + 7, close - open - 7);
    std::size_t rules = 0;
    for (std::size_t start = 0, end = css.find('}'); end != std::string::npos; start = end + 1, end = css.find('}', start))
    {
        std::string selectors = css.substr(start, css.find('{', start) - start);
        ++rules;
        for (std::size_t s = 0, e = 0; e != std::string::npos; s = e + 1)
        {
            e = selectors.find(',', s);
            std::string selector = selectors.substr(s, e == std::string::npos ? std::string::npos : e - s);
            EXPECT_EQ(selector.rfind(".xdeps-", 0), 0u) << "unscoped selector '" << selector << "'";
        }
    }
    EXPECT_GE(rules, 5u) << "the style sheet has its rules:\n" << css;
}

// A change in place says so wherever the graph shows why a cell is not
// fresh: beside the cell in mermaid, on hover in the drawing.
TEST_F(deps_render_test, graphs_say_changed_in_place)
{
    t.set_order(xdeps::order_mode::any);   // a later cell changes what earlier ones read
    run("make", {stmt().writes({"df"})});
    run("total", {stmt().reads({"df"}).writes({"total"})});
    run("report", {stmt().reads({"total"})});
    run("clean", {stmt().reads({"df"}).mutates({"df"})});
    nl::json b = deps("--all");
    std::string mermaid = b.at("text/vnd.mermaid").get<std::string>();
    EXPECT_TRUE(contains(mermaid, "  why1>\"read #96;df#96;, changed in place by [4]\"]\n  why1 -.- n1\n")) << mermaid;
    EXPECT_TRUE(contains(mermaid, "  why2>\"uses #96;total#96; from [2], computed from #96;df#96; changed in place by [4]\"]\n"))
        << mermaid;
    EXPECT_EQ(count(mermaid, "-.-"), 2u) << "fresh cells have no note:\n" << mermaid;
    std::string html = html_of(b);
    EXPECT_TRUE(contains(html, "<title>[2] (stale): read `df`, changed in place by [4]</title>")) << html;
    nl::json single = deps("[2]");
    EXPECT_TRUE(contains(single.at("text/vnd.mermaid").get<std::string>(), "changed in place by [4]"))
        << "the one cell's graph too";
}
