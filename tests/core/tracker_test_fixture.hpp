#ifndef XDEPS_TRACKER_TEST_FIXTURE_HPP
#define XDEPS_TRACKER_TEST_FIXTURE_HPP

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "xdeps/tracker.hpp"

namespace xdeps_test
{
    // One top-level statement of a cell, described by what the CPython layer
    // would report for it: reads (and calls) first, in order, then the
    // writes and deletes at the end of the statement.
    struct stmt
    {
        struct access
        {
            std::string name;
            std::string function;
            bool after_own_write;
            std::vector<std::string> keys;   // element paths used; none: the whole
        };

        std::vector<access> reads_;
        std::vector<std::pair<std::string, std::string>> calls_;
        std::vector<std::pair<std::string, bool>> writes_;
        std::vector<std::string> deletes_;
        std::vector<std::pair<std::string, std::vector<std::string>>> mutates_;
        std::vector<std::pair<std::string, std::vector<std::string>>> binds_;

        // Reads `name` from the cell's top-level code, or via `function`.
        stmt& reads(std::initializer_list<std::string> names, const std::string& function = "")
        {
            for (const std::string& n : names)
            {
                reads_.push_back({n, function, false, {}});
            }
            return *this;
        }

        // A read that follows this statement's own binding of the name.
        stmt& reads_own(const std::string& name, const std::string& function = "")
        {
            reads_.push_back({name, function, true, {}});
            return *this;
        }

        stmt& calls(const std::string& caller, const std::string& callee)
        {
            calls_.emplace_back(caller, callee);
            return *this;
        }

        // Binds names to new values.
        stmt& writes(std::initializer_list<std::string> names)
        {
            for (const std::string& n : names)
            {
                writes_.emplace_back(n, false);
            }
            return *this;
        }

        // Binds names to values "the same" as their previous ones.
        stmt& writes_same(std::initializer_list<std::string> names)
        {
            for (const std::string& n : names)
            {
                writes_.emplace_back(n, true);
            }
            return *this;
        }

        // Changes the objects bound to names in place.
        stmt& mutates(std::initializer_list<std::string> names, const std::vector<std::string>& keys = {})
        {
            for (const std::string& n : names)
            {
                mutates_.emplace_back(n, keys);
            }
            return *this;
        }

        // Reads `name` only through the element paths `keys`.
        stmt& reads_elements(const std::string& name, const std::vector<std::string>& keys,
                             const std::string& function = "")
        {
            reads_.push_back({name, function, false, keys});
            return *this;
        }

        // The statement's binding of `target` depends only on the reads of
        // `names` (binding_inputs, sent after the reads, before the writes).
        stmt& binds(const std::string& target, const std::vector<std::string>& names)
        {
            binds_.emplace_back(target, names);
            return *this;
        }

        stmt& deletes(std::initializer_list<std::string> names)
        {
            deletes_.insert(deletes_.end(), names.begin(), names.end());
            return *this;
        }
    };

    // A notebook driving a tracker: each run gets the next execution count.
    class notebook
    {
    public:

        xdeps::tracker t;
        int execution_count = 0;

        // Feeds the statements of one run of `cell` (execution counts go up
        // by one per run) without ending it.
        void start(const std::string& cell, const std::vector<stmt>& statements)
        {
            t.begin_run(cell, ++execution_count);
            int index = 0;
            for (const stmt& s : statements)
            {
                t.statement(index++);
                for (const auto& c : s.calls_)
                {
                    t.call(c.first, c.second);
                }
                for (const auto& r : s.reads_)
                {
                    t.read(r.name, r.function, r.after_own_write);
                    if (!r.keys.empty())
                    {
                        t.read_elements(r.name, r.function, r.keys);
                    }
                }
                for (const auto& b : s.binds_)
                {
                    t.binding_inputs(b.first, b.second);
                }
                for (const auto& w : s.writes_)
                {
                    t.write(w.first, w.second);
                }
                for (const auto& m : s.mutates_)
                {
                    t.mutate(m.first, m.second);
                }
                for (const std::string& d : s.deletes_)
                {
                    t.remove(d);
                }
            }
        }

        // One complete run; returns the status changes of other cells.
        std::vector<xdeps::status_change> run(const std::string& cell, const std::vector<stmt>& statements)
        {
            start(cell, statements);
            return t.end_run();
        }
    };

    class tracker_test : public ::testing::Test, public notebook
    {
    protected:

        std::string status(const std::string& cell) const
        {
            return xdeps::to_string(t.status(cell));
        }

        // "symbol<-changed_by" for each reason, plus "/bound_by" and
        // " via f" when set: compact enough to compare in one assertion.
        std::string reasons(const std::string& cell) const
        {
            std::string out;
            for (const xdeps::reason& r : t.reasons(cell))
            {
                if (!out.empty())
                {
                    out += ", ";
                }
                out += r.symbol + "<-" + r.changed_by;
                if (r.kind == xdeps::cell_status::downstream)
                {
                    out += "/" + r.bound_by;
                }
                if (!r.via.empty())
                {
                    out += " via " + r.via;
                }
                if (r.deleted)
                {
                    out += " (deleted)";
                }
            }
            return out;
        }

        // "cell:before->after" for each change, in the order given.
        static std::string changes(const std::vector<xdeps::status_change>& list)
        {
            std::string out;
            for (const xdeps::status_change& c : list)
            {
                if (!out.empty())
                {
                    out += ", ";
                }
                out += c.cell_id + ":" + xdeps::to_string(c.before) + "->" + xdeps::to_string(c.after);
            }
            return out;
        }

        static std::string join(const std::vector<std::string>& items)
        {
            std::string out;
            for (const std::string& s : items)
            {
                out += (out.empty() ? "" : ",") + s;
            }
            return out;
        }
    };
}

#endif
