#include "deps_magic.hpp"

#include <vector>

#include "graph_drawing.hpp"
#include "graph_model.hpp"
#include "reason_wording.hpp"
#include "rich_text.hpp"
#include "styles.hpp"

namespace xdeps::kernel
{
    namespace
    {
        std::string function_label(const std::string& f)
        {
            return f.empty() ? "<cell>" : f;
        }

        // The bundle of a view: its text and HTML, the graph drawn under the
        // HTML and in mermaid, and the state of `ids` with --json.
        nl::json view_bundle(const rich_text& view, const graph& g, const nl::json& state)
        {
            std::string html = std::string(style_sheet()) + "<div class=\"xdeps-deps\">" + view.html() + draw_svg(g)
                             + "</div>";
            nl::json bundle = display_bundle_of(view.text(), html);
            bundle["text/vnd.mermaid"] = to_mermaid(g);
            if (!state.is_null())
            {
                bundle["application/json"] = state;
            }
            return bundle;
        }

        nl::json state_of(const tracker& t, const std::vector<std::string>& ids)
        {
            nl::json cells = nl::json::array();
            for (const std::string& id : ids)
            {
                cells.push_back(t.cell_json(id));
            }
            return with_reason_texts(t, nl::json{{"version", 1}, {"order", to_string(t.order())}, {"cells", cells}});
        }

        // "  reads: a; b\n" in the text, a table row in the HTML.
        void row(rich_text& out, const std::string& name, const std::vector<rich_text>& values)
        {
            out.text_only("  " + name + ": ").html_only("<tr><th>" + name + "</th><td>");
            if (values.empty())
            {
                out.text_only("-").html_only("&ndash;");
            }
            else
            {
                out.append(join(values, "; ", "<br>"));
            }
            out.text_only("\n").html_only("</td></tr>");
        }

        nl::json render_cell(const tracker& t, const std::string& id, bool json)
        {
            cell_status status = t.status(id);
            rich_text view;
            view.bold(cell_label(t, id)).words(" is ").status(status).text_only("\n").html_only("<table>");

            std::vector<rich_text> reads;
            for (const read_info& r : t.cell_reads(id))
            {
                rich_text read;
                read.name(r.symbol).words(r.bound_by.empty() ? "" : " from " + cell_label(t, r.bound_by));
                if (r.via == thread_reader)
                {
                    read.words(" by a thread");
                }
                else if (!r.via.empty())
                {
                    read.words(" via ").name(r.via);
                }
                reads.push_back(std::move(read));
            }
            std::vector<rich_text> writes;
            for (const write_info& w : t.cell_writes(id))
            {
                writes.push_back(rich_text().name(w.symbol).words(w.deleted ? " (deleted)" : ""));
            }
            std::vector<rich_text> calls;
            for (const auto& [caller, callee] : t.cell_calls(id))
            {
                calls.push_back(
                    rich_text().name(function_label(caller)).text_only(" -> ").html_only(" &rarr; ").name(callee));
            }
            std::vector<rich_text> function_reads;
            for (const auto& [f, names] : t.function_reads(id))
            {
                if (f.empty() || names.empty())
                {
                    continue;
                }
                std::vector<rich_text> read_names;
                for (const auto& n : names)
                {
                    read_names.push_back(rich_text().name(n));
                }
                function_reads.push_back(rich_text().name(f).words(": ").append(join(read_names, ", ")));
            }
            row(view, "reads", reads);
            row(view, "writes", writes);
            row(view, "calls", calls);
            row(view, "functions read", function_reads);
            if (status != cell_status::fresh)
            {
                row(view, "why", reason_sentences(t, id));
            }
            view.html_only("</table>");
            return view_bundle(view, single_cell_graph(t, id), json ? state_of(t, {id}) : nl::json());
        }

        nl::json render_all(const tracker& t, bool json, bool reactive)
        {
            std::vector<std::string> ids = t.cells();
            rich_text view;
            view.text_only(std::to_string(ids.size()) + (ids.size() == 1 ? " cell" : " cells") + "\n");
            view.html_only("<table><tr><th>cell</th><th>status</th><th>reads</th><th>writes</th><th>from</th></tr>");
            for (const std::string& id : ids)
            {
                nl::json c = t.cell_json(id);
                std::vector<rich_text> reads, writes;
                for (const std::string& r : c.value("reads", std::vector<std::string>{}))
                {
                    reads.push_back(rich_text().name(r));
                }
                for (const std::string& w : c.value("writes", std::vector<std::string>{}))
                {
                    writes.push_back(rich_text().name(w));
                }
                std::vector<rich_text> from;
                for (const std::string& u : t.upstream(id))
                {
                    from.emplace_back(cell_label(t, u));
                }
                // The text gives one line a cell, the HTML one row.
                view.text_only("  ").html_only("<tr><td>").words(cell_label(t, id));
                view.text_only(" ").html_only("</td><td>").status(t.status(id));
                view.text_only("  reads: ").html_only("</td><td>");
                view.append(reads.empty() ? rich_text().text_only("-") : join(reads, ", ", " "));
                view.text_only("  writes: ").html_only("</td><td>");
                view.append(writes.empty() ? rich_text().text_only("-") : join(writes, ", ", " "));
                view.html_only("</td><td>");
                if (!from.empty())
                {
                    view.text_only("  from: ").append(join(from, ", ", " "));
                }
                view.text_only("\n").html_only("</td></tr>");
            }
            view.html_only("</table>");
            return view_bundle(view, cell_graph(t, ids), json ? notebook_state_json(t, reactive) : nl::json());
        }

        nl::json render_stale(const tracker& t, bool json)
        {
            std::vector<std::string> ids = t.non_fresh_cells();
            rich_text view;
            if (ids.empty())
            {
                view.words("No stale cells.");
            }
            else
            {
                view.bold(std::to_string(ids.size()) + (ids.size() == 1 ? " cell needs" : " cells need") + " re-running");
                view.words(", in this order:").text_only("\n").html_only("<table>");
                for (const std::string& id : t.rerun_order())
                {
                    view.text_only("  ").html_only("<tr><td>").words(cell_label(t, id));
                    view.text_only(" ").html_only("</td><td>").status(t.status(id));
                    view.text_only(": ").html_only("</td><td>").append(join(reason_sentences(t, id), "; ", "<br>"));
                    view.text_only("\n").html_only("</td></tr>");
                }
                view.html_only("</table>");
            }
            nl::json state;
            if (json)
            {
                state = state_of(t, ids);
                state["rerun_order"] = t.rerun_order();
            }
            return view_bundle(view, cell_graph(t, ids), state);
        }
    }

    nl::json notebook_state_json(const tracker& t, bool reactive)
    {
        nl::json state = state_json(t);
        state["reactive"] = reactive;
        return state;
    }

    nl::json render_deps(const tracker& t,
                         const deps_command& command,
                         const std::string& previous_cell_id,
                         bool reactive)
    {
        switch (command.what)
        {
            case deps_command::kind::all:
                return render_all(t, command.json, reactive);
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
        return display_bundle_of(text, "<div class=\"xdeps-deps\">" + html_escape(text) + "</div>");
    }

    nl::json render_help()
    {
        return display_bundle_of(deps_help_text, "<pre class=\"xdeps-deps\">" + html_escape(deps_help_text) + "</pre>");
    }
}
