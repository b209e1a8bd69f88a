// The %deps argument grammar and cell references.
#include <cstdint>
#include <string>
#include <vector>

#include "render_test_fixture.hpp"

using xdeps::kernel::deps_command;
using xdeps::kernel::deps_usage_error;
using xdeps::kernel::parse_deps_args;
using xdeps::kernel::resolve_cell;
using xdeps_test::render_test;
using xdeps_test::stmt;

namespace
{
    const std::string usage
        = "usage: %deps [N | [N] | <cell id>] [--all] [--stale] [--json] | off | on | order [notebook | any] | reactive [on | off] | ?";

    class deps_parse_test : public render_test
    {
    };
}

// Every well-formed argument text parses to the form and flags it names.
TEST_F(deps_parse_test, well_formed_forms)
{
    struct expectation
    {
        std::string args;
        deps_command::kind what;
        std::string ref;
        bool json;
    };
    using k = deps_command::kind;
    std::vector<expectation> cases = {
        {"", k::previous, "", false},
        {"   ", k::previous, "", false},
        {"--json", k::previous, "", true},
        {"5", k::cell, "5", false},
        {"[5]", k::cell, "[5]", false},
        {" [12]  --json ", k::cell, "[12]", true},
        {"--json 7", k::cell, "7", true},
        {"3f1c2a9e-55b0-4f0e-9a43-6d8f2a7c1e00", k::cell, "3f1c2a9e-55b0-4f0e-9a43-6d8f2a7c1e00", false},
        {"--all", k::all, "", false},
        {"--all --json", k::all, "", true},
        {"--json --stale", k::stale, "", true},
        {"--stale", k::stale, "", false},
        {"off", k::off, "", false},
        {"on", k::on, "", false},
        {"3 # a comment", k::cell, "3", false},
        {"--stale #--all", k::stale, "", false},
        {"# only a comment", k::previous, "", false},
        {" on ", k::on, "", false},
        {"?", k::help, "", false},
        {"reactive", k::reactive_status, "", false},
        {" reactive  on ", k::reactive_on, "", false},
        {"reactive off", k::reactive_off, "", false},
    };
    for (const expectation& e : cases)
    {
        deps_command c = parse_deps_args(e.args);
        EXPECT_EQ(static_cast<int>(c.what), static_cast<int>(e.what)) << "form of '" << e.args << "'";
        EXPECT_EQ(c.cell_ref, e.ref) << "cell reference of '" << e.args << "'";
        EXPECT_EQ(c.json, e.json) << "--json of '" << e.args << "'";
    }
}

// Every malformed form throws deps_usage_error with the one-line usage, and nothing else.
TEST_F(deps_parse_test, malformed_forms_give_the_one_line_usage)
{
    std::vector<std::string> bad = {
        "--all --stale", "5 --all", "[5] --stale", "5 6", "[5] 7", "--bogus", "-5", "--",
        "[5", "5]", "[]", "[x]", "[-1]", "off on", "off --json", "on 5", "? --all", "?? ",
        "reactive maybe", "reactive on off", "reactive --json", "--all reactive",
        "x;y", "a b", "\"5\"", "--all=1", "caf\xc3\xa9", "<script>",
        "order sideways", "order any notebook", "order --json", "order 5",
    };
    for (const std::string& args : bad)
    {
        try
        {
            parse_deps_args(args);
            ADD_FAILURE() << "'" << args << "' parsed, expected a usage error";
        }
        catch (const deps_usage_error& e)
        {
            EXPECT_EQ(std::string(e.what()), usage) << "usage for '" << args << "'";
            EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "usage is one line for '" << args << "'";
        }
        catch (const std::exception& e)
        {
            ADD_FAILURE() << "'" << args << "' threw another exception: " << e.what();
        }
    }
}

// A cell is found by n, [n] and its id; the latest cell shown as [n] wins.
TEST_F(deps_parse_test, resolve_cell_by_count_bracket_and_id)
{
    run("cell-a", {stmt().writes({"A"})});
    run("cell-b", {stmt().reads({"A"}).writes({"B"})});
    run("cell-a", {stmt().writes_same({"A"})});
    EXPECT_EQ(resolve_cell(t, "2"), "cell-b") << "execution count";
    EXPECT_EQ(resolve_cell(t, "[2]"), "cell-b") << "bracketed execution count";
    EXPECT_EQ(resolve_cell(t, "3"), "cell-a") << "the re-run cell by its latest count";
    EXPECT_EQ(resolve_cell(t, "cell-b"), "cell-b") << "cell id";
}

