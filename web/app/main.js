// The staff console: a hash-routed single page (no build step, plain ES modules).
import { api, session, onSessionExpired, ApiError } from './api.js';
import { h, field, form, notify, errorBox } from './dom.js';
import { closeSocket, onSocketExpired } from './realtime.js';
import { renderAgents, renderAgentForm, renderAgentTest } from './agents.js';
import { renderInbox, stopInbox, inboxUnread } from './inbox.js';
import { renderHistory } from './history.js';
import { renderDashboard } from './dashboard.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');

function expired() {
  session.clear();
  closeSocket();
  location.hash = '#/login';
  notify('Your session has expired. Please log in again.', 'error');
}
onSessionExpired(expired);
onSocketExpired(expired);

const routes = [
  [/^#\/login$/, renderLogin, false],
  [/^#\/register$/, renderRegister, false],
  [/^#\/agents$/, renderAgents, true],
  [/^#\/agents\/new$/, (m) => renderAgentForm(m, null), true],
  [/^#\/agents\/([0-9a-f]{24})$/, (m, id) => renderAgentForm(m, id), true],
  [/^#\/agents\/([0-9a-f]{24})\/test$/, (m, id) => renderAgentTest(m, id), true],
  [/^#\/inbox(?:\/([0-9a-f]{24}))?$/, (m, id) => renderInbox(m, id), true],
  [/^#\/history$/, renderHistory, true],
  [/^#\/dashboard$/, renderDashboard, true],
  [/^#\/profile$/, renderProfile, true],
];

function renderNav() {
  nav.replaceChildren();
  if (!session.token) {
    nav.append(h('a', { href: '#/login' }, 'Log in'), h('a', { href: '#/register' }, 'Register'));
    return;
  }
  const links = [['#/inbox', 'Inbox'], ['#/agents', 'Agents'], ['#/history', 'History'],
    ['#/dashboard', 'Dashboard'], ['#/profile', 'Profile']];
  for (const [href, label] of links) {
    const a = h('a', { href }, label);
    if (location.hash.startsWith(href)) a.setAttribute('aria-current', 'page');
    if (href === '#/inbox') a.append(h('span', { id: 'inbox-unread', class: 'count' }));
    nav.append(a);
  }
  nav.append(h('button', { type: 'button', class: 'link', onclick: logout }, 'Log out'));
  inboxUnread();
}

async function route() {
  const hash = location.hash || '#/inbox';
  for (const [re, view, needsAuth] of routes) {
    const m = re.exec(hash);
    if (!m) continue;
    if (needsAuth && !session.token) { location.hash = '#/login'; return; }
    if (!needsAuth && session.token) { location.hash = '#/inbox'; return; }
    if (!hash.startsWith('#/inbox')) stopInbox();
    renderNav();
    main.replaceChildren();
    try {
      await view(main, ...m.slice(1));
    } catch (e) {
      main.append(errorBox(e instanceof ApiError || e instanceof Error ? e.message : String(e)));
    }
    const heading = main.querySelector('h1');
    if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
    return;
  }
  location.hash = session.token ? '#/inbox' : '#/login';
}

function input(name, type = 'text', attrs = {}) {
  return h('input', { name, type, ...attrs });
}

async function renderLogin(root) {
  const email = input('email', 'email', { autocomplete: 'username', required: true });
  const password = input('password', 'password', { autocomplete: 'current-password', required: true });
  root.append(h('section', { class: 'card narrow' },
    h('h1', {}, 'Log in to CareVoice'),
    form([field('Email', email), field('Password', password)], 'Log in', async () => {
      const data = await api('POST', '/api/auth/login', { email: email.value.trim(), password: password.value });
      session.set(data);
      location.hash = '#/inbox';
    }),
    h('p', {}, 'No account yet? ', h('a', { href: '#/register' }, 'Create one'))));
}

async function renderRegister(root) {
  const name = input('name', 'text', { autocomplete: 'name', required: true });
  const email = input('email', 'email', { autocomplete: 'username', required: true });
  const password = input('password', 'password', { autocomplete: 'new-password', required: true, minlength: 8 });
  root.append(h('section', { class: 'card narrow' },
    h('h1', {}, 'Create your CareVoice account'),
    form([field('Name', name), field('Email', email),
      field('Password', password, 'At least 8 characters, with a letter and a digit.')], 'Create account', async () => {
      const data = await api('POST', '/api/auth/register', {
        name: name.value.trim(), email: email.value.trim(), password: password.value });
      session.set(data);
      location.hash = '#/agents';
    }),
    h('p', {}, 'Already registered? ', h('a', { href: '#/login' }, 'Log in'))));
}

async function renderProfile(root) {
  const user = await api('GET', '/api/auth/profile');
  session.set({ user });
  const name = input('name', 'text', { value: user.name, autocomplete: 'name' });
  const email = input('email', 'email', { value: user.email, autocomplete: 'email' });
  const current = input('currentPassword', 'password', { autocomplete: 'current-password' });
  const next = input('password', 'password', { autocomplete: 'new-password' });
  root.append(h('h1', {}, 'Your profile'),
    h('section', { class: 'card narrow' }, h('h2', {}, 'Details'),
      form([field('Name', name), field('Email', email)], 'Save profile', async () => {
        const u = await api('PUT', '/api/auth/profile', { name: name.value.trim(), email: email.value.trim() });
        session.set({ user: u });
        notify('Profile saved.');
      })),
    h('section', { class: 'card narrow' }, h('h2', {}, 'Change password'),
      form([field('Current password', current), field('New password', next)], 'Change password', async (f) => {
        await api('PUT', '/api/auth/profile', { currentPassword: current.value, password: next.value });
        f.reset();
        notify('Password changed.');
      })));
}

async function logout() {
  const refreshToken = session.refreshToken;
  try { if (refreshToken) await api('POST', '/api/auth/logout', { refreshToken }); } catch { /* gone anyway */ }
  session.clear();
  closeSocket();
  location.hash = '#/login';
}

window.addEventListener('hashchange', route);
route();
