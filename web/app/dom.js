// Tiny DOM helpers: h() builds elements (text is always text, never HTML), plus shared widgets.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

let fieldSeq = 0;
// A labelled form field: <label for> + control (+ hint), so every input has an accessible name.
export function field(label, control, hint) {
  const id = control.id || `f${++fieldSeq}`;
  control.id = id;
  const parts = [h('label', { for: id }, label), control];
  if (hint) {
    const hintId = `${id}-hint`;
    control.setAttribute('aria-describedby', hintId);
    parts.push(h('p', { class: 'hint', id: hintId }, hint));
  }
  return h('div', { class: 'field' }, parts);
}

// Announces a message in the page's live region (errors stay until the next message).
export function notify(message, kind = 'info') {
  const box = document.getElementById('toast');
  if (!box) return;
  box.className = `toast ${kind}`;
  box.textContent = message;
  clearTimeout(notify.timer);
  if (kind !== 'error') notify.timer = setTimeout(() => { box.textContent = ''; box.className = 'toast'; }, 5000);
}

export function errorBox(message) {
  return h('p', { class: 'error', role: 'alert' }, message);
}

export function badge(text, kind = '') {
  return h('span', { class: `badge ${kind}` }, text);
}

export function sentimentBadge(sentiment) {
  if (!sentiment) return null;
  return badge(sentiment, `sentiment-${sentiment}`);
}

export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

export const REASONS = {
  urgent: 'urgent',
  repeated_negative: 'repeated negatives',
  human_requested: 'asked for a person',
};

// A form whose submit runs `action`; errors appear in the form, the button is busy meanwhile.
export function form(fields, submitLabel, action) {
  const err = h('p', { class: 'error', role: 'alert', hidden: true });
  const button = h('button', { type: 'submit' }, submitLabel);
  const f = h('form', { novalidate: true }, fields, err, button);
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.hidden = true;
    button.disabled = true;
    try {
      await action(f);
    } catch (e) {
      err.textContent = e.message;
      err.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
  return f;
}

