#include "deps_magic.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "graph_drawing.hpp"
#include "render_common.hpp"

namespace xdeps::kernel
{
    const char* const deps_usage = "usage: %deps [N | [N] | <cell id>] [--all] [--stale] [--json] | off | on | ?";

    namespace
    {
        const char* const help_text =
            "%deps                  graph of the previous cell\n"
            "%deps 5 | [5] | <id>   graph of a cell, by execution count or cell id\n"
            "%deps --all            the whole notebook's cell graph\n"
            "%deps --stale          stale and downstream cells, with reasons\n"
            "%deps --json           add to any form: the state as application/json\n"
            "%deps off | on         pause / resume tracking\n"
            "%deps?                 this help";

        std::vector<std::string> split(std::string_view text)
        {
            std::vector<std::string> words;
            std::istringstream in{std::string(text)};
            std::string word;
            while (in >> word)
            {
                words.push_back(word);
            }
            return words;
        }

        bool all_digits(std::string_view s)
        {
            return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
        }

        bool plausible_id(std::string_view s)
        {
            return !s.empty() && s[0] != '-' && s[0] != '['
                && std::all_of(s.begin(), s.end(), [](unsigned char c) {
                       return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':' || c == '/';
                   });
        }

        std::string code_html(const std::string& s)
        {
            return "<code>" + html_escape(s) + "</code>";
        }

        std::string status_html(cell_status s)
        {
            std::string w = status_word(s);
            return "<span class=\"xdeps-" + w + "\">" + w + "</span>";
        }

        std::string reason_text(const tracker& t, const reason& r)
        {
            if (r.kind == cell_status::stale)
            {
                return "read `" + r.symbol + "`" + (r.via.empty() ? "" : " (via `" + r.via + "`)") + ", "
                     + (r.deleted ? "deleted" : "changed") + " by " + cell_label(t, r.changed_by);
            }
            return "uses `" + r.symbol + "` from " + cell_label(t, r.bound_by) + ", outdated by "
                 + cell_label(t, r.changed_by)
                 + (r.changed_symbol.empty() || r.changed_symbol == r.symbol ? "" : " (`" + r.changed_symbol + "`)");
        }

        std::string reason_html(const tracker& t, const reason& r)
        {
            if (r.kind == cell_status::stale)
            {
                return "read " + code_html(r.symbol) + (r.via.empty() ? "" : " (via " + code_html(r.via) + ")") + ", "
                     + (r.deleted ? "deleted" : "changed") + " by " + html_escape(cell_label(t, r.changed_by));
            }
            return "uses " + code_html(r.symbol) + " from " + html_escape(cell_label(t, r.bound_by)) + ", outdated by "
                 + html_escape(cell_label(t, r.changed_by))
                 + (r.changed_symbol.empty() || r.changed_symbol == r.symbol ? "" : " (" + code_html(r.changed_symbol) + ")");
        }

        std::string function_label(const std::string& f)
        {
            return f.empty() ? "<cell>" : f;
        }

