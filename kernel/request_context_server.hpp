#ifndef XDEPS_REQUEST_CONTEXT_SERVER_HPP
#define XDEPS_REQUEST_CONTEXT_SERVER_HPP

#include <memory>
#include <mutex>

#include "nlohmann/json.hpp"

#include "xeus/xeus_context.hpp"
#include "xeus/xkernel_configuration.hpp"
#include "xeus/xserver.hpp"

namespace nl = nlohmann;

namespace xdeps
{
    // xeus 2.4 hands the interpreter the header of a request but not its
    // metadata, where JupyterLab puts `cellId` and `deletedCells`. This server
    // wraps the real one and remembers the metadata of the shell request
    // being handled, so the interpreter can read it.
    class request_context_server final : public xeus::xserver
    {
    public:

        explicit request_context_server(std::unique_ptr<xeus::xserver> inner);
        ~request_context_server() override;

        // Metadata of the shell request currently handled (an empty object
        // when there is none). Read on the shell thread.
        static nl::json current_metadata();

    private:

        xeus::xcontrol_messenger& get_control_messenger_impl() override;

        void send_shell_impl(xeus::xmessage message) override;
        void send_control_impl(xeus::xmessage message) override;
        void send_stdin_impl(xeus::xmessage message) override;
        void publish_impl(xeus::xpub_message message, xeus::channel c) override;

        void start_impl(xeus::xpub_message message) override;
        void abort_queue_impl(const listener& l, long polling_interval) override;
        void stop_impl() override;
        void update_config_impl(xeus::xconfiguration& config) const override;

        void on_shell_message(xeus::xmessage message);

        std::unique_ptr<xeus::xserver> p_inner;
    };

    // Matches xkernel's server_builder: the shell-in-main-thread server of
    // xeus, wrapped.
    std::unique_ptr<xeus::xserver> make_request_context_server(xeus::xcontext& context,
                                                               const xeus::xconfiguration& config,
                                                               nl::json::error_handler_t eh);
}

#endif
