"use strict";(self.rspackChunkxdeps_labextension=self.rspackChunkxdeps_labextension||[]).push([[700],{646(e,r,t){var a=t(601),n=t.n(a),o=t(314),s=(t.n(o))()(n());s.push([e.id,`/* Stale cells: a red bar; downstream: amber; "may be stale" after an edit:
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
`,""]),t.d(r,{},{A:s})},314(e){e.exports=function(e){var r=[];return r.toString=function(){return this.map(function(r){var t="",a=void 0!==r[5];return r[4]&&(t+="@supports (".concat(r[4],") {")),r[2]&&(t+="@media ".concat(r[2]," {")),a&&(t+="@layer".concat(r[5].length>0?" ".concat(r[5]):""," {")),t+=e(r),a&&(t+="}"),r[2]&&(t+="}"),r[4]&&(t+="}"),t}).join("")},r.i=function(e,t,a,n,o){"string"==typeof e&&(e=[[null,e,void 0]]);var s={};if(a)for(var c=0;c<this.length;c++){var i=this[c][0];null!=i&&(s[i]=!0)}for(var p=0;p<e.length;p++){var d=[].concat(e[p]);a&&s[d[0]]||(void 0!==o&&(void 0===d[5]||(d[1]="@layer".concat(d[5].length>0?" ".concat(d[5]):""," {").concat(d[1],"}")),d[5]=o),t&&(d[2]&&(d[1]="@media ".concat(d[2]," {").concat(d[1],"}")),d[2]=t),n&&(d[4]?(d[1]="@supports (".concat(d[4],") {").concat(d[1],"}"),d[4]=n):d[4]="".concat(n)),r.push(d))}},r}},601(e){e.exports=function(e){return e[1]}},72(e){var r=[];function t(e){for(var t=-1,a=0;a<r.length;a++)if(r[a].identifier===e){t=a;break}return t}function a(e,a){for(var n={},o=[],s=0;s<e.length;s++){var c=e[s],i=a.base?c[0]+a.base:c[0],p=n[i]||0,d="".concat(i," ").concat(p);n[i]=p+1;var l=t(d),u={css:c[1],media:c[2],sourceMap:c[3],supports:c[4],layer:c[5]};if(-1!==l)r[l].references++,r[l].updater(u);else{var f=function(e,r){var t=r.domAPI(r);return t.update(e),function(r){r?(r.css!==e.css||r.media!==e.media||r.sourceMap!==e.sourceMap||r.supports!==e.supports||r.layer!==e.layer)&&t.update(e=r):t.remove()}}(u,a);a.byIndex=s,r.splice(s,0,{identifier:d,updater:f,references:1})}o.push(d)}return o}e.exports=function(e,n){var o=a(e=e||[],n=n||{});return function(e){e=e||[];for(var s=0;s<o.length;s++){var c=t(o[s]);r[c].references--}for(var i=a(e,n),p=0;p<o.length;p++){var d=t(o[p]);0===r[d].references&&(r[d].updater(),r.splice(d,1))}o=i}}},659(e){var r={};e.exports=function(e,t){var a=function(e){if(void 0===r[e]){var t=document.querySelector(e);if(window.HTMLIFrameElement&&t instanceof window.HTMLIFrameElement)try{t=t.contentDocument.head}catch(e){t=null}r[e]=t}return r[e]}(e);if(!a)throw Error("Couldn't find a style target. This probably means that the value for the 'insert' parameter is invalid.");a.appendChild(t)}},540(e){e.exports=function(e){var r=document.createElement("style");return e.setAttributes(r,e.attributes),e.insert(r,e.options),r}},56(e,r,t){e.exports=function(e){var r=t.nc;r&&e.setAttribute("nonce",r)}},206(e){e.exports=function(e){if("u"<typeof document)return{update:function(){},remove:function(){}};var r=e.insertStyleElement(e);return{update:function(t){var a,n,o;a="",t.supports&&(a+="@supports (".concat(t.supports,") {")),t.media&&(a+="@media ".concat(t.media," {")),(n=void 0!==t.layer)&&(a+="@layer".concat(t.layer.length>0?" ".concat(t.layer):""," {")),a+=t.css,n&&(a+="}"),t.media&&(a+="}"),t.supports&&(a+="}"),(o=t.sourceMap)&&"u">typeof btoa&&(a+="\n/*# sourceMappingURL=data:application/json;base64,".concat(btoa(unescape(encodeURIComponent(JSON.stringify(o))))," */")),e.styleTagTransform(a,r,e.options)},remove:function(){var e;null===(e=r).parentNode||e.parentNode.removeChild(e)}}}},113(e){e.exports=function(e,r){if(r.styleSheet)r.styleSheet.cssText=e;else{for(;r.firstChild;)r.removeChild(r.firstChild);r.appendChild(document.createTextNode(e))}}},959(e,r,t){var a=t(72),n=t.n(a),o=t(206),s=t.n(o),c=t(659),i=t.n(c),p=t(56),d=t.n(p),l=t(540),u=t.n(l),f=t(113),v=t.n(f),m=t(646),h={};h.styleTagTransform=v(),h.setAttributes=d(),h.insert=i().bind(null,"head"),h.domAPI=s(),h.insertStyleElement=u(),n()(m.A,h),m.A&&m.A.locals&&m.A.locals}}]);