// Status update after a run in a synthetic notebook (docs/benchmarks.md):
// 1,000 cells binding 10,000 names, each statement reading a few names bound
// by earlier cells, some of them through a notebook function. Prints the
// median and 99th percentile time of end_run (the status update), the time
// per event while a cell runs, memory per cell record, and the re-judging
// of every status after a reorder or a switch of the order rule.
//
// Usage: xdeps_core_benchmark [cells] [names_per_cell] [reads_per_statement] [reruns]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#include <malloc.h>
#define XDEPS_HAVE_MALLINFO2 1
#endif

#include "xdeps/tracker.hpp"

namespace
{
    using clock_type = std::chrono::steady_clock;

    // Out of line, so a profiler can count this update alone
    // (valgrind --tool=callgrind --toggle-collect='*widest_update*').
    [[gnu::noinline]] std::size_t widest_update(xdeps::tracker& t)
    {
        return t.end_run().size();
    }

    struct statement_plan
    {
        std::vector<int> reads;
        bool via_function;
        int writes;
    };

    struct cell_plan
    {
        std::string id;
        std::vector<statement_plan> statements;
    };

    std::string name_of(int n)
    {
        return "v" + std::to_string(n);
    }

    // Feeds one run; returns the time spent in end_run.
    double run_cell(xdeps::tracker& t, const cell_plan& cell, int execution_count, bool same_values,
                    std::size_t& events)
    {
        t.begin_run(cell.id, execution_count);
        int index = 0;
        for (const statement_plan& s : cell.statements)
        {
            t.statement(index++);
            if (s.via_function)
            {
                t.call("", "helper");
            }
            for (int r : s.reads)
            {
                t.read(name_of(r), s.via_function ? "helper" : "", false);
            }
            t.write(name_of(s.writes), same_values);
            events += s.reads.size() + 2;
        }
        auto start = clock_type::now();
        auto changes = t.end_run();
        auto stop = clock_type::now();
        (void)changes;
        return std::chrono::duration<double, std::micro>(stop - start).count();
    }

    double percentile(std::vector<double> values, double p)
    {
        std::sort(values.begin(), values.end());
        std::size_t i = static_cast<std::size_t>(p * (values.size() - 1));
        return values[i];
    }

    // Bytes allocated on the heap, where the C library can tell (0 otherwise).
    std::size_t heap_in_use()
    {
#ifdef XDEPS_HAVE_MALLINFO2
        struct mallinfo2 info = mallinfo2();
        return info.uordblks + info.hblkhd;
#else
        return 0;
#endif
    }
}

