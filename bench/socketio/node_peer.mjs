// The peer for bench/socketio/turns.mjs: a plain Node socket.io 4 server doing a comparable turn
// with an in-memory reply (no NLU, no storage): start_conversation → conversation_started;
// user_message → ack, typing true, ai_response, typing false. Prints "listening on PORT".
import http from 'node:http';
import { Server } from 'socket.io';

const httpServer = http.createServer();
const io = new Server(httpServer, { cors: { origin: '*' } });
const conversations = new Map();
let next = 1;

io.on('connection', (socket) => {
  socket.on('start_conversation', () => {
    const id = (next++).toString(16).padStart(24, '0');
    conversations.set(id, []);
    socket.join(`conv:${id}`);
    socket.emit('conversation_started', {
      conversationId: id,
      welcomeMessage: { role: 'assistant', content: 'Hi! How can I help?', timestamp: new Date().toISOString() },
    });
  });
  socket.on('user_message', (p, ack) => {
    const history = conversations.get(p?.conversationId);
    if (!history) { socket.emit('error', { message: 'Conversation not found' }); return; }
    const messageId = (next++).toString(16).padStart(24, '0');
    history.push({ role: 'user', content: p.message });
    if (typeof ack === 'function') ack({ ok: true, messageId });
    const room = io.to(`conv:${p.conversationId}`);
    room.emit('typing', true);
    const reply = `You said: ${p.message}`;
    history.push({ role: 'assistant', content: reply });
    room.emit('ai_response', {
      conversationId: p.conversationId, message: reply, audioData: null, audioType: null,
      metadata: { intent: 'general', intents: ['general'], sentiment: 'neutral', confidence: 0.5, company: '' },
    });
    room.emit('typing', false);
  });
});

httpServer.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log(`listening on ${httpServer.address().port}`);
});
