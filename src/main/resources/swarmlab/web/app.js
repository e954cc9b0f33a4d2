'use strict';
// The dashboard page: renders each update the server pushes on /api/events, the swarm's history
// from /api/history, and a leecher's block provenance from /api/provenance.
// Peer data is only ever set as text, never parsed as HTML.

(function () {
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  const rows = new Map(); // peer name -> row elements
  const recent = []; // [time ms, swarm progress], for the ETA
  const TOP_SENDERS = 3;
  const TOP_FLOWS = 10;
  const MAX_POINTS = 1200;
  const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2',
    '#17becf', '#bcbd22', '#7f7f7f'];
  const OTHERS = '#cfcfcf';
  const SHADES = 16; // levels of the flow matrix's colours
  const shades = (rgb, from) => Array.from({ length: SHADES + 1 },
    (_, i) => 'rgba(' + rgb + ',' + (from + (1 - from) * i / SHADES).toFixed(3) + ')');
  const SEEDER_SHADES = shades('49,130,189', 0.15);
  const LEECHER_SHADES = shades('230,85,13', 0.15);
  const PIECE_SHADES = Array.from({ length: 16 },
    (_, v) => 'rgba(8,48,107,' + (0.12 + 0.88 * v / 15).toFixed(3) + ')');
  const HEX = {}; // char code of a hex digit -> its value
  '0123456789abcdef'.split('').forEach((d, i) => { HEX[d.charCodeAt(0)] = i; });
  const history = { times: [], progress: [], fromSeeders: [], fromLeechers: [], leechers: {} };
  let selected = null; // the leecher whose provenance is shown
  let replay = null; // the recorded run, when this page replays one
  let shownAt = null; // the time (epoch ms) of the update shown

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

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function svg(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }

  // ---- peers table ----

  function cell(tr, cls) {
    const td = el('td', undefined, cls);
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
    r.pct = el('span');
    p.append(r.bar, ' ', r.pct);
    r.down = cell(tr, 'num');
    r.up = cell(tr, 'num');
    r.conns = cell(tr, 'num');
    r.from = cell(tr, 'from');
    r.name.textContent = name;
    tr.addEventListener('click', () => {
      if (tr.dataset.role === 'leecher') select(selected === name ? null : name);
    });
    rows.set(name, r);
    return r;
  }

  /** The n largest of items by key, largest first, without sorting them all. */
  function top(items, n, key) {
    const best = [];
    for (const item of items) {
      const k = key(item);
      if (best.length === n && k <= key(best[n - 1])) continue;
      let i = best.length;
      while (i > 0 && key(best[i - 1]) < k) i--;
      best.splice(i, 0, item);
      if (best.length > n) best.pop();
    }
    return best;
  }

  function receivedFrom(from) {
    if (!from) return '';
    return top(Object.entries(from), TOP_SENDERS, (e) => e[1]).map(([peer, n]) => peer + ' ' + bytes(n) + ' (' + n + ' B)').join(', ');
  }

  function renderPeers(peers) {
    const tbody = document.querySelector('#peers tbody');
    const seen = new Set();
    for (const p of peers) {
      seen.add(p.name);
      const r = row(p.name);
      const running = p.state === 'running';
      r.tr.dataset.role = p.role;
      // the client variant, when a peer runs any but the default (every peer's is in its title)
      r.role.textContent = p.role + (p.client && p.client !== 'rtorrent' ? ' (' + p.client + ')' : '');
      r.role.title = 'client: ' + (p.client || 'rtorrent');
      r.state.textContent = p.state + (p.error ? ' (' + p.error + ')' : '');
      r.tr.className = (running ? (p.complete ? 'complete' : '') : 'down')
        + (p.name === selected ? ' selected' : '');
      r.bar.value = running ? p.progress : 0;
      r.pct.textContent = running ? percent(p.progress) : '-';
      r.down.textContent = running ? bytes(p.downRate) : '-';
      r.up.textContent = running ? bytes(p.upRate) : '-';
      r.conns.textContent = running && !replay ? String(p.peersConnected) : '-';
      r.from.textContent = receivedFrom(p.receivedFrom);
      tbody.appendChild(r.tr); // keeps the snapshot's order
    }
    for (const [name, r] of rows) {
      if (!seen.has(name)) { r.tr.remove(); rows.delete(name); }
    }
    $('empty').hidden = peers.length > 0;
  }

  function eta(time, progress) {
    recent.push([time, progress]);
    while (recent.length > 1 && time - recent[0][0] > 10000) recent.shift();
    if (progress >= 1) return 'done';
    const [t0, p0] = recent[0];
    const rate = (progress - p0) / ((time - t0) / 1000);
    return rate > 0 ? duration((1 - progress) / rate) : '-';
  }

  // ---- history: progress and the seeders' share over time ----

  function sources(peers) {
    const roles = new Map(peers.map((p) => [p.name, p.role]));
    let seeders = 0;
    let others = 0;
    for (const p of peers) {
      if (p.role !== 'leecher' || !p.receivedFrom) continue;
      for (const [from, n] of Object.entries(p.receivedFrom)) {
        if (roles.get(from) === 'seeder') seeders += n; else others += n;
      }
    }
    return [seeders, others];
  }

  function remember(update) {
    const s = update.snapshot;
    if (!s || update.error) return;
    const at = history.times.length;
    if (at > 0 && history.times[at - 1] >= update.time) return;
    const [seeders, others] = sources(s.peers);
    history.times.push(update.time);
    history.progress.push(s.summary.progress);
    history.fromSeeders.push(seeders);
    history.fromLeechers.push(others);
    for (const p of s.peers) {
      if (p.role !== 'leecher') continue;
      const series = history.leechers[p.name] || (history.leechers[p.name] = []);
      while (series.length < at) series.push(null);
      series.push(p.state === 'running' ? p.progress : null);
    }
    for (const series of Object.values(history.leechers)) {
      while (series.length < history.times.length) series.push(null);
    }
    if (history.times.length > MAX_POINTS) {
      const keep = (list) => list.filter((_, i) => i % 2 === 0 || i === list.length - 1);
      history.times = keep(history.times);
      history.progress = keep(history.progress);
      history.fromSeeders = keep(history.fromSeeders);
      history.fromLeechers = keep(history.fromLeechers);
      for (const k of Object.keys(history.leechers)) history.leechers[k] = keep(history.leechers[k]);
    }
  }

  function line(values, times, t0, span, x0, w, y0, h) {
    const points = [];
    let path = '';
    values.forEach((v, i) => {
      if (v === null || v === undefined) {
        if (points.length) { path += 'M' + points.join('L'); points.length = 0; }
        return;
      }
      const x = x0 + (span > 0 ? (times[i] - t0) / span : 1) * w;
      points.push(x.toFixed(1) + ',' + (y0 + h - v * h).toFixed(1));
    });
    if (points.length) path += 'M' + points.join('L');
    return path;
  }

  function axes(chart, x0, y0, w, h, t0, span, labels) {
    chart.appendChild(svg('line', { x1: x0, y1: y0 + h, x2: x0 + w, y2: y0 + h, class: 'axis' }));
    chart.appendChild(svg('line', { x1: x0, y1: y0, x2: x0, y2: y0 + h, class: 'axis' }));
    for (const [v, text] of labels) {
      const t = svg('text', { x: x0 - 4, y: y0 + h - v * h + 4, 'text-anchor': 'end' });
      t.textContent = text;
      chart.appendChild(t);
    }
    const end = svg('text', { x: x0 + w, y: y0 + h + 14, 'text-anchor': 'end' });
    end.textContent = span > 0 ? duration(span / 1000) : '';
    chart.appendChild(end);
    const start = svg('text', { x: x0, y: y0 + h + 14 });
    start.textContent = '0 s';
    chart.appendChild(start);
  }

  function renderHistory() {
    const chart = $('progress-chart');
    const share = $('share-chart');
    chart.replaceChildren();
    share.replaceChildren();
    const times = history.times;
    if (times.length === 0) return;
    const t0 = times[0];
    const span = times[times.length - 1] - t0;
    const [x0, y0, w, h] = [44, 8, 540, 180];
    axes(chart, x0, y0, w, h, t0, span, [[0, '0%'], [0.5, '50%'], [1, '100%']]);
    for (const [name, series] of Object.entries(history.leechers)) {
      const d = line(series, times, t0, span, x0, w, y0, h);
      if (!d) continue;
      const p = svg('path', { d: d, class: 'leecher' + (name === selected ? ' selected' : '') });
      p.dataset.peer = name;
      chart.appendChild(p);
    }
    const sel = chart.querySelector('path.selected');
    if (sel) chart.appendChild(sel); // on top
    if (replay && shownAt !== null && span > 0) {
      const x = x0 + (shownAt - t0) / span * w;
      chart.appendChild(svg('line', { x1: x, y1: y0, x2: x, y2: y0 + h, class: 'cursor' }));
    }
    chart.appendChild(svg('path', { d: line(history.progress, times, t0, span, x0, w, y0, h),
      class: 'swarm' }));
    const ratio = history.fromSeeders.map((s, i) => {
      const all = s + history.fromLeechers[i];
      return all > 0 ? s / all : null;
    });
    const [sx, sy, sw, sh] = [44, 6, 540, 60];
    axes(share, sx, sy, sw, sh, t0, span, [[0, '0%'], [1, '100%']]);
    share.appendChild(svg('path', { d: line(ratio, times, t0, span, sx, sw, sy, sh),
      class: 'share' }));
    // the share now, or, replaying, at the second shown
    let at = ratio.length - 1;
    if (replay && shownAt !== null) {
      while (at > 0 && times[at] > shownAt) at--;
    }
    const now = ratio[at];
    $('seeder-share').textContent = now === null || now === undefined ? '-' : percent(now);
  }

  // ---- who feeds whom ----

  function renderFlows(peers) {
    const canvas = $('flows');
    const receivers = peers.filter((p) => p.role === 'leecher');
    const totals = new Map();
    const flows = [];
    for (const r of receivers) {
      for (const [from, n] of Object.entries(r.receivedFrom || {})) {
        totals.set(from, (totals.get(from) || 0) + n);
        flows.push([from, r.name, n]);
      }
    }
    const roles = new Map(peers.map((p) => [p.name, p.role]));
    const order = (name) => (roles.get(name) === 'seeder' ? 0 : roles.has(name) ? 1 : 2);
    const senders = [...totals.keys()].sort((a, b) => order(a) - order(b)
      || a.localeCompare(b, undefined, { numeric: true }));
    const label = 90;
    const cw = Math.max(3, Math.min(24, Math.floor((canvas.width - label) / Math.max(1, senders.length))));
    const ch = Math.max(2, Math.min(16, Math.floor(400 / Math.max(1, receivers.length))));
    size(canvas, canvas.width, 20 + ch * receivers.length + 4);
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, canvas.width, canvas.height);
    const max = Math.max(1, ...flows.map((f) => f[2]));
    const col = new Map(senders.map((s, i) => [s, i]));
    const rowOf = new Map(receivers.map((r, i) => [r.name, i]));
    g.font = '10px system-ui, sans-serif';
    g.fillStyle = '#555';
    if (cw >= 10) {
      senders.forEach((s, i) => {
        g.save();
        g.translate(label + i * cw + cw / 2, 16);
        g.rotate(-Math.PI / 4);
        g.fillText(s.replace(/^(seeder|leecher)-/, (m, r) => r[0]), 0, 0);
        g.restore();
      });
    }
    if (ch >= 9) receivers.forEach((r, i) => g.fillText(r.name, 2, 20 + i * ch + ch - 2));
    // cells grouped by colour: setting a canvas colour costs more than drawing a cell
    const byColour = new Map();
    for (const [from, to, n] of flows) {
      const level = Math.round(SHADES * Math.log1p(n) / Math.log1p(max));
      const colour = (roles.get(from) === 'seeder' ? SEEDER_SHADES : LEECHER_SHADES)[level];
      let cells = byColour.get(colour);
      if (!cells) byColour.set(colour, (cells = []));
      cells.push(label + col.get(from) * cw, 20 + rowOf.get(to) * ch);
    }
    for (const [colour, cells] of byColour) {
      g.fillStyle = colour;
      for (let i = 0; i < cells.length; i += 2) g.fillRect(cells[i], cells[i + 1], cw - 1, ch - 1);
    }
    canvas.dataset.flows = String(flows.length);
    canvas.dataset.senders = senders.join(' ');
    const list = $('top-flows');
    list.replaceChildren();
    top(flows, TOP_FLOWS, (f) => f[2]).forEach(([from, to, n]) => {
      list.appendChild(el('li', from + ' \u2192 ' + to + ': ' + bytes(n)));
    });
  }

  // ---- pieces ----

  // A canvas's size is set only when it changes (setting it reallocates the canvas), and the
  // panels' widths are read once and on resize: reading a width after the table changed would
  // lay the whole page out again on every update.
  const widths = new Map();
  window.addEventListener('resize', () => widths.clear());

  function panelWidth(canvas) {
    let w = widths.get(canvas);
    if (w === undefined) {
      w = canvas.parentElement.clientWidth;
      if (w > 0) widths.set(canvas, w); // a hidden panel has none yet
    }
    return w;
  }

  function size(canvas, w, h) {
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
  }

  function availabilityColour(n, of) {
    if (of <= 0 || n <= 0) return '#7f0000';
    const f = Math.min(1, n / of);
    const r = Math.round(215 * (1 - f) + 33 * f);
    const gr = Math.round(48 * (1 - f) + 113 * f);
    const b = Math.round(39 * (1 - f) + 181 * f);
    return 'rgb(' + r + ',' + gr + ',' + b + ')';
  }

  function renderPieces(update) {
    const maps = update.pieces;
    const canvas = $('pieces');
    const rarest = $('rarest');
    rarest.replaceChildren();
    if (!maps || maps.torrents.length === 0) {
      canvas.height = 20;
      canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
      rarest.textContent = 'No piece maps yet.';
      return;
    }
    const names = Object.keys(maps.peers);
    const label = 90;
    const gap = 6;
    const cells = maps.torrents.reduce((n, t) => n + t.availability.length, 0);
    const avail = panelWidth(canvas) - label - gap * maps.torrents.length - 24;
    const cw = Math.max(1, Math.min(12, Math.floor(avail / cells)));
    const ch = Math.max(2, Math.min(12, Math.floor(600 / Math.max(1, names.length))));
    const top = 14;
    size(canvas, label + cells * cw + gap * maps.torrents.length, top + 10 + 4 + names.length * ch);
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, canvas.width, canvas.height);
    g.font = '10px system-ui, sans-serif';
    let x = label;
    let full = 0;
    const layout = [];
    maps.torrents.forEach((t, ti) => {
      g.fillStyle = '#555';
      g.fillText(t.name, x, 10, t.availability.length * cw);
      t.availability.forEach((n, c) => {
        g.fillStyle = availabilityColour(n, t.holders);
        g.fillRect(x + c * cw, top, cw, 10);
      });
      // cells grouped by shade: setting a canvas colour costs more than drawing a cell
      const byShade = [];
      for (let v = 0; v < 16; v++) byShade.push([]);
      names.forEach((name, ri) => {
        const cellsOf = maps.peers[name][ti] || '';
        for (let c = 0; c < cellsOf.length; c++) {
          const v = HEX[cellsOf.charCodeAt(c)] || 0;
          if (v === 15) full++;
          if (v !== 0) byShade[v].push(x + c * cw, top + 14 + ri * ch);
        }
      });
      const w = Math.max(1, cw - (cw > 3 ? 1 : 0));
      const hh = Math.max(1, ch - 1);
      for (let v = 1; v < 16; v++) {
        g.fillStyle = PIECE_SHADES[v];
        const cells = byShade[v];
        for (let i = 0; i < cells.length; i += 2) g.fillRect(cells[i], cells[i + 1], w, hh);
      }
      layout.push([x, t]);
      x += t.availability.length * cw + gap;
      const line = el('div');
      line.textContent = t.name + ': ' + t.pieces + ' pieces; rarest held by ' + t.rarest + ' of '
        + t.holders + ' peers (' + t.rarePieces + ' piece' + (t.rarePieces === 1 ? '' : 's') + ')';
      rarest.appendChild(line);
    });
    g.fillStyle = '#555';
    if (ch >= 9) names.forEach((name, ri) => g.fillText(name, 2, top + 14 + ri * ch + ch - 2));
    canvas.dataset.fullCells = String(full);
    canvas.dataset.peers = String(names.length);
    canvas.onmousemove = (e) => {
      const box = canvas.getBoundingClientRect();
      const px = (e.clientX - box.left) * canvas.width / box.width;
      const py = (e.clientY - box.top) * canvas.height / box.height;
      const hit = layout.find(([x0, t]) => px >= x0 && px < x0 + t.availability.length * cw);
      if (!hit) return;
      const [x0, t] = hit;
      const c = Math.floor((px - x0) / cw);
      const ri = Math.floor((py - top - 14) / ch);
      const from = c * t.piecesPerCell;
      const to = Math.min(t.pieces, from + t.piecesPerCell) - 1;
      let text = t.name + ', pieces ' + from + (to > from ? '\u2013' + to : '')
        + ': rarest held by ' + t.availability[c] + ' of ' + t.holders + ' peers';
      if (ri >= 0 && ri < names.length) {
        const v = parseInt((maps.peers[names[ri]][maps.torrents.indexOf(t)] || '0')[c] || '0', 16);
        text += '; ' + names[ri] + ' holds ' + Math.round(100 * v / 15) + '%';
      }
      $('pieces-at').textContent = text;
    };
  }

  // ---- block provenance of one leecher ----

  function select(name) {
    selected = name;
    for (const [n, r] of rows) r.tr.classList.toggle('selected', n === name);
    $('provenance-panel').hidden = !name;
    renderHistory();
    if (name) loadProvenance();
  }

  function loadProvenance() {
    const name = selected;
    if (!name) return;
    const at = replay ? '&t=' + $('slider').value : '';
    fetch('/api/provenance?peer=' + encodeURIComponent(name) + at)
      .then((r) => (r.ok ? r.json() : r.text().then((t) => Promise.reject(new Error(t)))))
      .then((p) => { if (selected === name) renderProvenance(p); })
      .catch((e) => {
        if (selected !== name) return;
        $('provenance-peer').textContent = name;
        $('provenance-legend').replaceChildren(el('li', String(e.message || e)));
      });
  }

  function renderProvenance(p) {
    $('provenance-peer').textContent = p.peer;
    const canvas = $('provenance');
    const colour = (i) => (i < 0 ? null : i < PALETTE.length ? PALETTE[i] : OTHERS);
    const width = Math.max(200, panelWidth(canvas) - 24);
    const most = Math.max(1, ...p.torrents.map((t) => t.from.length));
    // about 120 px of height for the largest torrent, cells from 2 to 10 px
    const size = Math.max(2, Math.min(10, Math.floor(Math.sqrt(width * 120 / most))));
    const perRow = Math.floor(width / size);
    let rowsNeeded = 0;
    for (const t of p.torrents) rowsNeeded += Math.ceil(t.from.length / perRow);
    const h = 12;
    canvas.width = width;
    canvas.height = p.torrents.length * (h + 4) + rowsNeeded * size + 4;
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, canvas.width, canvas.height);
    g.font = '10px system-ui, sans-serif';
    let y = 0;
    let received = 0;
    for (const t of p.torrents) {
      g.fillStyle = '#555';
      g.fillText(t.name + ' (' + t.pieces + ' pieces)', 0, y + 10);
      y += h + 4;
      t.from.forEach((i, c) => {
        const fill = colour(i);
        if (!fill) return;
        received++;
        g.fillStyle = fill;
        g.fillRect((c % perRow) * size, y + Math.floor(c / perRow) * size, size, size);
      });
      y += Math.ceil(t.from.length / perRow) * size;
    }
    canvas.dataset.received = String(received);
    const legend = $('provenance-legend');
    legend.replaceChildren();
    p.senders.forEach((s, i) => {
      if (i > PALETTE.length) return;
      const li = el('li');
      const sw = el('span', undefined, 'swatch');
      sw.style.backgroundColor = i < PALETTE.length ? PALETTE[i] : OTHERS;
      const bytesFrom = i < PALETTE.length ? bytes(p.sentBytes[i])
        : bytes(p.sentBytes.slice(PALETTE.length).reduce((a, b) => a + b, 0));
      li.append(sw, (i < PALETTE.length ? s : (p.senders.length - PALETTE.length) + ' others')
        + ' ' + bytesFrom);
      legend.appendChild(li);
    });
  }

  // ---- tracker ----

  function renderTracker(update) {
    const tbody = document.querySelector('#tracker tbody');
    $('tracker-error').textContent = update.trackerError
      ? 'The tracker did not answer: ' + update.trackerError : '';
    if (update.trackerError) $('tracker').dataset.answered = 'no';
    if (!update.tracker) return;
    $('tracker').dataset.answered = 'yes';
    tbody.replaceChildren();
    for (const t of update.tracker) {
      const tr = document.createElement('tr');
      tr.append(el('td', t.name), el('td', String(t.seeders), 'num'),
        el('td', String(t.leechers), 'num'), el('td', String(t.completed), 'num'));
      tbody.appendChild(tr);
    }
  }

  // ---- the update ----

  /** Runs f, measured as NAME (performance.getEntriesByName), for whoever measures the page. */
  function timed(name, f) {
    const start = performance.now();
    f();
    performance.measure(name, { start: start, end: performance.now() });
    if (performance.getEntriesByName(name).length > 600) performance.clearMeasures(name);
  }

  function render(update) {
    $('project').textContent = update.project;
    const error = $('error');
    error.hidden = !update.error;
    error.textContent = update.error ? 'The last poll failed: ' + update.error : '';
    renderTracker(update);
    const s = update.snapshot;
    if (!s) return;
    shownAt = update.time;
    const sum = s.summary;
    $('complete').textContent = sum.leechersComplete + '/' + sum.leechers;
    $('swarm-bar').value = sum.progress;
    // a leecher that did not answer counts as having nothing: say so, so a dip is not read as loss
    $('swarm').textContent =
      percent(sum.progress) + (sum.unanswered ? ' (' + sum.unanswered + ' not answering)' : '');
    $('down').textContent = bytes(sum.downRate) + '/s';
    $('up').textContent = bytes(sum.upRate) + '/s';
    if (!update.error && !replay) $('eta').textContent = eta(update.time, sum.progress);
    timed('peers', () => renderPeers(s.peers));
    if (!replay) remember(update);
    timed('history', renderHistory);
    timed('flows', () => renderFlows(s.peers));
    timed('pieces', () => renderPieces(update));
  }

  function connected(yes) {
    const badge = $('connection');
    badge.textContent = yes ? 'live' : 'disconnected';
    badge.classList.toggle('down', !yes);
  }

  // ---- replay: the same page over a recorded run, one second at a time ----

  let wanted = null; // the second asked for while a frame is on its way
  let loading = false;
  let timer = null;

  function showSecond(t) {
    wanted = t;
    if (loading) return;
    loading = true;
    const at = wanted;
    wanted = null;
    fetch('/api/frame?t=' + at)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error('frame ' + at + ': ' + r.status))))
      .then((update) => {
        $('at').textContent = duration(at) + ' of ' + duration(replay.duration);
        $('at').dataset.second = String(at);
        render(update);
        if (selected) loadProvenance();
      })
      .catch((e) => { $('error').hidden = false; $('error').textContent = String(e.message || e); })
      .finally(() => {
        loading = false;
        if (wanted !== null) showSecond(wanted);
      });
  }

  function play(on) {
    clearInterval(timer);
    timer = null;
    $('play').textContent = on ? 'pause' : 'play';
    if (!on) return;
    const slider = $('slider');
    if (Number(slider.value) >= replay.duration) slider.value = '0';
    timer = setInterval(() => {
      const next = Math.min(replay.duration, Number(slider.value) + Number($('speed').value));
      slider.value = String(next);
      showSecond(next);
      if (next >= replay.duration) play(false);
    }, 1000);
  }

  function startReplay(info) {
    replay = info;
    document.title = 'swarmlab replay ' + info.run;
    const badge = $('connection');
    badge.textContent = 'replay ' + info.run;
    badge.classList.remove('down');
    badge.classList.add('replay-badge');
    $('eta').textContent = '-';
    $('tracker-panel').hidden = true;
    $('replay').hidden = false;
    const slider = $('slider');
    slider.max = String(info.duration);
    slider.value = String(info.duration);
    slider.addEventListener('input', () => { play(false); showSecond(Number(slider.value)); });
    $('play').addEventListener('click', () => play(timer === null));
    showSecond(info.duration);
  }

  function start() {
    const events = new EventSource('/api/events');
    events.addEventListener('open', () => connected(true));
    events.addEventListener('error', () => connected(false));
    events.addEventListener('snapshot', (e) => {
      connected(true);
      // each update's cost in the page, for whoever measures it (performance.getEntriesByName)
      performance.mark('update-start');
      render(JSON.parse(e.data));
      performance.measure('update', 'update-start');
      performance.clearMarks('update-start');
      if (performance.getEntriesByName('update').length > 600) performance.clearMeasures('update');
    });
    setInterval(loadProvenance, 3000);
  }

  const replayInfo = fetch('/api/replay').then((r) => (r.ok ? r.json() : null)).catch(() => null);
  fetch('/api/history')
    .then((r) => (r.ok ? r.json() : null))
    .then((h) => {
      if (h && Array.isArray(h.times)) {
        history.times = h.times;
        history.progress = h.progress;
        history.fromSeeders = h.fromSeeders;
        history.fromLeechers = h.fromLeechers;
        history.leechers = h.leechers || {};
      }
    })
    .catch(() => {})
    .finally(() => replayInfo.then((info) => (info && info.run ? startReplay(info) : start())));
})();
