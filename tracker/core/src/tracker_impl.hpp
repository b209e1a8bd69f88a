#ifndef XDEPS_TRACKER_IMPL_HPP
#define XDEPS_TRACKER_IMPL_HPP

#include <cstdint>
#include <deque>
#include <iosfwd>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "xdeps/tracker.hpp"

namespace xdeps
{
    namespace detail
    {
        using id_t = std::uint32_t;
        constexpr id_t no_id = UINT32_MAX;
        // Cell index; no_cell marks a binding made before tracking saw it.
        using cell_t = std::int32_t;
        constexpr cell_t no_cell = -1;

        // Strings stored once; ids are dense and stable.
        class interner
        {
        public:

            id_t intern(std::string_view text);
            id_t find(std::string_view text) const;
            const std::string& text(id_t id) const { return m_texts[id]; }
            std::size_t size() const { return m_texts.size(); }
            std::size_t bytes() const;
            void clear();

        private:

            // A deque keeps addresses stable for the string_view keys.
            std::deque<std::string> m_texts;
            std::unordered_map<std::string_view, id_t> m_ids;
        };

        // Sets of element keys (sorted interned paths), each stored once and
        // referred to by a 4-byte id, so that the numerous records and
        // versions that use none pay nothing. Id 0 is the empty set: the
        // whole object (a read) or unknown elements (a mutation).
        class key_set_table
        {
        public:

            key_set_table();
            id_t intern(const std::vector<id_t>& sorted_keys);
            const std::vector<id_t>& keys(id_t set) const { return m_sets[set]; }
            std::size_t bytes() const;

        private:

            struct set_hash
            {
                std::size_t operator()(const std::vector<id_t>& keys) const;
            };
            std::deque<std::vector<id_t>> m_sets;
            std::unordered_map<std::vector<id_t>, id_t, set_hash> m_ids;
        };

        // One binding of a name (or a deletion: a tombstone). Versions of a
        // name form a chain through predecessor/successor, newest last. The
        // links do not own: a version nothing refers to is freed and spliced
        // out, which keeps every walk that can still change its answer
        // intact (see foreign_change).
        struct version_entry
        {
            id_t name = no_id;
            id_t number = 0;
            cell_t created_by = no_cell;   // the cell whose run made this binding
            cell_t bound_by = no_cell;     // latest binder (same-value rebinding)
            id_t predecessor = no_id;
            id_t successor = no_id;
            std::uint32_t refs = 0;
            cell_t outdated_by = no_cell;
            id_t outdated_symbol = no_id;  // the input name whose change outdated it
            cell_t sealed_by = no_cell;
            id_t sealed_symbol = no_id;
            std::uint32_t statement_mark = 0;
            std::uint32_t scratch_mark = 0;
            // The elements a mutation changed (a key set); 0 for a rebinding
            // or a mutation of unknown elements: all.
            id_t changed_keys = 0;
            // An input edge found invalidated stays so (chains only grow):
            // the version is then outdated for good and drops its inputs.
            bool sealed = false;
            bool deleted = false;
            bool mutated = false;          // made by a change in place, not a rebinding
            bool sealed_mutated = false;   // the sealing change was a mutation
            bool outdated_mutated = false; // the change that outdated it was one
            bool outdated = false;
            bool alive = false;
            std::vector<id_t> inputs;      // owning
            // The elements used of each input (key sets, parallel to
            // `inputs`), or empty when every input was used whole.
            std::vector<id_t> input_keys;
            std::vector<id_t> dependents;  // versions with this one as input
            std::vector<cell_t> readers;   // cells whose latest run read it
        };

        enum class run_binding : std::uint8_t { untouched, bound, deleted };

        struct name_entry
        {
            id_t tail = no_id;              // latest version or tombstone
            id_t next_number = 1;
            // State of the name in the running cell (valid when run_serial
            // equals the run's serial).
            std::uint32_t run_serial = 0;
            run_binding run_state = run_binding::untouched;
            bool run_new = false;           // the run's binding is a new version
            bool run_mutated = false;       // ... made by a change in place
            bool run_all_keys = false;      // ... of unknown elements (else see
                                            // run_state::mutated_keys)
            id_t run_inputs = no_id;        // index into the run's input sets
            std::uint32_t input_serial = 0; // run serial of the record input
            std::uint32_t input_index = 0;
            std::uint32_t root_serial = 0;  // run serial of root_version
            id_t root_version = no_id;      // found unbound, linked at commit
        };

