#ifndef XDEPS_INTERPRETER_HPP
#define XDEPS_INTERPRETER_HPP

#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "xeus-python/xinterpreter.hpp"

#include "cell_tracking.hpp"
#include "state_comm.hpp"

namespace nl = nlohmann;

namespace xdeps
{
    // A complete Python kernel (xeus-python's interpreter) whose cells run in
    // a tracked namespace: every execution is recorded by the tracker, and
    // the user is told which cells it made stale.
    //
    // GIL: as in xpyt::interpreter, the GIL is released once configure_impl
    // returns; every *_impl method runs on the shell thread and takes the GIL
    // around its Python work (tracked_run takes it itself). Tracker state is
    // touched only on that thread. The embedded module `xdeps_kernel` reaches
    // this object with xeus::get_interpreter(), with the GIL held.
    class interpreter final : public xpyt::interpreter
    {
    public:

        interpreter();
        ~interpreter() override;

        interpreter(const interpreter&) = delete;
        interpreter& operator=(const interpreter&) = delete;

        // Bundle displayed by `%deps <args>` (called with the GIL held).
        nl::json deps_magic(const std::string& args);

        // `%reset` cleared the namespace: the graph goes after this run.
        void request_reset();

    private:

        void configure_impl() override;
        nl::json execute_request_impl(int execution_counter,
                                      const std::string& code,
                                      bool silent,
                                      bool store_history,
                                      nl::json user_expressions,
                                      bool allow_stdin) override;
        nl::json kernel_info_request_impl() override;
        nl::json complete_request_impl(const std::string& code, int cursor_pos) override;
        std::string renumbered_note(const std::string& ref) const;
        void instanciate_ipython_shell() override;

        // What the code about to run as `cell_id` will read that is outdated
        // (its code transformed ahead of the run when anything is).
        std::vector<stale_input> outdated_inputs_of(const std::string& cell_id, const std::string& code);
        void forget_deleted_cells(const nl::json& metadata);
        void display_bundle(const nl::json& bundle);
        nl::json order_command(const std::string& mode);

        cell_tracking m_tracking;
        state_comms m_state_comms;
        // The tracked namespace the cells run in; built with the shell.
        py::object m_namespace;
        // kernel/python/cell_reads.py: what a cell's code reads, before it runs.
        py::object m_cell_reads;
        // The shell holds a transformed code for the run that follows
        // (TrackedShell.transform_ahead), dropped once that run is over.
        bool m_transformed_ahead = false;
    };
}

#endif
