// Layered graph layout, SVG and mermaid of the drawn graphs.
#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include "graph_drawing.hpp"
#include "render_test_fixture.hpp"

using xdeps::kernel::graph;
using xdeps::kernel::graph_edge;
using xdeps::kernel::graph_node;
using xdeps::kernel::layout;
using xdeps::kernel::node_box;
using xdeps_test::render_test;
using xdeps_test::stmt;

namespace
{
    struct rect
    {
        double x, y, w, h;
    };

    class graph_drawing_test : public render_test
    {
    protected:

        // The node rectangles of an SVG, from its <rect> elements.
        static std::vector<rect> rects_of(const std::string& svg)
        {
            std::vector<rect> out;
            std::regex re("<rect[^>]* x=\"([0-9.e+-]+)\" y=\"([0-9.e+-]+)\" width=\"([0-9.e+-]+)\" height=\"([0-9.e+-]+)\"");
            for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator(); ++it)
            {
                out.push_back(rect{std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]), std::stod((*it)[4])});
            }
            return out;
        }

        static bool overlap(const rect& a, const rect& b)
        {
            return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        }

        static void expect_no_overlap(const std::vector<rect>& rects)
        {
            for (std::size_t i = 0; i < rects.size(); ++i)
            {
                for (std::size_t j = i + 1; j < rects.size(); ++j)
                {
                    EXPECT_FALSE(overlap(rects[i], rects[j])) << "nodes " << i << " and " << j << " overlap";
                }
            }
        }

        // The width and height an SVG declares.
        static std::pair<double, double> svg_size(const std::string& svg)
        {
            std::smatch size;
            if (!std::regex_search(svg, size, std::regex("<svg[^>]* width=\"([0-9.e+-]+)\" height=\"([0-9.e+-]+)\"")))
            {
                ADD_FAILURE() << "no <svg> with a width and height";
                return {0, 0};
            }
            return {std::stod(size[1]), std::stod(size[2])};
        }

        static graph make(int nodes, std::vector<std::pair<int, int>> edges)
        {
            graph g;
            for (int i = 0; i < nodes; ++i)
            {
                g.nodes.push_back(graph_node{"[" + std::to_string(i + 1) + "]", "fresh"});
            }
            for (auto [a, b] : edges)
            {
                g.edges.push_back(graph_edge{a, b, "x"});
            }
            return g;
        }
    };
}

// Longest-path layering: each node sits right of its furthest predecessor.
TEST_F(graph_drawing_test, longest_path_layers)
{
    // 0 -> 1 -> 2 and 0 -> 2: node 2 goes to the third column, not the second.
    graph g = make(4, {{0, 1}, {1, 2}, {0, 2}});
    std::vector<node_box> b = layout(g);
    EXPECT_LT(b[0].x, b[1].x) << "1 right of 0";
    EXPECT_LT(b[1].x, b[2].x) << "2 right of 1 (longest path)";
    EXPECT_EQ(b[3].x, b[0].x) << "an isolated node stays in the first column";
    EXPECT_LT(b[0].y, b[3].y) << "order within a column is the node order";
}

// A cycle is broken at the edge leaving its last node, and a wide layer wraps into several columns.
TEST_F(graph_drawing_test, cycles_and_wrapping)
{
    std::vector<node_box> cyc = layout(make(3, {{0, 1}, {1, 2}, {2, 0}}));
    ASSERT_EQ(cyc.size(), 3u) << "every node placed";
    EXPECT_LT(cyc[0].x, cyc[1].x) << "the cycle is broken at the edge from its last node: 0 left of 1";
    EXPECT_LT(cyc[1].x, cyc[2].x) << "1 left of 2";
    std::vector<node_box> wide = layout(make(25, {}), 10);
    double max_y = 0;
    for (const node_box& b : wide)
    {
        max_y = std::max(max_y, b.y);
    }
    EXPECT_EQ(wide[10].y, wide[0].y + 22) << "node 10 starts a second column, half a row lower";
    EXPECT_EQ(wide[20].y, wide[0].y) << "node 20 starts a third column, level with the first";
    EXPECT_LT(wide[0].x, wide[10].x) << "the second column is to the right";
    EXPECT_LT(wide[10].x, wide[20].x) << "the third column further right";
    EXPECT_LE(max_y, wide[9].y + 22) << "no column is taller than ten nodes";
    // An edge leaving the first column at a node's middle passes the staggered second column between nodes.
    for (int i = 0; i < 10; ++i)
    {
        double y = wide[i].y + wide[i].height / 2;
        for (int j = 10; j < 20; ++j)
        {
            EXPECT_FALSE(y > wide[j].y && y < wide[j].y + wide[j].height)
                << "a line from node " << i << " crosses node " << j;
        }
    }
}