        // Numerous (every read of every cell): 20 bytes, flags packed with
        // the key set.
        struct input_entry
        {
            id_t name;
            id_t version;
            id_t via;   // function id, 0 = top-level code
            cell_t changed_by = no_cell;
            // The elements the run used (a key set), when every use was
            // through element paths; 0: the whole object. Key sets past
            // this width are recorded as 0, the conservative answer.
            std::uint32_t keys : 28;
            // Set once another cell changed the name after this read; final,
            // since chains only grow.
            bool sealed : 1;
            bool change_deleted : 1;
            bool change_mutated : 1;
            bool whole : 1;   // while recording: some use was of the whole

            input_entry(id_t name_id, id_t version_id, id_t via_function)
                : name(name_id), version(version_id), via(via_function),
                  keys(0), sealed(false), change_deleted(false), change_mutated(false), whole(false)
            {
            }
        };
        constexpr std::uint32_t max_input_key_set = (1u << 28) - 1;
        static_assert(sizeof(input_entry) == 5 * sizeof(std::uint32_t), "input_entry packs its flags");

        struct write_entry
        {
            id_t name;
            id_t number;
            bool deleted;
        };

        struct record
        {
            std::vector<input_entry> inputs;
            std::vector<write_entry> writes;
            std::vector<std::pair<id_t, id_t>> calls;
            std::vector<std::pair<id_t, std::vector<id_t>>> function_reads;

            void clear();
            std::size_t bytes() const;
        };

        struct reason_entry
        {
            id_t symbol;
            cell_t changed_by;
            cell_t bound_by;
            id_t via;
            id_t changed_symbol;   // the name whose change is the cause
            bool deleted;
            bool mutated;          // the cause was a change in place
            bool below;            // read from a cell below (notebook order)
        };

        struct cell_entry
        {
            std::string id;
            int execution_count = -1;
            bool alive = false;
            // Its place among the cells without a reported one: the order of
            // its first run, or the place of the cell it replaced.
            std::uint32_t unreported_rank = 0;
            cell_status status = cell_status::fresh;
            std::uint32_t scratch_mark = 0;
            record rec;
            std::vector<reason_entry> reasons;
        };

        // A binding the run superseded: the tail `ended`, replaced by
        // `successor` (a new version or tombstone) made by `changer`.
        struct ended_binding
        {
            id_t ended;
            cell_t changer;
            id_t successor;
        };

        // The work list of one commit: what the run ended, the versions
        // whose flags are re-derived and the cells re-evaluated.
        struct commit_work
        {
            std::vector<ended_binding> ended;
            std::vector<id_t> seeds;
            std::vector<cell_t> to_check;
        };

        // A read of a record input in the current statement by one function,
        // waiting to learn whether it used only elements.
        struct element_read
        {
            std::uint32_t input_index;
            id_t function;
            bool keyed;
        };

        // The record of the running cell while events arrive.
        struct run_state
        {
            bool active = false;
            cell_t cell = no_cell;
            int execution_count = -1;
            std::uint32_t serial = 0;
            std::uint32_t statement_serial = 0;
            std::vector<id_t> statement_inputs;
            // Input sets of the run's bindings, one per statement that wrote,
            // and the elements used of each input (key sets, parallel; empty:
            // all whole), settled when the statement ends.
            std::vector<std::vector<id_t>> binding_inputs;
            std::vector<std::vector<id_t>> binding_input_keys;
            std::size_t statement_first_set = 0;   // the current statement's first set
            // Inputs the current statement took from bindings made earlier in
            // the run, with the elements those used (0: whole); the elements
            // each record input was used through by this statement; whether
            // any element path is involved at all.
            std::vector<std::pair<id_t, id_t>> inherited_inputs;
            std::unordered_map<std::uint32_t, std::vector<id_t>> statement_input_keys;
            bool statement_keyed = false;
            id_t statement_snapshot = no_id;
            std::size_t snapshot_size = 0;
            std::vector<id_t> touched_names;
            std::vector<element_read> statement_reads;
            // The current statement's inputs by the name whose read brought
            // each; the names each target's binding_inputs event gave; the
            // names bound with only those inputs so far. Opaque: notebook
            // code ran in the statement (a read by a function, a call, a
            // change in place), so no binding is narrowed.
            std::vector<std::pair<id_t, id_t>> inputs_by_name;
            std::vector<std::pair<id_t, std::vector<id_t>>> narrowed_targets;
            std::vector<id_t> narrowed_names;
            bool statement_opaque = false;
            // Elements used per record input (by index) and changed per
            // mutated name, sorted; made key sets when the run commits.
            std::unordered_map<std::uint32_t, std::vector<id_t>> input_keys;
            std::unordered_map<id_t, std::vector<id_t>> mutated_keys;
            // Versions made for names read while tracking knew no binding;
            // linked into their chains when the run commits.
            std::vector<id_t> roots;
            record rec;
            std::unordered_set<std::uint64_t> function_read_seen;
            std::unordered_map<id_t, std::size_t> function_index;
            std::unordered_set<std::uint64_t> call_seen;

