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
    // `reactive` is the notebook's reactive mode, part of the whole notebook's state.
    nl::json render_deps(const tracker& t,
                         const deps_command& command,
                         const std::string& previous_cell_id,
                         bool reactive = false);

    // The whole notebook's state JSON (docs/comm.md): the tracker's state with
    // each reason's sentence and the notebook's reactive mode.
    nl::json notebook_state_json(const tracker& t, bool reactive);

    // A one-line display.
    nl::json render_message(const std::string& text);

    // The grammar of %deps.
    nl::json render_help();
}

#endif
