#include "cell_tracking.hpp"

#include <algorithm>

#include "xdeps/python_layer.hpp"

namespace xdeps
{
    void cell_tracking::connect_python_layer()
    {
        python::set_sink(&m_core);
    }

    void cell_tracking::set_on(bool on)
    {
        m_on = on;
        if (!on && p_current != nullptr)
        {
            p_current->stop_recording();
        }
    }

    void cell_tracking::note_run(int execution_count, const std::string& cell_id)
    {
        auto known = std::find(m_run_cells.rbegin(), m_run_cells.rend(), cell_id);
        std::uint32_t index = known != m_run_cells.rend()
                                  ? static_cast<std::uint32_t>(m_run_cells.rend() - known - 1)
                                  : static_cast<std::uint32_t>(m_run_cells.size());
        if (index == m_run_cells.size())
        {
            m_run_cells.push_back(cell_id);
        }
        m_runs.emplace_back(execution_count, index);
    }

    std::string cell_tracking::cell_run_as(int execution_count) const
    {
        auto found = std::lower_bound(m_runs.begin(), m_runs.end(), std::make_pair(execution_count, std::uint32_t(0)));
        return found != m_runs.end() && found->first == execution_count ? m_run_cells[found->second] : std::string();
    }

    void cell_tracking::forget_superseded_by(const std::string& cell_id, std::vector<status_change>& changes)
    {
        std::vector<std::string> bound;
        for (const write_info& w : m_core.cell_writes(cell_id))
        {
            bound.push_back(w.symbol);
        }
        std::sort(bound.begin(), bound.end());
        auto superseded = [&](const std::string& other) {
            if (other == cell_id || !m_core.has_cell(other))
            {
                return other != cell_id;   // forgotten already: dropped from the list
            }
            std::vector<write_info> theirs = m_core.cell_writes(other);
            bool all = !theirs.empty() && std::all_of(theirs.begin(), theirs.end(), [&](const write_info& w) {
                return std::binary_search(bound.begin(), bound.end(), w.symbol);
            });
            if (all)
            {
                m_core.replace_cell(cell_id, other, changes);
            }
            return all;
        };
        m_cells_without_id.erase(
            std::remove_if(m_cells_without_id.begin(), m_cells_without_id.end(), superseded),
            m_cells_without_id.end());
        if (m_core.has_cell(cell_id)
            && std::find(m_cells_without_id.begin(), m_cells_without_id.end(), cell_id) == m_cells_without_id.end())
        {
            m_cells_without_id.push_back(cell_id);
        }
    }

    tracked_run::tracked_run(cell_tracking& tracking)
        : m_tracking(tracking)
        , p_enclosing(tracking.p_current)
    {
        m_tracking.p_current = this;
    }

    tracked_run::~tracked_run()
    {
        if (!m_ended)
        {
            abandon();
            try
            {
                apply_reset();
            }
            catch (...)
            {
                // A destructor must not throw; the graph stays as it was.
            }
        }
        m_tracking.p_current = p_enclosing;
    }

    void tracked_run::begin(const std::string& cell_id, int execution_count, py::handle ns)
    {
        if (m_recording || m_ended)
        {
            return;
        }
        py::gil_scoped_acquire acquire;
        guarded([&] {
            m_tracking.m_core.begin_run(cell_id, execution_count);
            python::begin_run(ns.ptr());
            m_cell_id = cell_id;
            m_execution_count = execution_count;
            m_recording = true;
        });
    }

    void tracked_run::begin_outside(py::handle ns)
    {
        if (m_recording || m_ended)
        {
            return;
        }
        py::gil_scoped_acquire acquire;
        guarded([&] {
            m_tracking.m_core.begin_outside_run();
            python::begin_run(ns.ptr());
            m_outside = true;
            m_recording = true;
        });
    }

    std::vector<status_change> tracked_run::end()
    {
        py::gil_scoped_acquire acquire;
        std::vector<status_change> changes;
        if (m_recording)
        {
            python::end_run();
            const char* error = python::run_error();
            if (error != nullptr && *error != '\0')
            {
                fail(error);
            }
            guarded([&] {
                changes = m_tracking.m_core.end_run();
                if (!m_outside)
                {
                    m_tracking.m_previous_cell = m_cell_id;
                    m_tracking.note_run(m_execution_count, m_cell_id);
                }
            });
            m_recording = false;
        }
        m_ended = true;
        if (apply_reset())
        {
            changes.clear();
        }
        return changes;
    }

    void tracked_run::stop_recording()
    {
        // The core's run stays open: it ends with the cell, with what was
        // recorded before.
        if (m_recording)
        {
            python::end_run();
        }
    }

    void tracked_run::fail(const std::string& why)
    {
        if (m_failure.empty())
        {
            m_failure = why.empty() ? "unknown error" : why;
        }
        abandon();
    }

    void tracked_run::abandon() noexcept
    {
        py::gil_scoped_acquire acquire;
        if (python::running())
        {
            python::end_run();
        }
        if (m_tracking.m_core.running())
        {
            m_tracking.m_core.abandon_run();
        }
        m_recording = false;
    }

    bool tracked_run::apply_reset()
    {
        if (!m_tracking.m_reset_requested)
        {
            return false;
        }
        m_tracking.m_reset_requested = false;
        m_tracking.m_core.reset();
        m_tracking.m_previous_cell.clear();
        m_tracking.m_runs.clear();
        m_tracking.m_run_cells.clear();
        m_tracking.m_cells_without_id.clear();
        return true;
    }
}
