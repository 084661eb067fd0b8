// History: every conversation with its metadata; open one for its messages (with audio players
// where a message has audio) and, after a live voice call, each turn's latency (voiceCall.turns);
// end, archive or delete it.
import { api } from './api.js';
import { h, badge, sentimentBadge, notify, formatTime } from './dom.js';
import { messageView } from './agents.js';

export async function renderHistory(root) {
  const [agents, conversations] = await Promise.all([
    api('GET', '/api/agents'), api('GET', '/api/conversations?include=&limit=500')]);
  const names = new Map(agents.map((a) => [a._id, a.name]));
  const table = h('table', { class: 'table' },
    h('caption', { class: 'sr-only' }, 'All conversations, newest first'),
    h('thead', {}, h('tr', {}, ['Conversation', 'Agent', 'Status', 'Sentiment', 'Messages', 'Duration', 'Started', 'Actions']
      .map((t) => h('th', { scope: 'col' }, t)))));
  const tbody = h('tbody');
  table.append(tbody);
  const detail = h('section', { class: 'card', id: 'history-detail', 'aria-live': 'polite' });
  const draw = () => {
    tbody.replaceChildren(...conversations.map((c) => {
      const action = (label, fn, cls = 'secondary small') => h('button', { type: 'button', class: cls,
        'aria-label': `${label}: ${c.title || 'conversation'}`, onclick: async () => {
          try { await fn(); draw(); } catch (e) { notify(e.message, 'error'); }
        } }, label);
      return h('tr', { 'data-id': c._id },
        h('td', {}, c.title || 'Untitled', c.visitorId ? h('span', { class: 'muted' }, ' (visitor)') : null),
        h('td', {}, names.get(c.agentId) || '—'),
        h('td', {}, badge(c.status, `status-${c.status}`)),
        h('td', {}, sentimentBadge(c.analytics?.sentiment || 'neutral')),
        h('td', {}, String(c.analytics?.messageCount ?? 0)),
        h('td', {}, `${Math.round(c.analytics?.duration ?? 0)} s`),
        h('td', {}, formatTime(c.createdAt)),
        h('td', { class: 'actions' },
          action('View', () => show(c)),
          c.status !== 'completed' && c.status !== 'archived' ? action('End', async () => {
            Object.assign(c, await api('PUT', `/api/conversations/${c._id}/end`));
            notify('Conversation ended.');
          }) : null,
          c.status !== 'archived' ? action('Archive', async () => {
            Object.assign(c, await api('PUT', `/api/conversations/${c._id}`, { status: 'archived' }));
            notify('Conversation archived.');
          }) : null,
          action('Delete', async () => {
            if (!confirm(`Delete "${c.title || 'this conversation'}" and its audio? This cannot be undone.`)) return;
            await api('DELETE', `/api/conversations/${c._id}`);
            conversations.splice(conversations.indexOf(c), 1);
            notify('Conversation deleted.');
          }, 'danger small')));
    }));
    if (!conversations.length) tbody.append(h('tr', {}, h('td', { colspan: 8 }, 'No conversations yet.')));
  };
  const show = async (c) => {
    const full = await api('GET', `/api/conversations/${c._id}`);
    const list = h('ol', { class: 'chat', tabindex: 0, 'aria-label': 'Messages' });
    const turns = new Map((full.voiceCall?.turns || []).map((t) => [t.replyId, t]));
    for (const m of full.messages || []) {
      const li = messageView(m);
      const turn = turns.get(m._id);
      li.append(h('p', { class: 'muted small' }, formatTime(m.timestamp),
        turn ? ` · voice-to-voice ${ms(turn.voiceToVoiceMs)}${turn.truncated ? ' · interrupted' : ''}` : ''));
      list.append(li);
    }
    detail.replaceChildren(h('h2', { tabindex: -1 }, full.title || 'Conversation'),
      h('p', { class: 'muted' }, `Status ${full.status} · company ${full.company || 'general'} · ` +
        `${full.analytics?.messageCount ?? 0} messages · satisfaction ${full.analytics?.satisfaction || '—'} · ` +
        `started ${formatTime(full.createdAt)}${full.endedAt ? ` · ended ${formatTime(full.endedAt)}` : ''}`),
      voiceLatency(full.voiceCall), list);
    detail.querySelector('h2').focus();
  };
  draw();
  root.append(h('h1', {}, 'History'), h('div', { class: 'card scroll-x' }, table), detail);
}

const ms = (v) => (typeof v === 'number' ? `${Math.round(v)} ms` : '—');

// The per-turn latencies of a live voice call (GET /api/conversations/:id voiceCall.turns).
function voiceLatency(call) {
  if (!call?.turns?.length) return null;
  const cols = ['Turn', 'Voice to voice', 'Decision', 'Recognition', 'Reply', 'Speech', 'Played'];
  return h('div', { class: 'scroll-x' }, h('table', { class: 'table voice-latency' },
    h('caption', {}, `Voice call: ${call.turnCount ?? call.turns.length} turns, latency per turn` +
      (call.truncatedReplies ? ` (${call.truncatedReplies} interrupted)` : '')),
    h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, call.turns.map((t, i) => h('tr', {},
      h('th', { scope: 'row' }, String(i + 1)),
      h('td', {}, ms(t.voiceToVoiceMs)), h('td', {}, ms(t.decisionMs)), h('td', {}, ms(t.sttMs)),
      h('td', {}, ms(t.replyMs)), h('td', {}, ms(t.ttsMs)),
      h('td', {}, t.truncated ? `interrupted after ${ms(t.playedMs)}` : 'in full'))))));
}
