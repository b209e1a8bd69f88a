#ifndef XDEPS_DEPS_COMMAND_HPP
#define XDEPS_DEPS_COMMAND_HPP

#include <stdexcept>
#include <string>
#include <string_view>

#include "xdeps/tracker.hpp"

namespace xdeps::kernel
{
    // A malformed %deps; what() is one line for the user.
    struct deps_usage_error : std::invalid_argument
    {
        using std::invalid_argument::invalid_argument;
    };

    // %deps [N | [N] | <cell id>] [--all] [--stale] [--json] | off | on | order [notebook | any] | ?
    struct deps_command
    {
        enum class kind { previous, cell, all, stale, off, on, order, help };
        kind what = kind::previous;
        std::string cell_ref;
        bool json = false;
        // `order`: "notebook" or "any" to switch, "" to show the current one.
        std::string order;
    };

    extern const char* const deps_usage;

    // The grammar of %deps, one form a line.
    extern const char* const deps_help_text;

    // Parses the text after `%deps`; throws deps_usage_error.
    deps_command parse_deps_args(std::string_view args);

    // "5", "[5]" or a cell id -> the cell's id; throws deps_usage_error.
    std::string resolve_cell(const tracker& t, std::string_view ref);
}

#endif
