#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <utility>

#include "pybind11/embed.h"

#include "xeus/xeus_context.hpp"
#include "xeus/xkernel.hpp"
#include "xeus/xkernel_configuration.hpp"
#include "xeus-python/xdebugger.hpp"

#include "xdeps/python_layer.hpp"

#include "history_manager.hpp"
#include "interpreter.hpp"
#include "interrupt.hpp"
#include "request_context_server.hpp"

namespace py = pybind11;

namespace
{
    const char* usage = "usage: xdeps -f <connection file> | --version | --help";

    struct options
    {
        std::string connection_file;
        bool version = false;
        bool help = false;
    };

    // Returns false (after a one-line message) on anything but the forms of `usage`.
    bool parse_options(int argc, char* argv[], options& out)
    {
        for (int i = 1; i < argc; ++i)
        {
            std::string arg = argv[i];
            if ((arg == "-f" || arg == "--connection-file") && i + 1 < argc)
            {
                out.connection_file = argv[++i];
            }
            else if (arg.rfind("--connection-file=", 0) == 0)
            {
                out.connection_file = arg.substr(std::strlen("--connection-file="));
            }
            else if (arg == "--version" || arg == "-V")
            {
                out.version = true;
            }
            else if (arg == "--help" || arg == "-h")
            {
                out.help = true;
            }
            else
            {
                std::cerr << "xdeps: unknown option '" << arg << "'; " << usage << std::endl;
                return false;
            }
        }
        return true;
    }

    // The kernel embeds the Python it was built against. PYTHONHOME,
    // PYTHONPATH and the other PYTHON* variables of the environment belong to
    // whatever Python started Jupyter (a pyenv, a virtualenv) and would make
    // this one fail to start, so they are not read; PYTHONHASHSEED is.
    void start_python(int argc, char* argv[])
    {
        PyConfig config;
        PyConfig_InitPythonConfig(&config);
        config.use_environment = 0;
        config.parse_argv = 0;
        config.install_signal_handlers = 1;
        PyConfig_SetBytesString(&config, &config.program_name, XDEPS_PYTHON_EXECUTABLE);
        if (const char* seed = std::getenv("PYTHONHASHSEED"))
        {
            char* end = nullptr;
            unsigned long value = std::strtoul(seed, &end, 10);
            if (end != seed && *end == '\0' && value <= 4294967295ul)
            {
                config.use_hash_seed = 1;
                config.hash_seed = value;
            }
        }
        PyImport_AppendInittab("xdeps", &PyInit_xdeps);
        py::initialize_interpreter(&config, argc, argv, false);
    }
}

int main(int argc, char* argv[])
{
    options opts;
    if (!parse_options(argc, argv, opts))
    {
        return 2;
    }
    if (opts.help)
    {
        std::cout << usage << std::endl;
        return 0;
    }
    if (opts.version)
    {
        std::cout << "xdeps " << XDEPS_VERSION_STRING << std::endl;
        return 0;
    }
    if (opts.connection_file.empty())
    {
        std::cerr << "xdeps: no connection file; " << usage << std::endl;
        return 2;
    }
    if (!std::ifstream(opts.connection_file).good())
    {
        std::cerr << "xdeps: cannot read connection file '" << opts.connection_file << "'; " << usage << std::endl;
        return 2;
    }

    // Launched by Jupyter: its log goes nowhere, and writing to a closed
    // stream would end the kernel.
    if (std::getenv("JPY_PARENT_PID") != nullptr)
    {
        std::clog.setstate(std::ios_base::failbit);
    }

    xeus::xconfiguration config;
    try
    {
        config = xeus::load_configuration(opts.connection_file);
    }
    catch (const std::exception& e)
    {
        std::cerr << "xdeps: invalid connection file '" << opts.connection_file << "': " << e.what() << std::endl;
        return 2;
    }

    // A server started in the background by a script (`jupyter lab &`)
    // passes SIGINT on ignored, and Python then installs no handler for it:
    // interrupts would do nothing. Like ipykernel, the kernel handles them
    // whatever it inherited.
    std::signal(SIGINT, SIG_DFL);
    start_python(argc, argv);
    xdeps::install_interrupt_handling();

    using context_type = xeus::xcontext_impl<zmq::context_t>;
    auto context = std::make_unique<context_type>();
    auto interpreter = std::make_unique<xdeps::interpreter>();

    nl::json debugger_config;
    debugger_config["python"] = XDEPS_PYTHON_EXECUTABLE;

    xeus::xkernel kernel(config,
                         xeus::get_user_name(),
                         std::move(context),
                         std::move(interpreter),
                         xdeps::make_request_context_server,
                         xdeps::make_history_manager(),
                         nullptr,
                         xpyt::make_python_debugger,
                         debugger_config);
    kernel.start();
    return 0;
}
