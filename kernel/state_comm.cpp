#include "state_comm.hpp"

#include <utility>

#include "reason_wording.hpp"

namespace xdeps
{
    state_comms::state_comms(const tracker& core)
        : m_core(core)
    {
    }

    void state_comms::register_target(xeus::xcomm_manager& manager)
    {
        manager.register_comm_target("xdeps", [this](xeus::xcomm&& comm, xeus::xmessage) {
            open(std::move(comm));
        });
    }

    void state_comms::open(xeus::xcomm&& comm)
    {
        std::string id = comm.id();
        xeus::xcomm& stored = m_comms.insert_or_assign(id, std::move(comm)).first->second;
        stored.on_message([this, id](xeus::xmessage request) {
            on_message(id, request);
        });
        stored.on_close([this, id](xeus::xmessage) {
            m_closed.push_back(id);
        });
        stored.send(nl::json::object(), message(nullptr), xeus::buffer_sequence());
    }

    void state_comms::on_message(const std::string& id, const xeus::xmessage& request)
    {
        const nl::json& data = request.content()["data"];
        if (!data.is_object() || data.value("type", "") != "request_state")
        {
            return;
        }
        auto found = m_comms.find(id);
        if (found != m_comms.end())
        {
            found->second.send(nl::json::object(), message(nullptr), xeus::buffer_sequence());
        }
    }

    void state_comms::push(const nl::json& cause)
    {
        for (const std::string& id : m_closed)
        {
            m_comms.erase(id);
        }
        m_closed.clear();
        if (m_comms.empty())
        {
            return;
        }
        nl::json state = message(cause);
        for (auto& entry : m_comms)
        {
            entry.second.send(nl::json::object(), state, xeus::buffer_sequence());
        }
    }

    nl::json state_comms::message(const nl::json& cause) const
    {
        return nl::json{{"type", "state"}, {"state", kernel::state_json(m_core)}, {"cause", cause}};
    }
}
