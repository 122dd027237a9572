/**
 * embed.js (on the host's site) and frame.js (inside the booking page's iframe). Plain ES5, no
 * framework. The frame posts namespaced messages to its parent: `yava:page_height` whenever its
 * height changes, `yava:slot_selected` on the booking form (start, end), `yava:booking_created`
 * on the confirmation (meetingId, status). embed.js sizes the iframe and re-dispatches each
 * message as a DOM CustomEvent of the same name on the iframe (it bubbles to document).
 */
export const EMBED_JS = `/* Yava embed v1 */
(function (w, d) {
  'use strict';
  if (w.Yava && w.Yava.version) return;
  var frames = [];
  function src(url, o) {
    var u = new URL(url, d.baseURI);
    u.searchParams.set('embed', '1');
    var p = o.prefill || {};
    if (p.name) u.searchParams.set('name', p.name);
    if (p.email) u.searchParams.set('email', p.email);
    new URLSearchParams(w.location.search).forEach(function (v, k) { if (/^utm_/.test(k) && !u.searchParams.has(k)) u.searchParams.set(k, v); });
    var q = o.query || {};
    Object.keys(q).forEach(function (k) { u.searchParams.set(k, q[k]); });
    return u;
  }
  function frame(o, parent) {
    var u = src(o.url, o), f = d.createElement('iframe');
    f.src = u.toString();
    f.title = o.title || 'Booking page';
    f.style.cssText = 'width:100%;border:0;display:block;height:' + (o.height || 700) + 'px';
    frames.push({ frame: f, origin: u.origin, o: o });
    parent.appendChild(f);
    return f;
  }
  w.addEventListener('message', function (e) {
    var m = e.data;
    if (!m || typeof m.type !== 'string' || m.type.indexOf('yava:') !== 0) return;
    for (var i = 0; i < frames.length; i++) {
      var it = frames[i];
      if (it.frame.contentWindow !== e.source || it.origin !== e.origin) continue;
      if (m.type === 'yava:page_height' && m.height > 0) it.frame.style.height = Math.ceil(m.height) + 'px';
      it.frame.dispatchEvent(new CustomEvent(m.type, { detail: m, bubbles: true }));
      if (typeof it.o.onEvent === 'function') it.o.onEvent(m);
    }
  });
  function el(x) { return typeof x === 'string' ? d.querySelector(x) : x; }
  function inline(o) { return frame(o, el(o.parent)); }
  function open(o) {
    var back = d.createElement('div'), box = d.createElement('div'), x = d.createElement('button'), last = d.activeElement;
    back.setAttribute('role', 'dialog'); back.setAttribute('aria-modal', 'true'); back.setAttribute('aria-label', o.title || 'Booking page');
    back.style.cssText = 'position:fixed;inset:0;background:rgba(0,0,0,.55);z-index:2147483646;display:flex;align-items:center;justify-content:center;padding:16px';
    box.style.cssText = 'background:#fff;border-radius:12px;width:100%;max-width:1040px;max-height:100%;overflow:auto;position:relative';
    x.type = 'button'; x.textContent = '\\u00d7'; x.setAttribute('aria-label', 'Close');
    x.style.cssText = 'position:absolute;top:6px;right:10px;border:0;background:none;font-size:28px;cursor:pointer;z-index:1';
    function shut() { if (back.parentNode) back.parentNode.removeChild(back); d.removeEventListener('keydown', key); if (last && last.focus) last.focus(); }
    function key(e) { if (e.key === 'Escape') shut(); }
    x.addEventListener('click', shut);
    back.addEventListener('click', function (e) { if (e.target === back) shut(); });
    d.addEventListener('keydown', key);
    box.appendChild(x); back.appendChild(box); d.body.appendChild(back);
    var f = frame(o, box); x.focus();
    return { frame: f, close: shut };
  }
  function popup(o) { var b = el(o.button); b.addEventListener('click', function (e) { e.preventDefault(); open(o); }); return b; }
  function floatingButton(o) {
    var b = d.createElement('button');
    b.type = 'button'; b.textContent = o.text || 'Book a time';
    b.style.cssText = 'position:fixed;right:20px;bottom:20px;z-index:2147483645;padding:12px 20px;border-radius:999px;border:0;color:#fff;font:600 16px system-ui,sans-serif;box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer;background:' + (/^#[0-9a-f]{6}$/i.test(o.color || '') ? o.color : '#0b57d0');
    d.body.appendChild(b);
    o.button = b;
    return popup(o);
  }
  function opts(n, url) { return { url: url, title: n.getAttribute('data-yava-title') || undefined, text: n.getAttribute('data-yava-text') || undefined, color: n.getAttribute('data-yava-color') || undefined, prefill: { name: n.getAttribute('data-yava-name'), email: n.getAttribute('data-yava-email') } }; }
  function auto() {
    var n, i, list = d.querySelectorAll('[data-yava-inline]');
    for (i = 0; i < list.length; i++) { n = list[i]; var o = opts(n, n.getAttribute('data-yava-inline')); o.parent = n; inline(o); }
    list = d.querySelectorAll('[data-yava-popup]');
    for (i = 0; i < list.length; i++) { n = list[i]; var p = opts(n, n.getAttribute('data-yava-popup')); p.button = n; popup(p); }
    list = d.querySelectorAll('script[data-yava-floating]');
    for (i = 0; i < list.length; i++) { n = list[i]; floatingButton(opts(n, n.getAttribute('data-yava-floating'))); }
  }
  w.Yava = { version: '1', inline: inline, popup: popup, open: open, floatingButton: floatingButton };
  if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', auto); else auto();
})(window, document);
`;

export const FRAME_JS = `(function () {
  'use strict';
  if (window.parent === window) return;
  var a = window.location.ancestorOrigins, target = a && a.length ? a[0] : '*';
  function post(type, data) { data.type = 'yava:' + type; window.parent.postMessage(data, target); }
  var last = 0;
  function height() { var h = Math.ceil(document.documentElement.getBoundingClientRect().height); if (h && h !== last) { last = h; post('page_height', { height: h }); } }
  if (window.ResizeObserver) new ResizeObserver(height).observe(document.documentElement);
  window.addEventListener('load', height);
  height();
  var marks = document.querySelectorAll('[data-yava-event]');
  for (var i = 0; i < marks.length; i++) {
    var m = marks[i], data = {};
    for (var j = 0; j < m.attributes.length; j++) {
      var at = m.attributes[j];
      if (at.name.indexOf('data-yava-') === 0 && at.name !== 'data-yava-event') data[at.name.slice(10).replace(/-([a-z])/g, function (_, c) { return c.toUpperCase(); })] = at.value;
    }
    post(m.getAttribute('data-yava-event'), data);
  }
})();
`;
