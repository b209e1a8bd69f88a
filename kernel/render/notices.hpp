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
    // A null json when no cell became stale or downstream.
    nl::json render_run_notice(const tracker& t, const std::vector<status_change>& changes);

    // The warning before the output of a cell that reads values computed by
    // cells that are stale ("[8] reads `r` from [5], which is stale."), from
    // its latest record; null when there is none. A cell that is only stale
    // itself gets none: re-running it is the fix. The running cell is named
    // `[shown_as]` when given (before a re-run the tracker still knows it by
    // its previous count), else "This cell".
    nl::json render_stale_input_warning(const tracker& t, const std::string& cell_id, int shown_as = -1);

    // After a run in notebook order, when the cell read values bound by
    // cells below it: "[3] reads `x` from [9], below it." Null otherwise.
    nl::json render_out_of_order_notice(const tracker& t, const std::string& cell_id, int shown_as = -1);

    // Tracking failed for a cell; its result stands.
    nl::json render_tracking_failure(const std::string& error);
}

#endif
