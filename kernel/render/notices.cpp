#include "notices.hpp"

#include <algorithm>
#include <set>

#include "reason_wording.hpp"
#include "rich_text.hpp"
#include "styles.hpp"

namespace xdeps::kernel
{
    namespace
    {
        constexpr std::size_t max_listed = 8;

        nl::json notice_bundle(const rich_text& body, bool warning = true)
        {
            std::string html = std::string(notice_style_sheet()) + "<div class=\"xdeps-notice"
                             + (warning ? "" : " xdeps-info") + "\">" + body.html() + "</div>";
            return display_bundle_of(body.text(), html);
        }

        // "[5] read `A` (via `f`), changed by [8]", its reasons in the one wording.
        rich_text describe(const tracker& t, const std::string& cell_id)
        {
            rich_text out;
            out.bold(cell_label(t, cell_id)).words(" ").append(join(reason_sentences(t, cell_id), ", and "));
            return out;
        }
    }

    nl::json render_run_notice(const tracker& t, const std::vector<status_change>& changes)
    {
        std::vector<std::pair<int, std::string>> cells;
        for (const status_change& c : changes)
        {
            bool became_stale = c.after == cell_status::stale && c.before != cell_status::stale;
            bool became_downstream = c.after == cell_status::downstream && c.before == cell_status::fresh;
            if ((became_stale || became_downstream) && t.has_cell(c.cell_id))
            {
                cells.emplace_back(t.execution_count(c.cell_id), c.cell_id);
            }
        }
        if (cells.empty())
        {
            return nullptr;
        }
        std::sort(cells.begin(), cells.end());
        std::vector<rich_text> items;
        for (std::size_t i = 0; i < cells.size() && i < max_listed; ++i)
        {
            items.push_back(describe(t, cells[i].second));
        }
        if (cells.size() > max_listed)
        {
            items.emplace_back("... and " + std::to_string(cells.size() - max_listed) + " more");
        }
        std::string head = cells.size() == 1 ? "1 cell is now stale" : std::to_string(cells.size()) + " cells are now stale";
        rich_text body;
        body.bold(head + ":").words(" ").append(join(items, "; ")).words(".");
        return notice_bundle(body);
    }

    // "[n] reads <items>." — the one shape of the warnings before or after a
    // cell's output; null when there is nothing to say.
    static nl::json reads_notice(const std::vector<rich_text>& items, int shown_as)
    {
        if (items.empty())
        {
            return nullptr;
        }
        std::string label = shown_as >= 0 ? "[" + std::to_string(shown_as) + "]" : "This cell";
        rich_text body;
        body.bold(label).words(" reads ").append(join(items, "; ")).words(".");
        return notice_bundle(body);
    }

    nl::json render_input_warning(const tracker& t, const std::vector<stale_input>& inputs, int shown_as)
    {
        std::vector<rich_text> items;
        std::set<std::string> seen;
        for (const stale_input& in : inputs)
        {
            if (!in.outdated || !seen.insert(in.symbol).second)
            {
                continue;
            }
            rich_text item;
            item.code(in.symbol);
            if (in.bound_by.empty() || !t.has_cell(in.bound_by))
            {
                item.words(", computed from a value changed since");
            }
            else if (in.bound_by_status == cell_status::fresh)
            {
                // The cell ran again since and no longer binds it.
                item.words(" from an earlier run of " + cell_label(t, in.bound_by));
            }
            else
            {
                item.words(" from " + cell_label(t, in.bound_by) + ", which is ").status(in.bound_by_status);
            }
            items.push_back(std::move(item));
        }
        return reads_notice(items, shown_as);
    }

    nl::json render_out_of_order_notice(const tracker& t, const std::string& cell_id, int shown_as)
    {
        if (!t.has_cell(cell_id))
        {
            return nullptr;
        }
        std::vector<rich_text> items;
        std::set<std::string> seen;
        for (const reason& r : t.reasons(cell_id))
        {
            if (r.below && seen.insert(r.symbol).second)
            {
                rich_text item;
                item.code(r.symbol).words(" from " + cell_label(t, r.bound_by) + ", below it");
                items.push_back(std::move(item));
            }
        }
        return reads_notice(items, shown_as);
    }

    nl::json render_unread_inputs(const std::vector<stale_input>& inputs, int shown_as)
    {
        std::vector<rich_text> names;
        std::set<std::string> seen;
        for (const stale_input& in : inputs)
        {
            if (seen.insert(in.symbol).second)
            {
                names.push_back(rich_text().code(in.symbol));
            }
        }
        if (names.empty())
        {
            return nullptr;
        }
        rich_text body;
        body.bold(shown_as >= 0 ? "[" + std::to_string(shown_as) + "]" : "This cell")
            .words(" did not read ").append(join(names, ", ")).words(" after all.");
        return notice_bundle(body, false);
    }

    nl::json render_stale_input_warning(const tracker& t, const std::string& cell_id, int shown_as)
    {
        return render_input_warning(t, t.stale_inputs(cell_id), shown_as);
    }

    nl::json render_tracking_failure(const std::string& error)
    {
        return notice_bundle(rich_text("Dependency tracking was off for this cell: " + error + ". Its result stands."),
                             false);
    }
}
