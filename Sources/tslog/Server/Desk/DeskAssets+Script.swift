extension DeskAssets {
    /// `/desk/app.js`: the desk's one script (plain JavaScript, no packages). Data is only ever
    /// put on the page with `textContent` or attribute setters; an image source is set only to
    /// `/images/…` or an `https:` URL.
    static let script = #"""
'use strict';
(function () {
  const page = document.body.dataset.page;
  if (page === 'signin') return;
  const $ = (id) => document.getElementById(id);
  const state = { seq: 0, next: null, labels: {}, cards: [], selected: -1, editing: 0, pendingRefresh: false, me: null };

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  // A label inside a longer line, isolated (U+2068 … U+2069): a direction override in it (U+202E)
  // ends with it instead of turning the rest of the line around (the other label, the arrow).
  function iso(text) { return '\u2068' + text + '\u2069'; }
  function say(text, kind) {
    const m = $('message');
    m.textContent = text || '';
    m.className = kind || '';
  }
  function safeSource(src) {
    if (typeof src !== 'string') return null;
    if (/^\/images\/[0-9a-f]{64}$/.test(src)) return src;
    if (/^https:\/\/[^\s"'<>\\]+$/i.test(src)) return src;
    return null;
  }
  // A 401 from any desk call means the session ended (signed out, expired, or the server
  // restarted): go to the sign-in page instead of showing "sign in first" as an error.
  function toSignIn() {
    location.href = '/';
    const e = new Error('Signed out: going to the sign-in page.');
    e.signedOut = true;
    return e;
  }
  async function getJSON(url) {
    const r = await fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } });
    if (r.status === 401) throw toSignIn();
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || ('HTTP ' + r.status));
    return body;
  }
  async function postJSON(url, data) {
    const r = await fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify(data || {})
    });
    if (r.status === 401) throw toSignIn();
    let body = {};
    try { body = await r.json(); } catch (e) { body = { error: 'HTTP ' + r.status }; }
    return { status: r.status, body: body };
  }

  function datalist(type) {
    const id = 'labels-' + type;
    let list = document.getElementById(id);
    if (!list) { list = el('datalist'); list.id = id; $('datalists').appendChild(list); }
    list.replaceChildren();
    for (const label of (state.labels[type] || [])) { const o = el('option'); o.value = label; list.appendChild(o); }
    return id;
  }

  // ---- one card ----
  function renderCard(s, seenSeq, large) {
    const card = el('article', large ? 'card large' : 'card');
    card.dataset.sampleId = s.id;
    card.dataset.seq = String(seenSeq);
    card.dataset.labelType = s.label_type;
    card.tabIndex = -1;
    fillCard(card, s);
    return card;
  }
  function fillCard(card, s) {
    card.replaceChildren();
    card.dataset.status = s.status;
    const figure = el('div', 'crop');
    const src = safeSource(s.crop);
    if (src) {
      const img = el('img');
      img.alt = 'crop of sample ' + s.id;
      img.loading = 'lazy';
      img.src = src;
      figure.appendChild(img);
    } else {
      figure.appendChild(el('span', 'nocrop', 'no image'));
    }
    card.appendChild(figure);
    const label = el('p', 'label', s.label);
    label.dataset.field = 'label';
    card.appendChild(label);
    const facts = el('p', 'facts');
    facts.appendChild(el('span', 'type', s.label_type));
    facts.appendChild(el('span', 'status status-' + s.status, s.status));
    facts.appendChild(el('time', 'created', s.created_at));
    card.appendChild(facts);
    const actions = el('div', 'actions');
    const relabel = el('button', null, 'Relabel'); relabel.type = 'button';
    relabel.addEventListener('click', () => startRelabel(card));
    const del = el('button', null, 'Delete'); del.type = 'button';
    del.addEventListener('click', () => startDelete(card));
    actions.append(relabel, del);
    if (document.body.dataset.page === 'queue') {
      const open = el('a', 'open', 'Open');
      open.href = '/desk/sample?id=' + encodeURIComponent(s.id);
      actions.appendChild(open);
    }
    card.appendChild(actions);
  }

  // ---- actions ----
  function editor(card, kind, placeholder, onSubmit) {
    cancelEdit(card);
    state.editing += 1;
    const seen = card.dataset.seq;
    const form = el('div', 'editor');
    const input = el('input');
    input.type = 'text';
    input.className = kind;
    input.setAttribute('aria-label', kind === 'relabel' ? 'New label' : 'Reason for deleting');
    input.placeholder = placeholder;
    input.autocomplete = 'off';
    if (kind === 'relabel') input.setAttribute('list', datalist(card.dataset.labelType));
    form.appendChild(input);
    card.appendChild(form);
    let done = false;
    const finish = () => { if (done) return; done = true; form.remove(); state.editing -= 1; if (state.editing === 0 && state.pendingRefresh) refresh(); };
    card._finishEdit = finish;
    input.addEventListener('keydown', async (e) => {
      if (e.key === 'Escape') { e.preventDefault(); finish(); card.focus(); say('Cancelled.'); }
      if (e.key === 'Enter') {
        e.preventDefault();
        const value = input.value.trim();
        if (!value) return;
        input.disabled = true;
        await onSubmit(value, Number(seen));
        finish();
        card.focus();
      }
    });
    input.addEventListener('blur', () => { if (!input.disabled) setTimeout(() => { if (document.activeElement !== input) finish(); }, 150); });
    input.focus();
    return input;
  }
  function cancelEdit(card) { if (card && card._finishEdit) card._finishEdit(); }

  function startRelabel(card) {
    editor(card, 'relabel', 'new label', (label, seen) => relabelCard(card, label, seen));
  }
  function startDelete(card) {
    editor(card, 'reason', 'why delete? (Enter)', (reason, seen) => act('/desk/api/delete', card, { sample_id: card.dataset.sampleId, expect_last_seq: seen, reason: reason }, 'Deleted'));
  }
  function relabelCard(card, label, seen) {
    return act('/desk/api/relabel', card, { sample_id: card.dataset.sampleId, expect_last_seq: seen, label: label }, 'Relabeled');
  }
  async function act(url, card, data, verb) {
    let r;
    try { r = await postJSON(url, data); } catch (e) { say(e.message); return; }
    if (r.status === 201) {
      say(verb + ' ' + data.sample_id + '.', 'ok');
      card.classList.remove('conflict');
      if (r.body.sample) { fillCard(card, r.body.sample); card.dataset.seq = String(r.body.sample.last_seq); }
      else { card.classList.add('gone'); card.dataset.seq = String(r.body.seq); }
      if (page === 'sample') loadSample();
    } else if (r.status === 409 && r.body.conflict) {
      say('Conflict: ' + r.body.error, 'conflict');
      card.classList.add('conflict');
      if (r.body.sample) { fillCard(card, r.body.sample); card.dataset.seq = String(r.body.sample.last_seq); }
      else { card.classList.add('gone'); card.dataset.seq = String(r.body.changed_at); }
      if (page === 'sample') loadSample();
    } else {
      say((r.body && r.body.error) || ('HTTP ' + r.status), 'error');
    }
  }
  async function undo() {
    let r;
    try { r = await postJSON('/desk/api/undo', {}); } catch (e) { say(e.message); return; }
    if (r.status === 201) { say('Undone.', 'ok'); refresh(); if (page === 'sample') loadSample(); }
    else say((r.body && r.body.error) || ('HTTP ' + r.status), r.body && r.body.conflict ? 'conflict' : 'error');
  }

  // ---- the queue ----
  function filterQuery(cursor, limit) {
    const q = new URLSearchParams();
    q.set('status', $('f-status').value);
    if ($('f-type').value) q.set('label_type', $('f-type').value);
    if ($('f-label').value.trim()) q.set('label', $('f-label').value.trim());
    if ($('f-since').value.trim()) q.set('changed_since', $('f-since').value.trim());
    if ($('f-images').value) q.set('images', $('f-images').value);
    if (cursor) q.set('cursor', cursor);
    if (limit) q.set('limit', String(limit));
    return '/desk/api/samples?' + q.toString();
  }
  async function loadQueue(append, limit) {
    let body;
    try { body = await getJSON(filterQuery(append ? state.next : null, limit)); }
    catch (e) { say(e.message, 'error'); return; }
    // An editor opened while this page was on its way: replacing the cards now would take the
    // reviewer's half-typed label or reason away. Refresh when the editor closes instead.
    if (!append && state.editing > 0) { state.pendingRefresh = true; return; }
    state.seq = body.seq;
    state.next = body.next;
    state.labels = body.labels || {};
    const grid = $('grid');
    const keep = state.selected >= 0 && state.cards[state.selected] ? state.cards[state.selected].dataset.sampleId : null;
    const hadFocus = !!(document.activeElement && document.activeElement.classList.contains('card'));
    if (!append) { grid.replaceChildren(); state.cards = []; }
    for (const s of body.samples) {
      const card = renderCard(s, s.last_seq, false);
      grid.appendChild(card);
      state.cards.push(card);
    }
    $('count').textContent = body.total + (body.total === 1 ? ' sample' : ' samples');
    $('count').dataset.total = String(body.total);
    $('more').hidden = !body.next;
    document.body.dataset.seq = String(body.seq);
    if (keep) {
      const i = state.cards.findIndex((c) => c.dataset.sampleId === keep);
      state.selected = i;
      if (i >= 0) { state.cards[i].classList.add('selected'); if (hadFocus) state.cards[i].focus(); }
    }
  }
  function refresh() {
    if (state.editing > 0) { state.pendingRefresh = true; return; }
    state.pendingRefresh = false;
    if (page === 'queue') loadQueue(false, Math.max(48, Math.min(500, state.cards.length)));
    else loadSample();
  }
  function select(i) {
    if (!state.cards.length) return;
    i = Math.max(0, Math.min(state.cards.length - 1, i));
    if (state.cards[state.selected]) state.cards[state.selected].classList.remove('selected');
    state.selected = i;
    const card = state.cards[i];
    card.classList.add('selected');
    card.focus();
    card.scrollIntoView({ block: 'nearest' });
  }
  function current() {
    if (page === 'sample') return document.querySelector('#sample .card');
    return state.cards[state.selected] || null;
  }

  // ---- the sample page ----
  async function loadSample() {
    const id = new URLSearchParams(location.search).get('id') || '';
    let body;
    try { body = await getJSON('/desk/api/sample?id=' + encodeURIComponent(id)); }
    catch (e) { say(e.message, 'error'); return; }
    // As on the queue: an editor opened while this answer was on its way keeps what the
    // reviewer typed; the page is refreshed when the editor closes.
    if (state.editing > 0) { state.pendingRefresh = true; return; }
    state.labels = {};
    const main = $('sample');
    main.replaceChildren();
    if (body.sample) {
      state.labels[body.sample.label_type] = body.labels || [];
      const card = renderCard(body.sample, body.last_seq, true);
      main.appendChild(card);
      const facts = el('dl', 'imagefacts');
      const rows = [['id', body.sample.id], ['image_url', body.sample.image_url], ['image_path', body.sample.image_path],
        ['image size', (body.sample.image_width || '?') + ' × ' + (body.sample.image_height || '?')],
        ['file_size_bytes', body.sample.file_size_bytes], ['stored crop', body.sample.crop && body.sample.crop.startsWith('/images/') ? body.sample.crop.slice(8) : 'not stored']];
      for (const [k, v] of rows) { facts.appendChild(el('dt', null, k)); facts.appendChild(el('dd', null, v === null || v === undefined ? '—' : v)); }
      main.appendChild(facts);
    } else {
      main.appendChild(el('p', 'gone', 'This sample is deleted (its history stays).'));
    }
    showSameBytes(body.same_bytes);
    const tbody = document.querySelector('#history tbody');
    tbody.replaceChildren();
    for (const h of body.history) {
      const tr = el('tr');
      const data = h.data || {};
      let change = '';
      if (h.label_before !== h.label_after || h.label_type_before !== h.label_type_after)
        change += (h.label_before === null ? '∅' : iso(h.label_before) + ' (' + h.label_type_before + ')') + ' → ' + (h.label_after === null ? '∅' : iso(h.label_after) + ' (' + h.label_type_after + ')');
      if (h.status_before !== h.status_after)
        change += (change ? '; ' : '') + (h.status_before || '∅') + ' → ' + (h.status_after || '∅');
      for (const v of [h.seq, h.recorded_at, h.type, data.actor || '', change, data.reason || data.error || '']) tr.appendChild(el('td', null, v));
      tbody.appendChild(tr);
    }
    document.body.dataset.seq = String(body.seq);
  }

  // The other live samples whose stored bytes are this sample's (images check's duplicates).
  function showSameBytes(same) {
    const summary = $('same-summary');
    const list = $('same-list');
    list.replaceChildren();
    if (!same) { summary.textContent = 'No stored bytes: nothing to compare.'; summary.dataset.total = '0'; return; }
    summary.dataset.total = String(same.total);
    if (same.total === 0) { summary.textContent = 'None: no other live sample has these bytes (SHA-256 ' + same.sha256 + ').'; return; }
    summary.textContent = same.total + (same.total === 1 ? ' other sample has' : ' other samples have') + ' these bytes (SHA-256 ' + same.sha256 + ')'
      + (same.labels_differ ? ', under a different label: a conflict.' : ', under the same label: a duplicate.')
      + (same.samples.length < same.total ? ' The first ' + same.samples.length + ' are listed.' : '');
    summary.className = same.labels_differ ? 'conflict' : '';
    for (const s of same.samples) {
      const li = el('li');
      li.dataset.sampleId = s.id;
      const a = el('a', null, s.label);
      a.dir = 'auto';  // isolated from the facts after it, as iso() does
      a.href = '/desk/sample?id=' + encodeURIComponent(s.id);
      li.append(a, el('span', 'same-facts', s.label_type + ' · ' + s.status + ' · ' + s.id));
      list.appendChild(li);
    }
  }

  // ---- keyboard ----
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const card = current();
    if (e.key === 'j' && page === 'queue') { e.preventDefault(); select(state.selected + 1); }
    else if (e.key === 'k' && page === 'queue') { e.preventDefault(); select(state.selected - 1); }
    else if (e.key === '/' && page === 'queue') { e.preventDefault(); $('f-label').focus(); }
    else if (e.key === 'u') { e.preventDefault(); undo(); }
    else if (e.key === 'd' && card) { e.preventDefault(); startDelete(card); }
    else if (e.key === 'r' && card) { e.preventDefault(); startRelabel(card); }
    else if (e.key === 'Enter' && card && page === 'queue') { location.href = '/desk/sample?id=' + encodeURIComponent(card.dataset.sampleId); }
    else if (/^[1-9]$/.test(e.key) && card) {
      const labels = state.labels[card.dataset.labelType] || [];
      const label = labels[Number(e.key) - 1];
      if (label !== undefined) { e.preventDefault(); relabelCard(card, label, Number(card.dataset.seq)); }
    }
  });

  // ---- start ----
  $('undo').addEventListener('click', undo);
  getJSON('/desk/api/me').then((me) => { state.me = me; $('me').textContent = me.name + ' (' + me.role + ')'; }).catch(() => {});
  if (page === 'queue') {
    for (const id of ['f-status', 'f-type', 'f-images']) $(id).addEventListener('change', () => loadQueue(false));
    for (const id of ['f-label', 'f-since']) $(id).addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); loadQueue(false); } });
    $('more').addEventListener('click', () => loadQueue(true));
    loadQueue(false);
  } else {
    loadSample();
  }
  // ---- live ----
  // Every committed event (anyone's) refreshes what is shown, without a reload. A stream the
  // server refuses (503 over --max-connections or out of descriptors, or any answer but a 200
  // event stream) is closed by the browser for good: then the page says so, opens a new one
  // after 2 s, 4 s, … up to 60 s, and refreshes once it is open (events may have been missed).
  const live = { delay: 2, retry: null, tick: null, notice: null, paused: false };
  let timer = null;
  const onEvent = () => { clearTimeout(timer); timer = setTimeout(refresh, 150); };
  const liveTypes = ['sample.submitted', 'nyckel.responded', 'nyckel.resubmitted', 'sample.relabeled', 'sample.updated', 'sample.deleted', 'image.fetched', 'image.fetch_failed', 'message'];
  // The notice is a message like any other: a countdown tick replaces only the notice itself
  // (an action's message shown meanwhile stays until the next attempt fails).
  function notice(text, force) {
    if (!force && $('message').textContent !== live.notice) return;
    live.notice = text;
    say(text, 'paused');
  }
  function clearNotice() {
    if (live.notice !== null && $('message').textContent === live.notice) say('');
    live.notice = null;
  }
  function pause() {
    live.paused = true;
    let left = live.delay;
    live.delay = Math.min(60, live.delay * 2);
    const text = () => 'Live updates paused \u2014 retrying in ' + left + ' s';
    notice(text(), true);
    clearInterval(live.tick);
    live.tick = setInterval(() => { left -= 1; if (left > 0) notice(text()); }, 1000);
    clearTimeout(live.retry);
    live.retry = setTimeout(() => { clearInterval(live.tick); connect(); }, left * 1000);
  }
  function connect() {
    const source = new EventSource('/desk/api/stream');
    source.onopen = () => {
      live.delay = 2;
      clearNotice();
      if (live.paused) { live.paused = false; refresh(); }
    };
    // While the browser retries by itself (the stream ended, the server is down) the state is
    // CONNECTING. CLOSED means it gave up: a signed-out session (the stream's 401), which
    // /desk/api/me's 401 sends to the sign-in page, or a refusal, retried here.
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return;
      getJSON('/desk/api/me').then(pause, (e) => { if (!e.signedOut) pause(); });
    };
    for (const type of liveTypes) source.addEventListener(type, onEvent);
  }
  connect();
})();
"""#
}
