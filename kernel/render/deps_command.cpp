#include "deps_command.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <vector>

namespace xdeps::kernel
{
    const char* const deps_usage = "usage: %deps [N | [N] | <cell id>] [--all] [--stale] [--json] | off | on | order [notebook | any] | reactive [on | off] | ?";

    const char* const deps_help_text =
        "%deps                  graph of the previous cell\n"
        "%deps 5 | [5] | <id>   graph of a cell, by execution count or cell id\n"
        "%deps --all            the whole notebook's cell graph\n"
        "%deps --stale          stale and downstream cells, with reasons\n"
        "%deps --json           add to any form: the state as application/json\n"
        "%deps off | on         pause / resume tracking\n"
        "%deps order notebook   a change by a cell below never makes a cell above stale (default)\n"
        "%deps order any        every change by another cell counts, wherever it stands\n"
        "%deps reactive on|off  re-run what a cell makes stale, in JupyterLab\n"
        "%deps?                 this help";

    namespace
    {
        std::vector<std::string> split(std::string_view text)
        {
            std::vector<std::string> words;
            std::istringstream in{std::string(text)};
            std::string word;
            while (in >> word && word[0] != '#')  // a comment ends the line
            {
                words.push_back(word);
            }
            return words;
        }

        bool all_digits(std::string_view s)
        {
            return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
        }

        bool plausible_id(std::string_view s)
        {
            return !s.empty() && s[0] != '-' && s[0] != '['
                && std::all_of(s.begin(), s.end(), [](unsigned char c) {
                       return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':' || c == '/';
                   });
        }
    }

    std::vector<std::string> deps_completions(std::string_view word)
    {
        static const char* const words[] = {"--all", "--stale", "--json", "off", "on", "order", "reactive"};
        std::vector<std::string> matches;
        for (const char* w : words)
        {
            if (std::string_view(w).substr(0, word.size()) == word)
            {
                matches.emplace_back(w);
            }
        }
        return matches;
    }

    deps_command parse_deps_args(std::string_view args)
    {
        deps_command command;
        std::vector<std::string> words = split(args);
        bool all = false;
        bool stale = false;
        if (!words.empty() && words[0] == "order")
        {
            if (words.size() > 2 || (words.size() == 2 && words[1] != "notebook" && words[1] != "any"))
            {
                throw deps_usage_error(deps_usage);
            }
            command.what = deps_command::kind::order;
            command.order = words.size() == 2 ? words[1] : "";
            return command;
        }
        if (!words.empty() && words[0] == "reactive")
        {
            if (words.size() == 1)
            {
                command.what = deps_command::kind::reactive_status;
            }
            else if (words.size() == 2 && (words[1] == "on" || words[1] == "off"))
            {
                command.what = words[1] == "on" ? deps_command::kind::reactive_on : deps_command::kind::reactive_off;
            }
            else
            {
                throw deps_usage_error(deps_usage);
            }
            return command;
        }
        for (const std::string& w : words)
        {
            if (w == "--all")
            {
                all = true;
            }
            else if (w == "--stale")
            {
                stale = true;
            }
            else if (w == "--json")
            {
                command.json = true;
            }
            else if (w == "?" || w == "-h" || w == "--help")
            {
                if (words.size() != 1)
                {
                    throw deps_usage_error(deps_usage);
                }
                command.what = deps_command::kind::help;
                return command;
            }
            else if (w == "off" || w == "on")
            {
                if (words.size() != 1)
                {
                    throw deps_usage_error(deps_usage);
                }
                command.what = w == "off" ? deps_command::kind::off : deps_command::kind::on;
                return command;
            }
            else if (!command.cell_ref.empty())
            {
                throw deps_usage_error(deps_usage);
            }
            else if (all_digits(w)
                     || (w.size() > 2 && w.front() == '[' && w.back() == ']' && all_digits(w.substr(1, w.size() - 2)))
                     || plausible_id(w))
            {
                command.cell_ref = w;
            }
            else
            {
                throw deps_usage_error(deps_usage);
            }
        }
        int forms = (all ? 1 : 0) + (stale ? 1 : 0) + (command.cell_ref.empty() ? 0 : 1);
        if (forms > 1)
        {
            throw deps_usage_error(deps_usage);
        }
        command.what = all ? deps_command::kind::all
                     : stale ? deps_command::kind::stale
                     : command.cell_ref.empty() ? deps_command::kind::previous
                     : deps_command::kind::cell;
        return command;
    }

    std::string resolve_cell(const tracker& t, std::string_view ref)
    {
        std::string r(ref);
        std::string digits = r;
        if (r.size() > 2 && r.front() == '[' && r.back() == ']')
        {
            digits = r.substr(1, r.size() - 2);
        }
        if (all_digits(digits))
        {
            int n = 0;
            try
            {
                n = std::stoi(digits);
            }
            catch (const std::exception&)
            {
                throw deps_usage_error("no cell [" + digits + "] in this kernel's history");
            }
            std::string id = t.cell_for_execution_count(n);
            if (id.empty())
            {
                throw deps_usage_error("no cell [" + digits + "] in this kernel's history");
            }
            return id;
        }
        if (!t.has_cell(r))
        {
            throw deps_usage_error("no cell with id '" + r + "' in this kernel's history");
        }
        return r;
    }
}
