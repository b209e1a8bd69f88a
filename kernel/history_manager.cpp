#include "history_manager.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <set>

namespace xdeps
{
    // xeus stores every input under session 0; IPython numbers sessions from 1.
    constexpr int session_number = 1;

    history_manager::history_manager() = default;
    history_manager::~history_manager() = default;

    void history_manager::configure_impl()
    {
    }

    void history_manager::store_inputs_impl(int /*session*/, int /*line_num*/, const std::string& input, const std::string& output)
    {
        // xeus 2.4 passes the request's `execution_count` field (absent, so
        // always 1); inputs are stored exactly when the interpreter counts an
        // execution, so numbering them here gives the execution count.
        int line = static_cast<int>(m_entries.size()) + 1;
        m_entries.push_back(entry{session_number, line, input, output});
    }

    nl::json history_manager::reply(const std::vector<const entry*>& rows, bool output) const
    {
        nl::json history = nl::json::array();
        for (const entry* e : rows)
        {
            if (output)
            {
                nl::json out = e->output.empty() ? nl::json(nullptr) : nl::json(e->output);
                history.push_back({e->session, e->line, {e->input, out}});
            }
            else
            {
                history.push_back({e->session, e->line, e->input});
            }
        }
        return {{"status", "ok"}, {"history", history}};
    }

    nl::json history_manager::get_tail_impl(int n, bool /*raw*/, bool output) const
    {
        std::size_t count = n < 0 ? 0 : std::min<std::size_t>(static_cast<std::size_t>(n), m_entries.size());
        std::vector<const entry*> rows;
        for (auto it = m_entries.end() - static_cast<std::ptrdiff_t>(count); it != m_entries.end(); ++it)
        {
            rows.push_back(&*it);
        }
        return reply(rows, output);
    }

    nl::json history_manager::get_range_impl(int session, int start, int stop, bool /*raw*/, bool output) const
    {
        // IPython: session 0 or negative counts back from the current one;
        // stop <= start means "to the end".
        std::vector<const entry*> rows;
        for (const entry& e : m_entries)
        {
            bool in_session = session <= 0 || e.session == session;
            bool in_range = e.line >= start && (stop <= start || e.line < stop);
            if (in_session && in_range)
            {
                rows.push_back(&e);
            }
        }
        return reply(rows, output);
    }

    nl::json history_manager::search_impl(const std::string& pattern, bool /*raw*/, bool output, int n, bool unique) const
    {
        // Newest first while collecting, so `n` and `unique` keep the latest.
        std::vector<const entry*> rows;
        std::set<std::string> seen;
        for (auto it = m_entries.rbegin(); it != m_entries.rend(); ++it)
        {
            if (fnmatch(pattern.c_str(), it->input.c_str(), 0) != 0)
            {
                continue;
            }
            if (unique && !seen.insert(it->input).second)
            {
                continue;
            }
            rows.push_back(&*it);
            if (n > 0 && static_cast<int>(rows.size()) >= n)
            {
                break;
            }
        }
        std::reverse(rows.begin(), rows.end());
        return reply(rows, output);
    }

    std::unique_ptr<xeus::xhistory_manager> make_history_manager()
    {
        return std::make_unique<history_manager>();
    }
}
