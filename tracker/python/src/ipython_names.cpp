// The names IPython itself binds in a cell's namespace (history, output
// cache, dunders) and the layer's own, never reported.

#include <string_view>

#include "layer.hpp"

namespace xdeps::python
{
    bool is_ipython_name(std::string_view name)
    {
        static const char* const exact[] = {"_", "__", "___", "_i", "_ii", "_iii", "_oh", "_ih", "_dh",
                                            "In", "Out", "get_ipython", "exit", "quit", "_exit_code"};
        for (const char* e : exact)
        {
            if (name == e)
            {
                return true;
            }
        }
        if (name.size() > 4 && name.substr(0, 2) == "__" && name.substr(name.size() - 2) == "__")
        {
            return true;
        }
        if (name.substr(0, 7) == "__xdeps")
        {
            return true;
        }
        // _5 (output history) and _i5 (input history)
        std::size_t digits_from = name.substr(0, 2) == "_i" ? 2 : 1;
        if (name.size() > digits_from && name[0] == '_')
        {
            for (std::size_t i = digits_from; i < name.size(); ++i)
            {
                if (name[i] < '0' || name[i] > '9')
                {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
