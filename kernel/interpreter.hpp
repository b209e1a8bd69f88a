#ifndef XDEPS_INTERPRETER_HPP
#define XDEPS_INTERPRETER_HPP

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "xeus/xcomm.hpp"
#include "xeus-python/xinterpreter.hpp"

#include "xdeps/tracker.hpp"

namespace nl = nlohmann;

namespace xdeps
{
    // A complete Python kernel (xeus-python's interpreter) whose cells run in
    // a tracked namespace: every execution is recorded by the tracker, and
    // the user is told which cells it made stale.
    //
    // GIL: as in xpyt::interpreter, the GIL is released once configure_impl
    // returns; every *_impl method runs on the shell thread and takes the GIL
    // around its Python work. Tracker state is touched only on that thread.
    class interpreter final : public xpyt::interpreter
    {
    public:

        interpreter();
        ~interpreter() override;

        interpreter(const interpreter&) = delete;
        interpreter& operator=(const interpreter&) = delete;

        // The kernel's interpreter, for the embedded module's functions.
        static interpreter* instance();

        // Bundle displayed by `%deps <args>` (called with the GIL held).
        nl::json deps_magic(const std::string& args);

        // `%reset` cleared the namespace: the graph goes after this run.
        void request_reset();

        // The tracked namespace the cells run in.
        py::object user_namespace() const { return m_namespace; }

    private:

        void configure_impl() override;
        nl::json execute_request_impl(int execution_counter,
                                      const std::string& code,
                                      bool silent,
                                      bool store_history,
                                      nl::json user_expressions,
                                      bool allow_stdin) override;
        nl::json kernel_info_request_impl() override;
        void instanciate_ipython_shell() override;

        nl::json run_tracked(int execution_counter,
                             const std::string& cell_id,
                             const std::string& code,
                             bool silent,
                             bool store_history,
                             nl::json user_expressions,
                             bool allow_stdin);
        void forget_deleted_cells(const nl::json& metadata);
        void display_bundle(const nl::json& bundle);

        void open_state_comm(xeus::xcomm&& comm, const nl::json& cause);
        void push_state(const nl::json& cause);
        nl::json state_message(const nl::json& cause) const;

        std::unique_ptr<tracker> p_tracker;
        py::object m_namespace;
        std::map<std::string, xeus::xcomm> m_state_comms;
        std::vector<std::string> m_closed_comms;
        std::string m_previous_cell;
        bool m_tracking_enabled = true;
        bool m_reset_requested = false;
    };
}

#endif
