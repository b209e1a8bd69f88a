#ifndef XDEPS_RENDER_TEST_FIXTURE_HPP
#define XDEPS_RENDER_TEST_FIXTURE_HPP

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "deps_magic.hpp"
#include "notices.hpp"
#include "tracker_test_fixture.hpp"

namespace xdeps_test
{
    using xdeps_test::stmt;

    // A notebook on the real tracker core, with helpers to look into the
    // display bundles the kernel would send.
    class render_test : public ::testing::Test, public notebook
    {
    protected:

        static std::string text_of(const nl::json& bundle)
        {
            return bundle.at("text/plain").get<std::string>();
        }

        static std::string html_of(const nl::json& bundle)
        {
            return bundle.at("text/html").get<std::string>();
        }

        static bool contains(const std::string& haystack, const std::string& needle)
        {
            return haystack.find(needle) != std::string::npos;
        }

        static std::size_t count(const std::string& haystack, const std::string& needle)
        {
            std::size_t n = 0;
            for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1))
            {
                ++n;
            }
            return n;
        }

        nl::json deps(const std::string& args, const std::string& previous = "")
        {
            return xdeps::kernel::render_deps(t, xdeps::kernel::parse_deps_args(args), previous);
        }

        // The example of docs/semantics.md: [1] A = 23; [2] def f(): return A;
        // [3] r = f(); [4] s = r + 1. Cell ids are "a", "f", "r", "s".
        void design_example()
        {
            run("a", {stmt().writes({"A"})});
            run("f", {stmt().writes({"f"})});
            run("r", {stmt().calls("", "f").reads({"f"}).reads({"A"}, "f").writes({"r"})});
            run("s", {stmt().reads({"r"}).writes({"s"})});
        }
    };
}

#endif
