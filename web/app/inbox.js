// The live inbox: every conversation of the signed-in user's agents (visitors' included), kept up
// to date by the staff socket's inbox_update events. Escalated conversations come first with their
// reason. Opening one joins its room: messages with badges, the bot's streamed reply, take over,
// reply as a human, hand back.
import { api } from './api.js';
import { h, field, badge, sentimentBadge, notify, formatTime, REASONS } from './dom.js';
import { getSocket, request } from './realtime.js';
import { messageView } from './agents.js';

const store = {
  loaded: null, // Promise of the first load.
  conversations: new Map(),
  reasons: new Map(),
  agents: new Map(),
  seen: JSON.parse(localStorage.getItem('carevoice.seen') || '{}'),
  filters: { agent: '', status: '', sentiment: '', company: '', text: '' },
  matching: null, // Set of the ids the server's filtered list returned; null = no filter set.
  texts: new Map(), // conversationId → message text seen so far.
};
let mounted = null; // {root, list, pane, openId} while the inbox page is shown.

function saveSeen() { localStorage.setItem('carevoice.seen', JSON.stringify(store.seen)); }

function unreadOf(c) {
  if (mounted?.openId === c._id) return 0;
  const count = c.analytics?.messageCount ?? 0;
  return Math.max(0, count - (store.seen[c._id] ?? 0));
}

export function inboxUnread() {
  const span = document.getElementById('inbox-unread');
  if (!span) return;
  let total = 0;
  for (const c of store.conversations.values()) total += unreadOf(c);
  span.textContent = total ? ` ${total}` : '';
  span.setAttribute('aria-label', total ? `${total} unread` : '');
}

function ensureLoaded() {
  if (store.loaded) return store.loaded;
  store.loaded = (async () => {
    const [agents, conversations] = await Promise.all([
      api('GET', '/api/agents'), api('GET', '/api/conversations?include=&limit=200')]);
    for (const a of agents) store.agents.set(a._id, a);
    for (const c of conversations) store.conversations.set(c._id, c);
    const socket = getSocket();
    socket.on('inbox_update', (u) => {
      if (u.type === 'conversation_deleted') store.conversations.delete(u.conversationId);
      else if (u.conversation) store.conversations.set(u.conversationId, u.conversation);
      if (u.type === 'escalated') {
        store.reasons.set(u.conversationId, u.reason);
        maybeNotify(u);
      }
      if (u.conversation?.status === 'active') store.reasons.delete(u.conversationId);
      if (store.matching) scheduleFilteredList(500); // A change may move it in or out of the filter.
      redraw();
    });
    socket.on('connect', () => { if (mounted?.openId) joinOpen(mounted.openId); });
  })().catch((e) => { store.loaded = null; throw e; });
  return store.loaded;
}

// A new escalation, when the user turned notifications on: a short chime, and a browser
// notification where the browser allowed them.
function maybeNotify(u) {
  if (localStorage.getItem('carevoice.notify') !== 'on') return;
  chime();
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  const title = u.conversation?.title || 'A conversation';
  new Notification('CareVoice: escalation', { body: `${title}: ${REASONS[u.reason] || u.reason}` });
}

let chimeContext = null;
function chime() {
  try {
    chimeContext ??= new AudioContext();
    const ctx = chimeContext;
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    gain.gain.setValueAtTime(0.0001, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.2, ctx.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.6);
    for (const [hz, at] of [[880, 0], [1320, 0.15]]) {
      const osc = ctx.createOscillator();
      osc.frequency.value = hz;
      osc.connect(gain);
      osc.start(ctx.currentTime + at);
      osc.stop(ctx.currentTime + 0.6);
    }
    document.documentElement.dataset.chimes = String(Number(document.documentElement.dataset.chimes || 0) + 1);
  } catch { /* no Web Audio: the notification and the list still show it */ }
}

function sorted() {
  return [...store.conversations.values()]
    .filter((c) => !store.matching || store.matching.has(c._id)) // The filter bar's server result.
    .sort((a, b) => {
      const ea = a.status === 'escalated' ? 1 : 0;
      const eb = b.status === 'escalated' ? 1 : 0;
      if (ea !== eb) return eb - ea;
      return (b.updatedAt || '').localeCompare(a.updatedAt || '');
    });
}

