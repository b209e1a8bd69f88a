"use strict";(self.rspackChunkxdeps_labextension=self.rspackChunkxdeps_labextension||[]).push([[700],{646(e,t,r){var a=r(601),o=r.n(a),n=r(314),s=(r.n(n))()(o());s.push([e.id,`/* Stale cells: a red bar; downstream: amber; "may be stale" after an edit:
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
`,""]),r.d(t,{},{A:s})},314(e){e.exports=function(e){var t=[];return t.toString=function(){return this.map(function(t){var r="",a=void 0!==t[5];return t[4]&&(r+="@supports (".concat(t[4],") {")),t[2]&&(r+="@media ".concat(t[2]," {")),a&&(r+="@layer".concat(t[5].length>0?" ".concat(t[5]):""," {")),r+=e(t),a&&(r+="}"),t[2]&&(r+="}"),t[4]&&(r+="}"),r}).join("")},t.i=function(e,r,a,o,n){"string"==typeof e&&(e=[[null,e,void 0]]);var s={};if(a)for(var p=0;p<this.length;p++){var i=this[p][0];null!=i&&(s[i]=!0)}for(var c=0;c<e.length;c++){var l=[].concat(e[c]);a&&s[l[0]]||(void 0!==n&&(void 0===l[5]||(l[1]="@layer".concat(l[5].length>0?" ".concat(l[5]):""," {").concat(l[1],"}")),l[5]=n),r&&(l[2]&&(l[1]="@media ".concat(l[2]," {").concat(l[1],"}")),l[2]=r),o&&(l[4]?(l[1]="@supports (".concat(l[4],") {").concat(l[1],"}"),l[4]=o):l[4]="".concat(o)),t.push(l))}},t}},601(e){e.exports=function(e){return e[1]}},72(e){var t=[];function r(e){for(var r=-1,a=0;a<t.length;a++)if(t[a].identifier===e){r=a;break}return r}function a(e,a){for(var o={},n=[],s=0;s<e.length;s++){var p=e[s],i=a.base?p[0]+a.base:p[0],c=o[i]||0,l="".concat(i," ").concat(c);o[i]=c+1;var d=r(l),u={css:p[1],media:p[2],sourceMap:p[3],supports:p[4],layer:p[5]};if(-1!==d)t[d].references++,t[d].updater(u);else{var f=function(e,t){var r=t.domAPI(t);return r.update(e),function(t){t?(t.css!==e.css||t.media!==e.media||t.sourceMap!==e.sourceMap||t.supports!==e.supports||t.layer!==e.layer)&&r.update(e=t):r.remove()}}(u,a);a.byIndex=s,t.splice(s,0,{identifier:l,updater:f,references:1})}n.push(l)}return n}e.exports=function(e,o){var n=a(e=e||[],o=o||{});return function(e){e=e||[];for(var s=0;s<n.length;s++){var p=r(n[s]);t[p].references--}for(var i=a(e,o),c=0;c<n.length;c++){var l=r(n[c]);0===t[l].references&&(t[l].updater(),t.splice(l,1))}n=i}}},659(e){var t={};e.exports=function(e,r){var a=function(e){if(void 0===t[e]){var r=document.querySelector(e);if(window.HTMLIFrameElement&&r instanceof window.HTMLIFrameElement)try{r=r.contentDocument.head}catch(e){r=null}t[e]=r}return t[e]}(e);if(!a)throw Error("Couldn't find a style target. This probably means that the value for the 'insert' parameter is invalid.");a.appendChild(r)}},540(e){e.exports=function(e){var t=document.createElement("style");return e.setAttributes(t,e.attributes),e.insert(t,e.options),t}},56(e,t,r){e.exports=function(e){var t=r.nc;t&&e.setAttribute("nonce",t)}},825(e){e.exports=function(e){if("u"<typeof document)return{update:function(){},remove:function(){}};var t=e.insertStyleElement(e);return{update:function(r){var a,o,n;a="",r.supports&&(a+="@supports (".concat(r.supports,") {")),r.media&&(a+="@media ".concat(r.media," {")),(o=void 0!==r.layer)&&(a+="@layer".concat(r.layer.length>0?" ".concat(r.layer):""," {")),a+=r.css,o&&(a+="}"),r.media&&(a+="}"),r.supports&&(a+="}"),(n=r.sourceMap)&&"u">typeof btoa&&(a+="\n/*# sourceMappingURL=data:application/json;base64,".concat(btoa(unescape(encodeURIComponent(JSON.stringify(n))))," */")),e.styleTagTransform(a,t,e.options)},remove:function(){var e;null===(e=t).parentNode||e.parentNode.removeChild(e)}}}},113(e){e.exports=function(e,t){if(t.styleSheet)t.styleSheet.cssText=e;else{for(;t.firstChild;)t.removeChild(t.firstChild);t.appendChild(document.createTextNode(e))}}},959(e,t,r){var a=r(72),o=r.n(a),n=r(825),s=r.n(n),p=r(659),i=r.n(p),c=r(56),l=r.n(c),d=r(540),u=r.n(d),f=r(113),m=r.n(f),v=r(646),h={};h.styleTagTransform=m(),h.setAttributes=l(),h.insert=i().bind(null,"head"),h.domAPI=s(),h.insertStyleElement=u(),o()(v.A,h),v.A&&v.A.locals&&v.A.locals}}]);