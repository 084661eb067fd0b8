// Analytics: the figures and Chart.js charts of the REST stats API
// (GET /api/conversations/stats/user/:id?from=&to=&agentId=&tz=), filtered by a date range and an
// agent. Every number is the server's, computed in SQL: the page shows exactly what the API
// returns for the same filter. Days and hours are counted at the browser's current UTC offset.
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

// The stats URL for `userId` and the filter {from, to, agentId} (dates as YYYY-MM-DD, both
// inclusive, at the browser's offset). Exported for the tests.
export function statsUrl(userId, { from = '', to = '', agentId = '' } = {}) {
  const p = new URLSearchParams({ tz: String(-new Date().getTimezoneOffset()) });
  if (from) p.set('from', from);
  if (to) p.set('to', to);
  if (agentId) p.set('agentId', agentId);
  return `/api/conversations/stats/user/${userId}?${p}`;
}

export async function renderDashboard(root) {
  const user = session.user;
  const agents = await api('GET', '/api/agents');
  const from = h('input', { type: 'date', name: 'from' });
  const to = h('input', { type: 'date', name: 'to' });
  const agent = h('select', { name: 'agent' }, h('option', { value: '' }, 'All agents'),
    agents.filter((a) => !a.isDemo).map((a) => h('option', { value: a._id }, a.name)));
  const figures = h('dl', { class: 'figures', id: 'figures', 'aria-live': 'polite' });
  const restLine = h('p', { class: 'muted', id: 'rest-stats' });
  const charts = h('div', { class: 'charts' });
  const canvases = {};
  for (const [key, label] of [['perDay', 'Conversations over time'], ['sentiment', 'Sentiment breakdown'],
    ['intents', 'Top intents'], ['hours', 'Busiest hours (user messages)'], ['companies', 'Companies']]) {
    canvases[key] = h('canvas', { role: 'img', 'aria-label': label });
    charts.append(h('figure', { class: 'card chart' }, h('figcaption', {}, label), h('div', { class: 'chart-box' }, canvases[key])));
  }
  const controls = h('form', { class: 'filters', 'aria-label': 'Dashboard filter', onsubmit: (e) => e.preventDefault() },
    field('From', from), field('To', to), field('Agent', agent));
  root.append(h('h1', {}, 'Dashboard'), controls,
    h('section', { class: 'card', 'aria-label': 'Figures' }, figures, restLine), charts);

  let Chart = null;
  try { Chart = await loadChartJs(); } catch (e) { notify(e.message, 'error'); }
  const instances = {};
  const fig = (id, label, value) => h('div', {}, h('dt', {}, label), h('dd', { 'data-stat': id }, value));
  let seq = 0;
  const draw = async () => {
    const mine = ++seq;
    if (from.value && to.value && to.value < from.value) {
      restLine.textContent = 'The "To" date must not be before the "From" date.';
      return;
    }
    const url = statsUrl(user?._id, { from: from.value, to: to.value, agentId: agent.value });
    figures.setAttribute('aria-busy', 'true');
    let s;
    try { s = await api('GET', url); } catch (e) {
      if (mine === seq) { restLine.textContent = e.message; figures.replaceChildren(); }
      return;
    } finally { if (mine === seq) figures.removeAttribute('aria-busy'); }
    if (mine !== seq) return; // A newer filter was asked for meanwhile.
    figures.replaceChildren(...[
      fig('totalCalls', 'Conversations', String(s.totalCalls)),
      fig('totalMessages', 'Messages', String(s.totalMessages)),
      fig('averageDuration', 'Average duration', `${s.averageDuration} s`),
      fig('satisfaction', 'Average satisfaction', s.averageSatisfaction == null ? '—' : `${s.averageSatisfaction.toFixed(2)} / 5`),
      fig('escalationRate', 'Escalation rate', `${(s.escalationRate * 100).toFixed(1)} %`),
      ...SENTIMENTS.map((k) => fig(`sentiment-${k}`, `Sentiment ${k}`, String(s.sentimentBreakdown[k]))),
      fig('companies', 'Companies', s.companiesInteractedWith.length ? s.companiesInteractedWith.join(', ') : '—')]);
    figures.dataset.url = url;
    restLine.textContent = `From the REST stats API (${url.replace(/^.*\?/, '')}); agent tests are not counted.`;
    if (!Chart) return;
    const data = {
      perDay: ['bar', s.conversationsPerDay.map((d) => d.date), s.conversationsPerDay.map((d) => d.count), 'Conversations'],
      sentiment: ['doughnut', SENTIMENTS, SENTIMENTS.map((k) => s.sentimentBreakdown[k]), 'Conversations'],
      intents: ['bar', s.topIntents.map((e) => e.intent), s.topIntents.map((e) => e.count), 'User messages'],
      hours: ['bar', s.busiestHours.map((_, i) => `${i}h`), s.busiestHours, 'User messages'],
      companies: ['bar', s.companyBreakdown.map((e) => e.company), s.companyBreakdown.map((e) => e.count), 'Conversations'],
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
  await draw();
}
