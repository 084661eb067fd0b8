// The console's Socket.IO connection (the official client, served from web/node_modules at
// /vendor/). One socket per signed-in tab; the access token goes in `auth` and is re-read on
// every reconnect, so a silent refresh also renews the socket.
import { io } from '/vendor/socket.io.esm.min.js';
import { session, refresh } from './api.js';

let socket = null;
let expiredHandler = () => {};

export function onSocketExpired(fn) { expiredHandler = fn; }

export function getSocket() {
  if (socket) return socket;
  socket = io({ auth: (cb) => cb({ token: session.token }) });
  socket.on('connect_error', async (err) => {
    const code = err?.data?.code;
    if (code === 'TOKEN_EXPIRED' || code === 'INVALID_TOKEN' || code === 'UNAUTHORIZED') {
      if (await refresh()) socket.connect();
      else expiredHandler();
    }
  });
  return socket;
}

export function closeSocket() {
  if (socket) socket.disconnect();
  socket = null;
}

// Emits `event` and resolves with the ack; rejects with a readable Error on {ok:false} or timeout.
export function request(event, payload, timeoutMs = 15000) {
  const s = getSocket();
  return new Promise((resolve, reject) => {
    s.timeout(timeoutMs).emit(event, payload, (err, ack) => {
      if (err) reject(new Error(`No answer from the server for "${event}". Check your connection.`));
      else if (!ack || ack.ok === false) {
        const e = ack?.error;
        reject(new Error((typeof e === 'string' ? e : e?.message) || `"${event}" failed.`));
      } else resolve(ack);
    });
  });
}
