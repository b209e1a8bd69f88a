#ifndef XDEPS_STYLES_HPP
#define XDEPS_STYLES_HPP

namespace xdeps::kernel
{
    // The CSS of %deps output and of notices, scoped by `xdeps-` classes,
    // using JupyterLab's theme variables so it reads in light and dark themes.
    const char* style_sheet();
    const char* notice_style_sheet();
}

#endif
