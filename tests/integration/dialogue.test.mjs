// Scripted multi-turn dialogues through the real server (issue: conversation intelligence).
// The agent's knowledge is written here; every assertion checks that the reply is grounded in it,
// remembers what the customer said, escalates when asked, and invents nothing.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';

let server;
let user;

const KNOWLEDGE = [
  {
    question: 'What is your refund policy?',
    answer: 'Refunds are accepted within 45 days of delivery for unused items, and the money '
      + 'goes back to the original payment method within 7 business days.',
  },
  {
    question: 'How long does shipping take?',
    answer: 'Standard shipping takes 4 to 6 business days; express takes 2 business days.',
  },
  {
    question: 'How do I reset my password?',
    answer: 'Use the "Forgot password" link on the sign-in page; the reset email arrives within '
      + 'a few minutes.',
  },
];

async function newConversation() {
  const agent = await server.createAgent(user.token, {
    name: 'Lena',
    company: 'Trailhead Outfitters',
    personality: 'calm and helpful',
    responseStyle: 'friendly',
    companyInfo: 'Trailhead Outfitters sells hiking and camping gear online.',
    prompts: [],
    knowledge: KNOWLEDGE,
  });
  const conv = await server.createConversation(user.token, { agentId: agent._id });
  return conv._id;
}

async function say(conversationId, content) {
  const r = await server.api('POST', `/api/conversations/${conversationId}/messages`, {
    token: user.token, body: { content },
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

// Every number of the reply must come from the knowledge or from what the customer said.
function assertNoInventedNumbers(reply, allowedText) {
  const allowed = new Set(allowedText.match(/\d+/g) ?? []);
  for (const n of reply.match(/\d+/g) ?? []) {
    assert.ok(allowed.has(n), `the reply states "${n}", which nobody gave it: ${reply}`);
  }
}

before(async () => {
  server = await startServer();
  user = await server.register({ name: 'Dana Walker' });
});
after(async () => { await server?.close(); });

describe('scripted dialogues with the built-in responder', () => {
  test('a refund request is answered with the refund policy from the agent knowledge', async () => {
    const id = await newConversation();
    const reply = await say(id, 'Hi, I would like a refund for the tent I bought');
    assert.equal(reply.role, 'assistant');
    assert.match(reply.content, /45 days/, reply.content);
    assert.match(reply.content, /7 business days/, reply.content);
    assert.equal(reply.metadata.intent, 'cancellation', JSON.stringify(reply.metadata));
  });

  test('an order number given in turn 1 is used in turn 3', async () => {
    const id = await newConversation();
    const r1 = await say(id, 'Hello, my order TR-48213 arrived today');
    assert.equal(r1.role, 'assistant');
    const r2 = await say(id, 'How long does express shipping take?');
    assert.match(r2.content, /2 business days/, r2.content);
    const r3 = await say(id, 'OK. I want to return it and get a refund');
    assert.match(r3.content, /TR-48213/, `turn 3 uses the order number from turn 1: ${r3.content}`);
    assert.doesNotMatch(r3.content, /share your order number/i, r3.content);
  });

  test('"I want to talk to a human" escalates and the bot stops replying', async () => {
    const id = await newConversation();
    const r1 = await say(id, 'I want to talk to a human');
    assert.equal(r1.role, 'assistant', JSON.stringify(r1));
    assert.match(r1.content, /human/i, r1.content);
    const conv = await server.api('GET', `/api/conversations/${id}`, { token: user.token });
    assert.equal(conv.body.status, 'escalated');
    const r2 = await say(id, 'hello? is anyone there?');
    assert.equal(r2.reply, null, `no bot reply after escalation: ${JSON.stringify(r2)}`);
    assert.equal(r2.role, 'user');
  });

  test('a question outside the knowledge gets no invented answer and an offer of a human', async () => {
    const id = await newConversation();
    for (const question of [
      'How much does the Summit 3 tent cost?',
      'Do you have a store in Denver, and what time does it open?',
      'What is the weight limit of your kayaks?',
    ]) {
      const reply = await say(id, question);
      assert.equal(reply.role, 'assistant', JSON.stringify(reply));
      assertNoInventedNumbers(reply.content, question);
      assert.match(reply.content, /(don't|do not|not sure|no) .*(information|details|know)|team|person|human/i,
        `the reply admits it does not know or offers a person: ${reply.content}`);
    }
  });

  test('an offer of a person is only an offer until the customer says yes, then it escalates', async () => {
    const id = await newConversation();
    const r1 = await say(id, 'Do you rent kayaks?');
    assert.match(r1.content, /\?$/, `the reply ends with the offer as a question: ${r1.content}`);
    assert.doesNotMatch(r1.content, /I'll connect you|I'm connecting you|will join/i, r1.content);
    let conv = await server.api('GET', `/api/conversations/${id}`, { token: user.token });
    assert.equal(conv.body.status, 'active');
    const r2 = await say(id, 'yes please');
    assert.match(r2.content, /team/i, r2.content);
    conv = await server.api('GET', `/api/conversations/${id}`, { token: user.token });
    assert.equal(conv.body.status, 'escalated', 'the accepted offer really hands over');
  });

  test('a neutral follow-up about an order is neither negative nor escalated, and is answered', async () => {
    const id = await newConversation();
    await say(id, 'I want to cancel my order');
    const r2 = await say(id, 'It is 77120');
    assert.match(r2.content, /77120/, r2.content);
    for (const line of ['Ok so is it cancelled now?', 'ok so is it cancelled yet?']) {
      const r = await say(id, line);
      assert.notEqual(r.metadata.sentiment, 'negative', JSON.stringify(r.metadata));
      assert.match(r.content, /not yet|isn't cancelled|is not cancelled/i, r.content);
      assert.doesNotMatch(r.content, /share your order number|what's your order number/i, r.content);
    }
    const conv = await server.api('GET', `/api/conversations/${id}`, { token: user.token });
    assert.equal(conv.body.status, 'active', 'two neutral follow-ups do not escalate');
  });

  test('the conversation records intent, sentiment and a content-based title', async () => {
    const id = await newConversation();
    await say(id, 'I forgot my password and cannot sign in');
    const conv = await server.api('GET', `/api/conversations/${id}`, { token: user.token });
    assert.equal(conv.status, 200);
    assert.notEqual(conv.body.title, 'Chat with Lena', 'the title was made from the content');
    const words = conv.body.title.split(/\s+/);
    assert.ok(words.length >= 3 && words.length <= 6, `3-6 words: ${conv.body.title}`);
    const user1 = conv.body.messages.find((m) => m.role === 'user');
    assert.equal(user1.metadata.intent, 'support', JSON.stringify(user1.metadata));
  });
});
