#ifndef XDEPS_TRACKER_HPP
#define XDEPS_TRACKER_HPP

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "nlohmann/json.hpp"

namespace nl = nlohmann;

#include "xdeps/event_sink.hpp"

namespace xdeps
{
    enum class cell_status { fresh, stale, downstream };

    // Which changes count (docs/semantics.md, Notebook order): in `notebook`
    // order a change by a cell below never makes a cell above stale or
    // downstream; in `any` order every change by another cell counts.
    enum class order_mode { notebook, any };

    // Why a cell is not fresh. For a stale cell: `symbol` was rebound,
    // changed in place or deleted by `changed_by`. For a downstream cell: the version of `symbol`
    // it read was bound by `bound_by` and has been outdated by `changed_by`.
    // `via` names the notebook function through which the cell read `symbol`
    // when it did not read it in its own top-level code ("" otherwise).
    struct reason
    {
        std::string symbol;
        std::string changed_by;
        std::string bound_by;
        std::string via;
        // Added fields: which status the reason explains, whether the
        // change was a deletion rather than a rebinding, and the name whose
        // change it was (`symbol` for a stale cell; for a downstream cell the
        // input, possibly several levels up, that `changed_by` rebound:
        // "[7] read `df`, computed by [3] from `path`, changed by [5]").
        cell_status kind = cell_status::stale;
        bool deleted = false;
        std::string changed_symbol;
        // The change was made in place (a mutation) rather than by a
        // rebinding: for a downstream cell, the change that outdated the
        // version it read.
        bool mutated = false;
        // Notebook order: the cell read a value bound by `bound_by`, a cell
        // below it (the cell is stale; `changed_by` is that cell too).
        bool below = false;
    };

    // One input of a cell's latest run: the version of `symbol` it read.
    // `version` numbers the bindings of a symbol from 1; `bound_by` is the
    // cell that bound that version ("" when it predates tracking); `via` is
    // "" when the cell's top-level code read it, else the first notebook
    // function that did. `changed_by` is set when the symbol has since been
    // rebound or deleted by another cell (the read makes the cell stale);
    // `outdated_by` when the version read is outdated (makes it downstream),
    // with `outdated_symbol` the name whose change outdated it.
    struct read_info
    {
        std::string symbol;
        int version = 0;
        std::string bound_by;
        std::string via;
        std::string changed_by;
        std::string outdated_by;
        std::string outdated_symbol;
        bool outdated = false;
    };

    // A name the cell's latest run bound or deleted, with the version it
    // left; `current` is false once another binding replaced it.
    struct write_info
    {
        std::string symbol;
        int version = 0;
        bool deleted = false;
        bool current = false;
    };

    // An input that is outdated: the version of `symbol` came from
    // `bound_by` (whose status is `bound_by_status`) and is computed from
    // a value `outdated_by` has changed since.
    struct stale_input
    {
        std::string symbol;
        std::string bound_by;
        cell_status bound_by_status = cell_status::fresh;
        bool outdated = false;
        std::string outdated_by;
    };

    // Work done by the latest status update (end_run), counted in entries
    // touched; tests use it to check that updates stay local.
    struct update_cost
    {
        std::size_t versions_visited = 0;
        std::size_t cells_evaluated = 0;
        std::size_t inputs_scanned = 0;
    };

    // Approximate memory held by the engine, from its own accounting.
    struct memory_usage
    {
        std::size_t cells = 0;
        std::size_t versions = 0;
        std::size_t names = 0;
        std::size_t bytes = 0;
    };

    // A cell whose status changed because of a run.
    struct status_change
    {
        std::string cell_id;
        cell_status before;
        cell_status after;
    };

    // The dependency engine: cells, their latest run records, symbol versions
    // and lineage, and the status of every cell (docs/semantics.md).
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

        // Starts a run outside any cell (a silent or history-less request):
        // it leaves no record, and what it binds, deletes or changes in
        // place is a change by no cell (`changed_by` ""), which makes the
        // readers of the old value stale. A same value changes nothing.
        void begin_outside_run();

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

        // `cell_id` is `replaced` edited: a cell sent without a cellId (known
        // by its code), whose new code binds again every name the old one
        // bound, has just run. It takes the replaced cell's place when that
        // is above its own (as if edited in place), and the replaced cell is
        // forgotten and dropped from `changes` (the changes of the run that
        // just ended); the changes the new place makes, when it moved past
        // other cells (statuses judged again), are merged into them, the
        // cell itself excluded.
        void replace_cell(const std::string& cell_id, const std::string& replaced,
                          std::vector<status_change>& changes);

