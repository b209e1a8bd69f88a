"use strict";(self.rspackChunkxdeps_labextension=self.rspackChunkxdeps_labextension||[]).push([[700],{646(e,r,t){var a=t(601),o=t.n(a),n=t(314),s=(t.n(n))()(o());s.push([e.id,`/* Stale cells: a red bar; downstream: amber; "may be stale" after an edit:
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
`,""]),t.d(r,{},{A:s})},314(e){e.exports=function(e){var r=[];return r.toString=function(){return this.map(function(r){var t="",a=void 0!==r[5];return r[4]&&(t+="@supports (".concat(r[4],") {")),r[2]&&(t+="@media ".concat(r[2]," {")),a&&(t+="@layer".concat(r[5].length>0?" ".concat(r[5]):""," {")),t+=e(r),a&&(t+="}"),r[2]&&(t+="}"),r[4]&&(t+="}"),t}).join("")},r.i=function(e,t,a,o,n){"string"==typeof e&&(e=[[null,e,void 0]]);var s={};if(a)for(var p=0;p<this.length;p++){var i=this[p][0];null!=i&&(s[i]=!0)}for(var c=0;c<e.length;c++){var l=[].concat(e[c]);a&&s[l[0]]||(void 0!==n&&(void 0===l[5]||(l[1]="@layer".concat(l[5].length>0?" ".concat(l[5]):""," {").concat(l[1],"}")),l[5]=n),t&&(l[2]&&(l[1]="@media ".concat(l[2]," {").concat(l[1],"}")),l[2]=t),o&&(l[4]?(l[1]="@supports (".concat(l[4],") {").concat(l[1],"}"),l[4]=o):l[4]="".concat(o)),r.push(l))}},r}},601(e){e.exports=function(e){return e[1]}},72(e){var r=[];function t(e){for(var t=-1,a=0;a<r.length;a++)if(r[a].identifier===e){t=a;break}return t}function a(e,a){for(var o={},n=[],s=0;s<e.length;s++){var p=e[s],i=a.base?p[0]+a.base:p[0],c=o[i]||0,l="".concat(i," ").concat(c);o[i]=c+1;var d=t(l),u={css:p[1],media:p[2],sourceMap:p[3],supports:p[4],layer:p[5]};if(-1!==d)r[d].references++,r[d].updater(u);else{var f=function(e,r){var t=r.domAPI(r);return t.update(e),function(r){r?(r.css!==e.css||r.media!==e.media||r.sourceMap!==e.sourceMap||r.supports!==e.supports||r.layer!==e.layer)&&t.update(e=r):t.remove()}}(u,a);a.byIndex=s,r.splice(s,0,{identifier:l,updater:f,references:1})}n.push(l)}return n}e.exports=function(e,o){var n=a(e=e||[],o=o||{});return function(e){e=e||[];for(var s=0;s<n.length;s++){var p=t(n[s]);r[p].references--}for(var i=a(e,o),c=0;c<n.length;c++){var l=t(n[c]);0===r[l].references&&(r[l].updater(),r.splice(l,1))}n=i}}},659(e){var r={};e.exports=function(e,t){var a=function(e){if(void 0===r[e]){var t=document.querySelector(e);if(window.HTMLIFrameElement&&t instanceof window.HTMLIFrameElement)try{t=t.contentDocument.head}catch(e){t=null}r[e]=t}return r[e]}(e);if(!a)throw Error("Couldn't find a style target. This probably means that the value for the 'insert' parameter is invalid.");a.appendChild(t)}},540(e){e.exports=function(e){var r=document.createElement("style");return e.setAttributes(r,e.attributes),e.insert(r,e.options),r}},56(e,r,t){e.exports=function(e){var r=t.nc;r&&e.setAttribute("nonce",r)}},825(e){e.exports=function(e){if("u"<typeof document)return{update:function(){},remove:function(){}};var r=e.insertStyleElement(e);return{update:function(t){var a,o,n;a="",t.supports&&(a+="@supports (".concat(t.supports,") {")),t.media&&(a+="@media ".concat(t.media," {")),(o=void 0!==t.layer)&&(a+="@layer".concat(t.layer.length>0?" ".concat(t.layer):""," {")),a+=t.css,o&&(a+="}"),t.media&&(a+="}"),t.supports&&(a+="}"),(n=t.sourceMap)&&"u">typeof btoa&&(a+="\n/*# sourceMappingURL=data:application/json;base64,".concat(btoa(unescape(encodeURIComponent(JSON.stringify(n))))," */")),e.styleTagTransform(a,r,e.options)},remove:function(){var e;null===(e=r).parentNode||e.parentNode.removeChild(e)}}}},113(e){e.exports=function(e,r){if(r.styleSheet)r.styleSheet.cssText=e;else{for(;r.firstChild;)r.removeChild(r.firstChild);r.appendChild(document.createTextNode(e))}}},959(e,r,t){var a=t(72),o=t.n(a),n=t(825),s=t.n(n),p=t(659),i=t.n(p),c=t(56),l=t.n(c),d=t(540),u=t.n(d),f=t(113),m=t.n(f),v=t(646),h={};h.styleTagTransform=m(),h.setAttributes=l(),h.insert=i().bind(null,"head"),h.domAPI=s(),h.insertStyleElement=u(),o()(v.A,h),v.A&&v.A.locals&&v.A.locals}}]);