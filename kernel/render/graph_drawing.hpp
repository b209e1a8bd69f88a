#ifndef XDEPS_GRAPH_DRAWING_HPP
#define XDEPS_GRAPH_DRAWING_HPP

#include <string>
#include <vector>

#include "graph_model.hpp"

namespace xdeps::kernel
{
    struct node_box
    {
        double x;
        double y;
        double width;
        double height;
    };

    // Layered layout, left to right: each node one column right of its
    // furthest predecessor (cycles broken), nodes kept in their order within
    // a column, columns taller than `max_rows` wrapped into several, and
    // columns that would pass `max_width` folded into a new band below.
    std::vector<node_box> layout(const graph& g, int max_rows = 10, double max_width = 1100);

    // Inline SVG of the laid-out graph, with labelled edges.
    std::string draw_svg(const graph& g);

    // The same graph in mermaid's `graph LR` syntax.
    std::string to_mermaid(const graph& g);
}

#endif
