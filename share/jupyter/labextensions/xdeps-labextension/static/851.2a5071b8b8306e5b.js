"use strict";(self.rspackChunkxdeps_labextension=self.rspackChunkxdeps_labextension||[]).push([[851],{646(e,r,t){var o=t(601),a=t.n(o),n=t(314),s=(t.n(n))()(a());s.push([e.id,`/* Stale cells: a red bar; downstream: amber; "may be stale" after an edit:
   dashed. Theme variables keep them readable in light and dark themes. */
.jp-Cell.xdeps-mark-stale {
  box-shadow: inset 4px 0 0 var(--jp-error-color1, #d32f2f);
}

.jp-Cell.xdeps-mark-downstream {
  box-shadow: inset 4px 0 0 var(--jp-warn-color1, #f57c00);
}

.jp-Cell.xdeps-mark-maybe-stale {
  box-shadow: inset 4px 0 0 var(--jp-warn-color2, #ffb74d);
}

.xdeps-badge {
  font-size: 8px;
  line-height: 1.5;
  padding: 0 1px;
  overflow: hidden;
  text-overflow: ellipsis;
  margin-top: 2px;
  border-radius: 3px;
  color: var(--jp-ui-inverse-font-color1, #fff);
  cursor: help;
  text-align: center;
  white-space: nowrap;
}

.xdeps-badge[data-mark='stale'] {
  background: var(--jp-error-color1, #d32f2f);
}

.xdeps-badge[data-mark='downstream'] {
  background: var(--jp-warn-color1, #f57c00);
}

.xdeps-badge[data-mark='maybe-stale'] {
  background: transparent;
  color: var(--jp-warn-color1, #f57c00);
  border: 1px dashed var(--jp-warn-color1, #f57c00);
}

.jp-InputArea-prompt .xdeps-badge {
  display: block;
}

/* JupyterLab dims the prompts of inactive cells; a marked cell's prompt, and
   the badge under it, stay at full strength. */
.jp-Notebook .jp-Cell.xdeps-mark-stale:not(.jp-mod-active) .jp-InputPrompt,
.jp-Notebook .jp-Cell.xdeps-mark-downstream:not(.jp-mod-active) .jp-InputPrompt,
.jp-Notebook .jp-Cell.xdeps-mark-maybe-stale:not(.jp-mod-active) .jp-InputPrompt {
  opacity: 1;
}

/* The order rule, small in the notebook toolbar, like the kernel's name. */
.xdeps-order {
  align-self: center;
  padding: 0 6px;
  font-size: var(--jp-ui-font-size1, 13px);
  color: var(--jp-ui-font-color2, #616161);
  cursor: pointer;
  white-space: nowrap;
  border-radius: 2px;
}

.xdeps-order:hover {
  background: var(--jp-layout-color2, #eee);
}

/* The reactive mode toggle: filled with the theme's brand colour while on
   (the toolbar button's own pressed style colours its label; ours must win). */
.jp-Toolbar .xdeps-reactive-toggle[aria-pressed='true'] {
  background: var(--jp-brand-color1, #1976d2);
  border-radius: 2px;
}

.jp-Toolbar .xdeps-reactive-toggle[aria-pressed='true'],
.jp-Toolbar .xdeps-reactive-toggle[aria-pressed='true'] .jp-ToolbarButtonComponent-label {
  color: var(--jp-ui-inverse-font-color1, #fff) !important;
}
`,""]),t.d(r,{},{A:s})},941(e,r,t){var o=t(601),a=t.n(o),n=t(314),s=(t.n(n))()(a());s.push([e.id,`/* The selected cell's neighbourhood: a thin outlined tag in the theme's
   brand colour under the prompt, quieter than the filled stale/downstream
   badges and never a bar at the cell's edge. */
.xdeps-near {
  font-size: 8px;
  line-height: 1.4;
  padding: 0 1px;
  margin-top: 2px;
  border-radius: 3px;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
  text-align: center;
  cursor: help;
  color: var(--jp-brand-color1, #1976d2);
  border: 1px solid var(--jp-brand-color2, #64b5f6);
  background: transparent;
}

.xdeps-near[data-side='downstream'] {
  border-style: dotted;
}

.jp-InputArea-prompt .xdeps-near {
  display: block;
}

.jp-Notebook .jp-Cell.xdeps-near-upstream:not(.jp-mod-active) .jp-InputPrompt,
.jp-Notebook .jp-Cell.xdeps-near-downstream:not(.jp-mod-active) .jp-InputPrompt {
  opacity: 1;
}
`,""]),t.d(r,{},{A:s})},724(e,r,t){var o=t(601),a=t.n(o),n=t(314),s=(t.n(n))()(a());s.push([e.id,`/* The dependency panel: theme variables throughout, so the graph reads in
   light and dark themes alike. */
.xdeps-panel {
  display: flex;
  flex-direction: column;
  min-width: 200px;
  background: var(--jp-layout-color1);
  color: var(--jp-ui-font-color1);
}

.xdeps-panel-message {
  flex: 0 0 auto;
  padding: 6px 8px;
  font-size: var(--jp-ui-font-size1);
  color: var(--jp-ui-font-color2);
  border-bottom: var(--jp-border-width) solid var(--jp-border-color2);
}

.xdeps-panel-canvas {
  flex: 1 1 auto;
  overflow: auto;
}

.xdeps-panel-graph {
  display: block;
  font-family: var(--jp-code-font-family);
  font-size: 11px;
}

.xdeps-panel-node {
  cursor: pointer;
}

.xdeps-panel-node rect {
  fill: var(--jp-layout-color2);
  stroke: var(--jp-border-color1);
  stroke-width: 1;
}

.xdeps-panel-node text {
  fill: var(--jp-content-font-color1);
  dominant-baseline: central;
}

.xdeps-panel-node[data-status='stale'] rect {
  stroke: var(--jp-error-color1);
  stroke-width: 2;
}

.xdeps-panel-node[data-status='downstream'] rect {
  stroke: var(--jp-warn-color1);
  stroke-width: 2;
}

.xdeps-panel-node.xdeps-near-upstream rect,
.xdeps-panel-node.xdeps-near-downstream rect {
  fill: var(--jp-layout-color3);
}

.xdeps-panel-node.xdeps-selected rect {
  fill: var(--jp-brand-color1);
  stroke-width: 3;
}

.xdeps-panel-node.xdeps-selected text {
  fill: var(--jp-ui-inverse-font-color1);
}

.xdeps-panel-node.xdeps-selected[data-status='fresh'] rect {
  stroke: var(--jp-brand-color1);
}

.xdeps-panel-node.xdeps-absent text {
  fill: var(--jp-ui-font-color3);
}

.xdeps-panel-node.xdeps-absent rect {
  stroke-dasharray: 3 2;
}

.xdeps-panel-node:hover rect {
  stroke-width: 3;
}

.xdeps-panel-edge path {
  fill: none;
  stroke: var(--jp-ui-font-color3);
  stroke-width: 1;
}

.xdeps-panel-arrowhead {
  fill: var(--jp-ui-font-color3);
}

.xdeps-panel-edge.xdeps-near path {
  stroke: var(--jp-brand-color1);
  stroke-width: 2;
}

.xdeps-panel-edge rect {
  fill: var(--jp-layout-color1);
  stroke: none;
  opacity: 0.85;
}

.xdeps-panel-edge text {
  fill: var(--jp-ui-font-color2);
  font-size: 10px;
  text-anchor: middle;
  dominant-baseline: central;
}

.xdeps-panel-edge.xdeps-near text {
  fill: var(--jp-brand-color1);
}
`,""]),t.d(r,{},{A:s})},314(e){e.exports=function(e){var r=[];return r.toString=function(){return this.map(function(r){var t="",o=void 0!==r[5];return r[4]&&(t+="@supports (".concat(r[4],") {")),r[2]&&(t+="@media ".concat(r[2]," {")),o&&(t+="@layer".concat(r[5].length>0?" ".concat(r[5]):""," {")),t+=e(r),o&&(t+="}"),r[2]&&(t+="}"),r[4]&&(t+="}"),t}).join("")},r.i=function(e,t,o,a,n){"string"==typeof e&&(e=[[null,e,void 0]]);var s={};if(o)for(var p=0;p<this.length;p++){var l=this[p][0];null!=l&&(s[l]=!0)}for(var d=0;d<e.length;d++){var i=[].concat(e[d]);o&&s[i[0]]||(void 0!==n&&(void 0===i[5]||(i[1]="@layer".concat(i[5].length>0?" ".concat(i[5]):""," {").concat(i[1],"}")),i[5]=n),t&&(i[2]&&(i[1]="@media ".concat(i[2]," {").concat(i[1],"}")),i[2]=t),a&&(i[4]?(i[1]="@supports (".concat(i[4],") {").concat(i[1],"}"),i[4]=a):i[4]="".concat(a)),r.push(i))}},r}},601(e){e.exports=function(e){return e[1]}},72(e){var r=[];function t(e){for(var t=-1,o=0;o<r.length;o++)if(r[o].identifier===e){t=o;break}return t}function o(e,o){for(var a={},n=[],s=0;s<e.length;s++){var p=e[s],l=o.base?p[0]+o.base:p[0],d=a[l]||0,i="".concat(l," ").concat(d);a[l]=d+1;var c=t(i),u={css:p[1],media:p[2],sourceMap:p[3],supports:p[4],layer:p[5]};if(-1!==c)r[c].references++,r[c].updater(u);else{var f=function(e,r){var t=r.domAPI(r);return t.update(e),function(r){r?(r.css!==e.css||r.media!==e.media||r.sourceMap!==e.sourceMap||r.supports!==e.supports||r.layer!==e.layer)&&t.update(e=r):t.remove()}}(u,o);o.byIndex=s,r.splice(s,0,{identifier:i,updater:f,references:1})}n.push(i)}return n}e.exports=function(e,a){var n=o(e=e||[],a=a||{});return function(e){e=e||[];for(var s=0;s<n.length;s++){var p=t(n[s]);r[p].references--}for(var l=o(e,a),d=0;d<n.length;d++){var i=t(n[d]);0===r[i].references&&(r[i].updater(),r.splice(i,1))}n=l}}},659(e){var r={};e.exports=function(e,t){var o=function(e){if(void 0===r[e]){var t=document.querySelector(e);if(window.HTMLIFrameElement&&t instanceof window.HTMLIFrameElement)try{t=t.contentDocument.head}catch(e){t=null}r[e]=t}return r[e]}(e);if(!o)throw Error("Couldn't find a style target. This probably means that the value for the 'insert' parameter is invalid.");o.appendChild(t)}},540(e){e.exports=function(e){var r=document.createElement("style");return e.setAttributes(r,e.attributes),e.insert(r,e.options),r}},56(e,r,t){e.exports=function(e){var r=t.nc;r&&e.setAttribute("nonce",r)}},206(e){e.exports=function(e){if("u"<typeof document)return{update:function(){},remove:function(){}};var r=e.insertStyleElement(e);return{update:function(t){var o,a,n;o="",t.supports&&(o+="@supports (".concat(t.supports,") {")),t.media&&(o+="@media ".concat(t.media," {")),(a=void 0!==t.layer)&&(o+="@layer".concat(t.layer.length>0?" ".concat(t.layer):""," {")),o+=t.css,a&&(o+="}"),t.media&&(o+="}"),t.supports&&(o+="}"),(n=t.sourceMap)&&"u">typeof btoa&&(o+="\n/*# sourceMappingURL=data:application/json;base64,".concat(btoa(unescape(encodeURIComponent(JSON.stringify(n))))," */")),e.styleTagTransform(o,r,e.options)},remove:function(){var e;null===(e=r).parentNode||e.parentNode.removeChild(e)}}}},113(e){e.exports=function(e,r){if(r.styleSheet)r.styleSheet.cssText=e;else{for(;r.firstChild;)r.removeChild(r.firstChild);r.appendChild(document.createTextNode(e))}}},174(e,r,t){var o=t(72),a=t.n(o),n=t(206),s=t.n(n),p=t(659),l=t.n(p),d=t(56),i=t.n(d),c=t(540),u=t.n(c),f=t(113),v=t.n(f),x=t(646),h={};h.styleTagTransform=v(),h.setAttributes=i(),h.insert=l().bind(null,"head"),h.domAPI=s(),h.insertStyleElement=u(),a()(x.A,h),x.A&&x.A.locals&&x.A.locals;var m=t(941),b={};b.styleTagTransform=v(),b.setAttributes=i(),b.insert=l().bind(null,"head"),b.domAPI=s(),b.insertStyleElement=u(),a()(m.A,b),m.A&&m.A.locals&&m.A.locals;var j=t(724),g={};g.styleTagTransform=v(),g.setAttributes=i(),g.insert=l().bind(null,"head"),g.domAPI=s(),g.insertStyleElement=u(),a()(j.A,g),j.A&&j.A.locals&&j.A.locals}}]);