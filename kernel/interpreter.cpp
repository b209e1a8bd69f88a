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
        , m_state_comms(m_tracking.core())
    {
    }

    interpreter::~interpreter() = default;

    void interpreter::instanciate_ipython_shell()
    {
        // Called by xpyt::interpreter::configure_impl with the GIL held. The
        // shell is handed the tracked namespace it runs cells in.
        m_namespace = py::reinterpret_steal<py::object>(python::new_namespace());
        py::module_ types = py::module_::import("types");
        py::module_ shell_module = types.attr("ModuleType")("xdeps_shell");
        py::dict scope = shell_module.attr("__dict__");
        py::exec(py::str(xdeps_shell_source), scope);
        py::module_::import("sys").attr("modules")["xdeps_shell"] = shell_module;
        m_ipython_shell_app = shell_module.attr("ShellApp")(m_namespace);
    }

    void interpreter::configure_impl()
    {
        xpyt::interpreter::configure_impl();

        py::gil_scoped_acquire acquire;
        py::module_::import("xdeps_shell").attr("after_configure")(m_ipython_shell);
        m_tracking.connect_python_layer();
        m_state_comms.register_target(comm_manager());
    }

    // Every request runs through here: recorded as a run of a notebook cell,
    // or as it is (a %deps query, a silent or history-less request from a
    // tool, anything while tracking is off).
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
        tracked_run run(m_tracking);
        bool deps_query = is_deps_invocation(code);
        bool notebook_cell = !silent && store_history && !deps_query;
        std::string cell_id;
        bool warned_before = false;
        bool without_id = false;
        if (notebook_cell && m_tracking.on())
        {
            cell_id = string_or_empty(metadata.value("cellId", nl::json()));
            without_id = cell_id.empty();
            if (without_id)
            {
                cell_id = code_cell_id(code);
            }
            // A cell that ran before warns before its output; a new one once
            // its reads are known.
            warned_before = m_tracking.core().has_cell(cell_id);
            run.guarded([&] {
                if (warned_before)
                {
                    display_bundle(kernel::render_stale_input_warning(m_tracking.core(), cell_id, execution_counter));
                }
            });
            run.begin(cell_id, execution_counter, m_namespace);
        }
        else if (!deps_query && m_tracking.on())
        {
            run.begin_outside(m_namespace);
        }
        bool recorded = run.recording() && notebook_cell;
        bool recorded_outside = run.recording() && !notebook_cell;
        if (!silent)
        {
            // `Out[n]` and `_n` are the output of the cell shown as [n], even
            // after requests IPython does not count (blank, not in history).
            py::gil_scoped_acquire acquire;
            m_ipython_shell.attr("execution_count") = execution_counter;
        }

        nl::json reply = xpyt::interpreter::execute_request_impl(
            execution_counter, code, silent, store_history, std::move(user_expressions), allow_stdin);

        std::vector<status_change> changes = run.end();
        if (!run.failure().empty() && !silent)
        {
            display_bundle(kernel::render_tracking_failure(run.failure()));
        }
        if (recorded_outside && run.failure().empty() && !changes.empty())
        {
            // No notice (a tool's request has no output of its own); the
            // frontend's marks follow.
            run.guarded([&] { m_state_comms.push(nl::json{{"cell_id", nullptr}, {"execution_count", nullptr}}); });
        }
        if (recorded && without_id && !warned_before)
        {
            // New code without a cellId: perhaps an earlier cell, edited.
            run.guarded([&] { m_tracking.forget_superseded_by(cell_id, changes); });
        }
        if (recorded)
        {
            run.guarded([&] {
                const tracker& core = m_tracking.core();
                if (!warned_before && core.has_cell(cell_id))
                {
                    display_bundle(kernel::render_stale_input_warning(core, cell_id, execution_counter));
                }
                display_bundle(kernel::render_run_notice(core, changes));
                m_state_comms.push(nl::json{{"cell_id", cell_id}, {"execution_count", execution_counter}});
            });
        }
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
                m_tracking.core().forget_cell(id.get<std::string>());
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
                    m_tracking.set_on(false);
                    return kernel::render_message("Dependency tracking is off; `%deps on` resumes it.");
                case kernel::deps_command::kind::on:
                    m_tracking.set_on(true);
                    return kernel::render_message("Dependency tracking is on.");
                case kernel::deps_command::kind::help:
                    return kernel::render_help();
                default:
                    return kernel::render_deps(m_tracking.core(), command, m_tracking.previous_cell());
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
        m_tracking.request_reset();
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

namespace
{
    // The kernel's interpreter, as xeus registered it.
    xdeps::interpreter& kernel_interpreter()
    {
        return dynamic_cast<xdeps::interpreter&>(xeus::get_interpreter());
    }
}

PYBIND11_EMBEDDED_MODULE(xdeps_kernel, m)
{
    m.doc() = "Native functions of the xdeps kernel, used by its IPython shell.";

    m.def("deps_magic", [](const std::string& args) -> nl::json {
        return kernel_interpreter().deps_magic(args);
    });

    m.def("request_reset", []() {
        kernel_interpreter().request_reset();
    });
}