function redraw() {
  inboxUnread();
  if (!mounted) return;
  const items = sorted();
  mounted.list.replaceChildren(...items.map((c) => {
    const reason = store.reasons.get(c._id);
    const unread = unreadOf(c);
    const agent = store.agents.get(c.agentId);
    return h('li', { class: `conv ${c.status}`, 'data-id': c._id },
      h('a', { href: `#/inbox/${c._id}`, 'aria-current': mounted.openId === c._id ? 'true' : null },
        h('span', { class: 'conv-title' }, c.title || 'New conversation'),
        unread ? h('span', { class: 'count', 'aria-label': `${unread} unread` }, String(unread)) : null,
        h('span', { class: 'conv-meta' },
          badge(c.status, `status-${c.status}`),
          c.status === 'escalated' ? badge(reason ? REASONS[reason] || reason : 'needs a person', 'reason') : null,
          sentimentBadge(c.analytics?.sentiment),
          h('span', { class: 'muted' }, [agent?.name, c.visitorId ? 'visitor' : null, formatTime(c.updatedAt)].filter(Boolean).join(' · ')))));
  }));
  if (!items.length) mounted.list.append(h('li', { class: 'muted' }, 'No conversations match.'));
  if (mounted.openId) drawHeader();
}

export function stopInbox() {
  if (!mounted) return;
  mounted.cleanup?.();
  mounted = null;
}

function select(name, label, options, value, onChange) {
  const s = h('select', { name }, h('option', { value: '' }, 'All'), options.map(([v, t]) => h('option', { value: v }, t)));
  s.value = value;
  s.addEventListener('change', () => onChange(s.value));
  return field(label, s);
}

export async function renderInbox(root, openId) {
  stopInbox();
  await ensureLoaded();
  const notifyBox = h('input', { type: 'checkbox', id: 'notify-escalations', checked: localStorage.getItem('carevoice.notify') === 'on' });
  notifyBox.addEventListener('change', async () => {
    if (notifyBox.checked && 'Notification' in window && Notification.permission !== 'granted') {
      const p = await Notification.requestPermission();
      if (p !== 'granted') notify('The browser did not allow notifications: you will hear a sound instead.');
    }
    localStorage.setItem('carevoice.notify', notifyBox.checked ? 'on' : 'off');
  });
  const filters = filterBar();
  filters.append(h('div', { class: 'check' }, notifyBox, h('label', { for: 'notify-escalations' }, 'Notify me of new escalations')));
  const list = h('ol', { class: 'conv-list', 'aria-label': 'Conversations' });
  const pane = h('section', { class: 'conv-pane card', 'aria-label': 'Conversation' });
  root.append(h('h1', {}, 'Inbox'), filters, h('div', { class: 'inbox' }, h('nav', { class: 'card list-card', tabindex: 0, 'aria-label': 'Conversation list' }, list), pane));
  mounted = { root, list, pane, openId: openId || null };
  redraw();
  if (openId) await openConversation(openId);
  else pane.append(h('p', { class: 'muted' }, 'Pick a conversation to read it and take over.'));
}

// --- The filter bar: agent, status, sentiment, company and text, answered by the server ---
// (GET /api/conversations?agentId=&status=&sentiment=&company=&q=: the text is searched in titles
// and in every message). While a filter is set, the list shows the server's matches, refreshed
// when a conversation changes; with none, every conversation loaded live.

// The list URL for the filters `f`.
export function filteredListUrl(f) {
  const p = new URLSearchParams({ include: '', limit: '200' });
  if (f.agent) p.set('agentId', f.agent);
  if (f.status) p.set('status', f.status);
  if (f.sentiment) p.set('sentiment', f.sentiment);
  if (f.company) p.set('company', f.company);
  if (f.text.trim()) p.set('q', f.text.trim());
  return `/api/conversations?${p}`;
}

let filterSeq = 0;
let filterTimer = null;

