// Agents: list, create/edit/delete with every field, "test this agent" (a streamed chat over
// Socket.IO), and publishing with the embed snippet.
import { api } from './api.js';
import { h, field, form, notify, badge, sentimentBadge } from './dom.js';
import { getSocket, request } from './realtime.js';

const STYLES = ['professional', 'friendly', 'casual', 'formal'];

export async function renderAgents(root) {
  const agents = await api('GET', '/api/agents');
  const list = h('ul', { class: 'cards' });
  for (const a of agents) {
    list.append(h('li', { class: 'card agent' },
      h('div', { class: 'agent-head' },
        a.avatar ? h('img', { src: a.avatar, alt: '', class: 'avatar' }) : null,
        h('div', {}, h('h2', {}, a.name), h('p', { class: 'muted' }, a.company)),
        a.isDemo ? badge('demo') : null,
        a.published ? badge('published', 'ok') : null),
      h('p', {}, a.personality || h('span', { class: 'muted' }, 'No personality set.')),
      h('div', { class: 'actions' },
        a.isDemo ? null : h('a', { class: 'button', href: `#/agents/${a._id}` }, `Edit ${a.name}`),
        h('a', { class: 'button secondary', href: `#/agents/${a._id}/test` }, `Test ${a.name}`))));
  }
  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Agents'),
      h('a', { class: 'button', href: '#/agents/new' }, 'New agent')),
    agents.length ? list : h('p', {}, 'No agents yet. Create your first one.'));
}

function rowsEditor(title, rows, makeRow, addLabel) {
  const box = h('div', { class: 'rows' });
  const add = (row) => {
    const { element, value } = makeRow(row);
    const remove = h('button', { type: 'button', class: 'secondary small', 'aria-label': `Remove this ${title.toLowerCase()} row`,
      onclick: () => { wrapper.remove(); addButton.focus(); } }, 'Remove');
    const wrapper = h('div', { class: 'row' }, element, remove);
    wrapper.value = value;
    box.append(wrapper);
    return wrapper;
  };
  rows.forEach(add);
  const addButton = h('button', { type: 'button', class: 'secondary small', onclick: () => {
    const w = add(null);
    w.querySelector('input,textarea')?.focus();
  } }, addLabel);
  const fieldset = h('fieldset', {}, h('legend', {}, title), box, addButton);
  fieldset.values = () => [...box.children].map((w) => w.value()).filter(Boolean);
  return fieldset;
}

let rowSeq = 0;
function knowledgeRow(k) {
  const n = ++rowSeq;
  const q = h('input', { type: 'text', value: k?.question ?? '', name: `knowledge-question-${n}` });
  const a = h('textarea', { rows: 2, name: `knowledge-answer-${n}` });
  a.value = k?.answer ?? '';
  return {
    element: h('div', { class: 'grow' }, field('Question', q), field('Answer', a)),
    value: () => (q.value.trim() || a.value.trim() ? { question: q.value.trim(), answer: a.value.trim() } : null),
  };
}

function intentRow(i) {
  const n = ++rowSeq;
  const name = h('input', { type: 'text', value: i?.name ?? '', name: `intent-name-${n}` });
  const ex = h('textarea', { rows: 2, name: `intent-examples-${n}` });
  ex.value = (i?.examples ?? []).join('\n');
  return {
    element: h('div', { class: 'grow' }, field('Intent name', name), field('Examples (one per line)', ex)),
    value: () => {
      const examples = ex.value.split('\n').map((s) => s.trim()).filter(Boolean);
      return name.value.trim() || examples.length ? { name: name.value.trim(), examples } : null;
    },
  };
}