// A 30-cell notebook: %deps --all draws 30 nodes, none overlapping, every edge labelled.
TEST_F(graph_drawing_test, thirty_cells_do_not_overlap)
{
    run("c1", {stmt().writes({"data"})});
    run("c2", {stmt().writes({"cfg"})});
    for (int i = 3; i <= 30; ++i)
    {
        std::string prev = "v" + std::to_string(i - 1);
        stmt s;
        s.reads({"data"});
        if (i % 3 == 0)
        {
            s.reads({"cfg"});
        }
        if (i > 3 && i % 2 == 0)
        {
            s.reads({prev});
        }
        run("c" + std::to_string(i), {s.writes({"v" + std::to_string(i)})});
    }
    nl::json b = deps("--all");
    std::string html = html_of(b);
    std::vector<rect> rects = rects_of(html);
    ASSERT_EQ(rects.size(), 30u) << "one node per cell";
    expect_no_overlap(rects);
    auto [width, height] = svg_size(html);
    for (const rect& r : rects)
    {
        EXPECT_LE(r.x + r.w, width) << "node inside the drawing";
        EXPECT_LE(r.y + r.h, height) << "node inside the drawing";
    }
    EXPECT_LE(height, 600) << "columns wrap rather than grow past ten rows";
    std::string mermaid = b.at("text/vnd.mermaid").get<std::string>();
    EXPECT_EQ(count(mermaid, "-->"), count(html, "marker-end")) << "the same edges in both drawings";
    EXPECT_EQ(count(html, "marker-end"), count(html, "class=\"xdeps-edge-label\"")) << "every edge labelled";
}

// Status colours: each node carries its status class.
TEST_F(graph_drawing_test, status_classes)
{
    design_example();
    run("a", {stmt().writes({"A"})});
    std::string html = html_of(deps("--all"));
    EXPECT_EQ(count(html, "class=\"xdeps-node-stale\""), 1u) << html;
    EXPECT_EQ(count(html, "class=\"xdeps-node-downstream\""), 1u) << html;
    EXPECT_EQ(count(html, "class=\"xdeps-node-fresh\""), 2u) << html;
    EXPECT_TRUE(contains(html, ".xdeps-graph .xdeps-node-stale{")) << "styled";
}

// A 30-cell chain (each cell reads the previous one) folds into bands: no overlap, no drawing wider than the limit.
TEST_F(graph_drawing_test, long_chain_folds_into_bands)
{
    run("c1", {stmt().writes({"v1"})});
    for (int i = 2; i <= 30; ++i)
    {
        run("c" + std::to_string(i), {stmt().reads({"v" + std::to_string(i - 1)}).writes({"v" + std::to_string(i)})});
    }
    std::string html = html_of(deps("--all"));
    std::vector<rect> rects = rects_of(html);
    ASSERT_EQ(rects.size(), 30u) << "one node per cell";
    expect_no_overlap(rects);
    EXPECT_LE(svg_size(html).first, 1100) << "the chain folds instead of growing wide";
    EXPECT_GT(rects[29].y, rects[0].y) << "the end of the chain is in a later band, below its start";
    EXPECT_EQ(count(html, "marker-end"), 29u) << "every link of the chain drawn";
    // Within a band the chain runs left to right; a band starts at the left margin.
    for (std::size_t i = 1; i < rects.size(); ++i)
    {
        EXPECT_TRUE(rects[i].x > rects[i - 1].x || (rects[i].y > rects[i - 1].y && rects[i].x == rects[0].x))
            << "node " << i << " is right of node " << i - 1 << " or starts the next band";
    }
}

// Long labels are cut (never inside a UTF-8 character) with the full text kept in a <title>.
TEST_F(graph_drawing_test, long_labels_are_cut_with_the_full_text_on_hover)
{
    graph g;
    std::string long_name = "a_function_with_a_remarkably_long_name_\xc3\xa9\xc3\xa9\xc3\xa9()";
    g.nodes.push_back(graph_node{long_name, "function"});
    g.nodes.push_back(graph_node{"[2]", "fresh"});
    std::string many = "alpha, beta, gamma, delta, epsilon, zeta, eta, theta";
    g.edges.push_back(graph_edge{1, 0, many});
    std::string svg = xdeps::kernel::draw_svg(g);
    EXPECT_TRUE(contains(svg, "<title>" + long_name + " (function)</title>")) << "full name on hover:\n" << svg;
    EXPECT_TRUE(contains(svg, ">a_function_with_a_remarkably_lo\xe2\x80\xa6</text>")) << "cut to 32 characters:\n" << svg;
    EXPECT_TRUE(contains(svg, "<title>" + many + "</title>")) << "full edge label on hover";
    EXPECT_TRUE(contains(svg, ">alpha, beta, gamma, delta, \xe2\x80\xa6</text>")) << "edge label cut to 28 characters:\n" << svg;
    std::vector<rect> rects = rects_of(svg);
    ASSERT_EQ(rects.size(), 2u);
    EXPECT_LT(rects[0].w, 20 + 7.2 * 33) << "the node is as wide as its cut label";

    graph accented;
    accented.nodes.push_back(graph_node{std::string(31, 'x') + "\xc3\xa9\xc3\xa9", "fresh"});
    std::string cut = xdeps::kernel::draw_svg(accented);
    EXPECT_TRUE(contains(cut, std::string(31, 'x') + "\xe2\x80\xa6</text>")) << "cut before the multi-byte character:\n" << cut;
}

