#ifndef XDEPS_STATE_COMM_HPP
#define XDEPS_STATE_COMM_HPP

#include <map>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "xeus/xcomm.hpp"

#include "xdeps/tracker.hpp"

namespace nl = nlohmann;

namespace xdeps
{
    // The comm target `xdeps` (docs/comm.md): every comm a frontend opens on
    // it gets the state JSON at once, after every recorded cell, and in reply
    // to `request_state`; `positions` gives the tracker the notebook's order
    // of cells. It also keeps what frontends set over it: the
    // notebook's reactive mode (`set_reactive`) and whether they want the
    // kernel's notices (`settings`). Used on the shell thread.
    class state_comms
    {
    public:

        explicit state_comms(tracker& core);

        state_comms(const state_comms&) = delete;
        state_comms& operator=(const state_comms&) = delete;

        void register_target(xeus::xcomm_manager& manager);

        // Sends the state on every open comm; `cause` says which run changed it.
        // With no comm open, nothing is built.
        void push(const nl::json& cause);

        // Reactive mode (`%deps reactive`, `set_reactive`): kept here, followed
        // by the frontends; a change is pushed to every open comm.
        bool reactive() const { return m_reactive; }
        void set_reactive(bool on);

        // Whether to show notices: the latest `settings` message on any comm
        // decides (a reloaded page's new comm overrides the old one's); when
        // the comm that asked for none closes, notices are shown again.
        bool notices_wanted() const;

    private:

        void open(xeus::xcomm&& comm);
        void on_message(const std::string& id, const xeus::xmessage& request);
        void apply_positions(const nl::json& data);
        nl::json message(const nl::json& cause) const;

        tracker& m_core;
        std::map<std::string, xeus::xcomm> m_comms;
        // The comm whose frontend asked for no notices ("" when none did).
        std::string m_quiet_comm;
        bool m_reactive = false;
        // Closed from the frontend: erased before the next push, not from
        // inside the comm's own close handler.
        std::vector<std::string> m_closed;
    };
}

#endif
