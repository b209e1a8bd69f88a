#include "notices.hpp"

#include <algorithm>
#include <set>

#include "rich_text.hpp"
#include "styles.hpp"

namespace xdeps::kernel
{
    namespace
    {
        constexpr std::size_t max_listed = 8;

        struct item
        {
            std::string text;
            std::string html;
        };

        std::string code(const std::string& symbol)
        {
            return "`" + symbol + "`";
        }

        std::string code_html(const std::string& symbol)
        {
            return "<code>" + html_escape(symbol) + "</code>";
        }

        nl::json bundle(const std::string& text, const std::string& html_body, bool warning = true)
        {
            std::string html = std::string(notice_style_sheet()) + "<div class=\"xdeps-notice"
                             + (warning ? "" : " xdeps-info") + "\">" + html_body + "</div>";
            return nl::json{{"text/plain", text}, {"text/html", html}};
        }

        // "[5] read `A` (via `f`), `B`" or "[7] uses `r` from [5]".
        item describe(const tracker& t, const std::string& cell_id)
        {
            std::string label = cell_label(t, cell_id);
            std::vector<std::string> stale_text, stale_html, down_text, down_html;
            std::set<std::string> seen;
            for (const reason& r : t.reasons(cell_id))
            {
                if (!seen.insert(std::to_string(static_cast<int>(r.kind)) + r.symbol).second)
                {
                    continue;
                }
                if (r.kind == cell_status::stale)
                {
                    std::string via = r.via.empty() ? "" : " (via " + code(r.via) + ")";
                    std::string via_html = r.via.empty() ? "" : " (via " + code_html(r.via) + ")";
                    std::string gone = r.deleted ? ", deleted" : "";
                    stale_text.push_back(code(r.symbol) + via + gone);
                    stale_html.push_back(code_html(r.symbol) + via_html + gone);
                }
                else
                {
                    std::string from = cell_label(t, r.bound_by);
                    down_text.push_back(code(r.symbol) + " from " + from);
                    down_html.push_back(code_html(r.symbol) + " from " + html_escape(from));
                }
            }
            item out;
            if (!stale_text.empty())
            {
                out.text = label + " read " + join(stale_text, ", ");
                out.html = "<b>" + html_escape(label) + "</b> read " + join(stale_html, ", ");
            }
            else
            {
                out.text = label + " uses " + join(down_text, ", ");
                out.html = "<b>" + html_escape(label) + "</b> uses " + join(down_html, ", ");
            }
            return out;
        }
    }

    nl::json render_run_notice(const tracker& t, const std::vector<status_change>& changes)
    {
        std::vector<std::pair<int, std::string>> cells;
        for (const status_change& c : changes)
        {
            if (c.after != cell_status::fresh && c.before == cell_status::fresh && t.has_cell(c.cell_id))
            {
                cells.emplace_back(t.execution_count(c.cell_id), c.cell_id);
            }
        }
        if (cells.empty())
        {
            return nullptr;
        }
        std::sort(cells.begin(), cells.end());
        std::vector<std::string> texts, htmls;
        for (std::size_t i = 0; i < cells.size() && i < max_listed; ++i)
        {
            item it = describe(t, cells[i].second);
            texts.push_back(it.text);
            htmls.push_back(it.html);
        }
        if (cells.size() > max_listed)
        {
            std::string more = "... and " + std::to_string(cells.size() - max_listed) + " more";
            texts.push_back(more);
            htmls.push_back(html_escape(more));
        }
        std::string head = cells.size() == 1 ? "1 cell is now stale" : std::to_string(cells.size()) + " cells are now stale";
        std::string text = head + ": " + join(texts, "; ") + ".";
        std::string html = "<b>" + head + ":</b> " + join(htmls, "; ") + ".";
        return bundle(text, html);
    }

    nl::json render_stale_input_warning(const tracker& t, const std::string& cell_id, int shown_as)
    {
        if (!t.has_cell(cell_id))
        {
            return nullptr;
        }
        std::vector<std::string> texts, htmls;
        std::set<std::string> seen;
        for (const stale_input& in : t.stale_inputs(cell_id))
        {
            if (in.bound_by.empty() || in.bound_by == cell_id || in.bound_by_status == cell_status::fresh
                || !seen.insert(in.symbol).second)
            {
                continue;
            }
            std::string from = cell_label(t, in.bound_by);
            std::string status = status_word(in.bound_by_status);
            texts.push_back(code(in.symbol) + " from " + from + ", which is " + status);
            htmls.push_back(code_html(in.symbol) + " from " + html_escape(from) + ", which is <span class=\"xdeps-"
                            + status + "\">" + status + "</span>");
        }
        if (texts.empty())
        {
            return nullptr;
        }
        std::string label = shown_as >= 0 ? "[" + std::to_string(shown_as) + "]" : "This cell";
        std::string text = label + " reads " + join(texts, "; ") + ".";
        std::string html = "<b>" + html_escape(label) + "</b> reads " + join(htmls, "; ") + ".";
        return bundle(text, html);
    }

    nl::json render_tracking_failure(const std::string& error)
    {
        std::string text = "Dependency tracking was off for this cell: " + error + ". Its result stands.";
        return bundle(text, html_escape(text), false);
    }
}
