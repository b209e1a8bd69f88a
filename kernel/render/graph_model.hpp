#ifndef XDEPS_GRAPH_MODEL_HPP
#define XDEPS_GRAPH_MODEL_HPP

#include <string>
#include <vector>

#include "xdeps/tracker.hpp"

namespace xdeps::kernel
{
    // kind: "fresh", "stale", "downstream" (cells) or "function".
    struct graph_node
    {
        std::string label;
        std::string kind;
        // Why a stale or downstream cell is not fresh, one plain sentence
        // each ("read `df`, changed in place by [6]"); none for the others.
        std::vector<std::string> reasons = {};
    };

    struct graph_edge
    {
        int from;
        int to;
        std::string label;
    };

    struct graph
    {
        std::vector<graph_node> nodes;
        std::vector<graph_edge> edges;
    };

    // The cell graph of a set of cells: cells as nodes, an edge from the
    // cell that bound a version to each cell that read it.
    graph cell_graph(const tracker& t, const std::vector<std::string>& ids);

    // One cell's graph: the cells it read from, the cell, the functions it called.
    graph single_cell_graph(const tracker& t, const std::string& id);
}

#endif
