#ifndef XDEPS_HISTORY_MANAGER_HPP
#define XDEPS_HISTORY_MANAGER_HPP

#include <memory>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "xeus/xhistory_manager.hpp"

namespace nl = nlohmann;

namespace xdeps
{
    // The session's input history in memory, answering history requests as
    // IPython does: rows are [session, line, input] (or [session, line,
    // [input, output]] when output is asked for), search takes glob patterns.
    class history_manager final : public xeus::xhistory_manager
    {
    public:

        history_manager();
        ~history_manager() override;

    private:

        struct entry
        {
            int session;
            int line;
            std::string input;
            std::string output;
        };

        void configure_impl() override;
        void store_inputs_impl(int session, int line_num, const std::string& input, const std::string& output) override;
        nl::json get_tail_impl(int n, bool raw, bool output) const override;
        nl::json get_range_impl(int session, int start, int stop, bool raw, bool output) const override;
        nl::json search_impl(const std::string& pattern, bool raw, bool output, int n, bool unique) const override;

        nl::json reply(const std::vector<const entry*>& rows, bool output) const;

        std::vector<entry> m_entries;
    };

    std::unique_ptr<xeus::xhistory_manager> make_history_manager();
}

#endif
