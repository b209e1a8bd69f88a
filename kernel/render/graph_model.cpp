#include "graph_model.hpp"

#include <map>

#include "reason_wording.hpp"
#include "rich_text.hpp"

namespace xdeps::kernel
{
    namespace
    {
        graph_node cell_node_of(const tracker& t, const std::string& id)
        {
            graph_node node{cell_label(t, id), status_word(t.status(id))};
            for (const rich_text& sentence : reason_sentences(t, id))
            {
                node.reasons.push_back(sentence.text());
            }
            return node;
        }
    }

    graph cell_graph(const tracker& t, const std::vector<std::string>& ids)
    {
        graph g;
        std::map<std::string, int> index;
        for (const std::string& id : ids)
        {
            index[id] = static_cast<int>(g.nodes.size());
            g.nodes.push_back(cell_node_of(t, id));
        }
        for (const std::string& id : ids)
        {
            std::map<std::string, std::vector<std::string>> by_source;
            for (const read_info& r : t.cell_reads(id))
            {
                if (!r.bound_by.empty() && r.bound_by != id && index.count(r.bound_by))
                {
                    by_source[r.bound_by].push_back(r.symbol);
                }
            }
            for (auto& [source, symbols] : by_source)
            {
                g.edges.push_back(graph_edge{index[source], index[id], join(symbols, ", ")});
            }
        }
        return g;
    }

    graph single_cell_graph(const tracker& t, const std::string& id)
    {
        graph g;
        std::map<std::string, int> cells;
        std::map<std::string, int> functions;
        auto cell_node = [&](const std::string& cid) {
            auto found = cells.find(cid);
            if (found != cells.end())
            {
                return found->second;
            }
            int n = static_cast<int>(g.nodes.size());
            g.nodes.push_back(cell_node_of(t, cid));
            cells[cid] = n;
            return n;
        };
        int self = cell_node(id);
        auto function_node = [&](const std::string& f) {
            if (f.empty())
            {
                return self;
            }
            auto found = functions.find(f);
            if (found != functions.end())
            {
                return found->second;
            }
            int n = static_cast<int>(g.nodes.size());
            g.nodes.push_back(graph_node{f + "()", "function"});
            functions[f] = n;
            return n;
        };
        std::map<std::string, std::vector<std::string>> by_source;
        for (const read_info& r : t.cell_reads(id))
        {
            if (!r.bound_by.empty() && r.bound_by != id && t.has_cell(r.bound_by))
            {
                by_source[r.bound_by].push_back(r.symbol);
            }
        }
        for (auto& [source, symbols] : by_source)
        {
            g.edges.push_back(graph_edge{cell_node(source), self, join(symbols, ", ")});
        }
        std::map<std::string, std::vector<std::string>> reads_of;
        for (const auto& [f, names] : t.function_reads(id))
        {
            reads_of[f] = names;
        }
        for (const auto& [caller, callee] : t.cell_calls(id))
        {
            std::string label = "calls";
            auto found = reads_of.find(callee);
            if (found != reads_of.end() && !found->second.empty())
            {
                label = "reads " + join(found->second, ", ");
            }
            g.edges.push_back(graph_edge{function_node(caller), function_node(callee), label});
        }
        return g;
    }
}
