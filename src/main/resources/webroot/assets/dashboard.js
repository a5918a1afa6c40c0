/* Meshledger dashboard: live over the event-bus bridge (ui.* events, ui.query.* requests).
   No build step; the only dependencies are the vendored sockjs-client and vertx-eventbus.js. */
(function () {
  'use strict';
  var MAX_BLOCKS = 20, MAX_TIMELINE = 14, SVG = 'http://www.w3.org/2000/svg';
  var $ = function (id) { return document.getElementById(id); };
  var state = { status: null, blocks: [], peers: {}, sync: null, nodeId: null };
  var eb = null;
  var token = sessionStorage.getItem('meshledger.token') || '';
  $('token').value = token;

  function short(hex, n) { return hex ? hex.slice(0, n || 10) + '…' : '–'; }
  function fmt(n) { return typeof n === 'number' ? n.toLocaleString('en-US') : '–'; }
  function age(ms) {
    var s = Math.max(0, Math.round((Date.now() - ms) / 1000));
    if (s < 60) return s + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
    if (s < 86400) return Math.floor(s / 3600) + 'h ' + Math.floor(s % 3600 / 60) + 'm';
    return Math.floor(s / 86400) + 'd';
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function sourceKind(src) {
    if (src === 'local' || src === 'sync' || src === 'genesis' || src === 'stored') return src;
    return 'peer';
  }
  function sourceLabel(src) {
    var k = sourceKind(src);
    return k === 'peer' ? 'peer ' + short(src, 8) : k;
  }
  function setConn(text, cls) { var c = $('conn'); c.textContent = text; c.className = 'pill ' + cls; }

  // ---- status ----
  function renderStatus(s) {
    state.status = s;
    $('node-name').textContent = s.name + ' · ' + s.chainId;
    $('node-id').textContent = s.nodeId;
    if (state.nodeId !== s.nodeId) { state.nodeId = s.nodeId; loadLedger(); }
    $('height').textContent = fmt(s.height);
    $('tip').textContent = short(s.tip, 12);
    $('tip').title = s.tip;
    $('work').textContent = fmt(s.totalWork);
    $('peer-count').textContent = fmt(s.peers);
    $('finalized').textContent = fmt(s.finalizedHeight);
    renderConsensus(s);
    if (!state.sync || !state.sync.syncing) renderSync({ syncing: s.syncing, height: s.height, targetHeight: s.height });
    if (state.blocks.length && s.height > state.blocks[0].height + 1) loadBlocks(); // missed some (sampled sync)
    if (s.peers !== Object.keys(state.peers).length) loadPeers();
  }
  // ---- consensus: the engine, where the rounds are, who proposes and who signed the last commit ----
  function renderConsensus(s) {
    $('engine').textContent = s.consensus;
    var body = $('validators');
    body.textContent = '';
    if (!s.bft) {
      $('rounds').textContent = s.consensus === 'pow'
        ? 'Proof of work: the branch with the most work wins; nothing but genesis is final.'
        : 'Consensus state unavailable.';
      return;
    }
    var b = s.bft;
    $('rounds').textContent = 'Voting on height ' + fmt(b.height) + ', round ' + b.round + ' (' + b.step + '). '
      + 'Every stored block is final: it carries precommits from more than 2/3 of the voting power.'
      + votesText(b);
    var signers = b.lastCommitSigners || [];
    (b.validators || []).forEach(function (v) {
      var tr = el('tr');
      var id = el('td', short(v.id, 12) + (v.id === state.nodeId ? ' (this node)' : ''), 'mono');
      id.title = v.id;
      tr.appendChild(id);
      tr.appendChild(el('td', fmt(v.power), 'num'));
      tr.appendChild(el('td', v.id === b.proposer ? 'proposing' : ''));
      tr.appendChild(el('td', signers.indexOf(v.id) >= 0 ? 'signed' : '–'));
      body.appendChild(tr);
    });
  }
  // proof of authority: the chain's open votes (node -> voters) and what this validator will vote next
  function votesText(b) {
    var tally = b.tally || {}, n = (b.validators || []).length, out = '';
    var open = Object.keys(tally).map(function (id) { return short(id, 12) + ' (' + tally[id].length + ' of ' + n + ')'; });
    if (open.length) out += ' Open validator votes: ' + open.join(', ') + '.';
    var mine = (b.pendingVotes || []).map(function (v) { return (v.add ? 'in ' : 'out ') + short(v.validator, 12); });
    if (mine.length) out += ' This node will vote: ' + mine.join(', ') + '.';
    return out;
  }
  function renderSync(p) {
    state.sync = p;
    var pct = p.syncing && p.targetHeight > 0 ? Math.min(100, 100 * p.height / p.targetHeight) : 100;
    $('sync-state').textContent = p.syncing
      ? 'syncing ' + pct.toFixed(1) + '% (' + fmt(p.height) + ' / ' + fmt(p.targetHeight) + ')'
      : 'in sync';
    $('sync-bar').style.width = pct + '%';
    $('sync-bar').style.background = p.syncing ? 'var(--warn)' : 'var(--ok)';
  }

  // ---- blocks ----
  function renderBlocks(freshHash) {
    var body = $('blocks');
    body.textContent = '';
    state.blocks.forEach(function (b) {
      var tr = el('tr');
      if (b.hash === freshHash) tr.className = 'fresh';
      tr.dataset.height = b.height;
      tr.appendChild(el('td', fmt(b.height)));
      var h = el('td', short(b.hash, 14), 'mono'); h.title = b.hash; tr.appendChild(h);
      var p = el('td', short(b.producer, 10), 'mono col-producer');
      p.title = b.producer;
      if (b.producer === state.nodeId) p.textContent += ' (this node)';
      tr.appendChild(p);
      tr.appendChild(el('td', b.height === 0 ? '–' : age(b.timestamp), 'age'));
      var src = el('td'); src.appendChild(el('span', sourceLabel(b.source), 'tag ' + sourceKind(b.source)));
      tr.appendChild(src);
      tr.appendChild(el('td', b.commitRound !== null && b.commitRound !== undefined
        ? 'round ' + b.commitRound + ', ' + b.commitSigners + ' signed'
        : (b.height > 0 && b.difficultyBits ? b.difficultyBits + ' zero bits' : '–')));
      body.appendChild(tr);
    });
    renderTimeline();
    renderTransfers();
  }
  function onBlock(b) {
    if (!b.becameTip) return;
    state.blocks = state.blocks.filter(function (x) { return x.hash !== b.hash && x.height < b.height; });
    state.blocks.unshift(b);
    state.blocks.length = Math.min(state.blocks.length, MAX_BLOCKS);
    renderBlocks(b.hash);
    // The tip moves now; ui.status confirms it within a second.
    $('height').textContent = fmt(b.height);
    $('tip').textContent = short(b.hash, 12);
    $('tip').title = b.hash;
    $('work').textContent = fmt(b.totalWork);
  }
  function loadBlocks() {
    query('ui.query.blocks', { limit: MAX_BLOCKS }, function (r) { state.blocks = r.blocks; renderBlocks(); });
  }

  // ---- ledger: the reward account and the mempool over HTTP (reads need no token), transfers from blocks ----
  var MAX_TRANSFERS = 15;
  function getJson(path) {
    return fetch(path).then(function (res) { return res.ok ? res.json() : Promise.reject(res.status); });
  }
  function loadLedger() {
    if (state.nodeId) {
      getJson('/api/accounts/' + state.nodeId)
        .then(function (a) { $('reward-balance').textContent = fmt(a.balance); })
        .catch(function () { $('reward-balance').textContent = '–'; });
    }
    getJson('/api/mempool?limit=1').then(function (m) {
      $('mempool-count').textContent = fmt(m.count);
      $('mempool-bytes').textContent = fmt(m.bytes);
      $('mempool-minfee').textContent = fmt(m.minFee);
    }).catch(function () {
      ['mempool-count', 'mempool-bytes', 'mempool-minfee'].forEach(function (id) { $(id).textContent = '–'; });
    });
  }
  function renderTransfers() {
    var body = $('transfers');
    body.textContent = '';
    var rows = [];
    state.blocks.forEach(function (b) {
      (b.transfers || []).forEach(function (t) { rows.push({ height: b.height, t: t }); });
    });
    rows.slice(0, MAX_TRANSFERS).forEach(function (r) {
      var tr = el('tr');
      tr.appendChild(el('td', fmt(r.height)));
      var id = el('td', short(r.t.id, 10), 'mono'); id.title = r.t.id; tr.appendChild(id);
      var ft = el('td', short(r.t.from, 8) + ' → ' + short(r.t.to, 8), 'mono');
      ft.title = r.t.from + ' → ' + r.t.to;
      tr.appendChild(ft);
      tr.appendChild(el('td', fmt(r.t.amount), 'num'));
      tr.appendChild(el('td', fmt(r.t.fee), 'num'));
      body.appendChild(tr);
    });
    $('no-transfers').hidden = rows.length > 0;
  }

  // ---- propagation timeline: per block, produced -> first seen here -> stored ----
  function renderTimeline() {
    var t = $('timeline');
    t.textContent = '';
    var rows = state.blocks.filter(function (b) { return b.firstSeen && b.addedAt; }).slice(0, MAX_TIMELINE);
    if (!rows.length) {
      t.appendChild(el('p', 'Blocks added while this page is open show here.', 'muted'));
      return;
    }
    var max = 1;
    rows.forEach(function (b) { max = Math.max(max, b.addedAt - b.timestamp); });
    rows.forEach(function (b) {
      var seen = Math.max(0, b.firstSeen - b.timestamp), added = Math.max(seen, b.addedAt - b.timestamp);
      var row = el('div', null, 'tl-row');
      row.appendChild(el('span', '#' + b.height, 'tl-h'));
      var track = el('span', null, 'tl-track');
      var net = el('span', null, 'seg net'); net.style.width = (100 * seen / max) + '%';
      var store = el('span', null, 'seg store'); store.style.width = Math.max(0.5, 100 * (added - seen) / max) + '%';
      net.title = 'produced → first seen: ' + seen + ' ms';
      store.title = 'first seen → stored: ' + (added - seen) + ' ms';
      track.appendChild(net); track.appendChild(store);
      row.appendChild(track);
      row.appendChild(el('span', added + ' ms · ' + sourceKind(b.source), 'tl-ms'));
      t.appendChild(row);
    });
  }

  // ---- peers and the network picture ----
  function renderPeers() {
    var list = Object.keys(state.peers).map(function (k) { return state.peers[k]; });
    list.sort(function (a, b) { return a.connectedSince - b.connectedSince; });
    var body = $('peers');
    body.textContent = '';
    list.forEach(function (p) {
      var tr = el('tr');
      var id = el('td', short(p.nodeId, 10), 'mono'); id.title = p.nodeId; tr.appendChild(id);
      tr.appendChild(el('td', p.address, 'mono col-addr'));
      var d = el('td'); d.appendChild(el('span', p.direction === 'inbound' ? 'in' : 'out', 'tag ' + p.direction)); tr.appendChild(d);
      tr.appendChild(el('td', fmt(p.height)));
      tr.appendChild(el('td', fmt(p.score)));
      body.appendChild(tr);
    });
    $('no-peers').hidden = list.length > 0;
    renderGraph(list);
  }
  function renderGraph(list) {
    var g = $('graph'), cx = 160, cy = 100, r = 72;
    g.textContent = '';
    // One peer to the right, two side by side, more around the circle from the top.
    var start = list.length === 1 ? 0 : -Math.PI / 2 + Math.PI / list.length;
    list.forEach(function (p, i) {
      var a = start + 2 * Math.PI * i / list.length, x = cx + r * Math.cos(a) * 1.5, y = cy + r * Math.sin(a);
      var color = p.direction === 'inbound' ? 'var(--in)' : 'var(--out)';
      g.appendChild(svg('line', { x1: cx, y1: cy, x2: x, y2: y, stroke: color, 'stroke-dasharray': p.direction === 'inbound' ? '4 3' : '' }));
      g.appendChild(svg('circle', { cx: x, cy: y, r: 11, fill: '#171e2e', stroke: color, 'stroke-width': 2 }));
      g.appendChild(svg('text', { x: x, y: y + 24 }, short(p.nodeId, 6) + ' · ' + fmt(p.height)));
    });
    g.appendChild(svg('circle', { cx: cx, cy: cy, r: 18, fill: 'var(--accent)' }));
    g.appendChild(svg('text', { x: cx, y: cy + 4, 'font-weight': 700 }, 'me'));
    g.appendChild(svg('text', { x: cx, y: cy + 34 }, state.status ? state.status.name : ''));
    if (!list.length) g.appendChild(svg('text', { x: cx, y: 190, fill: 'var(--muted)' }, 'waiting for peers'));
  }
  function loadPeers() {
    query('ui.query.peers', {}, function (r) {
      state.peers = {};
      r.peers.forEach(function (p) { state.peers[p.nodeId] = p; });
      renderPeers();
    });
  }

  // ---- the bridge ----
  function query(address, body, done) {
    if (!eb || eb.state !== EventBus.OPEN) return;
    eb.send(address, body, {}, function (err, msg) { if (!err) done(msg.body); });
  }
  function connect() {
    if (eb) { eb.enableReconnect(false); eb.onclose = null; eb.close(); }
    var q = token ? '?token=' + encodeURIComponent(token) : '';
    // Probe first: SockJS hides an HTTP 401 behind endless retries.
    fetch('/eventbus/info' + q).then(function (res) {
      if (res.status === 401) {
        setConn('token needed', 'pill-bad');
        $('token-banner').hidden = false;
        return;
      }
      $('token-banner').hidden = true;
      eb = new EventBus('/eventbus' + q, { vertxbus_ping_interval: 10000 });
      eb.enableReconnect(true);
      eb.onopen = function () {
        setConn('live', 'pill-live');
        eb.registerHandler('ui.status', function (e, m) { if (!e) renderStatus(m.body); });
        eb.registerHandler('ui.block-added', function (e, m) { if (!e) onBlock(m.body); });
        eb.registerHandler('ui.reorg', function (e) { if (!e) loadBlocks(); });
        eb.registerHandler('ui.sync-progress', function (e, m) { if (!e) renderSync(m.body); });
        eb.registerHandler('ui.peer-connected', function (e, m) {
          if (!e) { state.peers[m.body.nodeId] = m.body; renderPeers(); }
        });
        eb.registerHandler('ui.peer-disconnected', function (e, m) {
          if (!e) { delete state.peers[m.body.nodeId]; renderPeers(); }
        });
        query('ui.query.status', {}, renderStatus);
        query('ui.query.sync', {}, function (p) { if (p.syncing) renderSync(p); });
        loadBlocks();
        loadPeers();
      };
      eb.onclose = function () { setConn('reconnecting', 'pill-wait'); };
    }).catch(function () {
      setConn('offline', 'pill-bad');
      setTimeout(connect, 3000);
    });
  }

  // ---- add a block (POST /api/blocks, the same call as curl) ----
  $('add-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var out = $('add-result'), button = $('add-button');
    var headers = { 'Content-Type': 'application/json' };
    var t = $('token').value.trim();
    if (t) headers.Authorization = 'Bearer ' + t;
    button.disabled = true;
    out.className = 'muted';
    out.textContent = 'sealing…';
    fetch('/api/blocks', { method: 'POST', headers: headers, body: JSON.stringify({ data: $('data').value }) })
      .then(function (res) { return res.json().then(function (body) { return { status: res.status, body: body }; }); })
      .then(function (r) {
        if (r.status === 201) {
          out.className = 'ok';
          out.textContent = 'added block #' + r.body.height + ' ' + short(r.body.hash, 16);
          $('data').value = '';
        } else {
          out.className = 'bad';
          out.textContent = r.body.error + ': ' + r.body.message;
        }
      })
      .catch(function (e) { out.className = 'bad'; out.textContent = String(e); })
      .then(function () { button.disabled = false; });
  });
  $('use-token').addEventListener('click', function () {
    token = $('token').value.trim();
    sessionStorage.setItem('meshledger.token', token);
    connect();
  });

  // Ages tick without a re-render of everything.
  setInterval(function () {
    var rows = $('blocks').rows;
    for (var i = 0; i < rows.length; i++) {
      var b = state.blocks[i];
      if (b && b.height > 0) rows[i].querySelector('.age').textContent = age(b.timestamp);
    }
  }, 1000);
  setInterval(loadPeers, 5000); // peer heights and scores change without an event
  setInterval(loadLedger, 2000); // balances and the mempool change with every transfer, not only with blocks

  renderGraph([]);
  renderTimeline();
  renderTransfers();
  connect();
})();
