#include "styles.hpp"

namespace xdeps::kernel
{
    const char* notice_style_sheet()
    {
        return "<style>"
               ".xdeps-notice{border-left:4px solid var(--jp-warn-color0,#f57c00);"
               "background:var(--jp-layout-color1,#fff);color:var(--jp-content-font-color1,#212121);"
               "padding:4px 10px;margin:4px 0;font-family:var(--jp-ui-font-family,sans-serif);"
               "font-size:var(--jp-ui-font-size1,13px);line-height:1.5}"
               ".xdeps-notice.xdeps-info{border-left-color:var(--jp-info-color0,#0288d1)}"
               ".xdeps-notice code{background:var(--jp-layout-color2,#eee);"
               "color:var(--jp-content-font-color1,#212121);padding:0 3px;border-radius:3px}"
               ".xdeps-stale{color:var(--jp-error-color1,#d32f2f);font-weight:bold}"
               ".xdeps-downstream{color:var(--jp-warn-color1,#f57c00);font-weight:bold}"
               "</style>";
    }

    const char* style_sheet()
    {
        return "<style>"
               ".xdeps-deps code{background:var(--jp-layout-color2,#eee);"
               "color:var(--jp-content-font-color1,#212121);padding:0 3px;border-radius:3px}"
               ".xdeps-deps{font-family:var(--jp-ui-font-family,sans-serif);font-size:var(--jp-ui-font-size1,13px);"
               "color:var(--jp-content-font-color1,#212121)}"
               ".xdeps-deps table{border-collapse:collapse;margin:4px 0}"
               ".xdeps-deps td,.xdeps-deps th{border:1px solid var(--jp-border-color2,#ccc);padding:2px 6px;"
               "color:var(--jp-content-font-color1,#212121);"
               "text-align:left;vertical-align:top}"
               ".xdeps-stale{color:var(--jp-error-color1,#d32f2f);font-weight:bold}"
               ".xdeps-downstream{color:var(--jp-warn-color1,#f57c00);font-weight:bold}"
               ".xdeps-fresh{color:var(--jp-success-color1,#388e3c)}"
               ".xdeps-graph text{fill:var(--jp-content-font-color1,#212121);font-size:12px;"
               "font-family:var(--jp-code-font-family,monospace)}"
               ".xdeps-graph-box{overflow:auto;max-width:100%}"
               ".xdeps-graph .xdeps-edge-label{fill:var(--jp-content-font-color2,#616161);font-size:11px;"
               "paint-order:stroke;stroke:var(--jp-layout-color0,#ffffff);stroke-width:3px;stroke-linejoin:round}"
               ".xdeps-graph path{stroke:var(--jp-content-font-color3,#9e9e9e);fill:none}"
               ".xdeps-graph rect{stroke-width:1.5}"
               ".xdeps-graph .xdeps-node-fresh{fill:var(--jp-layout-color2,#eeeeee);stroke:var(--jp-success-color1,#388e3c)}"
               ".xdeps-graph .xdeps-node-stale{fill:var(--jp-layout-color2,#eeeeee);stroke:var(--jp-error-color1,#d32f2f)}"
               ".xdeps-graph .xdeps-node-downstream{fill:var(--jp-layout-color2,#eeeeee);stroke:var(--jp-warn-color1,#f57c00)}"
               ".xdeps-graph .xdeps-node-function{fill:var(--jp-layout-color1,#ffffff);stroke:var(--jp-brand-color1,#1976d2)}"
               "</style>";
    }
}
