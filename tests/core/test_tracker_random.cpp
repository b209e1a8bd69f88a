// Random notebooks: the incrementally kept state always equals a recomputation
// from scratch (statuses, outdated flags, reference counts, reverse indexes).

#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>

#include "tracker_test_fixture.hpp"

namespace xdeps_test
{
    // XDEPS_RANDOM_SEED and XDEPS_RANDOM_STEPS vary and lengthen the
    // randomized runs for longer searches.
    unsigned seed()
    {
        const char* value = std::getenv("XDEPS_RANDOM_SEED");
        return value != nullptr ? static_cast<unsigned>(std::strtoul(value, nullptr, 10)) : 20261129u;
    }

    int scaled(int steps)
    {
        const char* value = std::getenv("XDEPS_RANDOM_STEPS");
        int wanted = value != nullptr ? std::atoi(value) : 0;
        return wanted > steps ? wanted : steps;
    }

    class random_notebook_test : public tracker_test
    {
    protected:

        std::mt19937 random{seed()};
        // Also move cells and switch the order rule now and then.
        bool reorders = false;

        int pick(int n)
        {
            return std::uniform_int_distribution<int>(0, n - 1)(random);
        }

        std::string some_name()
        {
            return "n" + std::to_string(pick(8));
        }

        // A run of 1 to 3 statements with random reads (some via functions,
        // some after the statement's own write), writes (same value or not),
        // deletes and calls.
        std::vector<stmt> random_cell()
        {
            static const char* functions[] = {"", "", "f", "g", "C.m"};
            std::vector<stmt> statements(1 + pick(3));
            for (stmt& s : statements)
            {
                std::string function = functions[pick(5)];
                if (!function.empty())
                {
                    s.calls("", function);
                }
                static const std::vector<std::vector<std::string>> element_sets = {
                    {}, {}, {"['a']"}, {"['b']"}, {"['a']", "[0]"}};
                for (int r = pick(4); r > 0; --r)
                {
                    const auto& keys = element_sets[pick(5)];
                    if (keys.empty())
                    {
                        s.reads({some_name()}, function);
                    }
                    else
                    {
                        s.reads_elements(some_name(), keys, function);
                    }
                }
                for (int w = pick(3); w > 0; --w)
                {
                    std::string name = some_name();
                    if (pick(4) == 0)
                    {
                        s.reads_own(name);
                    }
                    if (pick(2) == 0)
                    {
                        s.writes_same({name});
                    }
                    else
                    {
                        s.writes({name});
                    }
                }
                if (pick(5) == 0)
                {
                    s.mutates({some_name()}, element_sets[pick(5)]);
                }
                if (pick(8) == 0)
                {
                    s.deletes({some_name()});
                }
            }
            return statements;
        }

        // What a run did, for the failure message.
        static std::string describe(const std::vector<stmt>& statements)
        {
            std::string out;
            for (const stmt& s : statements)
            {
                out += " [";
                for (const auto& r : s.reads_)
                {
                    out += " r:" + r.name + (r.keys.empty() ? "" : r.keys[0]) + (r.function.empty() ? "" : "@" + r.function)
                         + (r.after_own_write ? "(own)" : "");
                }
                for (const auto& w : s.writes_)
                {
                    out += (w.second ? " same:" : " w:") + w.first;
                }
                for (const auto& m : s.mutates_)
                {
                    out += " mut:" + m.first + (m.second.empty() ? "" : m.second[0]);
                }
                for (const std::string& d : s.deletes_)
                {
                    out += " del:" + d;
                }
                out += " ]";
            }
            return out;
        }

