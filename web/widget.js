/* CareVoice customer widget. Embed on any site:
 *   <script src="https://carevoice.example.com/widget.js" data-key="wk_..." async></script>
 * It talks only to the origin it was loaded from: the Socket.IO browser client comes from that
 * origin's /vendor/socket.io.min.js and the socket connects there (WebSocket transport, no
 * cookies). The visitor token and the open conversation are kept in localStorage, per widget
 * key, so a reload resumes the same conversation. The UI lives in a shadow root so the host
 * page's styles neither leak in nor out.
 * Voice calls ("Call" button): the microphone goes through an AudioWorklet (/widget-audio.js, from
 * the same CareVoice origin) that makes 20 ms PCM16 16 kHz frames for the /api/voice/stream
 * WebSocket, authenticated as this visitor (widget key + visitor token). The reply's audio plays
 * through the same worklet and stops at once on barge-in; partial and final transcripts and the
 * reply text are shown as live captions. Call events are also dispatched on the widget's host
 * element as `carevoice:call` CustomEvents ({type, ...}) for the host page. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__carevoiceWidgetLoaded) return;
  window.__carevoiceWidgetLoaded = true;
  var key = script.getAttribute('data-key') || script.getAttribute('data-widget-key');
  var base = new URL(script.src, location.href).origin;
  var store = {
    get: function (k) { try { return localStorage.getItem('carevoice:' + key + ':' + k); } catch (e) { return null; } },
    set: function (k, v) { try { if (v == null) localStorage.removeItem('carevoice:' + key + ':' + k); else localStorage.setItem('carevoice:' + key + ':' + k, v); } catch (e) { /* private mode */ } },
  };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }

  var CSS = [
    ':host{all:initial}',
    '*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}',
    '.bubble{position:fixed;right:16px;bottom:16px;width:60px;height:60px;border-radius:50%;border:0;background:#1d4ed8;color:#fff;display:flex;align-items:center;justify-content:center;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.3);z-index:2147483646}',
    '.bubble:focus-visible,button:focus-visible,textarea:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}',
    '.panel{position:fixed;right:16px;bottom:88px;width:min(380px,calc(100vw - 16px));height:min(560px,calc(100vh - 104px));background:#fff;color:#1f2328;border:1px solid #d0d7de;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden;z-index:2147483647;font-size:15px;line-height:1.4}',
    '.panel[hidden]{display:none}',
    '@media (max-width:480px){.panel{right:8px;left:8px;width:auto;bottom:84px;height:calc(100vh - 96px)}}',
    'header{display:flex;align-items:center;gap:8px;padding:10px 12px;background:#111827;color:#fff}',
    'header h2{flex:1;font-size:16px;margin:0}',
    'header button{background:none;border:1px solid #9ca3af;color:#fff;border-radius:6px;padding:3px 8px;cursor:pointer;font-size:13px}',
    '.log{margin:0;padding:10px;flex:1;overflow-y:auto}',
    '.m{margin:6px 0;padding:7px 10px;border-radius:10px;max-width:85%;white-space:pre-wrap;overflow-wrap:anywhere;background:#f3f4f6}',
    '.m.user{margin-left:auto;background:#1d4ed8;color:#fff}',
    '.m.human{background:#dcfce7}',
    '.m .who{display:block;font-size:12px;font-weight:700;margin-bottom:2px}',
    '.m.notice{max-width:100%;background:none;color:#57606a;text-align:center;font-size:13px;font-style:italic}',
    '.typing{margin:0 12px 6px;color:#57606a;font-size:13px;font-style:italic;min-height:18px}',
    'form{display:flex;gap:6px;padding:8px;border-top:1px solid #d0d7de}',
    'label{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}',
    'textarea{flex:1;resize:none;font-size:15px;padding:7px;border:1px solid #8c959f;border-radius:8px;min-width:0}',
    'form button{background:#1d4ed8;color:#fff;border:0;border-radius:8px;padding:0 14px;font-size:15px;cursor:pointer}',
    '.error{color:#b91c1c;font-size:13px;margin:0 12px 6px}',
    '.call{border-top:1px solid #d0d7de;background:#f8fafc;padding:8px 10px;display:flex;flex-direction:column;gap:6px}',
    '.call[hidden]{display:none}',
    '.call-status{margin:0;font-size:13px;font-weight:600;color:#1f2328}',
    '.captions{margin:0;padding:6px 8px;max-height:120px;overflow-y:auto;background:#fff;border:1px solid #d0d7de;border-radius:8px;font-size:14px}',
    '.captions p{margin:2px 0}',
    '.captions .partial{color:#57606a;font-style:italic}',
    '.captions .who{font-weight:700}',
    '.call-actions{display:flex;gap:6px}',
    '.call-actions button{flex:1;border:0;border-radius:8px;padding:8px;font-size:14px;cursor:pointer;background:#e5e7eb;color:#1f2328}',
    '.call-actions button[aria-pressed=true]{background:#fde68a}',
    '.call-actions .hangup{background:#b91c1c;color:#fff}',
  ].join('\n');

  var host = el('div', { id: 'carevoice-widget' });
  var root = host.attachShadow({ mode: 'open' });
  var style = el('style');
  style.textContent = CSS;
  var bubble = el('button', { class: 'bubble', type: 'button', 'aria-label': 'Open chat', 'aria-expanded': 'false', 'aria-controls': 'cv-panel' });
  var icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('width', '28');
  icon.setAttribute('height', '28');
  icon.setAttribute('aria-hidden', 'true');
  var iconPath = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  iconPath.setAttribute('fill', 'currentColor');
  iconPath.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z');
  icon.append(iconPath);
  bubble.append(icon);
  var panel = el('section', { class: 'panel', id: 'cv-panel', role: 'dialog', 'aria-label': 'Chat' });
  panel.hidden = true;
  var header = el('header');
  var title = el('h2', null, 'Chat');
  var mute = el('button', { type: 'button', 'aria-pressed': 'false' }, 'Mute');
  var callButton = el('button', { type: 'button', 'aria-label': 'Start a voice call' }, 'Call');
  var close = el('button', { type: 'button', 'aria-label': 'Close chat' }, 'Close');
  header.append(title, callButton, mute, close);
  var log = el('div', { class: 'log', tabindex: '0', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' });
  var typing = el('p', { class: 'typing', 'aria-live': 'polite' });
  var error = el('p', { class: 'error', role: 'alert' });
  var form = el('form');
  var input = el('textarea', { id: 'cv-input', rows: '1', placeholder: 'Type your message…' });
  var label = el('label', { for: 'cv-input' }, 'Your message');
  var send = el('button', { type: 'submit' }, 'Send');
  form.append(label, input, send);
  var call = el('section', { class: 'call', 'aria-label': 'Voice call' });
  call.hidden = true;
  var callStatus = el('p', { class: 'call-status', role: 'status' });
  var captions = el('div', { class: 'captions', role: 'log', 'aria-live': 'polite', 'aria-label': 'Call captions', tabindex: '0' });
  var partial = el('p', { class: 'partial', 'aria-hidden': 'true' });
  var micButton = el('button', { type: 'button', 'aria-pressed': 'false' }, 'Mute microphone');
  var hangup = el('button', { type: 'button', class: 'hangup' }, 'Hang up');
  var callActions = el('div', { class: 'call-actions' });
  callActions.append(micButton, hangup);
  call.append(callStatus, captions, callActions);
  panel.append(header, log, call, typing, error, form);
  root.append(style, bubble, panel);

  var socket = null;
  var sessionReady = false;
  var sessionWaiters = [];
  var conversationId = store.get('conversation');
  var streaming = null;
  var starting = false; // A start_conversation is on its way: its conversation_started comes before the ack.
  var muted = store.get('muted') === '1';
  var humanNoticeShown = false;
  var seen = {};
  function setMuted(m) { muted = m; mute.setAttribute('aria-pressed', String(m)); mute.textContent = m ? 'Unmute' : 'Mute'; store.set('muted', m ? '1' : '0'); }
  setMuted(muted);
  mute.addEventListener('click', function () { setMuted(!muted); });

  function scroll() { log.scrollTop = log.scrollHeight; }
  function addMessage(m) {
    if (m._id && seen[m._id]) return seen[m._id];
    var li = el('div', { class: 'm ' + m.role });
    if (m.role === 'human') li.append(el('span', { class: 'who' }, 'Support team'));
    li.append(document.createTextNode(m.content));
    if (m._id) { seen[m._id] = li; li.setAttribute('data-id', m._id); }
    log.append(li);
    scroll();
    return li;
  }
  function notice(text) { log.append(el('div', { class: 'm notice' }, text)); scroll(); }
  function showError(text) { error.textContent = text || ''; }
  function play(url) {
    if (muted || !url || active) return; // In a call the reply plays through the call.
    var a = new Audio(url.indexOf('http') === 0 ? url : base + url);
    a.play().catch(function () { /* autoplay blocked: the text is there */ });
  }

  function loadClient(cb) {
    var prev = window.io;
    var s = document.createElement('script');
    s.src = base + '/vendor/socket.io.min.js';
    s.async = true;
    s.onload = function () {
      var io = window.io;
      if (prev === undefined) { try { delete window.io; } catch (e) { window.io = undefined; } } else window.io = prev;
      cb(io);
    };
    s.onerror = function () { showError('The chat could not be loaded. Please try again later.'); };
    document.head.append(s);
  }

  function ack(event, payload) {
    return new Promise(function (resolve, reject) {
      socket.timeout(15000).emit(event, payload, function (err, r) {
        if (err) reject(new Error('No answer from the chat service. Check your connection.'));
        else if (!r || r.ok === false) reject(new Error((r && r.error && (r.error.message || r.error)) || 'Something went wrong.'));
        else resolve(r);
      });
    });
  }

  function resume() {
    if (!conversationId) return;
    ack('join_conversation', { conversationId: conversationId }).then(function (r) {
      log.replaceChildren();
      seen = {};
      (r.messages || []).forEach(addMessage);
      if (r.conversation && r.conversation.status === 'escalated' && (r.messages || []).some(function (m) { return m.role === 'human'; })) {
        humanNoticeShown = true;
      }
    }, function () {
      conversationId = null;
      store.set('conversation', null);
    });
  }

  function connect() {
    loadClient(function (io) {
      socket = io(base, { transports: ['websocket'], auth: function (cb) { cb({ widgetKey: key, visitorToken: store.get('visitorToken') || undefined }); } });
      socket.on('session', function (s) {
        store.set('visitorToken', s.visitorToken);
        sessionReady = true;
        sessionWaiters.splice(0).forEach(function (f) { f(); });
        if (s.agent && s.agent.name) { title.textContent = s.agent.name; panel.setAttribute('aria-label', 'Chat with ' + s.agent.name); }
        showError('');
        resume();
      });
      socket.on('connect_error', function (err) {
        var code = err && err.data && err.data.code;
        if (code === 'WIDGET_NOT_FOUND') { showError('This chat is not available right now.'); socket.disconnect(); }
        else if (code === 'TOO_MANY_REQUESTS') showError('Too many attempts. Please wait a moment.');
        else showError('Connecting to the chat…');
      });
      socket.on('conversation_started', function (p) {
        if (!(starting || p.conversationId === conversationId) || !p.welcomeMessage) return;
        addMessage({ role: 'assistant', content: p.welcomeMessage.content });
      });
      socket.on('message', function (p) {
        if (p.conversationId !== conversationId) return;
        var m = p.message;
        if (m.role === 'assistant' && streaming) {
          streaming.textContent = m.content;
          seen[m._id] = streaming;
          streaming.setAttribute('data-id', m._id);
          streaming = null;
          return;
        }
        if (m.role === 'human' && !humanNoticeShown) { humanNoticeShown = true; notice('You are now connected to a person.'); }
        addMessage(m);
        if (m.role !== 'user') typing.textContent = '';
      });
      socket.on('ai_response_chunk', function (p) {
        if (p.conversationId !== conversationId) return;
        if (!streaming) { streaming = el('div', { class: 'm assistant' }, ''); log.append(streaming); }
        streaming.textContent += p.delta;
        scroll();
      });
      socket.on('ai_response', function (p) {
        if (p.conversationId !== conversationId) return;
        typing.textContent = '';
        play(p.audioUrl);
      });
      socket.on('typing', function (t) { typing.textContent = t ? title.textContent + ' is typing…' : ''; });
      socket.on('agent_typing', function (p) { if (p.conversationId === conversationId) typing.textContent = p.typing ? 'A person is typing…' : ''; });
      socket.on('conversation_updated', function (p) {
        if (p.conversationId !== conversationId || !p.conversation) return;
        if (p.conversation.status === 'active' && humanNoticeShown) { humanNoticeShown = false; notice('You are back with the assistant.'); }
      });
      socket.on('escalation', function (p) {
        if (p.conversationId === conversationId && !humanNoticeShown) notice('We are getting a person to help you.');
      });
    });
  }

  function start() {
    starting = true;
    return ack('start_conversation', { wantAudio: true }).then(function (r) {
      starting = false;
      conversationId = r.conversationId;
      store.set('conversation', conversationId);
    }, function (err) { starting = false; throw err; });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text || !socket) return;
    send.disabled = true;
    showError('');
    (conversationId ? Promise.resolve() : start()).then(function () {
      return ack('user_message', { conversationId: conversationId, message: text });
    }).then(function (r) {
      input.value = '';
      sendTyping(false);
      addMessage({ _id: r.messageId, role: 'user', content: text });
    }, function (err) {
      showError(err.message);
    }).then(function () { send.disabled = false; input.focus(); });
  });
  // The staff watching the conversation see that the customer is typing (on changes only).
  var typingSent = false;
  function sendTyping(now) {
    if (now === typingSent || !socket || !conversationId) return;
    typingSent = now;
    socket.emit('typing', { conversationId: conversationId, typing: now });
  }
  input.addEventListener('input', function () { sendTyping(input.value.trim().length > 0); });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });


  // ---- Voice calls -------------------------------------------------------------------------
  var active = null; // The call in progress: {ws, ctx, stream, mic, player, muted, ended}.
  function callEvent(type, detail) {
    var d = detail || {};
    d.type = type;
    try { host.dispatchEvent(new CustomEvent('carevoice:call', { detail: d, bubbles: true })); } catch (e) { /* old browser */ }
  }
  function whenSession() {
    if (!socket) connect();
    if (sessionReady) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      sessionWaiters.push(resolve);
      setTimeout(function () { reject(new Error('Could not reach the voice service. Please try again.')); }, 15000);
    });
  }
  function caption(who, text, cls) {
    var p = el('p', cls ? { class: cls } : null);
    p.append(el('span', { class: 'who' }, who + ': '), document.createTextNode(text));
    captions.insertBefore(p, partial.parentNode === captions ? partial : null);
    captions.scrollTop = captions.scrollHeight;
    return p;
  }
  function setPartial(text) {
    partial.textContent = text ? 'You: ' + text + '…' : '';
    if (text && partial.parentNode !== captions) captions.append(partial);
    if (!text && partial.parentNode === captions) partial.remove();
    captions.scrollTop = captions.scrollHeight;
  }
  function setCallUi(on) {
    call.hidden = !on;
    callButton.disabled = on;
    callButton.setAttribute('aria-label', on ? 'Voice call in progress' : 'Start a voice call');
  }
  function micError(err) {
    var name = err && err.name;
    if (name === 'NotAllowedError' || name === 'SecurityError') return 'Microphone access was denied. Allow the microphone for this site to call, or type your message instead.';
    if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No microphone was found. Connect one to call, or type your message instead.';
    if (name === 'NotReadableError') return 'The microphone is busy in another application.';
    return (err && err.message) || 'The call could not start.';
  }
  var CALL_ERRORS = {
    TOO_MANY_REQUESTS: 'Too many calls from your network. Please wait a moment.',
    WIDGET_NOT_FOUND: 'Voice calls are not available right now.',
    CONVERSATION_NOT_FOUND: 'This conversation is no longer available.',
  };

  function endCall(message, isError) {
    var c = active;
    if (!c || c.ended) return;
    c.ended = true;
    active = null;
    try { if (c.ws.readyState === 1) c.ws.send(JSON.stringify({ type: 'end' })); } catch (e) { /* closing */ }
    try { c.ws.close(1000); } catch (e) { /* closed */ }
    if (c.stream) c.stream.getTracks().forEach(function (t) { t.stop(); });
    if (c.ctx) c.ctx.close().catch(function () {});
    setPartial('');
    setCallUi(false);
    callStatus.textContent = '';
    if (isError) showError(message); else if (message) notice(message);
    callEvent('ended', { reason: message || '' });
    callButton.focus();
  }

  function onCallMessage(c, data) {
    if (typeof data !== 'string') {
      if (c.player) c.player.port.postMessage(data, [data]);
      return;
    }
    var m;
    try { m = JSON.parse(data); } catch (e) { return; }
    switch (m.type) {
      case 'ready': callStatus.textContent = 'Connected. Speak when you are ready.'; break;
      case 'speech_started': callStatus.textContent = 'Listening…'; break;
      case 'partial': setPartial(m.text); break;
      case 'final':
        setPartial('');
        if (m.text) { caption('You', m.text); callStatus.textContent = title.textContent + ' is thinking…'; }
        break;
      case 'reply': caption(title.textContent, m.text, 'reply'); break;
      case 'reprompt': caption(title.textContent, m.text, 'reply'); break;
      case 'audio_start':
        if (c.player) c.player.port.postMessage({ type: 'resume' });
        callStatus.textContent = title.textContent + ' is speaking…';
        break;
      // The caller spoke over the reply: hold what is queued until the server decides.
      case 'paused': if (c.player) c.player.port.postMessage({ type: 'pause' }); break;
      case 'resumed': if (c.player) c.player.port.postMessage({ type: 'resume' }); break;
      case 'barge_in': case 'clear': case 'audio_cancelled':
        if (c.player) c.player.port.postMessage({ type: 'clear' });
        callStatus.textContent = 'Listening…';
        break;
      case 'escalated': caption(title.textContent, 'A person will take over this conversation.', 'reply'); break;
      case 'error':
        c.lastError = CALL_ERRORS[m.code] || m.message || 'The call failed.';
        break;
      case 'end': c.serverEnded = true; break;
      default: break;
    }
    callEvent(m.type, m);
  }

  function startCall() {
    if (active) return;
    showError('');
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.AudioWorkletNode) {
      showError('Voice calls need a recent browser on a secure (https) page. You can still type.');
      return;
    }
    var c = { ended: false, muted: false };
    active = c;
    setCallUi(true);
    captions.replaceChildren();
    callStatus.textContent = 'Starting the call…';
    setMicMuted(false);
    var Ctx = window.AudioContext || window.webkitAudioContext;
    c.ctx = new Ctx({ latencyHint: 'interactive' }); // Created in the click: allowed to play.
    // Echo cancellation keeps the reply coming out of the speakers from barging in on itself.
    // No noise suppression or automatic gain: the server's VAD adapts to the noise floor, and the
    // browser's gain control clips loud speech, which the recogniser then gets wrong.
    navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: false, autoGainControl: false } })
      .then(function (stream) {
        c.stream = stream;
        if (c.ended) { stream.getTracks().forEach(function (t) { t.stop(); }); throw null; }
        return c.ctx.audioWorklet.addModule(base + '/widget-audio.js');
      }, function (err) { throw new Error(micError(err)); })
      .then(function () { return whenSession(); })
      .then(function () { return conversationId ? null : start(); })
      .then(function () {
        if (c.ended) return;
        var url = base.replace(/^http/, 'ws') + '/api/voice/stream?conversationId=' + encodeURIComponent(conversationId) +
          '&widgetKey=' + encodeURIComponent(key) + '&visitorToken=' + encodeURIComponent(store.get('visitorToken') || '');
        var ws = new WebSocket(url);
        ws.binaryType = 'arraybuffer';
        c.ws = ws;
        c.mic = new AudioWorkletNode(c.ctx, 'carevoice-mic', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1], channelCount: 1, channelCountMode: 'explicit' });
        c.mic.port.postMessage({ type: 'mute', muted: c.muted });
        // Connected to the output through a silent gain so that every browser keeps pulling it.
        var sink = c.ctx.createGain();
        sink.gain.value = 0;
        c.mic.connect(sink).connect(c.ctx.destination);
        c.player = new AudioWorkletNode(c.ctx, 'carevoice-player', { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [1] });
        c.player.connect(c.ctx.destination);
        c.ctx.createMediaStreamSource(c.stream).connect(c.mic);
        c.mic.port.onmessage = function (e) { if (ws.readyState === 1) ws.send(e.data); };
        c.player.port.onmessage = function (e) { callEvent('playback_' + e.data.type, e.data); };
        ws.onmessage = function (e) { onCallMessage(c, e.data); };
        ws.onclose = function (e) {
          if (c.ended) return;
          if (c.serverEnded || e.code === 1000) endCall('The call has ended.', false);
          else endCall(c.lastError || 'The call was cut off. Please check your connection and try again.', true);
        };
        if (c.ctx.state === 'suspended') c.ctx.resume().catch(function () {});
      })
      .catch(function (err) {
        if (err) endCall(err.message || 'The call could not start.', true);
      });
  }
  function setMicMuted(m) {
    if (active) active.muted = m;
    micButton.setAttribute('aria-pressed', String(m));
    micButton.textContent = m ? 'Unmute microphone' : 'Mute microphone';
    if (active && active.mic) active.mic.port.postMessage({ type: 'mute', muted: m });
  }
  callButton.addEventListener('click', function () {
    if (panel.hidden) toggle(true);
    startCall();
    micButton.focus();
  });
  micButton.addEventListener('click', function () { setMicMuted(!(active && active.muted)); });
  hangup.addEventListener('click', function () { endCall('You ended the call.', false); });
  window.addEventListener('pagehide', function () { endCall('', false); });

  function toggle(open) {
    panel.hidden = !open;
    bubble.setAttribute('aria-expanded', String(open));
    bubble.setAttribute('aria-label', open ? 'Hide chat' : 'Open chat');
    if (open) { if (!socket) connect(); input.focus(); } else bubble.focus();
    store.set('open', open ? '1' : '0');
  }
  bubble.addEventListener('click', function () { toggle(panel.hidden); });
  close.addEventListener('click', function () { toggle(false); });
  panel.addEventListener('keydown', function (e) { if (e.key === 'Escape') toggle(false); });

  function mount() {
    document.body.append(host);
    if (store.get('open') === '1' || conversationId) { if (!socket) connect(); }
    if (store.get('open') === '1') { panel.hidden = false; bubble.setAttribute('aria-expanded', 'true'); bubble.setAttribute('aria-label', 'Hide chat'); }
  }
  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);
})();
