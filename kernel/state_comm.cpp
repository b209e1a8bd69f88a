#include "state_comm.hpp"

#include <utility>

#include "reason_wording.hpp"

namespace xdeps
{
    state_comms::state_comms(tracker& core)
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
        if (!data.is_object())
        {
            return;
        }
        std::string type = data.value("type", "");
        if (type == "positions")
        {
            apply_positions(data);
            return;
        }
        if (type != "request_state")
        {
            return;
        }
        auto found = m_comms.find(id);
        if (found != m_comms.end())
        {
            found->second.send(nl::json::object(), message(nullptr), xeus::buffer_sequence());
        }
    }

    // {"type": "positions", "cell_ids": [...]}: the notebook's cells, top to
    // bottom. Statuses are judged again in that order, and every comm gets
    // the new state. A malformed message changes nothing.
    void state_comms::apply_positions(const nl::json& data)
    {
        auto ids = data.find("cell_ids");
        if (ids == data.end() || !ids->is_array())
        {
            return;
        }
        std::vector<std::string> cell_ids;
        cell_ids.reserve(ids->size());
        for (const nl::json& id : *ids)
        {
            if (id.is_string())
            {
                cell_ids.push_back(id.get<std::string>());
            }
        }
        m_core.set_positions(cell_ids);
        push(nullptr);
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
