#ifndef XDEPS_DEPS_MAGIC_HPP
#define XDEPS_DEPS_MAGIC_HPP

#include <string>

#include "nlohmann/json.hpp"

#include "xdeps/tracker.hpp"

#include "deps_command.hpp"

namespace xdeps::kernel
{
    // The rich display of a query (previous, cell, all, stale): text/plain,
    // text/html (tables and a drawn graph), text/vnd.mermaid, and
    // application/json (the state JSON with each reason's sentence) with --json.
    nl::json render_deps(const tracker& t, const deps_command& command, const std::string& previous_cell_id);

    // A one-line display.
    nl::json render_message(const std::string& text);

    // The grammar of %deps.
    nl::json render_help();
}

#endif
