'use strict';
// The dashboard page: renders each snapshot the server pushes on /api/events.
// Peer data is only ever set as text, never parsed as HTML.

(function () {
  const $ = (id) => document.getElementById(id);
  const rows = new Map(); // peer name -> row elements
  const history = []; // [time ms, swarm progress], for the ETA
  const TOP_SENDERS = 3;

  function bytes(n) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n.toFixed(0) : n.toFixed(1)) + ' ' + units[i];
  }

  function percent(f) { return (100 * f).toFixed(1) + '%'; }

  function duration(s) {
    s = Math.round(s);
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  }

  function cell(tr, cls) {
    const td = document.createElement('td');
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }

  function row(name) {
    let r = rows.get(name);
    if (r) return r;
    const tr = document.createElement('tr');
    tr.dataset.peer = name;
    r = { tr: tr, name: cell(tr), role: cell(tr), state: cell(tr, 'state') };
    const p = cell(tr);
    r.bar = document.createElement('progress');
    r.bar.max = 1;
    r.pct = document.createElement('span');
    p.append(r.bar, ' ', r.pct);
    r.down = cell(tr, 'num');
    r.up = cell(tr, 'num');
    r.conns = cell(tr, 'num');
    r.from = cell(tr, 'from');
    r.name.textContent = name;
    rows.set(name, r);
    return r;
  }

  function receivedFrom(from) {
    if (!from) return '';
    const top = Object.entries(from).sort((a, b) => b[1] - a[1]).slice(0, TOP_SENDERS);
    return top.map(([peer, n]) => peer + ' ' + bytes(n) + ' (' + n + ' B)').join(', ');
  }

  function renderPeers(peers) {
    const tbody = document.querySelector('#peers tbody');
    const seen = new Set();
    for (const p of peers) {
      seen.add(p.name);
      const r = row(p.name);
      const running = p.state === 'running';
      r.role.textContent = p.role;
      r.state.textContent = p.state + (p.error ? ' (' + p.error + ')' : '');
      r.tr.className = running ? (p.complete ? 'complete' : '') : 'down';
      r.bar.value = running ? p.progress : 0;
      r.pct.textContent = running ? percent(p.progress) : '-';
      r.down.textContent = running ? bytes(p.downRate) : '-';
      r.up.textContent = running ? bytes(p.upRate) : '-';
      r.conns.textContent = running ? String(p.peersConnected) : '-';
      r.from.textContent = receivedFrom(p.receivedFrom);
      tbody.appendChild(r.tr); // keeps the snapshot's order
    }
    for (const [name, r] of rows) {
      if (!seen.has(name)) { r.tr.remove(); rows.delete(name); }
    }
    $('empty').hidden = peers.length > 0;
  }

  function eta(time, progress) {
    history.push([time, progress]);
    while (history.length > 1 && time - history[0][0] > 10000) history.shift();
    if (progress >= 1) return 'done';
    const [t0, p0] = history[0];
    const rate = (progress - p0) / ((time - t0) / 1000);
    return rate > 0 ? duration((1 - progress) / rate) : '-';
  }

  function render(update) {
    $('project').textContent = update.project;
    const error = $('error');
    error.hidden = !update.error;
    error.textContent = update.error ? 'The last poll failed: ' + update.error : '';
    const s = update.snapshot;
    if (!s) return;
    const sum = s.summary;
    $('complete').textContent = sum.leechersComplete + '/' + sum.leechers;
    $('swarm-bar').value = sum.progress;
    $('swarm').textContent = percent(sum.progress);
    $('down').textContent = bytes(sum.downRate) + '/s';
    $('up').textContent = bytes(sum.upRate) + '/s';
    if (!update.error) $('eta').textContent = eta(update.time, sum.progress);
    renderPeers(s.peers);
  }

  function connected(yes) {
    const badge = $('connection');
    badge.textContent = yes ? 'live' : 'disconnected';
    badge.classList.toggle('down', !yes);
  }

  const events = new EventSource('/api/events');
  events.addEventListener('open', () => connected(true));
  events.addEventListener('error', () => connected(false));
  events.addEventListener('snapshot', (e) => { connected(true); render(JSON.parse(e.data)); });
})();
