// Analytics: figures and Chart.js charts over the signed-in user's conversations, filtered by a
// date range (creation day, local time) and an agent. The figures are computed here from
// GET /api/conversations?include=messages with the same rules as the REST stats API
// (GET /api/conversations/stats/user/:id): without a filter they equal its numbers, and the page
// shows those numbers next to its own so a mismatch is visible.
import { api, session } from './api.js';
import { h, field, notify } from './dom.js';

let chartLib = null;
function loadChartJs() {
  if (window.Chart) return Promise.resolve(window.Chart);
  if (!chartLib) {
    chartLib = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/vendor/chart.umd.js';
      s.onload = () => resolve(window.Chart);
      s.onerror = () => { chartLib = null; reject(new Error('The chart library could not be loaded.')); };
      document.head.append(s);
    });
  }
  return chartLib;
}

const SENTIMENTS = ['positive', 'neutral', 'negative', 'urgent'];

// The stats of `conversations` (each with messages[]), by the REST stats API's rules.
export function computeStats(conversations) {
  const s = {
    totalCalls: conversations.length, averageDuration: 0, totalMessages: 0,
    sentimentBreakdown: { positive: 0, negative: 0, neutral: 0, urgent: 0 }, companies: [],
    escalated: 0, satisfaction: 0, intents: new Map(), hours: new Array(24).fill(0), perDay: new Map(),
  };
  let duration = 0;
  let satSum = 0;
  let satN = 0;
  const companies = [];
  for (const c of [...conversations].sort((a, b) => (a.createdAt || '').localeCompare(b.createdAt || ''))) {
    duration += c.analytics?.duration ?? 0;
    const sentiment = SENTIMENTS.includes(c.analytics?.sentiment) ? c.analytics.sentiment : 'neutral';
    s.sentimentBreakdown[sentiment] += 1;
    const co = (c.company || '').toLowerCase();
    if (co && co !== 'general' && !companies.includes(co)) companies.push(co);
    const msgs = (c.messages || []).filter((m) => m.role !== 'system');
    s.totalMessages += msgs.length;
    if (c.status === 'escalated' || msgs.some((m) => m.role === 'human')) s.escalated += 1;
    if ((c.analytics?.satisfaction ?? 0) > 0) { satSum += c.analytics.satisfaction; satN += 1; }
    for (const m of msgs) {
      if (m.role !== 'user') continue;
      const intent = m.metadata?.intent;
      if (intent) s.intents.set(intent, (s.intents.get(intent) || 0) + 1);
      s.hours[new Date(m.timestamp).getHours()] += 1;
    }
    const day = localDay(c.createdAt);
    s.perDay.set(day, (s.perDay.get(day) || 0) + 1);
  }
  s.averageDuration = conversations.length ? duration / conversations.length : 0;
  s.satisfaction = satN ? satSum / satN : 0;
  s.companies = companies;
  s.escalationRate = conversations.length ? s.escalated / conversations.length : 0;
  return s;
}

function localDay(iso) {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export async function renderDashboard(root) {
  const user = session.user;
  const [agents, all] = await Promise.all([
    api('GET', '/api/agents'), api('GET', '/api/conversations?include=messages&limit=1000')]);
  const from = h('input', { type: 'date', name: 'from' });
  const to = h('input', { type: 'date', name: 'to' });
  const agent = h('select', { name: 'agent' }, h('option', { value: '' }, 'All agents'),
    agents.filter((a) => !a.isDemo).map((a) => h('option', { value: a._id }, a.name)));
  const figures = h('dl', { class: 'figures', id: 'figures' });
  const restLine = h('p', { class: 'muted', id: 'rest-stats' });
  const charts = h('div', { class: 'charts' });
  const canvases = {};
  for (const [key, label] of [['perDay', 'Conversations over time'], ['sentiment', 'Sentiment breakdown'],
    ['intents', 'Top intents'], ['hours', 'Busiest hours (user messages)']]) {
    canvases[key] = h('canvas', { role: 'img', 'aria-label': label });
    charts.append(h('figure', { class: 'card chart' }, h('figcaption', {}, label), h('div', { class: 'chart-box' }, canvases[key])));
  }
  const controls = h('form', { class: 'filters', 'aria-label': 'Dashboard filter', onsubmit: (e) => e.preventDefault() },
    field('From', from), field('To', to), field('Agent', agent));
  root.append(h('h1', {}, 'Dashboard'), controls, h('section', { class: 'card', 'aria-label': 'Figures' }, figures, restLine), charts);

  let Chart = null;
  try { Chart = await loadChartJs(); } catch (e) { notify(e.message, 'error'); }
  const instances = {};
  const draw = () => {
    const list = all.filter((c) => {
      if (agent.value && c.agentId !== agent.value) return false;
      const day = localDay(c.createdAt);
      if (from.value && day < from.value) return false;
      if (to.value && day > to.value) return false;
      return true;
    });
    const s = computeStats(list);
    const fig = (id, label, value) => h('div', {}, h('dt', {}, label), h('dd', { 'data-stat': id }, value));
    figures.replaceChildren(...[
      fig('totalCalls', 'Conversations', String(s.totalCalls)),
      fig('totalMessages', 'Messages', String(s.totalMessages)),
      // Whole seconds, rounded half away from zero, as the REST stats API reports it.
      fig('averageDuration', 'Average duration', `${Math.round(s.averageDuration)} s`),
      fig('satisfaction', 'Average satisfaction', s.satisfaction ? `${s.satisfaction.toFixed(2)} / 5` : '—'),
      fig('escalationRate', 'Escalation rate', `${(s.escalationRate * 100).toFixed(1)} %`),
      ...SENTIMENTS.map((k) => fig(`sentiment-${k}`, `Sentiment ${k}`, String(s.sentimentBreakdown[k]))),
      fig('companies', 'Companies', s.companies.length ? s.companies.join(', ') : '—')]);
    if (!Chart) return;
    const days = [...s.perDay.keys()].sort();
    const topIntents = [...s.intents.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
    const data = {
      perDay: ['bar', days, days.map((d) => s.perDay.get(d)), 'Conversations'],
      sentiment: ['doughnut', SENTIMENTS, SENTIMENTS.map((k) => s.sentimentBreakdown[k]), 'Conversations'],
      intents: ['bar', topIntents.map((e) => e[0]), topIntents.map((e) => e[1]), 'User messages'],
      hours: ['bar', s.hours.map((_, i) => `${i}h`), s.hours, 'User messages'],
    };
    for (const [key, [type, labels, values, label]] of Object.entries(data)) {
      instances[key]?.destroy();
      instances[key] = new Chart(canvases[key], {
        type,
        data: { labels, datasets: [{ label, data: values,
          backgroundColor: type === 'doughnut' ? ['#1b7f3b', '#6b7280', '#b45309', '#b91c1c'] : '#1d4ed8' }] },
        options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: type === 'doughnut' } } },
      });
    }
  };
  for (const el of [from, to, agent]) el.addEventListener('change', draw);
  draw();
  if (user?._id) {
    try {
      const r = await api('GET', `/api/conversations/stats/user/${user._id}`);
      restLine.textContent = `REST stats API (all agents, all dates): ${r.totalCalls} conversations, ` +
        `${r.totalMessages} messages, average duration ${r.averageDuration} s.`;
    } catch (e) { restLine.textContent = e.message; }
  }
}
