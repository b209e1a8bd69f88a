#ifndef XDEPS_DEPS_COMMAND_HPP
#define XDEPS_DEPS_COMMAND_HPP

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "xdeps/tracker.hpp"

namespace xdeps::kernel
{
    // A malformed %deps; what() is one line for the user.
    struct deps_usage_error : std::invalid_argument
    {
        using std::invalid_argument::invalid_argument;
    };

    // %deps [N | [N] | <cell id>] [--all] [--stale] [--json] | off | on | order [notebook | any]
    //       | reactive [on | off] | ?
    struct deps_command
    {
        enum class kind { previous, cell, all, stale, off, on, order, reactive_status, reactive_on, reactive_off, help };
        kind what = kind::previous;
        std::string cell_ref;
        bool json = false;
        // `order`: "notebook" or "any" to switch, "" to show the current one.
        std::string order;
    };

    extern const char* const deps_usage;

    // The grammar of %deps, one form a line.
    extern const char* const deps_help_text;

    // The words %deps takes that begin with `word` (for completion).
    std::vector<std::string> deps_completions(std::string_view word);

    // Parses the text after `%deps` (up to a `#` comment); throws deps_usage_error.
    deps_command parse_deps_args(std::string_view args);

    // "5", "[5]" or a cell id -> the cell's id; throws deps_usage_error.
    std::string resolve_cell(const tracker& t, std::string_view ref);
}

#endif
