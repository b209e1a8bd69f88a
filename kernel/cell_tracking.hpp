#ifndef XDEPS_CELL_TRACKING_HPP
#define XDEPS_CELL_TRACKING_HPP

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "pybind11/pybind11.h"

#include "xdeps/tracker.hpp"

namespace py = pybind11;

namespace xdeps
{
    class tracked_run;

    // Whether the notebook's cells are tracked, and the tracker core that
    // records them. Only a tracked_run begins, ends or abandons a run, and it
    // does so in the core and the CPython layer together, so neither is left
    // running without the other. Used on the shell thread only.
    class cell_tracking
    {
    public:

        cell_tracking() = default;
        cell_tracking(const cell_tracking&) = delete;
        cell_tracking& operator=(const cell_tracking&) = delete;

        tracker& core() { return m_core; }
        const tracker& core() const { return m_core; }

        // Makes the CPython layer report to the core (GIL held).
        void connect_python_layer();

        // `%deps off` / `on` (GIL held): whether the next cells are recorded.
        // Off in the middle of a cell: the rest of that cell is not recorded.
        bool on() const { return m_on; }
        void set_on(bool on);

        // `%reset` cleared the namespace: the graph goes when the request ends.
        void request_reset() { m_reset_requested = true; }

        // The cell of the latest recorded run ("" before one, or after %reset).
        const std::string& previous_cell() const { return m_previous_cell; }

        // The cell a recorded run shown as [execution_count] belonged to,
        // whatever it ran as since ("" when none was recorded so).
        std::string cell_run_as(int execution_count) const;

        // `cell_id` (a cell sent without a cellId, known by its code) has
        // just run for the first time: an earlier such cell whose every
        // name it bound again is the same notebook cell edited (classic
        // Notebook, a console): it takes that one's place, which is
        // forgotten (tracker::replace_cell), `changes` following.
        void forget_superseded_by(const std::string& cell_id, std::vector<status_change>& changes);

    private:

        friend class tracked_run;

        void note_run(int execution_count, const std::string& cell_id);

        tracker m_core;
        // Every recorded run, by execution count (increasing): an index
        // into m_run_cells, so each run costs a few bytes.
        std::vector<std::pair<int, std::uint32_t>> m_runs;
        std::vector<std::string> m_run_cells;
        tracked_run* p_current = nullptr;
        std::string m_previous_cell;
        // Cells without a cellId still known, oldest first.
        std::vector<std::string> m_cells_without_id;
        bool m_on = true;
        bool m_reset_requested = false;
    };

    // One execute request, from its start to its end. Run as it is unless
    // begin() makes it a recorded run of a cell. Tracking must never cost the
    // user a result: a failure of it abandons the run (in the core and the
    // CPython layer), the cell goes on untracked and failure() says why. A
    // run destroyed before end() (an exception went through) is abandoned.
    // Every call takes the GIL itself.
    class tracked_run
    {
    public:

        explicit tracked_run(cell_tracking& tracking);
        ~tracked_run();

        tracked_run(const tracked_run&) = delete;
        tracked_run& operator=(const tracked_run&) = delete;

        // Records the request as a run of `cell_id` in `ns` (unless a guarded
        // step failed already).
        void begin(const std::string& cell_id, int execution_count, py::handle ns);

        // Records the request as a run outside any cell (silent, or not
        // stored in history): no record, but its changes are changes.
        void begin_outside(py::handle ns);

        // Being recorded: begun, not ended, nothing failed.
        bool recording() const { return m_recording; }

        // Runs `step` (kernel work around the cell, such as a notice) unless
        // tracking failed already; an exception from it is a failure of
        // tracking, not the user's.
        template <class Step>
        void guarded(Step&& step)
        {
            if (!m_failure.empty())
            {
                return;
            }
            try
            {
                step();
            }
            catch (const std::exception& e)
            {
                fail(e.what());
            }
        }

        // The cell has run: ends the run in both layers and returns the
        // cells whose status changed (none when nothing was recorded), then
        // forgets the graph if `%reset` asked for it.
        std::vector<status_change> end();

        // Why tracking failed for this cell ("" when it did not).
        const std::string& failure() const { return m_failure; }

    private:

        friend class cell_tracking;

        void stop_recording();
        void fail(const std::string& why);
        void abandon() noexcept;
        bool apply_reset();

        cell_tracking& m_tracking;
        tracked_run* p_enclosing;
        std::string m_cell_id;
        int m_execution_count = 0;
        std::string m_failure;
        bool m_recording = false;
        bool m_outside = false;
        bool m_ended = false;
    };
}

#endif