            void clear();
        };
    }

    struct tracker::impl
    {
        detail::interner names_text;
        detail::interner functions;
        detail::interner element_keys;
        detail::key_set_table key_sets;
        std::vector<detail::name_entry> names;
        std::vector<detail::version_entry> versions;
        std::vector<detail::id_t> free_versions;
        std::size_t live_versions = 0;
        std::vector<detail::cell_entry> cells;
        std::unordered_map<std::string, detail::cell_t> cell_ids;
        detail::run_state run;
        std::uint32_t run_serial = 0;
        std::uint32_t mark_epoch = 0;
        update_cost cost;
        std::vector<detail::id_t> pending_release;
        order_mode order = order_mode::notebook;
        // The cell ids the frontend reported, by their place (first
        // occurrence); a cell without one is placed after them.
        std::unordered_map<std::string, std::uint32_t> reported_place;
        std::uint32_t reported_count = 0;
        // Each cell's sort key by place (notebook_order.cpp), by cell index:
        // dense, since every walk in notebook order compares places.
        std::vector<std::uint32_t> places;
        // A new order came while a cell ran: applied when the run ends.
        bool rejudge_pending = false;

        // Working lists of update_outdated, kept between updates for their
        // capacity: an update then allocates nothing once the lists have grown.
        struct outdated_before
        {
            detail::id_t version;
            detail::cell_t by;
            bool outdated;
            bool mutated;
        };
        struct outdated_scratch
        {
            std::vector<outdated_before> visited;
            std::vector<detail::id_t> stack;
            std::vector<detail::id_t> check;
            std::vector<detail::id_t> to_seal;
        };
        outdated_scratch outdated_lists;

        impl();

        std::uint32_t next_epoch();

        // Names and versions
        detail::id_t name_id(std::string_view name);
        detail::id_t new_version(detail::id_t name, detail::cell_t created_by, bool deleted, bool link = true);
        void link_version(detail::id_t v);
        void ref(detail::id_t v);
        void unref(detail::id_t v);
        void free_version(detail::id_t v);
        // Inputs with the elements used of each (`keys` parallel, or empty:
        // all whole); an input given twice keeps the union of its elements.
        void set_inputs(detail::id_t v, const std::vector<detail::id_t>& inputs,
                        const std::vector<detail::id_t>& keys = {});
        void add_input(detail::id_t v, detail::id_t input, detail::id_t keys = 0);
        detail::id_t input_keys(const detail::version_entry& ve, std::size_t i) const
        {
            return ve.input_keys.empty() ? 0 : ve.input_keys[i];
        }
        // The union of two key sets; 0 (whole) wins.
        detail::id_t unite_keys(detail::id_t a, detail::id_t b);
        void drop_inputs(detail::id_t v);
        void remove_one(std::vector<detail::id_t>& list, detail::id_t value);
        void remove_one(std::vector<detail::cell_t>& list, detail::cell_t value);

        // Notebook order (notebook_order.cpp).
        // Whether a change made by `maker` leaves a read by `owner` as it was:
        // its own change, or in notebook order one by a cell below it.
        bool skips(detail::cell_t owner, detail::cell_t maker) const
        {
            return maker == owner || (order == order_mode::notebook && below(maker, owner));
        }
        // The same for a read of a version bound by `floor`: in notebook
        // order, a change by a cell above `floor` (itself above the owner)
        // is shadowed by floor's binding in a top-to-bottom run.
        bool skips(detail::cell_t owner, detail::cell_t floor, detail::cell_t maker) const
        {
            return skips(owner, maker)
                || (order == order_mode::notebook && floor != owner && below(owner, floor) && below(floor, maker));
        }
        bool below(detail::cell_t maker, detail::cell_t owner) const
        {
            return maker != detail::no_cell && owner != detail::no_cell
                && places[maker] > places[owner];
        }
        // Whether the cell read `v` from a cell below it: neither the
        // version's maker nor its latest binder is above or the cell itself.
        bool read_from_below(detail::id_t v, detail::cell_t reader) const
        {
            return order == order_mode::notebook && below(versions[v].created_by, reader)
                && below(versions[v].bound_by, reader);
        }
        void place_cell(detail::cell_t c);
        std::vector<status_change> rejudge_all();
        std::vector<status_change> rejudge_when_idle();
        static void merge_changes(std::vector<status_change>& into, std::vector<status_change>&& more);
        void settle_version_inputs(detail::id_t v);