        // The cell graph of a set of cells: cells as nodes, an edge from the
        // cell that bound a version to each cell that read it.
        graph cell_graph(const tracker& t, const std::vector<std::string>& ids)
        {
            graph g;
            std::map<std::string, int> index;
            for (const std::string& id : ids)
            {
                index[id] = static_cast<int>(g.nodes.size());
                cell_status s = t.status(id);
                g.nodes.push_back(graph_node{cell_label(t, id), status_word(s)});
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

        // One cell's graph: the cells it read from, the cell, the functions it called.
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
                g.nodes.push_back(graph_node{cell_label(t, cid), status_word(t.status(cid))});
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

        nl::json state_of(const tracker& t, const std::vector<std::string>& ids)
        {
            nl::json cells = nl::json::array();
            for (const std::string& id : ids)
            {
                cells.push_back(t.cell_json(id));
            }
            return nl::json{{"version", 1}, {"cells", cells}};
        }

        nl::json render_cell(const tracker& t, const std::string& id, bool json)
        {
            std::string label = cell_label(t, id);
            cell_status status = t.status(id);
            std::ostringstream text;
            std::ostringstream html;
            html << style_sheet() << "<div class=\"xdeps-deps\"><b>" << html_escape(label) << "</b> is "
                 << status_html(status) << "<table>";
            text << label << " is " << status_word(status) << "\n";

            std::vector<std::string> reads_t, reads_h;
            for (const read_info& r : t.cell_reads(id))
            {
                std::string from = r.bound_by.empty() ? "" : " from " + cell_label(t, r.bound_by);
                reads_t.push_back(r.symbol + from + (r.via.empty() ? "" : " via " + r.via));
                reads_h.push_back(code_html(r.symbol) + html_escape(from)
                                  + (r.via.empty() ? "" : " via " + code_html(r.via)));
            }
            std::vector<std::string> writes_t, writes_h;
            for (const write_info& w : t.cell_writes(id))
            {
                std::string suffix = w.deleted ? " (deleted)" : "";
                writes_t.push_back(w.symbol + suffix);
                writes_h.push_back(code_html(w.symbol) + suffix);
            }
            std::vector<std::string> calls_t, calls_h;
            for (const auto& [caller, callee] : t.cell_calls(id))
            {
                calls_t.push_back(function_label(caller) + " -> " + callee);
                calls_h.push_back(code_html(function_label(caller)) + " &rarr; " + code_html(callee));
            }
            std::vector<std::string> fr_t, fr_h;
            for (const auto& [f, names] : t.function_reads(id))
            {
                if (f.empty() || names.empty())
                {
                    continue;
                }
                fr_t.push_back(f + ": " + join(names, ", "));
                std::vector<std::string> coded;
                for (const auto& n : names)
                {
                    coded.push_back(code_html(n));
                }
                fr_h.push_back(code_html(f) + ": " + join(coded, ", "));
            }
            std::vector<std::string> why_t, why_h;
            for (const reason& r : t.reasons(id))
            {
                why_t.push_back(reason_text(t, r));
                why_h.push_back(reason_html(t, r));
            }
            auto row = [&](const char* name, const std::vector<std::string>& tv, const std::vector<std::string>& hv) {
                text << "  " << name << ": " << (tv.empty() ? "-" : join(tv, "; ")) << "\n";
                html << "<tr><th>" << name << "</th><td>" << (hv.empty() ? "&ndash;" : join(hv, "<br>")) << "</td></tr>";
            };
            row("reads", reads_t, reads_h);
            row("writes", writes_t, writes_h);
            row("calls", calls_t, calls_h);
            row("functions read", fr_t, fr_h);
            if (status != cell_status::fresh)
            {
                row("why", why_t, why_h);
            }
            html << "</table>";
            graph g = single_cell_graph(t, id);
            html << draw_svg(g) << "</div>";
            nl::json bundle{{"text/plain", text.str()}, {"text/html", html.str()}, {"text/vnd.mermaid", to_mermaid(g)}};
            if (json)
            {
                bundle["application/json"] = state_of(t, {id});
            }
            return bundle;
        }

        nl::json render_all(const tracker& t, bool json)
        {
            std::vector<std::string> ids = t.cells();
            std::ostringstream text;
            std::ostringstream html;
            text << ids.size() << (ids.size() == 1 ? " cell" : " cells") << "\n";
            html << style_sheet() << "<div class=\"xdeps-deps\"><table><tr><th>cell</th><th>status</th>"
                 << "<th>reads</th><th>writes</th><th>from</th></tr>";
            for (const std::string& id : ids)
            {
                nl::json c = t.cell_json(id);
                std::vector<std::string> reads = c.value("reads", std::vector<std::string>{});
                std::vector<std::string> writes = c.value("writes", std::vector<std::string>{});
                std::vector<std::string> from;
                for (const std::string& u : t.upstream(id))
                {
                    from.push_back(cell_label(t, u));
                }
                std::string label = cell_label(t, id);
                cell_status s = t.status(id);
                text << "  " << label << " " << status_word(s) << "  reads: " << (reads.empty() ? "-" : join(reads, ", "))
                     << "  writes: " << (writes.empty() ? "-" : join(writes, ", "))
                     << (from.empty() ? "" : "  from: " + join(from, ", ")) << "\n";
                std::vector<std::string> rh, wh;
                for (const auto& r : reads)
                {
                    rh.push_back(code_html(r));
                }
                for (const auto& w : writes)
                {
                    wh.push_back(code_html(w));
                }
                html << "<tr><td>" << html_escape(label) << "</td><td>" << status_html(s) << "</td><td>" << join(rh, " ")
                     << "</td><td>" << join(wh, " ") << "</td><td>" << html_escape(join(from, " ")) << "</td></tr>";
            }
            html << "</table>";
            graph g = cell_graph(t, ids);
            html << draw_svg(g) << "</div>";
            nl::json bundle{{"text/plain", text.str()}, {"text/html", html.str()}, {"text/vnd.mermaid", to_mermaid(g)}};
            if (json)
            {
                bundle["application/json"] = t.to_json();
            }
            return bundle;
        }

        nl::json render_stale(const tracker& t, bool json)
        {
            std::vector<std::string> ids = t.non_fresh_cells();
            std::ostringstream text;
            std::ostringstream html;
            html << style_sheet() << "<div class=\"xdeps-deps\">";
            if (ids.empty())
            {
                text << "No stale cells.";
                html << "No stale cells.";
            }
            else
            {
                text << ids.size() << (ids.size() == 1 ? " cell needs" : " cells need") << " re-running, in this order:\n";
                html << "<b>" << ids.size() << (ids.size() == 1 ? " cell needs" : " cells need")
                     << " re-running</b>, in this order:<table>";
                for (const std::string& id : t.rerun_order())
                {
                    std::string label = cell_label(t, id);
                    cell_status s = t.status(id);
                    std::vector<std::string> rt, rh;
                    for (const reason& r : t.reasons(id))
                    {
                        rt.push_back(reason_text(t, r));
                        rh.push_back(reason_html(t, r));
                    }
                    text << "  " << label << " " << status_word(s) << ": " << join(rt, "; ") << "\n";
                    html << "<tr><td>" << html_escape(label) << "</td><td>" << status_html(s) << "</td><td>"
                         << join(rh, "<br>") << "</td></tr>";
                }
                html << "</table>";
            }
            graph g = cell_graph(t, ids);
            html << draw_svg(g) << "</div>";
            nl::json bundle{{"text/plain", text.str()}, {"text/html", html.str()}, {"text/vnd.mermaid", to_mermaid(g)}};
            if (json)
            {
                bundle["application/json"] = state_of(t, ids);
            }
            return bundle;
        }
    }

    deps_command parse_deps_args(std::string_view args)
    {
        deps_command command;
        std::vector<std::string> words = split(args);
        bool all = false;
        bool stale = false;
        for (const std::string& w : words)
        {
            if (w == "--all")
            {
                all = true;
            }
            else if (w == "--stale")
            {
                stale = true;
            }
            else if (w == "--json")
            {
                command.json = true;
            }
            else if (w == "?" || w == "-h" || w == "--help")
            {
                if (words.size() != 1)
                {
                    throw deps_usage_error(deps_usage);
                }
                command.what = deps_command::kind::help;
                return command;
            }
            else if (w == "off" || w == "on")
            {
                if (words.size() != 1)
                {
                    throw deps_usage_error(deps_usage);
                }
                command.what = w == "off" ? deps_command::kind::off : deps_command::kind::on;
                return command;
            }
            else if (!command.cell_ref.empty())
            {
                throw deps_usage_error(deps_usage);
            }
            else if (all_digits(w)
                     || (w.size() > 2 && w.front() == '[' && w.back() == ']' && all_digits(w.substr(1, w.size() - 2)))
                     || plausible_id(w))
            {
                command.cell_ref = w;
            }
            else
            {
                throw deps_usage_error(deps_usage);
            }
        }
        int forms = (all ? 1 : 0) + (stale ? 1 : 0) + (command.cell_ref.empty() ? 0 : 1);
        if (forms > 1)
        {
            throw deps_usage_error(deps_usage);
        }
        command.what = all ? deps_command::kind::all
                     : stale ? deps_command::kind::stale
                     : command.cell_ref.empty() ? deps_command::kind::previous
                     : deps_command::kind::cell;
        return command;
    }

    std::string resolve_cell(const tracker& t, std::string_view ref)
    {
        std::string r(ref);
        std::string digits = r;
        if (r.size() > 2 && r.front() == '[' && r.back() == ']')
        {
            digits = r.substr(1, r.size() - 2);
        }
        if (all_digits(digits))
        {
            int n = 0;
            try
            {
                n = std::stoi(digits);
            }
            catch (const std::exception&)
            {
                throw deps_usage_error("no cell [" + digits + "] in this kernel's history");
            }
            std::string id = t.cell_for_execution_count(n);
            if (id.empty())
            {
                throw deps_usage_error("no cell [" + digits + "] in this kernel's history");
            }
            return id;
        }
        if (!t.has_cell(r))
        {
            throw deps_usage_error("no cell with id '" + r + "' in this kernel's history");
        }
        return r;
    }

    nl::json render_deps(const tracker& t, const deps_command& command, const std::string& previous_cell_id)
    {
        switch (command.what)
        {
            case deps_command::kind::all:
                return render_all(t, command.json);
            case deps_command::kind::stale:
                return render_stale(t, command.json);
            case deps_command::kind::cell:
                return render_cell(t, resolve_cell(t, command.cell_ref), command.json);
            case deps_command::kind::previous:
                if (previous_cell_id.empty() || !t.has_cell(previous_cell_id))
                {
                    return render_message("No cell has run yet.");
                }
                return render_cell(t, previous_cell_id, command.json);
            case deps_command::kind::help:
                return render_help();
            default:
                throw deps_usage_error(deps_usage);
        }
    }

    nl::json render_message(const std::string& text)
    {
        return nl::json{{"text/plain", text},
                        {"text/html", std::string("<div class=\"xdeps-deps\">") + html_escape(text) + "</div>"}};
    }

    nl::json render_help()
    {
        return nl::json{{"text/plain", help_text},
                        {"text/html", std::string("<pre class=\"xdeps-deps\">") + html_escape(help_text) + "</pre>"}};
    }
}
