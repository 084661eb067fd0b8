// LiveKit room management and webhooks against the official livekit-server-sdk (issue 11 item 7).
// A local listener plays LiveKit's Twirp RoomService: each request the SDK's RoomServiceClient
// sends is compared with the one CareVoice sends for the same operation (path, content type,
// JSON body, the grant of the server token, verified by the SDK's TokenVerifier). Webhooks are
// signed the way LiveKit signs them (an AccessToken with the body's sha256), checked against the
// SDK's own WebhookReceiver, and sent to CareVoice, which accepts them and refuses tampering.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { AccessToken, RoomServiceClient, TokenVerifier, WebhookReceiver } from 'livekit-server-sdk';
import { startServer, expectError } from './harness.mjs';

const LK_KEY = 'APIroomservicekey';
const LK_SECRET = 'roomservice-livekit-secret-0123456789abcdef';
let server;
let listener;
let lkUrl;
const seen = [];
const missingRooms = new Set();  // Rooms the double answers Twirp not_found for.

// A Twirp RoomService double: records each request, answers like LiveKit.
function startListener() {
  return new Promise((resolve) => {
    const s = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const method = req.url.split('/').pop();
        seen.push({ method, url: req.url, httpMethod: req.method, headers: req.headers, body });
        const parsed = body ? JSON.parse(body) : {};
        let status = 200;
        let answer = {};
        if (missingRooms.has(parsed.room)) {
          status = 404;
          answer = { code: 'not_found', msg: 'requested room does not exist' };
        } else if (method === 'CreateRoom') {
          answer = { sid: 'RM_created', name: parsed.name, emptyTimeout: parsed.emptyTimeout, maxParticipants: parsed.maxParticipants, creationTime: '1800000000' };
        } else if (method === 'ListRooms') {
          answer = { rooms: [{ sid: 'RM_1', name: 'support-1', numParticipants: 2 }] };
        } else if (method === 'ListParticipants') {
          answer = { participants: [{ sid: 'PA_1', identity: 'caller-1', state: 'ACTIVE', name: 'Caller' }] };
        }
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

before(async () => {
  listener = await startListener();
  lkUrl = `ws://127.0.0.1:${listener.address().port}`;
  server = await startServer({ env: { LIVEKIT_API_KEY: LK_KEY, LIVEKIT_API_SECRET: LK_SECRET, LIVEKIT_URL: lkUrl } });
});
after(async () => {
  await server?.close();
  listener?.close();
});

// The last recorded request, normalised for comparison.
async function lastRequest() {
  const r = seen.at(-1);
  assert.ok(r, 'a request reached the listener');
  assert.ok(r.headers.authorization?.startsWith('Bearer '), 'a bearer server token');
  const claims = await new TokenVerifier(LK_KEY, LK_SECRET).verify(r.headers.authorization.slice(7));
  const grant = Object.fromEntries(Object.entries(claims.video ?? {}).filter(([, v]) => v !== false && v !== ''));
  return { path: r.url, httpMethod: r.httpMethod, contentType: r.headers['content-type'], body: JSON.parse(r.body || '{}'), grant };
}

describe('RoomService requests match the official RoomServiceClient', () => {
  test('CreateRoom, ListParticipants, RemoveParticipant and DeleteRoom', async () => {
    const owner = await server.register({ name: 'Rita Rooms' });
    const conv = await server.api('POST', '/api/conversations', { token: owner.token, body: { title: 'Call' } });
    assert.equal(conv.status, 201, conv.text);
    const room = `conv-${conv.body._id}`;
    const sdk = new RoomServiceClient(lkUrl, LK_KEY, LK_SECRET);
    const cases = [
      ['CreateRoom',
        () => sdk.createRoom({ name: room, emptyTimeout: 300, maxParticipants: 4 }),
        () => server.api('POST', '/api/livekit/room', { token: owner.token, body: { roomName: room, emptyTimeout: 300, maxParticipants: 4 } }),
        (r) => { assert.equal(r.status, 201, r.text); assert.equal(r.body.sid, 'RM_created'); assert.equal(r.body.name, room); }],
      ['ListParticipants',
        () => sdk.listParticipants(room),
        () => server.api('GET', `/api/livekit/rooms/${room}/participants`, { token: owner.token }),
        (r) => { assert.equal(r.status, 200, r.text); assert.equal(r.body[0].identity, 'caller-1'); }],
      ['RemoveParticipant',
        () => sdk.removeParticipant(room, 'caller-1'),
        () => server.api('DELETE', `/api/livekit/rooms/${room}/participants/caller-1`, { token: owner.token }),
        (r) => { assert.equal(r.status, 200, r.text); }],
      ['DeleteRoom',
        () => sdk.deleteRoom(room),
        () => server.api('DELETE', `/api/livekit/rooms/${room}`, { token: owner.token }),
        (r) => { assert.equal(r.status, 200, r.text); assert.equal(r.body.message, 'Room deleted successfully'); }],
    ];
    for (const [name, viaSdk, viaCareVoice, check] of cases) {
      await viaSdk();
      const expected = await lastRequest();
      check(await viaCareVoice());
      const actual = await lastRequest();
      assert.equal(actual.path, `/twirp/livekit.RoomService/${name}`);
      assert.deepEqual(actual, expected, `${name}: CareVoice sends what the SDK sends`);
    }
  });

  test('authorisation is checked before LiveKit is called; LiveKit errors map to 404 and 503', async () => {
    const a = await server.register({ name: 'Ann Owner' });
    const b = await server.register({ name: 'Bob Other' });
    const conv = await server.api('POST', '/api/conversations', { token: a.token, body: { title: 'A call' } });
    const before = seen.length;
    expectError(await server.api('GET', `/api/livekit/rooms/conv-${conv.body._id}/participants`, { token: b.token }),
      404, 'another user\'s conversation room');
    expectError(await server.api('DELETE', `/api/livekit/rooms/conv-${conv.body._id}/participants/x`, { token: b.token }),
      404, 'removing from another user\'s room');
    expectError(await server.api('GET', '/api/livekit/rooms/support-1/participants', { token: b.token }),
      403, 'a shared room needs an admin', 'ROOM_FORBIDDEN');
    expectError(await server.api('GET', '/api/livekit/rooms', { token: b.token }), 403, 'listing rooms', 'ROOM_FORBIDDEN');
    expectError(await server.api('GET', '/api/livekit/rooms/bad%20room/participants', { token: b.token }), 400, 'a bad room name');
    assert.equal(seen.length, before, 'nothing refused reached LiveKit');
    missingRooms.add(`conv-${conv.body._id}`);
    const gone = await server.api('DELETE', `/api/livekit/rooms/conv-${conv.body._id}`, { token: a.token });
    expectError(gone, 404, 'Twirp not_found');
    assert.equal(gone.body.message, 'Room not found');
  });
});

describe('webhooks', () => {
  async function signed(body) {
    const at = new AccessToken(LK_KEY, LK_SECRET);
    at.sha256 = crypto.createHash('sha256').update(body).digest('base64');
    return at.toJwt();
  }
  const post = (body, authorization) => server.api('POST', '/api/livekit/webhook', {
    rawBody: body, headers: { 'content-type': 'application/webhook+json', ...(authorization ? { authorization } : {}) },
  });

  test('a signed room_finished ends the conversation of its room; the SDK\'s receiver agrees', async () => {
    const owner = await server.register({ name: 'Walt Webhook' });
    const conv = await server.api('POST', '/api/conversations', { token: owner.token, body: { title: 'Voice call' } });
    const body = JSON.stringify({ event: 'room_finished', id: 'EV_1', createdAt: '1800000000', room: { sid: 'RM_9', name: `conv-${conv.body._id}` } });
    const jwt = await signed(body);
    const parsed = await new WebhookReceiver(LK_KEY, LK_SECRET).receive(body, jwt);
    assert.equal(parsed.event, 'room_finished', 'the official receiver accepts the same request');
    const r = await post(body, jwt);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { received: true, event: 'room_finished' });
    const after = await server.api('GET', `/api/conversations/${conv.body._id}`, { token: owner.token });
    assert.equal(after.body.status, 'completed');
    // Another event is accepted and changes nothing.
    const joined = JSON.stringify({ event: 'participant_joined', id: 'EV_2', room: { name: 'support-1' }, participant: { identity: 'x' } });
    assert.equal((await post(joined, await signed(joined))).status, 200);
  });

  test('tampered, unsigned and foreign-key webhooks are refused', async () => {
    const body = JSON.stringify({ event: 'room_started', id: 'EV_3', room: { name: 'support-1' } });
    const jwt = await signed(body);
    expectError(await post(body.replace('room_started', 'room_finished'), jwt), 401, 'a tampered body', 'INVALID_WEBHOOK_SIGNATURE');
    expectError(await post(body), 401, 'no Authorization', 'INVALID_WEBHOOK_SIGNATURE');
    const foreign = new AccessToken('OtherKey', LK_SECRET);
    foreign.sha256 = crypto.createHash('sha256').update(body).digest('base64');
    expectError(await post(body, await foreign.toJwt()), 401, 'another API key', 'INVALID_WEBHOOK_SIGNATURE');
    const notEvent = '{"id":"x"}';
    expectError(await post(notEvent, await signed(notEvent)), 400, 'a signed body without an event', 'INVALID_WEBHOOK');
  });
});

describe('LiveKit unreachable', () => {
  test('room management answers 503 LIVEKIT_UNAVAILABLE, and tokens still work', async () => {
    const owner = await server.register({ name: 'Una Reachable' });
    await new Promise((resolve) => listener.close(resolve));
    listener.closeAllConnections?.();
    const conv = await server.api('POST', '/api/conversations', { token: owner.token, body: { title: 'c' } });
    const r = await server.api('GET', `/api/livekit/rooms/conv-${conv.body._id}/participants`, { token: owner.token, allowUnavailable: true });
    expectError(r, 503, 'LiveKit down', 'LIVEKIT_UNAVAILABLE');
    const t = await server.api('POST', '/api/livekit/token', { token: owner.token, body: { roomName: `conv-${conv.body._id}` } });
    assert.equal(t.status, 200, t.text);
  });
});
