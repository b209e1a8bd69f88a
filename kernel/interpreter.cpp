#include "interpreter.hpp"

#include <algorithm>
#include <cctype>
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

        // Only a `%deps` line (blank lines around it aside): a query, not a
        // cell. A `%deps` line followed by code is a cell like any other.
        bool is_deps_invocation(const std::string& code)
        {
            static const std::regex deps_line(R"(^\s*%deps(\?*|[ \t][^\n]*)\s*$)");
            return std::regex_match(code, deps_line);
        }

        // Source registered with linecache: `%deps??` and tracebacks show it.
        void exec_with_source(const char* source, const char* filename, py::dict scope)
        {
            py::str text(source);
            py::module_::import("linecache").attr("cache")[filename] = py::make_tuple(
                py::len(text), py::none(), text.attr("splitlines")(true), filename);
            py::module_ builtins = py::module_::import("builtins");
            builtins.attr("exec")(builtins.attr("compile")(text, filename, "exec"), scope);
        }

        std::vector<std::string> strings(const py::handle& sequence)
        {
            std::vector<std::string> out;
            for (py::handle item : sequence)
            {
                out.push_back(item.cast<std::string>());
            }
            return out;
        }

        // The symbols of `inputs` not in `others`.
        std::vector<stale_input> not_in(const std::vector<stale_input>& inputs, const std::vector<stale_input>& others)
        {
            std::vector<stale_input> out;
            for (const stale_input& in : inputs)
            {
                bool found = std::any_of(others.begin(), others.end(),
                                         [&in](const stale_input& o) { return o.symbol == in.symbol; });
                if (!found)
                {
                    out.push_back(in);
                }
            }
            return out;
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
        py::object sys_modules = py::module_::import("sys").attr("modules");
        // The shell imports the cell transform: it is made a module first.
        py::module_ transform_module = types.attr("ModuleType")("xdeps_cell_transform");
        exec_with_source(xdeps_cell_transform_source, "<xdeps_cell_transform>", transform_module.attr("__dict__"));
        sys_modules["xdeps_cell_transform"] = transform_module;
        py::module_ shell_module = types.attr("ModuleType")("xdeps_shell");
        py::dict scope = shell_module.attr("__dict__");
        exec_with_source(xdeps_shell_source, "<xdeps_shell>", scope);
        sys_modules["xdeps_shell"] = shell_module;
        m_cell_reads = types.attr("ModuleType")("xdeps_cell_reads");
        exec_with_source(xdeps_cell_reads_source, "<xdeps_cell_reads>", m_cell_reads.attr("__dict__"));
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
        std::vector<stale_input> warned;
        bool without_id = false;
        bool ran_before = false;
        if (notebook_cell && m_tracking.on())
        {
            cell_id = string_or_empty(metadata.value("cellId", nl::json()));
            without_id = cell_id.empty();
            if (without_id)
            {
                cell_id = code_cell_id(code);
            }
            ran_before = m_tracking.core().has_cell(cell_id);
            // Judged from the code about to run, before its output.
            run.guarded([&] {
                warned = outdated_inputs_of(cell_id, code);
                if (m_state_comms.notices_wanted())
                {
                    display_bundle(kernel::render_input_warning(m_tracking.core(), warned, execution_counter));
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
            // IPython counted the previous cell already, as a rule: the
            // setting (a trait, with its validation) is then skipped.
            py::gil_scoped_acquire acquire;
            py::int_ count(execution_counter);
            py::object current = m_ipython_shell.attr("execution_count");
            if (!current.equal(count))
            {
                m_ipython_shell.attr("execution_count") = count;
            }
        }

        nl::json reply = xpyt::interpreter::execute_request_impl(
            execution_counter, code, silent, store_history, std::move(user_expressions), allow_stdin);

        if (m_transformed_ahead)
        {
            m_transformed_ahead = false;
            py::gil_scoped_acquire acquire;
            m_ipython_shell.attr("_transformed_ahead") = py::none();
        }
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
        if (recorded && without_id && !ran_before)
        {
            // New code without a cellId: perhaps an earlier cell, edited.
            run.guarded([&] { m_tracking.forget_superseded_by(cell_id, changes); });
        }
        if (recorded)
        {
            run.guarded([&] {
                // A frontend that marks cells itself may ask for no notices.
                const tracker& core = m_tracking.core();
                bool notices = m_state_comms.notices_wanted();
                if (notices && core.has_cell(cell_id))
                {
                    // What the run read, when the code did not show it before.
                    std::vector<stale_input> read = core.stale_inputs(cell_id);
                    display_bundle(kernel::render_input_warning(core, not_in(read, warned), execution_counter));
                    display_bundle(kernel::render_unread_inputs(not_in(warned, read), execution_counter));
                }
                if (notices)
                {
                    display_bundle(kernel::render_out_of_order_notice(core, cell_id, execution_counter));
                    display_bundle(kernel::render_run_notice(core, changes));
                }
                m_state_comms.push(nl::json{{"cell_id", cell_id}, {"execution_count", execution_counter}});
            });
        }
        return reply;
    }

    std::vector<stale_input> interpreter::outdated_inputs_of(const std::string& cell_id, const std::string& code)
    {
        if (!m_tracking.core().has_outdated_bindings())
        {
            return {};   // whatever the code reads, nothing read is outdated
        }
        py::gil_scoped_acquire acquire;
        m_transformed_ahead = true;
        py::tuple found = m_cell_reads.attr("certain_reads")(m_ipython_shell, code);
        return m_tracking.core().outdated_inputs(cell_id, strings(found[0]), strings(found[1]));
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
                case kernel::deps_command::kind::order:
                    return order_command(command.order);
                case kernel::deps_command::kind::reactive_on:
                case kernel::deps_command::kind::reactive_off:
                    m_state_comms.set_reactive(command.what == kernel::deps_command::kind::reactive_on);
                    [[fallthrough]];
                case kernel::deps_command::kind::reactive_status:
                    return kernel::render_message(m_state_comms.reactive()
                        ? "Reactive mode is on: in JupyterLab, the cells a run makes stale re-run after it."
                        : "Reactive mode is off.");
                case kernel::deps_command::kind::help:
                    return kernel::render_help();
                case kernel::deps_command::kind::cell:
                {
                    std::string note = renumbered_note(command.cell_ref);
                    if (!note.empty())
                    {
                        return kernel::render_message(note);
                    }
                    return kernel::render_deps(m_tracking.core(), command, m_tracking.previous_cell());
                }
                default:
                    return kernel::render_deps(
                        m_tracking.core(), command, m_tracking.previous_cell(), m_state_comms.reactive());
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

    // `%deps order [notebook | any]`: switches the rule (statuses are judged
    // again, and the frontends get the new state) or says which one holds.
    nl::json interpreter::order_command(const std::string& mode)
    {
        tracker& core = m_tracking.core();
        if (!mode.empty())
        {
            core.set_order(mode == "any" ? order_mode::any : order_mode::notebook);
            m_state_comms.push(nullptr);
        }
        return kernel::render_message(core.order() == order_mode::any
                                          ? "Any order: every change by another cell counts, wherever it stands."
                                          : "Notebook order: a change by a cell below never makes a cell above "
                                            "stale.");
    }

    // "[5] has run again since: it is now [28]." for `%deps 5` when cell [5]
    // is now known by a later count; "" otherwise.
    std::string interpreter::renumbered_note(const std::string& ref) const
    {
        std::string digits = ref.size() > 2 && ref.front() == '[' && ref.back() == ']' ? ref.substr(1, ref.size() - 2)
                                                                                     : ref;
        if (digits.empty() || digits.size() > 9
            || !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); }))
        {
            return {};
        }
        int count = std::stoi(digits);
        const tracker& core = m_tracking.core();
        if (!core.cell_for_execution_count(count).empty())
        {
            return {};
        }
        std::string id = m_tracking.cell_run_as(count);
        if (id.empty() || !core.has_cell(id))
        {
            return {};
        }
        return "[" + digits + "] has run again since: it is now [" + std::to_string(core.execution_count(id)) + "].";
    }

    // The words of `%deps` after `%deps ` on the cursor's line; the rest as
    // xeus-python completes it.
    nl::json interpreter::complete_request_impl(const std::string& code, int cursor_pos)
    {
        // cursor_pos counts code points; find its byte offset.
        std::size_t offset = 0;
        for (int points = 0; offset < code.size() && points < cursor_pos; ++points)
        {
            ++offset;
            while (offset < code.size() && (static_cast<unsigned char>(code[offset]) & 0xC0) == 0x80)
            {
                ++offset;
            }
        }
        std::size_t line_start = code.rfind('\n', offset == 0 ? 0 : offset - 1);
        line_start = line_start == std::string::npos || offset == 0 ? 0 : line_start + 1;
        static const std::regex deps_arguments(R"(^\s*%deps[ \t](?:[^#\n]*[ \t])?([^ \t]*)$)");
        std::smatch match;
        std::string line = code.substr(line_start, offset - line_start);
        if (!std::regex_match(line, match, deps_arguments))
        {
            return xpyt::interpreter::complete_request_impl(code, cursor_pos);
        }
        std::string word = match[1].str();
        return nl::json{{"status", "ok"},
                        {"matches", kernel::deps_completions(word)},
                        {"cursor_start", cursor_pos - static_cast<int>(word.size())},
                        {"cursor_end", cursor_pos},
                        {"metadata", nl::json::object()}};
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
