#ifndef XDEPS_RICH_TEXT_HPP
#define XDEPS_RICH_TEXT_HPP

#include <string>
#include <string_view>
#include <vector>

#include "nlohmann/json.hpp"

#include "xdeps/tracker.hpp"

namespace xdeps::kernel
{
    // HTML text and attribute escaping for user data (names, ids).
    std::string html_escape(std::string_view text);

    // What the kernel shows is written once and comes out twice: as
    // text/plain and as text/html. Words are escaped in the HTML; names are
    // `code` in the text and <code> in the HTML.
    class rich_text
    {
    public:

        rich_text() = default;
        explicit rich_text(std::string_view words);

        rich_text& words(std::string_view words);
        // A name in a sentence: `name` / <code>name</code>.
        rich_text& code(std::string_view name);
        // A name in a table, where the column says it is one: name / <code>name</code>.
        rich_text& name(std::string_view name);
        rich_text& bold(std::string_view words);
        // "stale" / <span class="xdeps-stale">stale</span>
        rich_text& status(cell_status s);
        rich_text& append(const rich_text& other);
        // Layout that belongs to one form only: table markup, line breaks.
        rich_text& html_only(std::string_view markup);
        rich_text& text_only(std::string_view text);

        const std::string& text() const { return m_text; }
        const std::string& html() const { return m_html; }
        bool empty() const { return m_text.empty() && m_html.empty(); }

    private:

        std::string m_text;
        std::string m_html;
    };

    // The pieces one after another, `separator` (words) between them, or
    // `text_separator` in the text and the markup `html_separator` in the HTML.
    rich_text join(const std::vector<rich_text>& pieces, std::string_view separator);
    rich_text join(const std::vector<rich_text>& pieces, std::string_view text_separator,
                   std::string_view html_separator);

    // `a`, `b` and `c`
    std::string join(const std::vector<std::string>& items, const std::string& separator);

    // A display bundle: {"text/plain": ..., "text/html": ...}.
    nl::json display_bundle_of(const std::string& text, const std::string& html);

    // How people see a cell: "[5]", or "a deleted cell" when it is unknown.
    std::string cell_label(const tracker& t, const std::string& cell_id);

    // "stale", "downstream", "fresh".
    std::string status_word(cell_status s);
}

#endif
