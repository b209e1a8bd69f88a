#ifndef XDEPS_EVENT_SINK_HPP
#define XDEPS_EVENT_SINK_HPP

#include <exception>
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
    //
    // The public calls guard themselves once, here: an event outside a
    // recording window (opened and closed by the derived sink around a run)
    // is dropped, and an exception from an implementation never reaches the
    // caller: it stops recording until the next window and is remembered in
    // failure(), for the caller to report. They never throw.
    class event_sink
    {
    public:

        virtual ~event_sink() = default;

        // A top-level statement of the running cell starts (0, 1, ...).
        // Writes of a statement are reported before the next statement starts.
        void statement(int index) noexcept
        {
            deliver([&] { statement_impl(index); });
        }

        // First hit of `name` by `function` within the current statement.
        // `after_own_write` is true when the current statement had already
        // bound `name` before this first read (the value is the run's own).
        void read(std::string_view name, std::string_view function, bool after_own_write) noexcept
        {
            deliver([&] { read_impl(name, function, after_own_write); });
        }

        // `name` was bound by the current statement; `same_value` is true when
        // the new value is "the same" (docs/semantics.md) as the one the name
        // had before the run: the run's net change decides its version.
        void write(std::string_view name, bool same_value) noexcept
        {
            deliver([&] { write_impl(name, same_value); });
        }

        // The object bound to `name` was changed in place by the current
        // statement (a mutation, docs/semantics.md): a write of `name` whose
        // value is not the same. `keys` are the elements it changed, each as
        // a path ("['a']", "[0]", ".x"); empty when unknown or the whole object.
        void mutate(std::string_view name, const std::vector<std::string>& keys) noexcept
        {
            deliver([&] { mutate_impl(name, keys); });
        }

        // `name` was deleted by the current statement.
        void remove(std::string_view name) noexcept
        {
            deliver([&] { remove_impl(name); });
        }

        // First call of `callee` by `caller` within the current statement.
        void call(std::string_view caller, std::string_view callee) noexcept
        {
            deliver([&] { call_impl(caller, callee); });
        }

        // In the current statement, `function` used `name` only through these
        // element paths ("['a']", "[0]", ".x"). Sent after the read of `name`;
        // when any use in the run was of the whole object, none is sent.
        void read_elements(std::string_view name, std::string_view function,
                           const std::vector<std::string>& keys) noexcept
        {
            deliver([&] { read_elements_impl(name, function, keys); });
        }

        // The current statement's binding of `target` depends only on these
        // of the statement's reads (`a, b = x + 2, y + 3`: `a` on x). Sent at
        // the statement's end, before its writes; a binding without it
        // depends on all the statement's reads.
        void binding_inputs(std::string_view target, const std::vector<std::string>& names) noexcept
        {
            deliver([&] { binding_inputs_impl(target, names); });
        }

        // Events are recorded: a window is open and nothing has failed in it.
        bool recording() const noexcept
        {
            return m_recording;
        }

        // Why recording stopped in the current (or latest) window; "" if it
        // did not.
        const std::string& failure() const noexcept
        {
            return m_failure;
        }

    protected:

        // Opens the window in which events are delivered (a run starts);
        // forgets the previous window's failure.
        void open_recording() noexcept
        {
            m_recording = true;
            m_failure.clear();
        }

        // Closes it (the run ends or is dropped); the failure stays readable.
        void close_recording() noexcept
        {
            m_recording = false;
        }

    private:

        virtual void statement_impl(int index) = 0;
        virtual void read_impl(std::string_view name, std::string_view function, bool after_own_write) = 0;
        virtual void write_impl(std::string_view name, bool same_value) = 0;
        virtual void mutate_impl(std::string_view name, const std::vector<std::string>& keys) = 0;
        virtual void remove_impl(std::string_view name) = 0;
        virtual void call_impl(std::string_view caller, std::string_view callee) = 0;
        // Element paths refine reads; a sink may ignore them.
        virtual void read_elements_impl(std::string_view, std::string_view, const std::vector<std::string>&)
        {
        }
        // Narrows a binding's inputs; a sink may ignore it (all reads count).
        virtual void binding_inputs_impl(std::string_view, const std::vector<std::string>&)
        {
        }

        template <class Event>
        void deliver(Event&& event) noexcept
        {
            if (!m_recording)
            {
                return;
            }
            try
            {
                event();
            }
            catch (const std::exception& e)
            {
                fail(e.what());
            }
            catch (...)
            {
                fail("unknown exception in the tracker");
            }
        }

        void fail(const char* what) noexcept
        {
            m_recording = false;
            try
            {
                m_failure = what;
            }
            catch (...)
            {
                m_failure.clear();
            }
            if (m_failure.empty())
            {
                // Some failure must show: an empty text means none.
                m_failure.assign("tracker failure");   // short: fits the small-string buffer
            }
        }

        bool m_recording = false;
        std::string m_failure;
    };
}

#endif