        // Plays `steps` random operations, checking after each one.
        void play(int steps, int cells)
        {
            std::vector<std::string> log;
            for (int step = 0; step < steps; ++step)
            {
                std::string cell = "c" + std::to_string(pick(cells));
                int op = pick(40);
                if (op == 0)
                {
                    t.forget_cell(cell);
                    log.push_back("forget " + cell);
                }
                else if (reorders && op == 2)
                {
                    std::vector<std::string> ids{"unknown"};
                    for (int i = 0; i < cells; ++i)
                    {
                        ids.push_back("c" + std::to_string(i));
                    }
                    std::shuffle(ids.begin(), ids.end(), random);
                    ids.resize(ids.size() - static_cast<std::size_t>(pick(3)));
                    t.set_positions(ids);
                    log.push_back("positions " + join(ids));
                }
                else if (reorders && op == 3)
                {
                    bool any = t.order() == xdeps::order_mode::notebook;
                    t.set_order(any ? xdeps::order_mode::any : xdeps::order_mode::notebook);
                    log.push_back(any ? "order any" : "order notebook");
                }
                else if (reorders && op == 4)
                {
                    // A cell without a cellId edited: new code that replaces `cell`.
                    std::string edited = "e" + std::to_string(step);
                    auto statements = random_cell();
                    std::map<std::string, xdeps::cell_status> before;
                    for (const std::string& known : t.cells())
                    {
                        before[known] = t.status(known);
                    }
                    std::vector<xdeps::status_change> changes = run(edited, statements);
                    t.replace_cell(edited, cell, changes);
                    log.push_back("run " + edited + describe(statements) + ", replacing " + cell);
                    // The changes are those of every other cell still known.
                    std::map<std::string, xdeps::cell_status> reported;
                    for (const xdeps::status_change& change : changes)
                    {
                        ASSERT_EQ(before.count(change.cell_id), 1u) << change.cell_id << " at step " << step;
                        ASSERT_EQ(change.before, before[change.cell_id]) << change.cell_id << " at step " << step;
                        reported[change.cell_id] = change.after;
                    }
                    for (const std::string& known : t.cells())
                    {
                        if (known != edited && before.count(known) && t.status(known) != before[known])
                        {
                            ASSERT_EQ(reported.count(known), 1u) << known << " changed unreported at step " << step;
                            ASSERT_EQ(reported[known], t.status(known)) << known << " at step " << step;
                        }
                    }
                }
                else if (op == 1)
                {
                    auto statements = random_cell();
                    start(cell, statements);
                    t.abandon_run();
                    log.push_back("abandon " + cell + describe(statements));
                }
                else
                {
                    auto statements = random_cell();
                    run(cell, statements);
                    log.push_back("run " + cell + describe(statements));
                }
                std::string problems = t.self_check();
                if (!problems.empty())
                {
                    std::string history;
                    for (std::size_t i = log.size() > 30 ? log.size() - 30 : 0; i < log.size(); ++i)
                    {
                        history += "\n  " + log[i];
                    }
                    FAIL() << "after step " << step << ": " << problems << "\nlast operations:" << history;
                }
            }
        }
    };

    // Many cells over few names: heavy rebinding, deletes and same-value runs.
    TEST_F(random_notebook_test, incremental_state_equals_recomputation_few_cells)
    {
        play(scaled(3000), 6);
    }

    // More cells than names: long lineage chains and wide fan-out.
    TEST_F(random_notebook_test, incremental_state_equals_recomputation_many_cells)
    {
        play(scaled(3000), 30);
    }

    // The order-free rule (`any`) keeps the incremental state equal to a recomputation.
    TEST_F(random_notebook_test, incremental_state_equals_recomputation_any_order)
    {
        t.set_order(xdeps::order_mode::any);
        play(scaled(3000), 12);
    }

    // Cells moved and the rule switched between runs: every re-judging equals a recomputation.
    TEST_F(random_notebook_test, incremental_state_equals_recomputation_with_reorders)
    {
        reorders = true;
        play(scaled(3000), 12);
    }

    // Memory stays bounded however long the notebook runs.
    TEST_F(random_notebook_test, live_versions_stay_bounded)
    {
        play(2000, 12);
        std::size_t after_2000 = t.memory().versions;
        play(6000, 12);
        EXPECT_LE(t.memory().versions, 2 * after_2000 + 20)
            << "live versions grow with the notebook, not with the number of runs";
    }
}
