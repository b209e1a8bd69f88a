#ifndef XDEPS_RICH_TEXT_HPP
#define XDEPS_RICH_TEXT_HPP

#include <string>
#include <string_view>
#include <vector>

#include "xdeps/tracker.hpp"

namespace xdeps::kernel
{
    // HTML text and attribute escaping for user data (names, ids).
    std::string html_escape(std::string_view text);

    // How people see a cell: "[5]", or "a deleted cell" when it is unknown.
    std::string cell_label(const tracker& t, const std::string& cell_id);

    // "stale", "downstream", "fresh".
    std::string status_word(cell_status s);

    // `a`, `b` and `c`
    std::string join(const std::vector<std::string>& items, const std::string& separator);
}

#endif
