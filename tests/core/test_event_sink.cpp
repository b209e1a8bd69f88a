// The event_sink base guards every event once: outside a recording window
// events are dropped, and an implementation that throws stops recording for
// the window and leaves its reason readable.

#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "xdeps/event_sink.hpp"
#include "xdeps/tracker.hpp"

namespace xdeps_test
{
    class counting_sink final : public xdeps::event_sink
    {
    public:

        int events = 0;
        bool throw_on_read = false;

        void start() { open_recording(); }
        void stop() { close_recording(); }

    private:

        void statement_impl(int) override { ++events; }
        void read_impl(std::string_view, std::string_view, bool) override
        {
            ++events;
            if (throw_on_read)
            {
                throw std::runtime_error("read failed");
            }
        }
        void write_impl(std::string_view, bool) override { ++events; }
        void mutate_impl(std::string_view, const std::vector<std::string>&) override { ++events; }
        void remove_impl(std::string_view) override { ++events; }
        void call_impl(std::string_view, std::string_view) override { ++events; }
    };

    TEST(event_sink_test, events_outside_a_window_are_dropped)
    {
        counting_sink sink;
        sink.read("a", "", false);
        sink.write("a", false);
        EXPECT_EQ(sink.events, 0);
        EXPECT_FALSE(sink.recording());
        sink.start();
        sink.statement(0);
        sink.read("a", "", false);
        sink.mutate("a", {"['k']"});
        sink.remove("b");
        sink.call("", "f");
        EXPECT_EQ(sink.events, 5);
        sink.stop();
        sink.write("a", false);
        EXPECT_EQ(sink.events, 5);
    }

    TEST(event_sink_test, a_failure_stops_recording_until_the_next_window)
    {
        counting_sink sink;
        sink.start();
        sink.throw_on_read = true;
        EXPECT_NO_THROW(sink.read("a", "", false));
        EXPECT_FALSE(sink.recording());
        EXPECT_EQ(sink.failure(), "read failed");
        sink.write("a", false);
        EXPECT_EQ(sink.events, 1) << "nothing is delivered after the failure";
        sink.throw_on_read = false;
        sink.start();
        EXPECT_EQ(sink.failure(), "") << "a new window forgets the failure";
        sink.read("a", "", false);
        EXPECT_EQ(sink.events, 2);
    }

    TEST(event_sink_test, the_tracker_records_only_inside_a_run)
    {
        xdeps::tracker t;
        t.statement(0);
        t.write("a", false);
        EXPECT_FALSE(t.recording());
        EXPECT_FALSE(t.has_cell("c1"));
        t.begin_run("c1", 1);
        EXPECT_TRUE(t.recording());
        t.statement(0);
        t.write("a", false);
        t.end_run();
        EXPECT_FALSE(t.recording());
        t.write("b", false);   // after the run: dropped
        t.begin_run("c2", 2);
        t.statement(0);
        t.read("b", "", false);
        t.end_run();
        ASSERT_EQ(t.cell_writes("c1").size(), 1u);
        EXPECT_EQ(t.cell_writes("c1")[0].symbol, "a");
        EXPECT_EQ(t.cell_reads("c2").size(), 1u);
        EXPECT_EQ(t.cell_reads("c2")[0].bound_by, "") << "b was never bound by a tracked run";
    }
}
