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
}