export async function renderAgentForm(root, id) {
  const agent = id ? await api('GET', `/api/agents/${id}`) : {
    name: '', company: '', personality: '', responseStyle: 'professional', systemPrompt: '',
    companyInfo: '', prompts: [], knowledge: [], intents: [], settings: { maxTokens: 256, temperature: 0.7 },
  };
  const text = (name, value) => h('input', { type: 'text', name, value: value ?? '' });
  const area = (name, value, rows = 3) => { const t = h('textarea', { name, rows }); t.value = value ?? ''; return t; };
  const name = text('name', agent.name);
  const company = text('company', agent.company);
  const personality = area('personality', agent.personality);
  const style = h('select', { name: 'responseStyle' }, STYLES.map((s) => h('option', { value: s }, s)));
  style.value = agent.responseStyle || 'professional';
  const systemPrompt = area('systemPrompt', agent.systemPrompt, 4);
  const companyInfo = area('companyInfo', agent.companyInfo, 4);
  const prompts = area('prompts', (agent.prompts || []).join('\n'), 3);
  const knowledge = rowsEditor('Knowledge', agent.knowledge || [], knowledgeRow, 'Add knowledge row');
  const intents = rowsEditor('Custom intents', agent.intents || [], intentRow, 'Add intent');
  const { voice, listen, sample } = await voicePicker(agent.voice, () => ({ name: name.value.trim(), company: company.value.trim() }));
  const avatar = text('avatar', agent.avatar);
  const maxTokens = h('input', { type: 'number', name: 'maxTokens', min: 1, max: 4096, value: agent.settings?.maxTokens ?? 256 });
  const temperature = h('input', { type: 'number', name: 'temperature', min: 0, max: 2, step: 0.1, value: agent.settings?.temperature ?? 0.7 });

  const body = () => ({
    name: name.value.trim(), company: company.value.trim(), personality: personality.value,
    responseStyle: style.value, systemPrompt: systemPrompt.value, companyInfo: companyInfo.value,
    prompts: prompts.value.split('\n').map((s) => s.trim()).filter(Boolean),
    knowledge: knowledge.values(), intents: intents.values(), voice: voice.value, avatar: avatar.value.trim(),
    settings: { maxTokens: Number(maxTokens.value), temperature: Number(temperature.value) },
  });

  const f = form([
    h('div', { class: 'grid2' }, field('Name', name), field('Company', company)),
    field('Personality', personality, 'How the agent comes across, e.g. "warm and patient".'),
    h('div', { class: 'grid2' }, field('Response style', style),
      h('div', { class: 'voice-pick' }, field('Voice', voice, 'How the agent sounds on calls and in spoken replies.'),
        listen, sample)),
    field('System prompt', systemPrompt),
    field('Company information', companyInfo, 'Facts the agent may use in answers.'),
    field('Prompts (one per line)', prompts),
    knowledge, intents,
    field('Avatar URL', avatar, 'An image URL on this server, e.g. /public/avatars/…'),
    h('div', { class: 'grid2' }, field('Max tokens', maxTokens), field('Temperature', temperature)),
  ], id ? 'Save agent' : 'Create agent', async () => {
    const saved = id ? await api('PUT', `/api/agents/${id}`, body()) : await api('POST', '/api/agents', body());
    notify(`Agent "${saved.name}" saved.`);
    if (!id) location.hash = `#/agents/${saved._id}`;
  });

  root.append(h('div', { class: 'page-head' }, h('h1', {}, id ? `Edit ${agent.name}` : 'New agent'),
    id ? h('a', { class: 'button secondary', href: `#/agents/${id}/test` }, 'Test this agent') : null),
  h('section', { class: 'card' }, f));
  if (id) {
    root.append(publishCard(agent));
    const del = h('button', { type: 'button', class: 'danger', onclick: async () => {
      if (!confirm(`Delete the agent "${agent.name}"? This cannot be undone.`)) return;
      try {
        await api('DELETE', `/api/agents/${id}`);
        notify('Agent deleted.');
        location.hash = '#/agents';
      } catch (e) { notify(e.message, 'error'); }
    } }, 'Delete agent');
    root.append(h('section', { class: 'card' }, h('h2', {}, 'Danger zone'), del));
  }
}

// The voice <select> (GET /api/voices) with a "Listen" button that plays a sample in the chosen
// voice (POST /api/voices/preview). Without speech on the server: a plain text field.
async function voicePicker(current, who) {
  let voices = null;
  try { voices = await api('GET', '/api/voices'); } catch { /* below */ }
  const sample = h('audio', { controls: true, hidden: true, class: 'voice-sample', 'aria-label': 'Voice sample' });
  if (!voices?.voices?.length) {
    return { voice: h('input', { type: 'text', name: 'voice', value: current ?? '' }), listen: null, sample: null };
  }
  const voice = h('select', { name: 'voice' },
    h('option', { value: '' }, `Default (${voices.default})`),
    voices.voices.map((v) => h('option', { value: v.id },
      `${v.name} · ${v.language} (${v.engine})`)));
  if (current && !voices.voices.some((v) => v.id === current)) voice.append(h('option', { value: current }, current));
  voice.value = current ?? '';
  const listen = h('button', { type: 'button', class: 'secondary small', 'aria-label': 'Listen to this voice' }, 'Listen');
  listen.addEventListener('click', async () => {
    listen.disabled = true;
    try {
      const { name, company } = who();
      const text = `Hello, I am ${name || 'your assistant'}${company ? ` from ${company}` : ''}. How can I help you today?`;
      const blob = await api('POST', '/api/voices/preview', { voice: voice.value, text });
      if (sample.src) URL.revokeObjectURL(sample.src);
      sample.src = URL.createObjectURL(blob);
      sample.hidden = false;
      await sample.play().catch(() => notify('Press play to hear the sample.'));
    } catch (e) { notify(e.message, 'error'); }
    listen.disabled = false;
  });
  return { voice, listen, sample };
}

export function embedSnippet(widgetKey) {
  return `<script src="${location.origin}/widget.js" data-key="${widgetKey}" async></script>`;
}