async function loadFilteredList() {
  clearTimeout(filterTimer);
  const f = store.filters;
  const mine = ++filterSeq;
  if (!f.agent && !f.status && !f.sentiment && !f.company && !f.text.trim()) {
    store.matching = null;
    redraw();
    return;
  }
  mounted?.list.setAttribute('aria-busy', 'true');
  try {
    const list = await api('GET', filteredListUrl(f));
    if (mine !== filterSeq) return; // A newer filter was asked for meanwhile.
    for (const c of list) store.conversations.set(c._id, c);
    store.matching = new Set(list.map((c) => c._id));
  } catch (e) {
    if (mine === filterSeq) notify(e.message, 'error');
  } finally {
    if (mine === filterSeq) mounted?.list.removeAttribute('aria-busy');
  }
  redraw();
}

function scheduleFilteredList(delayMs) {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(loadFilteredList, delayMs);
}

function filterBar() {
  const f = store.filters;
  const companies = [...new Set([...store.conversations.values()].map((c) => (c.company || '').toLowerCase()).filter(Boolean))].sort();
  const setFilter = (k) => (v) => { f[k] = v; loadFilteredList(); };
  const search = h('input', { type: 'search', name: 'q', value: f.text, maxlength: 200 });
  search.addEventListener('input', () => { f.text = search.value; scheduleFilteredList(300); });
  return h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter conversations',
    onsubmit: (e) => { e.preventDefault(); loadFilteredList(); } },
  select('agent', 'Agent', [...store.agents.values()].map((a) => [a._id, a.name]), f.agent, setFilter('agent')),
  select('status', 'Status', ['active', 'escalated', 'completed', 'archived'].map((s) => [s, s]), f.status, setFilter('status')),
  select('sentiment', 'Sentiment', ['positive', 'neutral', 'negative', 'urgent'].map((s) => [s, s]), f.sentiment, setFilter('sentiment')),
  select('company', 'Company', companies.map((c) => [c, c]), f.company, setFilter('company')),
  field('Search titles and messages', search));
}

async function joinOpen(id) {
  const ack = await request('join_conversation', { conversationId: id });
  return ack;
}

function drawHeader() {
  const m = mounted;
  if (!m?.header) return;
  const c = store.conversations.get(m.openId);
  if (!c) { m.header.replaceChildren(h('p', {}, 'This conversation was deleted.')); return; }
  const reason = store.reasons.get(c._id);
  const act = (event, label) => h('button', { type: 'button', class: event === 'handback' ? 'secondary' : '', onclick: async (e) => {
    e.currentTarget.disabled = true;
    try {
      const ack = await request(event, { conversationId: c._id });
      if (ack.conversation) store.conversations.set(c._id, ack.conversation);
      if (event === 'handback') store.reasons.delete(c._id);
      notify(`${label}: done.`);
      redraw();
    } catch (err) { notify(err.message, 'error'); e.currentTarget.disabled = false; }
  } }, label);
  m.header.replaceChildren(
    h('h2', {}, c.title || 'Conversation'),
    h('p', { class: 'conv-meta' }, badge(c.status, `status-${c.status}`),
      c.status === 'escalated' ? badge(reason ? REASONS[reason] || reason : 'needs a person', 'reason') : null,
      sentimentBadge(c.analytics?.sentiment), h('span', { class: 'muted' }, store.agents.get(c.agentId)?.name || '')),
    h('div', { class: 'actions' },
      c.status === 'active' ? act('takeover', 'Take over') : null,
      c.status === 'escalated' ? act('handback', 'Hand back to the bot') : null,
      c.status === 'escalated' && !m.takenOver ? act('takeover', 'Take over') : null,
      c.status !== 'completed' && c.status !== 'archived' ? act('end_conversation', 'End') : null));
}