        // Forgets everything (%reset).
        void reset();

        bool has_cell(const std::string& cell_id) const;
        int execution_count(const std::string& cell_id) const;   // -1 if unknown
        cell_status status(const std::string& cell_id) const;
        std::vector<reason> reasons(const std::string& cell_id) const;

        // Cell ids ordered by latest execution count.
        std::vector<std::string> cells() const;

        // The notebook's cell ids, top to bottom. Ids not known yet keep
        // their place for when they run; a cell never given a place goes
        // after the placed ones, in first-run order (the order without any
        // call). Re-judges every status; returns the changes.
        std::vector<status_change> set_positions(const std::vector<std::string>& cell_ids);
        // Switches the order rule; re-judges every status; returns the changes.
        std::vector<status_change> set_order(order_mode mode);
        order_mode order() const;
        // A known cell's 0-based rank among the known cells in notebook
        // order, or -1.
        int position(const std::string& cell_id) const;

        // The state JSON of docs/comm.md, for every cell or for one.
        nl::json to_json() const;
        nl::json cell_json(const std::string& cell_id) const;

        // The latest cell shown as [execution_count], or "" if none.
        std::string cell_for_execution_count(int execution_count) const;

        // A cell's latest record, for drawing its graph. Empty when unknown.
        std::vector<read_info> cell_reads(const std::string& cell_id) const;
        std::vector<write_info> cell_writes(const std::string& cell_id) const;
        // Caller -> callee, "" standing for the cell's top-level code.
        std::vector<std::pair<std::string, std::string>> cell_calls(const std::string& cell_id) const;
        // Every global each function read (inputs or not), "" = top-level.
        std::vector<std::pair<std::string, std::vector<std::string>>>
        function_reads(const std::string& cell_id) const;
        // Known cells that bound the versions the cell read, by execution count.
        std::vector<std::string> upstream(const std::string& cell_id) const;
        // Known cells that read a version this cell bound and still current.
        std::vector<std::string> downstream_cells(const std::string& cell_id) const;

        // The names a cell's latest run read at a version that is outdated:
        // what makes it downstream (its reasons, when it is not stale).
        // `bound_by` is the cell the value came from, never the cell itself.
        std::vector<stale_input> stale_inputs(const std::string& cell_id) const;

        // For the warning before a cell runs: which of `names` (the globals
        // its code is about to read) and of the globals that the notebook
        // functions in `called` read in their latest recorded calls (and the
        // functions they called) are bound now at an outdated version.
        // `cell_id` may be a cell not yet known.
        std::vector<stale_input> outdated_inputs(const std::string& cell_id,
                                                 const std::vector<std::string>& names,
                                                 const std::vector<std::string>& called) const;

        // Every known cell that is stale or downstream, by execution count.
        std::vector<std::string> non_fresh_cells() const;

        // The stale and downstream cells in an order to re-run them. In
        // notebook order: by position. In any order: each after the
        // non-fresh cells that bound what it read, otherwise by execution
        // count (a cycle is broken at its earliest cell).
        std::vector<std::string> rerun_order() const;

        update_cost last_update_cost() const;
        memory_usage memory() const;

        // Recomputes every status, flag and reference count from scratch and
        // describes any difference from the incrementally kept state ("" when
        // consistent). Costs the whole notebook: for tests and debugging.
        std::string self_check() const;

    private:

        void statement_impl(int index) override;
        void read_impl(std::string_view name, std::string_view function, bool after_own_write) override;
        void write_impl(std::string_view name, bool same_value) override;
        void mutate_impl(std::string_view name, const std::vector<std::string>& keys) override;
        void remove_impl(std::string_view name) override;
        void call_impl(std::string_view caller, std::string_view callee) override;
        void read_elements_impl(std::string_view name,
                                std::string_view function,
                                const std::vector<std::string>& keys) override;
        void binding_inputs_impl(std::string_view target, const std::vector<std::string>& names) override;

        struct impl;
        std::unique_ptr<impl> p_impl;
    };

    const char* to_string(cell_status s);
    const char* to_string(order_mode mode);
}

#endif
