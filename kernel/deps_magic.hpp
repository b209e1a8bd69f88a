#ifndef XDEPS_DEPS_MAGIC_HPP
#define XDEPS_DEPS_MAGIC_HPP

#include <stdexcept>
#include <string>
#include <string_view>

#include "nlohmann/json.hpp"

#include "xdeps/tracker.hpp"

namespace xdeps::kernel
{
    // A malformed %deps; what() is one line for the user.
    struct deps_usage_error : std::invalid_argument
    {
        using std::invalid_argument::invalid_argument;
    };

    // %deps [N | [N] | <cell id>] [--all] [--stale] [--json] | off | on | ?
    struct deps_command
    {
        enum class kind { previous, cell, all, stale, off, on, help };
        kind what = kind::previous;
        std::string cell_ref;
        bool json = false;
    };

    extern const char* const deps_usage;

    // Parses the text after `%deps`; throws deps_usage_error.
    deps_command parse_deps_args(std::string_view args);

    // "5", "[5]" or a cell id -> the cell's id; throws deps_usage_error.
    std::string resolve_cell(const tracker& t, std::string_view ref);

    // The rich display of a query (previous, cell, all, stale): text/plain,
    // text/html (tables and a drawn graph), text/vnd.mermaid, and
    // application/json with --json.
    nl::json render_deps(const tracker& t, const deps_command& command, const std::string& previous_cell_id);

    // A one-line display.
    nl::json render_message(const std::string& text);

    // The grammar of %deps.
    nl::json render_help();
}

#endif
