#ifndef XDEPS_EVENT_SINK_HPP
#define XDEPS_EVENT_SINK_HPP

#include <string>
#include <string_view>
#include <vector>

namespace xdeps
{
    // What the CPython layer observes while a cell runs, in program order.
    // Calls arrive on the thread that holds the GIL; the sink never calls back
    // into Python. Names are global names of the user namespace; function
    // names are qualified names of notebook functions ("C.D.__init__"), and
    // the empty string stands for the cell's own top-level code.
    class event_sink
    {
    public:

        virtual ~event_sink() = default;

        // A top-level statement of the running cell starts (0, 1, ...).
        // Writes of a statement are reported before the next statement starts.
        virtual void statement(int index) = 0;

        // First hit of `name` by `function` within the current statement.
        // `after_own_write` is true when the current statement had already
        // bound `name` before this first read (the value is the run's own).
        virtual void read(std::string_view name, std::string_view function, bool after_own_write) = 0;

        // `name` was bound by the current statement; `same_value` is true when
        // the new value is "the same" as the previous one (docs/semantics.md).
        virtual void write(std::string_view name, bool same_value) = 0;

        // The object bound to `name` was changed in place by the current
        // statement (a mutation, docs/semantics.md): a write of `name` whose
        // value is not the same. `keys` are the elements it changed, each as
        // a path ("['a']", "[0]", ".x"); empty when unknown or the whole object.
        virtual void mutate(std::string_view name, const std::vector<std::string>& keys) = 0;

        // `name` was deleted by the current statement.
        virtual void remove(std::string_view name) = 0;

        // First call of `callee` by `caller` within the current statement.
        virtual void call(std::string_view caller, std::string_view callee) = 0;
    };
}

#endif
