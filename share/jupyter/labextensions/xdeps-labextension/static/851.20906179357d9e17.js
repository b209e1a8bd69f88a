"use strict";(self.rspackChunkxdeps_labextension=self.rspackChunkxdeps_labextension||[]).push([[851],{646(e,t,r){var a=r(601),o=r.n(a),n=r(314),s=(r.n(n))()(o());s.push([e.id,`/* Stale cells: a red bar; downstream: amber; "may be stale" after an edit:
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
`,""]),r.d(t,{},{A:s})},941(e,t,r){var a=r(601),o=r.n(a),n=r(314),s=(r.n(n))()(o());s.push([e.id,`/* The selected cell's neighbourhood: a thin outlined tag in the theme's
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
`,""]),r.d(t,{},{A:s})},724(e,t,r){var a=r(601),o=r.n(a),n=r(314),s=(r.n(n))()(o());s.push([e.id,`/* The dependency panel: theme variables throughout, so the graph reads in
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
`,""]),r.d(t,{},{A:s})},314(e){e.exports=function(e){var t=[];return t.toString=function(){return this.map(function(t){var r="",a=void 0!==t[5];return t[4]&&(r+="@supports (".concat(t[4],") {")),t[2]&&(r+="@media ".concat(t[2]," {")),a&&(r+="@layer".concat(t[5].length>0?" ".concat(t[5]):""," {")),r+=e(t),a&&(r+="}"),t[2]&&(r+="}"),t[4]&&(r+="}"),r}).join("")},t.i=function(e,r,a,o,n){"string"==typeof e&&(e=[[null,e,void 0]]);var s={};if(a)for(var p=0;p<this.length;p++){var l=this[p][0];null!=l&&(s[l]=!0)}for(var d=0;d<e.length;d++){var i=[].concat(e[d]);a&&s[i[0]]||(void 0!==n&&(void 0===i[5]||(i[1]="@layer".concat(i[5].length>0?" ".concat(i[5]):""," {").concat(i[1],"}")),i[5]=n),r&&(i[2]&&(i[1]="@media ".concat(i[2]," {").concat(i[1],"}")),i[2]=r),o&&(i[4]?(i[1]="@supports (".concat(i[4],") {").concat(i[1],"}"),i[4]=o):i[4]="".concat(o)),t.push(i))}},t}},601(e){e.exports=function(e){return e[1]}},72(e){var t=[];function r(e){for(var r=-1,a=0;a<t.length;a++)if(t[a].identifier===e){r=a;break}return r}function a(e,a){for(var o={},n=[],s=0;s<e.length;s++){var p=e[s],l=a.base?p[0]+a.base:p[0],d=o[l]||0,i="".concat(l," ").concat(d);o[l]=d+1;var c=r(i),u={css:p[1],media:p[2],sourceMap:p[3],supports:p[4],layer:p[5]};if(-1!==c)t[c].references++,t[c].updater(u);else{var f=function(e,t){var r=t.domAPI(t);return r.update(e),function(t){t?(t.css!==e.css||t.media!==e.media||t.sourceMap!==e.sourceMap||t.supports!==e.supports||t.layer!==e.layer)&&r.update(e=t):r.remove()}}(u,a);a.byIndex=s,t.splice(s,0,{identifier:i,updater:f,references:1})}n.push(i)}return n}e.exports=function(e,o){var n=a(e=e||[],o=o||{});return function(e){e=e||[];for(var s=0;s<n.length;s++){var p=r(n[s]);t[p].references--}for(var l=a(e,o),d=0;d<n.length;d++){var i=r(n[d]);0===t[i].references&&(t[i].updater(),t.splice(i,1))}n=l}}},659(e){var t={};e.exports=function(e,r){var a=function(e){if(void 0===t[e]){var r=document.querySelector(e);if(window.HTMLIFrameElement&&r instanceof window.HTMLIFrameElement)try{r=r.contentDocument.head}catch(e){r=null}t[e]=r}return t[e]}(e);if(!a)throw Error("Couldn't find a style target. This probably means that the value for the 'insert' parameter is invalid.");a.appendChild(r)}},540(e){e.exports=function(e){var t=document.createElement("style");return e.setAttributes(t,e.attributes),e.insert(t,e.options),t}},56(e,t,r){e.exports=function(e){var t=r.nc;t&&e.setAttribute("nonce",t)}},825(e){e.exports=function(e){if("u"<typeof document)return{update:function(){},remove:function(){}};var t=e.insertStyleElement(e);return{update:function(r){var a,o,n;a="",r.supports&&(a+="@supports (".concat(r.supports,") {")),r.media&&(a+="@media ".concat(r.media," {")),(o=void 0!==r.layer)&&(a+="@layer".concat(r.layer.length>0?" ".concat(r.layer):""," {")),a+=r.css,o&&(a+="}"),r.media&&(a+="}"),r.supports&&(a+="}"),(n=r.sourceMap)&&"u">typeof btoa&&(a+="\n/*# sourceMappingURL=data:application/json;base64,".concat(btoa(unescape(encodeURIComponent(JSON.stringify(n))))," */")),e.styleTagTransform(a,t,e.options)},remove:function(){var e;null===(e=t).parentNode||e.parentNode.removeChild(e)}}}},113(e){e.exports=function(e,t){if(t.styleSheet)t.styleSheet.cssText=e;else{for(;t.firstChild;)t.removeChild(t.firstChild);t.appendChild(document.createTextNode(e))}}},174(e,t,r){var a=r(72),o=r.n(a),n=r(825),s=r.n(n),p=r(659),l=r.n(p),d=r(56),i=r.n(d),c=r(540),u=r.n(c),f=r(113),m=r.n(f),x=r(646),v={};v.styleTagTransform=m(),v.setAttributes=i(),v.insert=l().bind(null,"head"),v.domAPI=s(),v.insertStyleElement=u(),o()(x.A,v),x.A&&x.A.locals&&x.A.locals;var h=r(941),b={};b.styleTagTransform=m(),b.setAttributes=i(),b.insert=l().bind(null,"head"),b.domAPI=s(),b.insertStyleElement=u(),o()(h.A,b),h.A&&h.A.locals&&h.A.locals;var j=r(724),g={};g.styleTagTransform=m(),g.setAttributes=i(),g.insert=l().bind(null,"head"),g.domAPI=s(),g.insertStyleElement=u(),o()(j.A,g),j.A&&j.A.locals&&j.A.locals}}]);