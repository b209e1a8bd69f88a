#include "deps_magic.hpp"

#include <sstream>
#include <vector>

#include "graph_drawing.hpp"
#include "graph_model.hpp"
#include "rich_text.hpp"
#include "styles.hpp"

namespace xdeps::kernel
{
    namespace
    {
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
        return nl::json{{"text/plain", deps_help_text},
                        {"text/html", std::string("<pre class=\"xdeps-deps\">") + html_escape(deps_help_text) + "</pre>"}};
    }
}
