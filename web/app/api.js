// The console's REST client: JSON in and out, the access token on every call, a silent refresh
// when the server says TOKEN_EXPIRED (or any 401 while a refresh token is held), and a readable
// message for every failure. Tokens live in localStorage so a reload keeps the session.

const TOKEN = 'carevoice.token';
const REFRESH = 'carevoice.refreshToken';
const USER = 'carevoice.user';

export class ApiError extends Error {
  constructor(status, body) {
    super(readableMessage(status, body));
    this.status = status;
    this.code = body?.code ?? '';
    this.details = body?.details ?? null;
  }
}

// A message a person can act on: the server's own message, plus the field errors it names.
export function readableMessage(status, body) {
  let text = body?.message || body?.error || '';
  if (!text) {
    if (status === 0) text = 'Cannot reach the CareVoice server. Check your connection and try again.';
    else if (status === 429) text = 'Too many requests. Please wait a moment and try again.';
    else if (status >= 500) text = `The server had a problem (HTTP ${status}). Please try again.`;
    else text = `Request failed (HTTP ${status}).`;
  }
  if (body?.details && typeof body.details === 'object') {
    const fields = Object.entries(body.details)
      .filter(([, v]) => typeof v === 'string')
      .map(([k, v]) => `${k}: ${v}`);
    if (fields.length) text += ` (${fields.join('; ')})`;
  }
  return text;
}

export const session = {
  get token() { return localStorage.getItem(TOKEN); },
  get refreshToken() { return localStorage.getItem(REFRESH); },
  get user() {
    try { return JSON.parse(localStorage.getItem(USER) || 'null'); } catch { return null; }
  },
  set(data) {
    if (data.token) localStorage.setItem(TOKEN, data.token);
    if (data.refreshToken) localStorage.setItem(REFRESH, data.refreshToken);
    if (data.user) localStorage.setItem(USER, JSON.stringify(data.user));
  },
  clear() {
    localStorage.removeItem(TOKEN);
    localStorage.removeItem(REFRESH);
    localStorage.removeItem(USER);
  },
};

// Called when the session cannot be refreshed (main.js shows the login page).
let onExpired = () => {};
export function onSessionExpired(fn) { onExpired = fn; }

let refreshing = null;
// One refresh at a time: concurrent 401s wait for the same new token.
export function refresh() {
  if (!refreshing) {
    refreshing = (async () => {
      const refreshToken = session.refreshToken;
      if (!refreshToken) return false;
      const r = await send('POST', '/api/auth/refresh', { refreshToken }, null);
      if (r.status !== 200) return false;
      session.set(r.body);
      return true;
    })().finally(() => { refreshing = null; });
  }
  return refreshing;
}

async function send(method, path, body, token) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    return { status: 0, body: null };
  }
  // A file (e.g. the audio/wav of a voice preview) is handed over as a Blob.
  const type = res.headers.get('content-type') || '';
  if (res.ok && type && !type.includes('json')) return { status: res.status, body: await res.blob() };
  let parsed = null;
  const text = await res.text();
  if (text) {
    try { parsed = JSON.parse(text); } catch { parsed = { message: text.slice(0, 200) }; }
  }
  return { status: res.status, body: parsed };
}

// Calls the API as the signed-in user. Resolves with the body (a Blob for a non-JSON answer);
// rejects with an ApiError.
export async function api(method, path, body) {
  let r = await send(method, path, body, session.token);
  if (r.status === 401 && session.refreshToken && !path.startsWith('/api/auth/login')) {
    if (await refresh()) {
      r = await send(method, path, body, session.token);
    } else {
      session.clear();
      onExpired();
      throw new ApiError(401, { message: 'Your session has expired. Please log in again.' });
    }
  }
  if (r.status === 401 && !path.startsWith('/api/auth/')) {
    session.clear();
    onExpired();
  }
  if (r.status < 200 || r.status >= 300) throw new ApiError(r.status, r.body);
  return r.body;
}
