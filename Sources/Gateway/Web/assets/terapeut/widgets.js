// Small pieces several therapist views share: a link to hand over with a copy button,
// polling that stops when its view is gone, date arithmetic.
import { ApiError } from '../shared/api.js';
import { announce, field, formatDateTime, h, uniqueId } from '../shared/ui.js';

/**
 * A one-time link (invitation, password reset) the therapist gives the client by hand: shown
 * in a read-only field so it can be selected, with a copy button and its expiry.
 */
export function manualLink(label, link, expiresAt) {
  const input = h('input', { type: 'text', readonly: true, value: link, class: 'manual-link', id: uniqueId('link') });
  const copy = async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(link);
      announce('Linket er kopieret.');
    } catch {
      // No clipboard access (an insecure origin or a refusing browser): the text is selected
      // for the user to copy with the keyboard instead.
      announce('Linket er markeret – kopiér det med Ctrl+C.');
    }
  };
  return h('div', { class: 'manual-link-box' },
    field(label, input, { hint: expiresAt ? `Linket virker til ${formatDateTime(expiresAt)} og kan kun bruges én gang.` : null }),
    h('div', { class: 'row' }, h('button', { type: 'button', class: 'primary', onclick: copy }, 'Kopiér link')));
}

/** True for `#RRGGBB`. */
export function isHexColour(text) {
  return /^#[0-9a-fA-F]{6}$/.test(text);
}

/**
 * Calls `check` every `interval` ms while `element` is on the page and `check` returns true
 * (= keep waiting): a report being made or a questionnaire being scored. Leaving the view ends it.
 */
export function pollWhile(element, check, interval = 2000) {
  const tick = async () => {
    if (!element.isConnected) return;
    let again = false;
    try {
      again = await check();
    } catch {
      again = false;
    }
    if (again && element.isConnected) setTimeout(tick, interval);
  };
  setTimeout(tick, interval);
}

/** `YYYY-MM-DD` plus `days` (negative for earlier). */
export function addDays(date, days) {
  const value = new Date(`${date}T12:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

/** The lines of a textarea as a list, empty lines left out. */
export function lines(text) {
  return String(text ?? '').split('\n').map((line) => line.trim()).filter(Boolean);
}

/** A short "nothing here yet" paragraph. */
export function empty(text) {
  return h('p', { class: 'empty muted' }, text);
}

/**
 * Throws the API's kind of validation error for the named fields left empty, so that every
 * missing field is marked at once (the API stops at the first field it cannot read).
 */
export function requireFilled(data, names) {
  const missing = names.filter((name) => !String(data.get(name) ?? '').trim());
  if (missing.length) {
    throw new ApiError(400, 'validation_failed', 'Nogle felter skal rettes.', missing.map((field) => ({ field, problem: 'Skal udfyldes.' })));
  }
}
