#ifndef XDEPS_REASON_WORDING_HPP
#define XDEPS_REASON_WORDING_HPP

#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "xdeps/tracker.hpp"

#include "rich_text.hpp"

namespace xdeps::kernel
{
    // The one wording of why a cell is not fresh. Notices, %deps and the
    // JupyterLab extension (through the state JSON's "text") all say this:
    //
    //   stale       read `A` (via `f`), changed by [5]
    //               read `A`, deleted by [5]
    //               read `df`, changed in place by [6]          ("mutated": true)
    //               read `A`, changed outside any cell          (no cell changed it)
    //   downstream  uses `r` from [3], computed from `A` changed by [5]
    //               (the same endings: deleted by, changed in place by, outside any cell)
    //   stale       reads `x` from [9], below it                 ("below": true: notebook order)
    //
    // `reason` is one entry of a cell's "reasons" in the state JSON
    // (docs/comm.md); cells are named as the tracker knows them now.
    //   any         read `A` by a thread, changed by [5]   (`via` "<thread>": a read
    //               made by another thread while the cell ran)
    rich_text reason_sentence(const tracker& t, const nl::json& reason);

    // The `via` of a read made by another thread than the cell's.
    extern const char* const thread_reader;

    // A cell's reasons, each different sentence once, in the tracker's order.
    std::vector<rich_text> reason_sentences(const tracker& t, const std::string& cell_id);

    // `state` (a state JSON, or any object with a "cells" list) with each
    // reason's sentence, plain text, in a "text" field.
    nl::json with_reason_texts(const tracker& t, nl::json state);

    // The whole state JSON the kernel sends, sentences included.
    nl::json state_json(const tracker& t);
}

#endif