// Each drawing names its own arrow marker, so graphs on one page do not depend on one another.
TEST_F(graph_drawing_test, marker_ids_are_per_drawing)
{
    std::regex marker_re("<marker id=\"(xdeps-arrow-[0-9a-f]+)\"");
    std::smatch m1, m2;
    std::string one = xdeps::kernel::draw_svg(make(2, {{0, 1}}));
    std::string two = xdeps::kernel::draw_svg(make(3, {{0, 1}, {1, 2}}));
    ASSERT_TRUE(std::regex_search(one, m1, marker_re)) << one;
    ASSERT_TRUE(std::regex_search(two, m2, marker_re)) << two;
    EXPECT_NE(m1[1].str(), m2[1].str()) << "different graphs, different markers";
    EXPECT_TRUE(contains(one, "marker-end=\"url(#" + m1[1].str() + ")\"")) << "edges use their drawing's marker";
    EXPECT_EQ(one, xdeps::kernel::draw_svg(make(2, {{0, 1}}))) << "the same graph draws the same, byte for byte";
}

// Mermaid output gives each status its colour class, only for the kinds present.
TEST_F(graph_drawing_test, mermaid_status_classes)
{
    design_example();
    run("a", {stmt().writes({"A"})});
    std::string mermaid = deps("--all").at("text/vnd.mermaid").get<std::string>();
    EXPECT_TRUE(contains(mermaid, "  class n1 stale\n")) << mermaid;
    EXPECT_TRUE(contains(mermaid, "  class n2 downstream\n")) << mermaid;
    EXPECT_TRUE(contains(mermaid, "  class n0,n3 fresh\n")) << mermaid;
    EXPECT_FALSE(contains(mermaid, "classDef function")) << "no functions in the cell graph:\n" << mermaid;
}

// Where edges fan out of one cell or meet at one cell, labels sit by the uncrowded end, a line apart.
TEST_F(graph_drawing_test, fan_out_and_fan_in_labels_sit_apart)
{
    for (const graph& g : {make(6, {{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}}), make(6, {{1, 0}, {2, 0}, {3, 0}, {4, 0}, {5, 0}})})
    {
        std::string svg = xdeps::kernel::draw_svg(g);
        std::regex label_re("<text class=\"xdeps-edge-label\" x=\"([0-9.e+-]+)\" y=\"([0-9.e+-]+)\"");
        std::vector<double> ys;
        for (auto it = std::sregex_iterator(svg.begin(), svg.end(), label_re); it != std::sregex_iterator(); ++it)
        {
            ys.push_back(std::stod((*it)[2]));
        }
        ASSERT_EQ(ys.size(), 5u) << svg;
        std::sort(ys.begin(), ys.end());
        for (std::size_t i = 1; i < ys.size(); ++i)
        {
            EXPECT_GE(ys[i] - ys[i - 1], 12) << "labels " << i - 1 << " and " << i << " are less than a line apart:\n" << svg;
        }
    }
}

// A chain of 20,000 nodes (and a cycle closing it) is laid out without deep recursion, one column per link.
TEST_F(graph_drawing_test, very_long_chain_lays_out)
{
    std::vector<std::pair<int, int>> edges;
    for (int i = 1; i < 20000; ++i)
    {
        edges.emplace_back(i - 1, i);
    }
    edges.emplace_back(19999, 0);
    std::vector<node_box> boxes = layout(make(20000, edges), 10, 1e12);
    ASSERT_EQ(boxes.size(), 20000u);
    for (int i = 1; i < 20000; i += 997)
    {
        EXPECT_GT(boxes[i].x, boxes[i - 1].x) << "node " << i << " right of its predecessor";
    }
}

// Mermaid labels escape every character its parser gives meaning to inside a quoted label.
TEST_F(graph_drawing_test, mermaid_escapes_label_syntax)
{
    graph g;
    g.nodes.push_back(graph_node{"`md` \"q\" <b>|#\nx\ry", "function"});
    g.nodes.push_back(graph_node{"[1]", "fresh"});
    g.edges.push_back(graph_edge{1, 0, "a|b \"c\" `d` #e"});
    std::string mermaid = xdeps::kernel::to_mermaid(g);
    EXPECT_TRUE(contains(mermaid, "n0([\"#96;md#96; #quot;q#quot; #lt;b#gt;#124;#35; x y\"])\n")) << mermaid;
    EXPECT_TRUE(contains(mermaid, "n1 -->|\"a#124;b #quot;c#quot; #96;d#96; #35;e\"| n0\n")) << mermaid;
    EXPECT_EQ(count(mermaid, "\n"), 8u) << "a line break in a name does not start a statement:\n" << mermaid;
}
