#include "rich_text.hpp"

namespace xdeps::kernel
{
    std::string html_escape(std::string_view text)
    {
        std::string out;
        out.reserve(text.size());
        for (char c : text)
        {
            switch (c)
            {
                case '&': out += "&amp;"; break;
                case '<': out += "&lt;"; break;
                case '>': out += "&gt;"; break;
                case '"': out += "&quot;"; break;
                case '\'': out += "&#39;"; break;
                default: out += c;
            }
        }
        return out;
    }

    rich_text::rich_text(std::string_view words)
    {
        this->words(words);
    }

    rich_text& rich_text::words(std::string_view words)
    {
        m_text += words;
        m_html += html_escape(words);
        return *this;
    }

    rich_text& rich_text::code(std::string_view name)
    {
        m_text += "`";
        m_text += name;
        m_text += "`";
        m_html += "<code>" + html_escape(name) + "</code>";
        return *this;
    }

    rich_text& rich_text::name(std::string_view name)
    {
        m_text += name;
        m_html += "<code>" + html_escape(name) + "</code>";
        return *this;
    }

    rich_text& rich_text::bold(std::string_view words)
    {
        m_text += words;
        m_html += "<b>" + html_escape(words) + "</b>";
        return *this;
    }

    rich_text& rich_text::status(cell_status s)
    {
        std::string word = status_word(s);
        m_text += word;
        m_html += "<span class=\"xdeps-" + word + "\">" + word + "</span>";
        return *this;
    }

    rich_text& rich_text::append(const rich_text& other)
    {
        m_text += other.m_text;
        m_html += other.m_html;
        return *this;
    }

    rich_text& rich_text::html_only(std::string_view markup)
    {
        m_html += markup;
        return *this;
    }

    rich_text& rich_text::text_only(std::string_view text)
    {
        m_text += text;
        return *this;
    }

    rich_text join(const std::vector<rich_text>& pieces, std::string_view separator)
    {
        return join(pieces, separator, html_escape(separator));
    }

    rich_text join(const std::vector<rich_text>& pieces, std::string_view text_separator,
                   std::string_view html_separator)
    {
        rich_text out;
        for (std::size_t i = 0; i < pieces.size(); ++i)
        {
            if (i > 0)
            {
                out.text_only(text_separator).html_only(html_separator);
            }
            out.append(pieces[i]);
        }
        return out;
    }

    std::string join(const std::vector<std::string>& items, const std::string& separator)
    {
        std::string out;
        for (std::size_t i = 0; i < items.size(); ++i)
        {
            if (i > 0)
            {
                out += separator;
            }
            out += items[i];
        }
        return out;
    }

    nl::json display_bundle_of(const std::string& text, const std::string& html)
    {
        return nl::json{{"text/plain", text}, {"text/html", html}};
    }

    std::string cell_label(const tracker& t, const std::string& cell_id)
    {
        int count = t.execution_count(cell_id);
        if (count < 0)
        {
            return cell_id.empty() ? "an earlier session" : "a deleted cell";
        }
        return "[" + std::to_string(count) + "]";
    }

    std::string status_word(cell_status s)
    {
        return to_string(s);
    }
}