        // The first binding after `v` in its chain made by a cell other than
        // `owner` (and not below it, in notebook order), or no_id: the change that invalidates a read by `owner`.
        // Reads whose walk found such a change are sealed with the answer;
        // the others only ever see bindings by `owner` after `v`, so freeing
        // and splicing out unreferenced versions never changes an answer.
        detail::id_t foreign_change(detail::id_t v, detail::cell_t owner) const;
        // The same walk for a read of only the elements `keys` (sorted; empty:
        // the whole object): mutations of other elements are skipped too.
        detail::id_t foreign_change(detail::id_t v, detail::cell_t owner, detail::id_t keys) const;
        bool touches(const detail::version_entry& change, detail::id_t keys) const;

        // Appends a description of every broken invariant of the store
        // (reference counts, reverse indexes, chain links) to `problems`.
        void check_store(std::ostream& problems) const;

        // Events
        void note_function_read(detail::id_t function, detail::id_t name);
        void add_statement_input(detail::id_t v);
        void settle_element_reads();
        void settle_binding_keys();
        void add_inherited_inputs(detail::id_t set);
        static void add_keys(std::vector<detail::id_t>& into, const std::vector<detail::id_t>& keys);
        detail::id_t statement_inputs_snapshot();
        detail::id_t narrowed_inputs(detail::id_t name);
        void widen_narrowed_bindings();
        void clear_statement_narrowing();

        // Commit and update
        std::vector<status_change> commit();
        void link_roots(detail::commit_work& work);
        void apply_bindings(detail::cell_t c, detail::commit_work& work);
        void new_binding_inputs(detail::id_t previous,
                                detail::cell_t c,
                                std::vector<detail::id_t>& inputs,
                                std::vector<detail::id_t>& keys) const;
        void rebind_same_value(detail::id_t v, detail::cell_t c);
        std::vector<status_change> evaluate_reached(detail::cell_t running, const std::vector<detail::cell_t>& reached);
        void install_record(detail::cell_t cell, detail::record&& rec);
        void release_record(detail::cell_t cell);
        void update_outdated(std::vector<detail::id_t>& seeds, std::vector<detail::cell_t>& cells_to_check);
        void evaluate_cell(detail::cell_t cell);
        void collect_affected_by_end(const detail::ended_binding& e, detail::commit_work& work);
        void note_consumers(detail::id_t change, const std::vector<detail::id_t>& candidates);
        bool reads_computed_from(const std::vector<detail::id_t>& from,
                                 detail::id_t change,
                                 std::uint32_t ahead_mark,
                                 std::uint32_t behind_mark);
        void mark_computed_from(const std::vector<detail::id_t>& from,
                                detail::id_t change,
                                std::uint32_t closure_mark,
                                std::uint32_t reached_mark);
        void move_input_to(detail::id_t v, detail::id_t change);
        void flush_releases();
        detail::cell_t find_cell(const std::string& cell_id) const;
        detail::cell_t cell_index(const std::string& cell_id);
        const std::string& cell_name(detail::cell_t c) const;

        // Queries
        // The cell's index when it is known and not forgotten, else no_cell.
        detail::cell_t live_cell(const std::string& cell_id) const;
        nl::json cell_to_json(detail::cell_t c, int position) const;
        // Each cell's 0-based rank among the known cells in notebook order
        // (-1 for a forgotten cell), by cell index.
        std::vector<int> position_ranks() const;
        std::vector<detail::cell_t> cells_by_execution_count() const;
        std::vector<detail::cell_t> upstream_of(detail::cell_t c) const;
        // The cell `reader` got version `v` from: its binder, or for a version
        // the reader bound itself on an earlier run, the first other cell its
        // inputs came from (no_cell when none): a cell is never its own source.
        detail::cell_t source_cell(detail::id_t v, detail::cell_t reader) const;
        // A read of `symbol` at version `v` by `reader`, for a warning.
        stale_input outdated_input(const std::string& symbol, detail::id_t v, detail::cell_t reader) const;
        std::vector<detail::cell_t> rerun_order() const;
    };
}

#endif