function publishCard(agent) {
  const card = h('section', { class: 'card', 'aria-labelledby': 'publish-h' });
  const draw = (state) => {
    const snippet = state.widgetKey ? embedSnippet(state.widgetKey) : '';
    const snippetBox = h('textarea', { readonly: true, rows: 2, id: 'embed-snippet', class: 'code' });
    snippetBox.value = snippet;
    card.replaceChildren(h('h2', { id: 'publish-h' }, 'Publish on your website'),
      h('p', {}, state.published
        ? 'Published: paste this tag into your site. Visitors get a chat bubble that talks to this agent.'
        : 'Not published. Publishing creates a widget key and an embed tag for your website.'),
      ...(state.published ? [
        h('p', {}, 'Widget key: ', h('code', { id: 'widget-key' }, state.widgetKey)),
        field('Embed snippet', snippetBox),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'secondary', onclick: async () => {
            await navigator.clipboard?.writeText(snippet).catch(() => {});
            notify('Embed snippet copied.');
          } }, 'Copy snippet'),
          h('button', { type: 'button', class: 'secondary', onclick: () => act('POST', '/publish/rotate', 'New widget key issued; the old one no longer works.') }, 'Rotate key'),
          h('button', { type: 'button', class: 'danger', onclick: () => act('DELETE', '/publish', 'Unpublished.') }, 'Unpublish')),
      ] : [h('button', { type: 'button', onclick: () => act('POST', '/publish', 'Published.') }, 'Publish')]));
  };
  const act = async (method, suffix, message) => {
    try {
      const r = await api(method, `/api/agents/${agent._id}${suffix}`);
      draw({ published: r.published, widgetKey: r.widgetKey ?? agent.widgetKey });
      if (r.widgetKey) agent.widgetKey = r.widgetKey;
      notify(message);
    } catch (e) { notify(e.message, 'error'); }
  };
  draw(agent);
  return card;
}

// Renders one chat message with its badges (shared by the test chat and the inbox).
export function messageView(m) {
  const meta = m.metadata || {};
  const who = { user: 'Customer', assistant: 'Bot', human: 'Staff', system: 'System' }[m.role] || m.role;
  return h('li', { class: `msg ${m.role}`, 'data-id': m._id || '' },
    h('div', { class: 'msg-meta' }, h('strong', {}, who),
      meta.intent && m.role === 'user' ? badge(`intent: ${meta.intent}`, 'intent') : null,
      m.role === 'user' ? sentimentBadge(meta.sentiment) : null),
    h('p', { class: 'msg-text' }, m.content),
    m.audioUrl ? h('audio', { controls: true, src: m.audioUrl, preload: 'none', 'aria-label': `${who} audio` }) : null);
}

export async function renderAgentTest(root, id) {
  const agent = await api('GET', `/api/agents/${id}`);
  const log = h('ol', { class: 'chat', tabindex: 0, 'aria-label': 'Test conversation' });
  const typing = h('p', { class: 'typing', hidden: true }, `${agent.name} is typing…`);
  const text = h('input', { type: 'text', name: 'message', autocomplete: 'off' });
  const socket = getSocket();
  let conversationId = null;
  let streaming = null;
  const mine = (p) => p && p.conversationId === conversationId;
  const onChunk = (p) => {
    if (!mine(p)) return;
    if (!streaming) {
      streaming = messageView({ role: 'assistant', content: '' });
      streaming.classList.add('streaming');
      log.append(streaming);
    }
    streaming.querySelector('.msg-text').textContent += p.delta;
  };
  const onReply = (p) => {
    if (!mine(p)) return;
    const done = messageView({ _id: p.messageId, role: 'assistant', content: p.message, audioUrl: p.audioUrl, metadata: p.metadata });
    done.classList.add('final');
    if (streaming) streaming.replaceWith(done); else log.append(done);
    streaming = null;
    typing.hidden = true;
  };
  const onMessage = (p) => {
    if (!mine(p) || p.message.role !== 'user') return;
    const existing = log.querySelector(`[data-id="${p.message._id}"]`);
    const view = messageView(p.message);
    if (existing) existing.replaceWith(view); else log.append(view);
  };
  const onTyping = (t) => { if (conversationId) typing.hidden = !t; };
  socket.on('ai_response_chunk', onChunk);
  socket.on('ai_response', onReply);
  socket.on('message', onMessage);
  socket.on('typing', onTyping);
  const cleanup = () => {
    socket.off('ai_response_chunk', onChunk); socket.off('ai_response', onReply);
    socket.off('message', onMessage); socket.off('typing', onTyping);
    window.removeEventListener('hashchange', cleanup);
  };
  window.addEventListener('hashchange', cleanup);

  const f = form([field(`Message to ${agent.name}`, text)], 'Send', async () => {
    const message = text.value.trim();
    if (!message) throw new Error('Type a message first.');
    if (!conversationId) {
      const started = await request('start_conversation', { agentId: id, title: 'Agent test', isTest: true, wantAudio: true });
      conversationId = started.conversationId;
    }
    text.value = '';
    // Spoken too: the test chat shows each reply's audio, as a caller would hear it.
    await request('user_message', { conversationId, message, wantAudio: true });
    text.focus();
  });
  f.classList.add('composer');
  root.append(h('div', { class: 'page-head' }, h('h1', {}, `Test ${agent.name}`),
    h('a', { class: 'button secondary', href: `#/agents/${agent.isDemo ? '' : id}`.replace(/\/$/, '') }, agent.isDemo ? 'Back to agents' : 'Back to the agent')),
  h('section', { class: 'card chat-card' }, h('div', { role: 'log', 'aria-live': 'polite' }, log), typing, f));
}
