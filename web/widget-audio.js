/* CareVoice widget: the AudioWorklet module of a voice call (loaded by /widget.js with
 * audioWorklet.addModule from the same CareVoice origin).
 *  - "carevoice-mic": the microphone at the context's rate (often 48 kHz) → PCM16 16 kHz mono,
 *    posted to the page in 20 ms frames (320 samples, an ArrayBuffer each), what
 *    /api/voice/stream expects. Decimation averages the input samples of each output sample (a box
 *    low-pass, enough for speech). Muted, or without input, it sends silence: the stream wants a
 *    continuous signal.
 *  - "carevoice-player": the reply's PCM16 16 kHz frames (posted by the page) → the output at the
 *    context's rate (linear interpolation). {type:"pause"} holds the queue silently (the caller
 *    started speaking), {type:"resume"} plays on, {type:"clear"} drops it (barge-in). It
 *    reports {type:"played", ms} about every 100 ms while it plays and {type:"idle"} when its queue
 *    runs dry. */
/* global sampleRate, registerProcessor, AudioWorkletProcessor */
'use strict';

var RATE = 16000;
var FRAME = 320; // 20 ms at 16 kHz.

class MicProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = sampleRate / RATE; // Input samples per output sample.
    this.next = this.step; // Input index (fractional) where the current output sample ends.
    this.n = 0; // Input samples seen.
    this.acc = 0;
    this.cnt = 0;
    this.muted = false;
    this.frame = new Int16Array(FRAME);
    this.fill = 0;
    var self = this;
    this.port.onmessage = function (e) { if (e.data && e.data.type === 'mute') self.muted = !!e.data.muted; };
  }

  push(v) {
    var s = v < -1 ? -1 : v > 1 ? 1 : v;
    this.frame[this.fill++] = s < 0 ? s * 0x8000 : s * 0x7fff;
    if (this.fill === FRAME) {
      var out = this.frame;
      this.port.postMessage(out.buffer, [out.buffer]);
      this.frame = new Int16Array(FRAME);
      this.fill = 0;
    }
  }

  process(inputs) {
    var input = inputs[0];
    var ch = input && input.length ? input[0] : null;
    var len = ch ? ch.length : 128;
    for (var i = 0; i < len; i++) {
      this.acc += ch && !this.muted ? ch[i] : 0;
      this.cnt += 1;
      this.n += 1;
      if (this.n >= this.next) {
        this.push(this.acc / this.cnt);
        this.acc = 0;
        this.cnt = 0;
        this.next += this.step;
      }
    }
    return true;
  }
}

class PlayerProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = RATE / sampleRate; // 16 kHz samples per output sample.
    this.queue = []; // Float32Arrays of 16 kHz samples.
    this.pos = 0; // Fractional read position in queue[0].
    this.played = 0; // 16 kHz samples played since the last report.
    this.playing = false;
    this.paused = false; // Held (the caller started speaking): silent, the queue kept.
    var self = this;
    this.port.onmessage = function (e) {
      var d = e.data;
      if (d instanceof ArrayBuffer) {
        var pcm = new Int16Array(d);
        var f = new Float32Array(pcm.length);
        for (var i = 0; i < pcm.length; i++) f[i] = pcm[i] / 0x8000;
        self.queue.push(f);
      } else if (d && d.type === 'clear') {
        self.queue = [];
        self.pos = 0;
        self.paused = false;
      } else if (d && d.type === 'pause') {
        self.paused = true;
      } else if (d && d.type === 'resume') {
        self.paused = false;
      }
    };
  }

  // The sample at fractional position p of the queue (p < queue[0].length).
  sample(p) {
    var a = this.queue[0];
    var i = Math.floor(p);
    var t = p - i;
    var s0 = a[i];
    var s1 = i + 1 < a.length ? a[i + 1] : this.queue.length > 1 ? this.queue[1][0] : s0;
    return s0 + (s1 - s0) * t;
  }

  process(inputs, outputs) {
    var out = outputs[0];
    var ch = out[0];
    var before = this.pos;
    var consumed = 0;
    for (var i = 0; i < ch.length; i++) {
      if (!this.queue.length || this.paused) { ch[i] = 0; continue; }
      ch[i] = this.sample(this.pos);
      this.pos += this.step;
      while (this.queue.length && this.pos >= this.queue[0].length) {
        this.pos -= this.queue[0].length;
        consumed += this.queue[0].length;
        this.queue.shift();
      }
    }
    for (var c = 1; c < out.length; c++) out[c].set(ch);
    var advanced = consumed + this.pos - before;
    if (!this.queue.length) this.pos = 0;
    if (advanced > 0) {
      if (!this.playing) { this.playing = true; this.port.postMessage({ type: 'started' }); }
      this.played += advanced;
      if (this.played >= RATE / 10) { this.port.postMessage({ type: 'played', ms: this.played / 16 }); this.played = 0; }
    }
    if (this.playing && (!this.queue.length || this.paused)) {
      this.playing = false;
      if (this.played > 0) this.port.postMessage({ type: 'played', ms: this.played / 16 });
      this.played = 0;
      this.port.postMessage({ type: 'idle' });
    }
    return true;
  }
}

registerProcessor('carevoice-mic', MicProcessor);
registerProcessor('carevoice-player', PlayerProcessor);
