#include "graph_drawing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <utility>

#include "rich_text.hpp"

namespace xdeps::kernel
{
    namespace
    {
        constexpr double node_height = 28;
        constexpr double row_gap = 44;
        constexpr double column_gap = 90;
        constexpr double margin = 12;
        constexpr double char_width = 7.2;
        constexpr double band_gap = 48;
        constexpr double label_char_width = 6.6;

        // Labels longer than this are cut in the drawing; the full text is in
        // the element's <title>, shown on hover.
        constexpr std::size_t max_node_label = 32;
        constexpr std::size_t max_edge_label = 28;

        bool starts_character(char c)
        {
            return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        }

        std::size_t display_length(const std::string& text)
        {
            return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), starts_character));
        }

        // `text` cut to `limit` characters (never inside a UTF-8 sequence),
        // ending with an ellipsis when cut.
        std::string shorten(const std::string& text, std::size_t limit)
        {
            if (display_length(text) <= limit)
            {
                return text;
            }
            std::size_t chars = 0;
            for (std::size_t i = 0; i < text.size(); ++i)
            {
                if (starts_character(text[i]) && ++chars == limit)
                {
                    return text.substr(0, i) + "\u2026";
                }
            }
            return text;
        }

        double node_width(const graph_node& n)
        {
            return std::max(56.0, 20 + char_width * static_cast<double>(display_length(shorten(n.label, max_node_label))));
        }

        // Coordinate at parameter u of the cubic Bezier curve p0 p1 p2 p3.
        double bezier(double u, double p0, double p1, double p2, double p3)
        {
            double v = 1 - u;
            return v * v * v * p0 + 3 * v * v * u * p1 + 3 * v * u * u * p2 + u * u * u * p3;
        }

        // FNV-1a: a stable name for a drawing's marker, so that several graphs
        // on one page (and their outputs cleared or hidden) never share an id.
        std::string drawing_id(const graph& g)
        {
            std::uint64_t h = 1469598103934665603ull;
            auto mix = [&h](const std::string& s) {
                for (unsigned char c : s)
                {
                    h = (h ^ c) * 1099511628211ull;
                }
                h = (h ^ 0xFF) * 1099511628211ull;
            };
            for (const graph_node& n : g.nodes)
            {
                mix(n.label);
                mix(n.kind);
            }
            for (const graph_edge& e : g.edges)
            {
                mix(std::to_string(e.from) + ">" + std::to_string(e.to) + ":" + e.label);
            }
            std::ostringstream out;
            out << std::hex << h;
            return out.str();
        }

        // Longest-path layer of every node; edges closing a cycle are ignored.
        std::vector<int> layers_of(const graph& g)
        {
            std::size_t n = g.nodes.size();
            std::vector<std::vector<int>> preds(n);
            for (const graph_edge& e : g.edges)
            {
                if (e.from != e.to && e.from >= 0 && e.to >= 0 && static_cast<std::size_t>(e.from) < n
                    && static_cast<std::size_t>(e.to) < n)
                {
                    preds[e.to].push_back(e.from);
                }
            }
            // Depth-first with an explicit stack: a chain of thousands of
            // cells must not exhaust the thread's stack.
            std::vector<int> layer(n, -1);
            std::vector<char> on_path(n, 0);
            struct frame
            {
                int node;
                std::size_t next;
                int best;
            };
            std::vector<frame> stack;
            // Roots from the last node back: a cycle is then broken at the
            // edge leaving its latest node (cells come in execution order),
            // so the earlier cell stays on the left.
            for (std::size_t root = n; root-- > 0;)
            {
                if (layer[root] >= 0)
                {
                    continue;
                }
                stack.push_back(frame{static_cast<int>(root), 0, 0});
                on_path[root] = 1;
                while (!stack.empty())
                {
                    frame& f = stack.back();
                    if (f.next < preds[f.node].size())
                    {
                        int p = preds[f.node][f.next++];
                        if (on_path[p])
                        {
                            continue;  // closes a cycle: ignored
                        }
                        if (layer[p] >= 0)
                        {
                            f.best = std::max(f.best, layer[p] + 1);
                            continue;
                        }
                        on_path[p] = 1;
                        stack.push_back(frame{p, 0, 0});
                        continue;
                    }
                    int done = f.node;
                    layer[done] = f.best;
                    on_path[done] = 0;
                    stack.pop_back();
                    if (!stack.empty())
                    {
                        stack.back().best = std::max(stack.back().best, layer[done] + 1);
                    }
                }
            }
            return layer;
        }

        std::string mermaid_label(const std::string& text)
        {
            std::string out;
            for (char c : text)
            {
                switch (c)
                {
                    case '"': out += "#quot;"; break;
                    case '|': out += "#124;"; break;
                    case '<': out += "#lt;"; break;
                    case '>': out += "#gt;"; break;
                    case '#': out += "#35;"; break;
                    case '`': out += "#96;"; break;
                    case '\n':
                    case '\r': out += ' '; break;
                    default: out += c;
                }
            }
            return out;
        }
    }

    std::vector<node_box> layout(const graph& g, int max_rows, double max_width)
    {
        std::vector<int> layer = layers_of(g);
        int layers = 0;
        for (int l : layer)
        {
            layers = std::max(layers, l + 1);
        }
        // Each layer becomes one or more columns of at most max_rows nodes.
        std::vector<std::vector<int>> columns;
        // Odd columns of a wrapped layer sit half a row lower, so that edges
        // from the column before pass between their nodes, not through them.
        std::vector<double> column_offset;
        std::vector<std::vector<int>> by_layer(static_cast<std::size_t>(layers));
        for (std::size_t v = 0; v < g.nodes.size(); ++v)
        {
            by_layer[static_cast<std::size_t>(layer[v])].push_back(static_cast<int>(v));
        }
        for (const std::vector<int>& members : by_layer)
        {
            for (std::size_t i = 0; i < members.size(); i += static_cast<std::size_t>(max_rows))
            {
                columns.emplace_back(members.begin() + static_cast<std::ptrdiff_t>(i),
                                     members.begin() + static_cast<std::ptrdiff_t>(std::min(members.size(), i + max_rows)));
                column_offset.push_back((i / static_cast<std::size_t>(max_rows)) % 2 == 1 ? row_gap / 2 : 0.0);
            }
        }
        // Columns run left to right; past `max_width` the next column starts
        // a new band below, so a long chain of cells folds instead of
        // drawing thousands of pixels wide.
        // The gap after a column fits the longest label on an edge leaving
        // it, so labels between columns do not run under the next nodes.
        std::vector<std::size_t> label_chars(g.nodes.size(), 0);
        for (const graph_edge& e : g.edges)
        {
            if (e.from >= 0 && static_cast<std::size_t>(e.from) < g.nodes.size())
            {
                label_chars[e.from] = std::max(label_chars[e.from], display_length(shorten(e.label, max_edge_label)));
            }
        }
        std::vector<node_box> boxes(g.nodes.size());
        double x = margin;
        double band_top = margin;
        double band_height = 0;
        for (std::size_t c = 0; c < columns.size(); ++c)
        {
            const std::vector<int>& column = columns[c];
            double width = 0;
            for (int v : column)
            {
                width = std::max(width, node_width(g.nodes[v]));
            }
            if (x > margin && x + width + margin > max_width)
            {
                x = margin;
                band_top += band_height + band_gap;
                band_height = 0;
            }
            double y = band_top + column_offset[c];
            for (int v : column)
            {
                boxes[v] = node_box{x, y, node_width(g.nodes[v]), node_height};
                y += row_gap;
            }
            band_height = std::max(band_height, y - row_gap + node_height - band_top);
            std::size_t longest = 0;
            for (int v : column)
            {
                longest = std::max(longest, label_chars[v]);
            }
            x += width + std::max(column_gap, label_char_width * static_cast<double>(longest) + 24);
        }
        return boxes;
    }

    std::string draw_svg(const graph& g)
    {
        if (g.nodes.empty())
        {
            return "";
        }
        std::vector<node_box> boxes = layout(g);
        double width = 0;
        double height = 0;
        for (const node_box& b : boxes)
        {
            width = std::max(width, b.x + b.width + margin);
            height = std::max(height, b.y + b.height + margin);
        }
        std::string marker = "xdeps-arrow-" + drawing_id(g);
        std::ostringstream svg;
        svg << "<div class=\"xdeps-graph-box\"><svg class=\"xdeps-graph\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
            << "aria-label=\"dependency graph: " << g.nodes.size() << (g.nodes.size() == 1 ? " node, " : " nodes, ")
            << g.edges.size() << (g.edges.size() == 1 ? " edge" : " edges") << "\" width=\"" << width << "\" height=\""
            << height << "\" viewBox=\"0 0 " << width << " " << height << "\">"
            << "<defs><marker id=\"" << marker << "\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
            << "markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" style=\"fill:#9e9e9e;stroke:none\"/>"
            << "</marker></defs>";
        // Edges first, then their labels over them, then the nodes.
        std::ostringstream labels;
        std::vector<int> out_degree(g.nodes.size(), 0);
        std::vector<int> in_degree(g.nodes.size(), 0);
        for (const graph_edge& e : g.edges)
        {
            if (e.from >= 0 && e.to >= 0 && static_cast<std::size_t>(e.from) < boxes.size()
                && static_cast<std::size_t>(e.to) < boxes.size() && e.from != e.to)
            {
                ++out_degree[e.from];
                ++in_degree[e.to];
            }
        }
        for (const graph_edge& e : g.edges)
        {
            if (e.from < 0 || e.to < 0 || static_cast<std::size_t>(e.from) >= boxes.size()
                || static_cast<std::size_t>(e.to) >= boxes.size() || e.from == e.to)
            {
                continue;
            }
            const node_box& a = boxes[e.from];
            const node_box& b = boxes[e.to];
            double x1, y1, x2, y2, cx1, cy1, cx2, cy2;
            if (b.x > a.x)
            {
                // Same band: right side to left side.
                x1 = a.x + a.width;
                y1 = a.y + a.height / 2;
                x2 = b.x;
                y2 = b.y + b.height / 2;
                double bend = std::max(30.0, std::abs(x2 - x1) / 2);
                cx1 = x1 + bend;
                cy1 = y1;
                cx2 = x2 - bend;
                cy2 = y2;
            }
            else
            {
                // Into a later band (or back, across a broken cycle): bottom
                // or top side to the facing side of the target.
                bool down = b.y > a.y;
                x1 = a.x + a.width / 2;
                y1 = down ? a.y + a.height : a.y;
                x2 = b.x + b.width / 2;
                y2 = down ? b.y : b.y + b.height;
                double bend = std::max(30.0, std::abs(y2 - y1) / 2) * (down ? 1 : -1);
                cx1 = x1;
                cy1 = y1 + bend;
                cx2 = x2;
                cy2 = y2 - bend;
            }
            std::string from_to = g.nodes[e.from].label + " \u2192 " + g.nodes[e.to].label;
            svg << "<path d=\"M" << x1 << "," << y1 << " C" << cx1 << "," << cy1 << " " << cx2 << "," << cy2 << " " << x2
                << "," << y2 << "\" marker-end=\"url(#" << marker << ")\"><title>"
                << html_escape(from_to + (e.label.empty() ? "" : ": " + e.label)) << "</title></path>";
            if (!e.label.empty())
            {
                // A label sits near the end where edges do not crowd: beside
                // its target when the source fans out to many cells (a data
                // cell), beside its source when many edges meet at the target
                // (the one cell of `%deps 5`), else midway.
                // On a left-to-right edge the label ends before the target
                // (or starts after the source), never over that node.
                int end = out_degree[e.from] > in_degree[e.to] ? 1 : out_degree[e.from] < in_degree[e.to] ? -1 : 0;
                double u = end > 0 ? 0.8 : end < 0 ? 0.2 : 0.5;
                double lx = bezier(u, x1, cx1, cx2, x2);
                const char* anchor = "middle";
                if (b.x > a.x && end > 0)
                {
                    lx = std::min(lx, x2 - 8);
                    anchor = "end";
                }
                else if (b.x > a.x && end < 0)
                {
                    lx = std::max(lx, x1 + 4);
                    anchor = "start";
                }
                labels << "<text class=\"xdeps-edge-label\" x=\"" << lx << "\" y=\"" << bezier(u, y1, cy1, cy2, y2) - 4
                       << "\" text-anchor=\"" << anchor << "\"><title>" << html_escape(e.label)
                       << "</title>" << html_escape(shorten(e.label, max_edge_label)) << "</text>";
            }
        }
        // Nodes last: where a label of a crowded graph crosses a node, the
        // node's name stays legible.
        svg << labels.str();
        for (std::size_t v = 0; v < g.nodes.size(); ++v)
        {
            const node_box& b = boxes[v];
            std::string why = g.nodes[v].reasons.empty() ? "" : ": " + join(g.nodes[v].reasons, "; ");
            svg << "<g><title>" << html_escape(g.nodes[v].label + " (" + g.nodes[v].kind + ")" + why) << "</title>"
                << "<rect class=\"xdeps-node-" << html_escape(g.nodes[v].kind) << "\" x=\"" << b.x << "\" y=\"" << b.y
                << "\" width=\"" << b.width << "\" height=\"" << b.height << "\" rx=\"6\"/>"
                << "<text x=\"" << b.x + b.width / 2 << "\" y=\"" << b.y + b.height / 2 + 4
                << "\" text-anchor=\"middle\">" << html_escape(shorten(g.nodes[v].label, max_node_label)) << "</text></g>";
        }
        svg << "</svg></div>";
        return svg.str();
    }

    std::string to_mermaid(const graph& g)
    {
        std::ostringstream out;
        out << "graph LR\n";
        for (std::size_t v = 0; v < g.nodes.size(); ++v)
        {
            const graph_node& n = g.nodes[v];
            std::string label = mermaid_label(n.kind == "function" ? n.label : n.label + " " + n.kind);
            if (n.kind == "function")
            {
                out << "  n" << v << "([\"" << label << "\"])\n";
            }
            else
            {
                out << "  n" << v << "[\"" << label << "\"]\n";
            }
        }
        // Why a cell is not fresh: a note beside it, joined by a dotted line.
        for (std::size_t v = 0; v < g.nodes.size(); ++v)
        {
            const std::vector<std::string>& reasons = g.nodes[v].reasons;
            if (!reasons.empty())
            {
                out << "  why" << v << ">\"" << mermaid_label(join(reasons, "; ")) << "\"]\n"
                    << "  why" << v << " -.- n" << v << "\n";
            }
        }
        for (const graph_edge& e : g.edges)
        {
            out << "  n" << e.from << " -->";
            if (!e.label.empty())
            {
                out << "|\"" << mermaid_label(e.label) << "\"|";
            }
            out << " n" << e.to << "\n";
        }
        // Status colours, as in the drawn graph.
        const std::pair<const char*, const char*> styles[] = {
            {"stale", "stroke:#d32f2f,stroke-width:2px"},
            {"downstream", "stroke:#f57c00,stroke-width:2px"},
            {"fresh", "stroke:#388e3c"},
            {"function", "stroke:#1976d2"},
        };
        for (const auto& [kind, style] : styles)
        {
            std::string members;
            for (std::size_t v = 0; v < g.nodes.size(); ++v)
            {
                if (g.nodes[v].kind == kind)
                {
                    members += (members.empty() ? "n" : ",n") + std::to_string(v);
                }
            }
            if (!members.empty())
            {
                out << "  classDef " << kind << " " << style << "\n  class " << members << " " << kind << "\n";
            }
        }
        return out.str();
    }
}
