/**
 * The dashboard's only script (/assets/dashboard.js), progressive enhancement over pages that
 * work without it: starts the sign-up form on the browser's time zone, installs the service
 * worker, moves between days of the week with the keyboard, shows live activity from the
 * notifications stream, and queues the actions taken offline (cancel, no-show, notes) in
 * IndexedDB, sending them with `If-Match` when back online.
 * A 412 answer is a conflict: the queued change is shown beside the server's state, never forced.
 */
export const DASHBOARD_JS = `(function () {
  'use strict';
  var status = document.getElementById('app-status');
  function say(text) { if (status) { status.textContent = text; status.hidden = !text; } }
  function csrf() { var m = document.querySelector('meta[name=csrf-token]'); return m ? m.getAttribute('content') : ''; }

  if ('serviceWorker' in navigator && document.body.hasAttribute('data-user')) {
    navigator.serviceWorker.register('/app/sw.js', { scope: '/app' }).catch(function () {});
  }
  // Sign-up: a fresh form's zone is the browser's (added when the server's list names it otherwise).
  var zones = document.querySelector('select[data-detect-timezone]');
  if (zones) {
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      var listed = Array.prototype.some.call(zones.options, function (o) { return o.value === zone; });
      if (zone && !listed) zones.add(new Option(zone.replace(/_/g, ' '), zone), 0);
      if (zone) zones.value = zone;
    } catch (e) { /* keep the server's choice */ }
  }
  // Signing out forgets the pages kept for offline reading.
  var signout = document.querySelector('form.signout');
  if (signout && window.caches) signout.addEventListener('submit', function () { caches.delete('yava-pages'); });

  // Week view: arrow keys move between days, n/p (or PageDown/PageUp) change the week. A key held
  // with a modifier is the browser's or the system's (Ctrl+P prints, Alt+Left goes back), and keys
  // typed into a field or editable text are text.
  var days = Array.prototype.slice.call(document.querySelectorAll('.week .day'));
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.altKey || e.metaKey || e.shiftKey || e.defaultPrevented) return;
    if (e.target && (/INPUT|TEXTAREA|SELECT/.test(e.target.tagName) || e.target.isContentEditable)) return;
    var i = days.indexOf(document.activeElement);
    if (days.length && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
      var next = i < 0 ? 0 : i + (e.key === 'ArrowRight' ? 1 : -1);
      if (days[next]) { days[next].focus(); e.preventDefault(); }
      return;
    }
    var key = { n: 'next', PageDown: 'next', p: 'prev', PageUp: 'prev' }[e.key];
    var link = key && document.querySelector('a[data-key=' + key + ']');
    if (link) { window.location.href = link.href; e.preventDefault(); }
  });

  // Live activity from the notifications stream (signed-in pages, when the server offers it).
  if (window.EventSource && document.body.hasAttribute('data-user')) {
    var source = new EventSource('/api/notifications/stream');
    source.addEventListener('notification', function (e) {
      try { var n = JSON.parse(e.data); say((n.title || 'New activity') + ' \\u2014 reload to see it.'); } catch (err) { say('New activity \\u2014 reload to see it.'); }
    });
    source.onerror = function () { if (source.readyState === 2) source.close(); };
  }

  // The offline queue: one IndexedDB store of {action, meetingId, version, body}.
  function openDb() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open('yava-offline', 1);
      req.onupgradeneeded = function () { req.result.createObjectStore('queue', { keyPath: 'key', autoIncrement: true }); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function tx(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction('queue', mode); var out = work(t.objectStore('queue'));
        t.oncomplete = function () { resolve(out && out.result); }; t.onerror = function () { reject(t.error); };
      });
    });
  }
  var queueAll = function () { return tx('readonly', function (s) { return s.getAll(); }); };
  var queueAdd = function (item) { return tx('readwrite', function (s) { return s.add(item); }); };
  var queueDelete = function (key) { return tx('readwrite', function (s) { return s.delete(key); }); };
  var queuePut = function (item) { return tx('readwrite', function (s) { return s.put(item); }); };

  function showConflicts(items) {
    var box = document.getElementById('conflicts');
    if (!box) return;
    box.textContent = '';
    items.filter(function (q) { return q.conflict; }).forEach(function (q) {
      var div = document.createElement('div'); div.className = 'conflict'; div.setAttribute('role', 'alert');
      div.textContent = 'Conflict: your offline "' + q.label + '" was not applied because the meeting changed on the server (now ' + q.conflict.status + ', version ' + q.conflict.version + '). ';
      var drop = document.createElement('button'); drop.type = 'button'; drop.className = 'secondary'; drop.textContent = 'Discard my change';
      drop.addEventListener('click', function () { queueDelete(q.key).then(function () { div.remove(); }); });
      div.appendChild(drop); box.appendChild(div);
    });
  }

  function sendOne(item, token) {
    var headers = { 'content-type': 'application/json', 'x-csrf-token': token, 'if-match': '"' + item.version + '"' };
    var method = item.action === 'notes' ? 'PATCH' : 'POST';
    var path = '/api/meetings/' + encodeURIComponent(item.meetingId) + (item.action === 'notes' ? '' : '/' + item.action);
    return fetch(path, { method: method, headers: headers, credentials: 'same-origin', body: JSON.stringify(item.body) }).then(function (res) {
      if (res.ok) return queueDelete(item.key).then(function () { return 'done'; });
      if (res.status === 412) {
        return res.json().then(function (p) { item.conflict = { status: (p.details && p.details.current && p.details.current.status) || 'changed', version: (p.details && p.details.current && p.details.current.version) || '?' }; return queuePut(item); }).then(function () { return 'conflict'; });
      }
      return 'failed';
    });
  }

  var syncing = false;
  function sync() {
    if (syncing || !navigator.onLine || !window.indexedDB) return Promise.resolve();
    syncing = true;
    return queueAll().then(function (items) {
      var pending = items.filter(function (q) { return !q.conflict; });
      if (!pending.length) { showConflicts(items); return; }
      say('Back online: syncing ' + pending.length + ' change(s)\\u2026');
      return fetch('/app/csrf', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (t) {
        return pending.reduce(function (p, item) { return p.then(function (acc) { return sendOne(item, t.token).then(function (r) { acc.push(r); return acc; }); }); }, Promise.resolve([]));
      }).then(function (results) {
        var done = results.filter(function (r) { return r === 'done'; }).length;
        var conflicts = results.filter(function (r) { return r === 'conflict'; }).length;
        say('Synced ' + done + ' change(s)' + (conflicts ? '; ' + conflicts + ' conflict(s) need your decision.' : '.'));
        document.body.setAttribute('data-synced', String(done));
        return queueAll().then(showConflicts);
      });
    }).catch(function () { say('Could not sync yet; will try again.'); }).then(function () { syncing = false; });
  }

  Array.prototype.forEach.call(document.querySelectorAll('form[data-offline]'), function (form) {
    form.addEventListener('submit', function (e) {
      if (navigator.onLine || !window.indexedDB) return;
      e.preventDefault();
      var data = new FormData(form); var body = {};
      if (data.get('reason')) body.reason = data.get('reason');
      if (form.getAttribute('data-offline') === 'notes') body.hostNotes = data.get('hostNotes') || '';
      var item = { action: form.getAttribute('data-offline'), label: form.getAttribute('data-label'), meetingId: form.getAttribute('data-meeting'), version: form.getAttribute('data-version'), body: body, at: new Date().toISOString() };
      queueAdd(item).then(function () { say('Offline: "' + item.label + '" is queued and will sync when you are back online.'); });
    });
  });
  window.addEventListener('online', sync);
  window.addEventListener('offline', function () { say('You are offline: pages you opened stay readable; changes queue until you are back.'); });
  if (!navigator.onLine) say('You are offline: pages you opened stay readable; changes queue until you are back.');
  sync();
})();
`;