async function openConversation(id) {
  const m = mounted;
  const socket = getSocket();
  const log = h('ol', { class: 'chat', tabindex: 0, 'aria-label': 'Messages' });
  const typing = h('p', { class: 'typing', hidden: true });
  const header = h('div', { class: 'conv-head' });
  const reply = h('textarea', { name: 'reply', rows: 2 });
  const err = h('p', { class: 'error', role: 'alert', hidden: true });
  const send = h('button', { type: 'submit' }, 'Send as staff');
  const composer = h('form', { class: 'composer' }, field('Reply as a person', reply), err, send);
  m.header = header;
  m.pane.replaceChildren(header, h('div', { role: 'log', 'aria-live': 'polite' }, log), typing, composer);
  let ack;
  try { ack = await joinOpen(id); } catch (e) {
    m.pane.replaceChildren(h('p', { class: 'error', role: 'alert' }, e.message));
    return;
  }
  if (mounted !== m) return;
  if (ack.conversation) store.conversations.set(id, ack.conversation);
  const texts = [];
  for (const msg of ack.messages || []) { log.append(messageView(msg)); texts.push(msg.content); }
  store.texts.set(id, texts.join(' '));
  const markSeen = () => {
    const c = store.conversations.get(id);
    store.seen[id] = c?.analytics?.messageCount ?? 0;
    saveSeen();
  };
  markSeen();
  redraw();
  let streaming = null;
  const mine = (p) => p && p.conversationId === id;
  const onMessage = (p) => {
    if (!mine(p)) return;
    const msg = p.message;
    store.texts.set(id, `${store.texts.get(id) || ''} ${msg.content}`);
    if (msg.role === 'assistant' && streaming) { streaming.replaceWith(messageView(msg)); streaming = null; return; }
    const existing = log.querySelector(`[data-id="${msg._id}"]`);
    if (existing) existing.replaceWith(messageView(msg)); else log.append(messageView(msg));
    log.lastElementChild?.scrollIntoView({ block: 'nearest' });
  };
  const onChunk = (p) => {
    if (!mine(p)) return;
    if (!streaming) { streaming = messageView({ role: 'assistant', content: '' }); streaming.classList.add('streaming'); log.append(streaming); }
    streaming.querySelector('.msg-text').textContent += p.delta;
  };
  const onReply = (p) => {
    if (!mine(p)) return;
    typing.hidden = true;
    if (streaming) {
      streaming.replaceWith(messageView({ _id: p.messageId, role: 'assistant', content: p.message, audioUrl: p.audioUrl }));
      streaming = null;
    }
  };
  const onTyping = (t) => { typing.textContent = 'The bot is typing…'; typing.hidden = !t; };
  const onAgentTyping = (p) => { if (mine(p)) { typing.textContent = 'A colleague is typing…'; typing.hidden = !p.typing; } };
  const onCustomerTyping = (p) => { if (mine(p)) { typing.textContent = 'The customer is typing…'; typing.hidden = !p.typing; } };
  const onUpdated = (p) => { if (mine(p)) { store.conversations.set(id, p.conversation); markSeen(); redraw(); } };
  const onEscalation = (p) => { if (mine(p)) { store.reasons.set(id, p.reason); redraw(); } };
  const handlers = { message: onMessage, ai_response_chunk: onChunk, ai_response: onReply, typing: onTyping,
    agent_typing: onAgentTyping, customer_typing: onCustomerTyping, conversation_updated: onUpdated, escalation: onEscalation };
  for (const [e, fn] of Object.entries(handlers)) socket.on(e, fn);
  let typingSent = false;
  reply.addEventListener('input', () => {
    const now = reply.value.trim().length > 0;
    if (now !== typingSent) { typingSent = now; socket.emit('typing', { conversationId: id, typing: now }); }
  });
  reply.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); composer.requestSubmit(); } });
  composer.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = reply.value.trim();
    if (!text) return;
    err.hidden = true;
    send.disabled = true;
    try {
      await request('human_message', { conversationId: id, message: text });
      reply.value = '';
      if (typingSent) { typingSent = false; socket.emit('typing', { conversationId: id, typing: false }); }
    } catch (ex) { err.textContent = ex.message; err.hidden = false; }
    send.disabled = false;
    reply.focus();
  });
  m.cleanup = () => {
    for (const [e, fn] of Object.entries(handlers)) socket.off(e, fn);
    socket.emit('leave_conversation', { conversationId: id });
  };
  drawHeader();
}