int main(int argc, char** argv)
{
    int cell_count = argc > 1 ? std::atoi(argv[1]) : 1000;
    int names_per_cell = argc > 2 ? std::atoi(argv[2]) : 10;
    int reads_per_statement = argc > 3 ? std::atoi(argv[3]) : 3;
    int reruns = argc > 4 ? std::atoi(argv[4]) : 2000;

    std::mt19937 random(12345);
    std::vector<cell_plan> plans(cell_count);
    for (int c = 0; c < cell_count; ++c)
    {
        plans[c].id = "cell-" + std::to_string(c);
        for (int j = 0; j < names_per_cell; ++j)
        {
            statement_plan s;
            s.writes = c * names_per_cell + j;
            s.via_function = (j % 3) == 2;
            if (c > 0)
            {
                std::uniform_int_distribution<int> earlier(0, c * names_per_cell - 1);
                for (int r = 0; r < reads_per_statement; ++r)
                {
                    s.reads.push_back(earlier(random));
                }
            }
            plans[c].statements.push_back(std::move(s));
        }
    }

    std::size_t heap_before = heap_in_use();
    xdeps::tracker t;
    int execution_count = 0;
    std::size_t events = 0;
    auto build_start = clock_type::now();
    for (const cell_plan& cell : plans)
    {
        run_cell(t, cell, ++execution_count, false, events);
    }
    auto build_stop = clock_type::now();
    std::size_t heap_after = heap_in_use();
    double build_us = std::chrono::duration<double, std::micro>(build_stop - build_start).count();
    xdeps::memory_usage usage = t.memory();

    // Re-runs of random cells: half bind the same values (nothing changes
    // downstream), half bind new values (readers go stale, their readers
    // downstream), as when a user edits and re-runs cells.
    std::vector<double> same_times;
    std::vector<double> new_times;
    std::size_t cells_evaluated = 0;
    std::size_t versions_visited = 0;
    std::uniform_int_distribution<int> any_cell(0, cell_count - 1);
    for (int i = 0; i < reruns; ++i)
    {
        bool same = (i % 2) == 0;
        double us = run_cell(t, plans[any_cell(random)], ++execution_count, same, events);
        (same ? same_times : new_times).push_back(us);
        xdeps::update_cost cost = t.last_update_cost();
        cells_evaluated += cost.cells_evaluated;
        versions_visited += cost.versions_visited;
    }
    std::vector<double> all_times = same_times;
    all_times.insert(all_times.end(), new_times.begin(), new_times.end());

    // The widest update: in a notebook where every cell is fresh, the first
    // cell binds new values; its names are read by the most cells, and the
    // change reaches everything computed from them.
    std::vector<double> first_times;
    std::size_t first_cells = 0;
    std::size_t first_changes = 0;
    for (int i = 0; i < 5; ++i)
    {
        xdeps::tracker fresh;
        int count = 0;
        std::size_t ignored = 0;
        for (const cell_plan& cell : plans)
        {
            run_cell(fresh, cell, ++count, false, ignored);
        }
        fresh.begin_run(plans[0].id, ++count);
        for (const statement_plan& s : plans[0].statements)
        {
            fresh.write(name_of(s.writes), false);
        }
        auto start = clock_type::now();
        first_changes = widest_update(fresh);
        auto stop = clock_type::now();
        first_times.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
        first_cells = fresh.last_update_cost().cells_evaluated;
    }

    // Reorders: a positions message moving one cell (and then the notebook
    // back to its order), as when a user drags a cell; each re-judges every
    // status. Then the rule switched to `any` and back.
    std::vector<std::string> ids;
    for (const cell_plan& cell : plans)
    {
        ids.push_back(cell.id);
    }
    std::vector<double> reorder_times;
    std::size_t reorder_changes = 0;
    std::size_t reorder_cells = 0;
    for (int i = 0; i < 20; ++i)
    {
        std::vector<std::string> order = ids;
        if (i % 2 == 0)
        {
            int from = any_cell(random);
            int to = (from + 1 + any_cell(random) % (cell_count - 1)) % cell_count;
            std::string moved = order[from];
            order.erase(order.begin() + from);
            order.insert(order.begin() + to, moved);
        }
        auto start = clock_type::now();
        reorder_changes += t.set_positions(order).size();
        auto stop = clock_type::now();
        reorder_times.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
        reorder_cells = t.last_update_cost().cells_evaluated;
    }
    std::vector<double> switch_times;
    for (int i = 0; i < 10; ++i)
    {
        auto start = clock_type::now();
        t.set_order(i % 2 == 0 ? xdeps::order_mode::any : xdeps::order_mode::notebook);
        auto stop = clock_type::now();
        switch_times.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
    }

    std::size_t stale = 0;
    std::size_t downstream = 0;
    for (const std::string& id : t.non_fresh_cells())
    {
        (t.status(id) == xdeps::cell_status::stale ? stale : downstream) += 1;
    }

    std::printf("notebook: %d cells, %d names, %d reads per statement, built in %.1f ms (%.0f ns per event)\n",
                cell_count, cell_count * names_per_cell, reads_per_statement, build_us / 1000.0,
                1000.0 * build_us / static_cast<double>(events));
    std::printf("status update after a run (end_run), %d re-runs of random cells:\n", reruns);
    std::printf("  median %.1f us, p99 %.1f us, max %.1f us\n", percentile(all_times, 0.5),
                percentile(all_times, 0.99), percentile(all_times, 1.0));
    std::printf("  same values: median %.1f us; new values: median %.1f us\n", percentile(same_times, 0.5),
                percentile(new_times, 0.5));
    std::printf("  per update on average: %.1f cells evaluated, %.1f versions visited\n",
                static_cast<double>(cells_evaluated) / reruns, static_cast<double>(versions_visited) / reruns);
    std::printf("  first cell rebinding its names in an all-fresh notebook (widest update): median %.1f us, "
                "%zu cells evaluated, %zu status changes\n",
                percentile(first_times, 0.5), first_cells, first_changes);
    std::printf("  afterwards: %zu stale, %zu downstream cells\n", stale, downstream);
    std::printf("reorder (positions moving one cell, then back), 20 messages: median %.2f ms, max %.2f ms, "
                "%zu cells evaluated each, %.1f status changes on average\n",
                percentile(reorder_times, 0.5) / 1000.0, percentile(reorder_times, 1.0) / 1000.0, reorder_cells,
                static_cast<double>(reorder_changes) / 20.0);
    std::printf("order switch (%%deps order any / notebook), 10 switches: median %.2f ms, max %.2f ms\n",
                percentile(switch_times, 0.5) / 1000.0, percentile(switch_times, 1.0) / 1000.0);
    std::printf("memory: %zu live versions; %.0f bytes per cell record by own accounting, "
                "%.0f bytes per cell by heap (mallinfo2) delta\n",
                usage.versions, static_cast<double>(usage.bytes) / cell_count,
                static_cast<double>(heap_after - heap_before) / cell_count);
    return 0;
}
