// A request's run through cell_tracking and tracked_run, with the real
// tracker core and CPython layer in an embedded interpreter: however a
// request ends, neither layer is left running and the next cell is recorded.

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "pybind11/embed.h"

#include "xdeps/python_layer.hpp"

#include "cell_tracking.hpp"
#include "embedded_python_test.hpp"

namespace py = pybind11;

namespace
{
    // Runs a cell's statements between the hooks, as the kernel's shell does.
    const char harness[] = R"python(
import ast, xdeps

def run_cell(source, ns):
    for node in ast.parse(source).body:
        code = compile(ast.Module([node], []), "<cell>", "exec")
        xdeps._statement_begin()
        try:
            exec(code, ns)
        finally:
            xdeps._statement_end()
)python";

    // A sink whose reads fail, as a tracker failing inside a run would: the
    // CPython layer stops recording and reports the failure.
    struct failing_sink final : xdeps::event_sink
    {
        failing_sink() { open_recording(); }

    private:

        void statement_impl(int) override {}
        void read_impl(std::string_view, std::string_view, bool) override
        {
            throw std::runtime_error("the sink is full");
        }
        void write_impl(std::string_view, bool) override {}
        void mutate_impl(std::string_view, const std::vector<std::string>&) override {}
        void remove_impl(std::string_view) override {}
        void call_impl(std::string_view, std::string_view) override {}
    };

    // The sink is the tracker core, connected by cell_tracking.
    class TrackedRunTest : public xdeps_test::embedded_interpreter_test<harness>
    {
    protected:

        void SetUp() override
        {
            tracking = std::make_unique<xdeps::cell_tracking>();
            tracking->connect_python_layer();
            ns = cell_namespace();
        }

        void run_cell(const std::string& code)
        {
            py::module_::import("__main__").attr("run_cell")(code, ns);
        }

        // One request as execute_request_impl makes it: a notebook cell is
        // recorded while tracking is on. Returns the status changes.
        std::vector<xdeps::status_change> request(const std::string& cell_id, const std::string& code)
        {
            xdeps::tracked_run run(*tracking);
            if (tracking->on())
            {
                run.begin(cell_id, ++count, ns);
            }
            run_cell(code);
            return run.end();
        }

        const xdeps::tracker& core() const { return tracking->core(); }

        std::vector<std::string> writes(const std::string& cell_id) const
        {
            return core().cell_json(cell_id)["writes"].get<std::vector<std::string>>();
        }

        void expect_no_run_open() const
        {
            EXPECT_FALSE(core().running()) << "the tracker core's run is still open";
            EXPECT_FALSE(xdeps::python::running()) << "the CPython layer's run is still open";
        }

        std::unique_ptr<xdeps::cell_tracking> tracking;
        py::object ns;
        int count = 0;
    };

    TEST_F(TrackedRunTest, ARecordedCellEndsInBothLayers)
    {
        request("a", "x = 1");
        request("b", "y = x + 1");
        auto changes = request("a", "x = 2");
        expect_no_run_open();
        ASSERT_EQ(changes.size(), 1u);
        EXPECT_EQ(changes[0].cell_id, "b");
        EXPECT_EQ(core().status("b"), xdeps::cell_status::stale);
        EXPECT_EQ(tracking->previous_cell(), "a");
    }

    TEST_F(TrackedRunTest, AFailureAroundTheCellAbandonsBothLayersAndTheNextCellIsRecorded)
    {
        request("a", "x = 1");
        std::vector<xdeps::status_change> changes;
        {
            xdeps::tracked_run run(*tracking);
            run.begin("b", ++count, ns);
            run_cell("y = x + 1");
            run.guarded([] { throw std::runtime_error("the notice could not be drawn"); });
            EXPECT_FALSE(run.recording());
            expect_no_run_open();
            run_cell("z = y * 2");
            changes = run.end();
            EXPECT_EQ(run.failure(), "the notice could not be drawn");
        }
        EXPECT_TRUE(changes.empty());
        EXPECT_FALSE(core().has_cell("b")) << "an abandoned run leaves no record";
        EXPECT_EQ(ns["z"].cast<int>(), 4) << "the cell computed as without tracking";
        EXPECT_EQ(tracking->previous_cell(), "a");

        request("c", "w = x");
        EXPECT_TRUE(core().has_cell("c")) << "the next cell is recorded again";
        request("a", "x = 5");
        EXPECT_EQ(core().status("c"), xdeps::cell_status::stale);
    }

    TEST_F(TrackedRunTest, AFailureReportedByTheCPythonLayerAbandonsBothLayers)
    {
        request("a", "x = 1");
        failing_sink failing;
        {
            xdeps::tracked_run run(*tracking);
            run.begin("b", ++count, ns);
            xdeps::python::set_sink(&failing);
            run_cell("y = x + 1\nz = y * 2");
            auto changes = run.end();
            xdeps::python::set_sink(&tracking->core());
            EXPECT_EQ(run.failure(), "the sink is full");
            EXPECT_TRUE(changes.empty());
        }
        expect_no_run_open();
        EXPECT_FALSE(core().has_cell("b")) << "the core's run was abandoned with the CPython layer's";
        EXPECT_EQ(ns["z"].cast<int>(), 4) << "the cell computed as without tracking";

        request("c", "w = x");
        EXPECT_TRUE(core().has_cell("c")) << "the next cell is recorded again";
        request("a", "x = 5");
        EXPECT_EQ(core().status("c"), xdeps::cell_status::stale);
    }

    TEST_F(TrackedRunTest, AnExceptionThroughTheRequestAbandonsTheRun)
    {
        request("a", "x = 1");
        try
        {
            xdeps::tracked_run run(*tracking);
            run.begin("b", ++count, ns);
            run_cell("y = x");
            throw std::runtime_error("the reply could not be built");
        }
        catch (const std::runtime_error&)
        {
        }
        expect_no_run_open();
        EXPECT_FALSE(core().has_cell("b"));
        request("b", "y = x");
        EXPECT_TRUE(core().has_cell("b"));
    }

    TEST_F(TrackedRunTest, TrackingOffInTheMiddleOfACellStopsItsRecording)
    {
        {
            xdeps::tracked_run run(*tracking);
            run.begin("a", ++count, ns);
            run_cell("p = 1");
            tracking->set_on(false);
            run_cell("q = 2");
            run.end();
        }
        expect_no_run_open();
        EXPECT_EQ(writes("a"), std::vector<std::string>{"p"}) << "what ran before `%deps off` is kept";

        request("b", "r = p");
        EXPECT_FALSE(core().has_cell("b")) << "a cell run while tracking is off is not recorded";
        tracking->set_on(true);
        request("c", "s = p");
        EXPECT_TRUE(core().has_cell("c"));
    }

    TEST_F(TrackedRunTest, ResetForgetsTheGraphWhenTheRequestEnds)
    {
        request("a", "x = 1");
        {
            xdeps::tracked_run unrecorded(*tracking);
            tracking->request_reset();
            unrecorded.end();
        }
        EXPECT_TRUE(core().cells().empty()) << "a reset in a request that is not a cell takes effect at once";
        EXPECT_EQ(tracking->previous_cell(), "");
        request("b", "y = 2");
        EXPECT_EQ(core().cells(), std::vector<std::string>{"b"}) << "the next cell is kept";

        xdeps::tracked_run run(*tracking);
        run.begin("c", ++count, ns);
        run_cell("z = y");
        tracking->request_reset();
        EXPECT_TRUE(run.end().empty());
        expect_no_run_open();
        EXPECT_TRUE(core().cells().empty());
    }
}

int main(int argc, char** argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
