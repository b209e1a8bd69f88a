#ifndef XDEPS_NOTICES_HPP
#define XDEPS_NOTICES_HPP

#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "xdeps/tracker.hpp"

namespace xdeps::kernel
{
    // The notice after a run that made other cells stale or downstream, e.g.
    // "2 cells are now stale: [5] read `A` (via `f`); [7] uses `r` from [5]."
    // Every cell that became stale (from fresh or downstream) or downstream
    // (from fresh) is named. A null json when there is none.
    nl::json render_run_notice(const tracker& t, const std::vector<status_change>& changes);

    // The warning before the output of a cell that reads outdated values
    // ("[8] reads `r` from [5], which is stale."): one item per outdated
    // input, named by the cell it came from. The running cell is named
    // `[shown_as]` when given, else "This cell". Null when there is none.
    nl::json render_input_warning(const tracker& t, const std::vector<stale_input>& inputs, int shown_as = -1);

    // After a warning that named inputs the run did not read after all (it
    // raised before, or a function took another path): "[8] did not read
    // `r` after all." Null when `inputs` is empty.
    nl::json render_unread_inputs(const std::vector<stale_input>& inputs, int shown_as = -1);

    // The warning from a cell's latest record (what makes it downstream).
    nl::json render_stale_input_warning(const tracker& t, const std::string& cell_id, int shown_as = -1);

    // After a run in notebook order, when the cell read values bound by
    // cells below it: "[3] reads `x` from [9], below it." Null otherwise.
    nl::json render_out_of_order_notice(const tracker& t, const std::string& cell_id, int shown_as = -1);

    // Tracking failed for a cell; its result stands.
    nl::json render_tracking_failure(const std::string& error);
}

#endif
