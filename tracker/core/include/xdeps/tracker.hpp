#ifndef XDEPS_TRACKER_HPP
#define XDEPS_TRACKER_HPP

#include <memory>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace nl = nlohmann;

#include "xdeps/event_sink.hpp"

namespace xdeps
{
    enum class cell_status { fresh, stale, downstream };

    // Why a cell is not fresh. For a stale cell: `symbol` was rebound or
    // deleted by `changed_by`. For a downstream cell: the version of `symbol`
    // it read was bound by `bound_by` and has been outdated by `changed_by`.
    // `via` names the notebook function through which the cell read `symbol`
    // when it did not read it in its own top-level code ("" otherwise).
    struct reason
    {
        std::string symbol;
        std::string changed_by;
        std::string bound_by;
        std::string via;
    };

    // A cell whose status changed because of a run.
    struct status_change
    {
        std::string cell_id;
        cell_status before;
        cell_status after;
    };

    // The dependency engine: cells, their latest run records, symbol versions
    // and lineage, and the status of every cell (DESIGN.md section 2).
    // Not thread-safe; the kernel feeds it from the thread that runs cells.
    class tracker : public event_sink
    {
    public:

        tracker();
        ~tracker() override;

        tracker(const tracker&) = delete;
        tracker& operator=(const tracker&) = delete;

        // Starts a run of `cell_id`, shown to users as [execution_count].
        // Events between begin_run and end_run form the run's record.
        void begin_run(const std::string& cell_id, int execution_count);

        // Commits the record (also the partial record of a run that raised),
        // replacing the cell's previous one, and updates statuses at a cost
        // proportional to what the run touched. Returns the cells whose
        // status changed, the running cell excluded.
        std::vector<status_change> end_run();

        // Drops the current run without recording it (tracking failed).
        void abandon_run();

        bool running() const;

        // Forgets a cell (metadata.deletedCells): its record and reads go; the
        // versions it bound stay as they are in the namespace.
        void forget_cell(const std::string& cell_id);

        // Forgets everything (%reset).
        void reset();

        bool has_cell(const std::string& cell_id) const;
        int execution_count(const std::string& cell_id) const;   // -1 if unknown
        cell_status status(const std::string& cell_id) const;
        std::vector<reason> reasons(const std::string& cell_id) const;

        // Cell ids ordered by latest execution count.
        std::vector<std::string> cells() const;

        // The state JSON of DESIGN.md section 3, for every cell or for one.
        nl::json to_json() const;
        nl::json cell_json(const std::string& cell_id) const;

        // event_sink
        void statement(int index) override;
        void read(std::string_view name, std::string_view function, bool after_own_write) override;
        void write(std::string_view name, bool same_value) override;
        void remove(std::string_view name) override;
        void call(std::string_view caller, std::string_view callee) override;

    private:

        struct impl;
        std::unique_ptr<impl> p_impl;
    };

    const char* to_string(cell_status s);
}

#endif