// Unknown references give one-line errors naming what was asked for.
TEST_F(deps_parse_test, resolve_unknown_cells)
{
    run("cell-a", {stmt().writes({"A"})});
    run("cell-a", {stmt().writes({"A"})});
    auto message = [&](const std::string& ref) {
        try
        {
            resolve_cell(t, ref);
        }
        catch (const deps_usage_error& e)
        {
            return std::string(e.what());
        }
        return std::string("(resolved)");
    };
    EXPECT_EQ(message("7"), "no cell [7] in this kernel's history") << "unknown count";
    EXPECT_EQ(message("[1]"), "no cell [1] in this kernel's history") << "a count superseded by a re-run";
    EXPECT_EQ(message("99999999999999999999"), "no cell [99999999999999999999] in this kernel's history")
        << "a count too large for an int";
    EXPECT_EQ(message("nope"), "no cell with id 'nope' in this kernel's history") << "unknown id";
}

// render_deps on an unknown cell reports it through deps_usage_error, as the kernel expects.
TEST_F(deps_parse_test, render_deps_unknown_cell_is_a_usage_error)
{
    EXPECT_THROW(deps("[4]"), deps_usage_error) << "no cell [4] yet";
}

// Thousands of generated argument texts: each parses, or fails with the one-line usage; none reaches render_deps
// as anything but a bundle or a deps_usage_error.
TEST_F(deps_parse_test, generated_arguments_never_escape_as_other_exceptions)
{
    run("cell-a", {stmt().writes({"A"})});
    run("cell-b", {stmt().reads({"A"}).writes({"B"})});
    const std::vector<std::string> pieces = {"--all", "--stale", "--json", "-", "--", "[", "]", "1", "2", "99", "0",
                                            "off", "on", "?", " ", "  ", "\t", "cell-a", "cell-b", "x", "\xc3\xa9",
                                            "\"", "'", "<", "&", "%deps", "=", ";", "\\", "[1]", "-1", "1e3"};
    std::uint32_t state = 12345;
    auto next = [&state]() {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    };
    int parsed = 0;
    for (int i = 0; i < 3000; ++i)
    {
        std::string args;
        for (std::uint32_t n = next() % 5; n > 0; --n)
        {
            args += pieces[next() % pieces.size()];
            if (next() % 2)
            {
                args += ' ';
            }
        }
        try
        {
            deps_command c = parse_deps_args(args);
            ++parsed;
            if (c.what != deps_command::kind::off && c.what != deps_command::kind::on)
            {
                nl::json b = xdeps::kernel::render_deps(t, c, "cell-b");
                EXPECT_TRUE(b.contains("text/plain") && b.contains("text/html")) << "bundle for '" << args << "'";
                EXPECT_NO_THROW(b.dump()) << "serializable bundle for '" << args << "'";
            }
        }
        catch (const deps_usage_error& e)
        {
            std::string what = e.what();
            EXPECT_TRUE(what == usage || what.rfind("no cell ", 0) == 0) << "'" << args << "' gave: " << what;
            EXPECT_EQ(what.find('\n'), std::string::npos) << "one line for '" << args << "'";
        }
        catch (const std::exception& e)
        {
            ADD_FAILURE() << "'" << args << "' threw another exception: " << e.what();
        }
    }
    EXPECT_GT(parsed, 100) << "the generator also produces well-formed arguments";
}

// Completion offers the words of the grammar that begin with what was typed.
TEST_F(deps_parse_test, completions)
{
    using xdeps::kernel::deps_completions;
    EXPECT_EQ(deps_completions("--"), (std::vector<std::string>{"--all", "--stale", "--json"}));
    EXPECT_EQ(deps_completions("o"), (std::vector<std::string>{"off", "on", "order"}));
    EXPECT_EQ(deps_completions(""),
              (std::vector<std::string>{"--all", "--stale", "--json", "off", "on", "order", "reactive"}));
    EXPECT_TRUE(deps_completions("x").empty());
}
