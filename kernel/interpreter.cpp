#include "interpreter.hpp"

#include <cstdint>
#include <cstdio>
#include <regex>
#include <stdexcept>
#include <utility>

#include "pybind11/embed.h"
#include "pybind11_json/pybind11_json.hpp"

#include "xeus/xinterpreter.hpp"

#include "xdeps/python_layer.hpp"

#include "deps_magic.hpp"
#include "interrupt.hpp"
#include "notices.hpp"
#include "reason_wording.hpp"
#include "request_context_server.hpp"
#include "xdeps_shell_source.hpp"

namespace py = pybind11;

namespace xdeps
{
    namespace
    {
        interpreter* current_interpreter = nullptr;

        // A cell sent without metadata.cellId is identified by its code.
        std::string code_cell_id(const std::string& code)
        {
            std::uint64_t hash = 1469598103934665603ull;  // FNV-1a
            for (unsigned char c : code)
            {
                hash = (hash ^ c) * 1099511628211ull;
            }
            char buffer[32];
            std::snprintf(buffer, sizeof(buffer), "code-%016llx", static_cast<unsigned long long>(hash));
            return buffer;
        }

        bool is_deps_invocation(const std::string& code)
        {
            static const std::regex deps_line(R"(^\s*%deps(\?*|\s[^\n]*)\s*$)");
            return std::regex_match(code, deps_line);
        }

        std::string string_or_empty(const nl::json& value)
        {
            return value.is_string() ? value.get<std::string>() : std::string();
        }
    }

    interpreter::interpreter()
        : xpyt::interpreter()
        , p_tracker(std::make_unique<tracker>())
    {
        current_interpreter = this;
    }

    interpreter::~interpreter()
    {
        if (current_interpreter == this)
        {
            current_interpreter = nullptr;
        }
    }

    interpreter* interpreter::instance()
    {
        return current_interpreter;
    }

    void interpreter::instanciate_ipython_shell()
    {
        // Called by xpyt::interpreter::configure_impl with the GIL held.
        m_namespace = py::reinterpret_steal<py::object>(python::new_namespace());
        py::module_ types = py::module_::import("types");
        py::module_ shell_module = types.attr("ModuleType")("xdeps_shell");
        py::dict scope = shell_module.attr("__dict__");
        py::exec(py::str(xdeps_shell_source), scope);
        py::module_::import("sys").attr("modules")["xdeps_shell"] = shell_module;
        m_ipython_shell_app = shell_module.attr("ShellApp")();
    }

    void interpreter::configure_impl()
    {
        xpyt::interpreter::configure_impl();

        py::gil_scoped_acquire acquire;
        py::module_::import("xdeps_shell").attr("after_configure")(m_ipython_shell);
        python::set_sink(p_tracker.get());

        comm_manager().register_comm_target("xdeps", [this](xeus::xcomm&& comm, xeus::xmessage) {
            open_state_comm(std::move(comm), nullptr);
        });
    }

    nl::json interpreter::execute_request_impl(int execution_counter,
                                               const std::string& code,
                                               bool silent,
                                               bool store_history,
                                               nl::json user_expressions,
                                               bool allow_stdin)
    {
        nl::json metadata = request_context_server::current_metadata();
        forget_deleted_cells(metadata);

        interruptible_scope interruptible;
        if (silent || !store_history || !m_tracking_enabled || is_deps_invocation(code))
        {
            // Not a cell of the notebook (a %deps query, a silent or
            // history-less request from a tool): run as it is, untracked.
            return xpyt::interpreter::execute_request_impl(
                execution_counter, code, silent, store_history, std::move(user_expressions), allow_stdin);
        }

        std::string cell_id = string_or_empty(metadata.value("cellId", nl::json()));
        if (cell_id.empty())
        {
            cell_id = code_cell_id(code);
        }
        return run_tracked(execution_counter, cell_id, code, silent, store_history, std::move(user_expressions), allow_stdin);
    }

    nl::json interpreter::run_tracked(int execution_counter,
                                      const std::string& cell_id,
                                      const std::string& code,
                                      bool silent,
                                      bool store_history,
                                      nl::json user_expressions,
                                      bool allow_stdin)
    {
        // Tracking must never cost the user a result: any failure of it turns
        // tracking off for this cell, with a notice, and the cell still runs.
        std::string failure;
        auto guarded = [&failure](auto&& step) {
            if (!failure.empty())
            {
                return;
            }
            try
            {
                step();
            }
            catch (const std::exception& e)
            {
                failure = e.what();
            }
        };

        // A cell that ran before warns before its output; a new one once its
        // reads are known.
        bool warned_before = p_tracker->has_cell(cell_id);
        guarded([&] {
            if (warned_before)
            {
                display_bundle(kernel::render_stale_input_warning(*p_tracker, cell_id, execution_counter));
            }
        });
        guarded([&] {
            py::gil_scoped_acquire acquire;
            p_tracker->begin_run(cell_id, execution_counter);
            python::begin_run(m_namespace.ptr());
        });
        bool tracked = failure.empty();

        nl::json reply;
        try
        {
            reply = xpyt::interpreter::execute_request_impl(
                execution_counter, code, silent, store_history, std::move(user_expressions), allow_stdin);
        }
        catch (...)
        {
            py::gil_scoped_acquire acquire;
            if (tracked)
            {
                python::end_run();
            }
            if (p_tracker->running())
            {
                p_tracker->abandon_run();
            }
            throw;
        }

        std::vector<status_change> changes;
        {
            py::gil_scoped_acquire acquire;
            if (tracked)
            {
                python::end_run();
                const char* error = python::run_error();
                if (error != nullptr && *error != '\0')
                {
                    failure = error;
                }
            }
            guarded([&] {
                changes = p_tracker->end_run();
                m_previous_cell = cell_id;
            });
            if (!failure.empty() && p_tracker->running())
            {
                p_tracker->abandon_run();
            }
            if (m_reset_requested)
            {
                m_reset_requested = false;
                p_tracker->reset();
                m_previous_cell.clear();
                changes.clear();
            }
        }

        if (!failure.empty())
        {
            display_bundle(kernel::render_tracking_failure(failure));
        }
        guarded([&] {
            if (!warned_before && p_tracker->has_cell(cell_id))
            {
                display_bundle(kernel::render_stale_input_warning(*p_tracker, cell_id, execution_counter));
            }
            display_bundle(kernel::render_run_notice(*p_tracker, changes));
            push_state(nl::json{{"cell_id", cell_id}, {"execution_count", execution_counter}});
        });
        return reply;
    }

