#include "request_context_server.hpp"

#include <utility>

#include "xeus/xserver_shell_main.hpp"

namespace xdeps
{
    namespace
    {
        // One kernel per process; the shell thread writes and reads this.
        nl::json& current_metadata_storage()
        {
            static nl::json metadata = nl::json::object();
            return metadata;
        }
    }

    request_context_server::request_context_server(std::unique_ptr<xeus::xserver> inner)
        : p_inner(std::move(inner))
    {
        p_inner->register_shell_listener([this](xeus::xmessage msg) { on_shell_message(std::move(msg)); });
        p_inner->register_control_listener([this](xeus::xmessage msg) { notify_control_listener(std::move(msg)); });
        p_inner->register_stdin_listener([this](xeus::xmessage msg) { notify_stdin_listener(std::move(msg)); });
        p_inner->register_internal_listener([this](nl::json msg) { return notify_internal_listener(std::move(msg)); });
    }

    request_context_server::~request_context_server() = default;

    nl::json request_context_server::current_metadata()
    {
        return current_metadata_storage();
    }

    void request_context_server::on_shell_message(xeus::xmessage message)
    {
        const nl::json& metadata = message.metadata();
        current_metadata_storage() = metadata.is_object() ? metadata : nl::json::object();
        notify_shell_listener(std::move(message));
        current_metadata_storage() = nl::json::object();
    }

    xeus::xcontrol_messenger& request_context_server::get_control_messenger_impl()
    {
        return p_inner->get_control_messenger();
    }

    void request_context_server::send_shell_impl(xeus::xmessage message)
    {
        p_inner->send_shell(std::move(message));
    }

    void request_context_server::send_control_impl(xeus::xmessage message)
    {
        p_inner->send_control(std::move(message));
    }

    void request_context_server::send_stdin_impl(xeus::xmessage message)
    {
        // xeus 2.4 names the flag of a masked prompt (getpass) `pwd`; the
        // protocol, and JupyterLab, read `password`.
        const nl::json& content = message.content();
        auto pwd = content.find("pwd");
        if (message.header().value("msg_type", "") == "input_request" && pwd != content.end()
            && !content.contains("password"))
        {
            nl::json fixed = content;
            fixed["password"] = *pwd;
            xeus::xmessage renamed(message.identities(), message.header(), message.parent_header(),
                                   message.metadata(), std::move(fixed), std::move(message).buffers());
            p_inner->send_stdin(std::move(renamed));
            return;
        }
        p_inner->send_stdin(std::move(message));
    }

    void request_context_server::publish_impl(xeus::xpub_message message, xeus::channel c)
    {
        p_inner->publish(std::move(message), c);
    }

    void request_context_server::start_impl(xeus::xpub_message message)
    {
        p_inner->start(std::move(message));
    }

    void request_context_server::abort_queue_impl(const listener& l, long polling_interval)
    {
        p_inner->abort_queue(l, polling_interval);
    }

    void request_context_server::stop_impl()
    {
        p_inner->stop();
    }

    void request_context_server::update_config_impl(xeus::xconfiguration& config) const
    {
        p_inner->update_config(config);
    }

    std::unique_ptr<xeus::xserver> make_request_context_server(xeus::xcontext& context,
                                                               const xeus::xconfiguration& config,
                                                               nl::json::error_handler_t eh)
    {
        return std::make_unique<request_context_server>(xeus::make_xserver_shell_main(context, config, eh));
    }
}