    void interpreter::forget_deleted_cells(const nl::json& metadata)
    {
        auto deleted = metadata.find("deletedCells");
        if (deleted == metadata.end() || !deleted->is_array())
        {
            return;
        }
        for (const nl::json& id : *deleted)
        {
            if (id.is_string())
            {
                p_tracker->forget_cell(id.get<std::string>());
            }
        }
    }

    void interpreter::display_bundle(const nl::json& bundle)
    {
        if (bundle.is_object() && !bundle.empty())
        {
            display_data(bundle, nl::json::object(), nl::json::object());
        }
    }

    nl::json interpreter::deps_magic(const std::string& args)
    {
        try
        {
            kernel::deps_command command = kernel::parse_deps_args(args);
            switch (command.what)
            {
                case kernel::deps_command::kind::off:
                    m_tracking_enabled = false;
                    python::set_enabled(false);
                    return kernel::render_message("Dependency tracking is off; `%deps on` resumes it.");
                case kernel::deps_command::kind::on:
                    m_tracking_enabled = true;
                    python::set_enabled(true);
                    return kernel::render_message("Dependency tracking is on.");
                case kernel::deps_command::kind::help:
                    return kernel::render_help();
                default:
                    return kernel::render_deps(*p_tracker, command, m_previous_cell);
            }
        }
        catch (const kernel::deps_usage_error& e)
        {
            return kernel::render_message(e.what());
        }
        catch (const std::exception& e)
        {
            return kernel::render_message(std::string("%deps failed: ") + e.what());
        }
    }

    void interpreter::request_reset()
    {
        m_reset_requested = true;
    }

    nl::json interpreter::state_message(const nl::json& cause) const
    {
        return nl::json{{"type", "state"}, {"state", kernel::state_json(*p_tracker)}, {"cause", cause}};
    }

    void interpreter::open_state_comm(xeus::xcomm&& comm, const nl::json& cause)
    {
        std::string id = comm.id();
        auto inserted = m_state_comms.insert_or_assign(id, std::move(comm));
        xeus::xcomm& stored = inserted.first->second;
        stored.on_message([this, id](xeus::xmessage request) {
            const nl::json& data = request.content()["data"];
            if (data.is_object() && data.value("type", "") == "request_state")
            {
                auto found = m_state_comms.find(id);
                if (found != m_state_comms.end())
                {
                    found->second.send(nl::json::object(), state_message(nullptr), xeus::buffer_sequence());
                }
            }
        });
        stored.on_close([this, id](xeus::xmessage) {
            m_closed_comms.push_back(id);
        });
        stored.send(nl::json::object(), state_message(cause), xeus::buffer_sequence());
    }

    void interpreter::push_state(const nl::json& cause)
    {
        for (const std::string& id : m_closed_comms)
        {
            m_state_comms.erase(id);
        }
        m_closed_comms.clear();
        if (m_state_comms.empty())
        {
            return;
        }
        nl::json message = state_message(cause);
        for (auto& entry : m_state_comms)
        {
            entry.second.send(nl::json::object(), message, xeus::buffer_sequence());
        }
    }

    nl::json interpreter::kernel_info_request_impl()
    {
        nl::json info = xpyt::interpreter::kernel_info_request_impl();
        info["implementation"] = "xdeps";
        info["implementation_version"] = XDEPS_VERSION_STRING;
        info["banner"] = "xdeps " XDEPS_VERSION_STRING ": a Python kernel that knows which cells depend on which";
        return info;
    }
}

PYBIND11_EMBEDDED_MODULE(xdeps_kernel, m)
{
    m.doc() = "Native functions of the xdeps kernel, used by its IPython shell.";

    m.def("user_namespace", []() -> py::object {
        auto* self = xdeps::interpreter::instance();
        if (self == nullptr)
        {
            throw std::runtime_error("the xdeps kernel is not running");
        }
        return self->user_namespace();
    });

    m.def("deps_magic", [](const std::string& args) -> nl::json {
        auto* self = xdeps::interpreter::instance();
        if (self == nullptr)
        {
            throw std::runtime_error("the xdeps kernel is not running");
        }
        return self->deps_magic(args);
    });

    m.def("request_reset", []() {
        if (auto* self = xdeps::interpreter::instance())
        {
            self->request_reset();
        }
    });
}
