// Small DOM helpers shared by both front ends. Text always goes in as text (never as HTML), so
// nothing a user typed can become markup.
import { ApiError } from './api.js';

/**
 * Builds an element: `h('button', { class: 'primary', onclick: go }, 'Gem')`. Attributes
 * starting with `on` become listeners; `false`/`null`/`undefined` attributes are left out;
 * children may be strings, nodes, arrays or null.
 */
export function h(tag, attributes = {}, ...children) {
  return build(document.createElement(tag), attributes, children);
}

/** The same for SVG elements (charts, the MFA QR code). */
export function svg(tag, attributes = {}, ...children) {
  return build(document.createElementNS('http://www.w3.org/2000/svg', tag), attributes, children);
}

function build(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

let uniqueCounter = 0;
/** An id unique on the page, for label/control and error/control pairs. */
export function uniqueId(prefix = 'id') {
  uniqueCounter += 1;
  return `${prefix}-${uniqueCounter}`;
}

/**
 * A labelled form field. `control` is an input/select/textarea; its `name` should be the API's
 * field name so that API errors land next to it (see showErrors).
 */
export function field(label, control, { hint } = {}) {
  control.id ||= uniqueId('field');
  const hintElement = hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintElement) control.setAttribute('aria-describedby', hintElement.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), hintElement, control);
}

/** Removes the error texts a previous submit put into `form`. */
export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((element) => element.remove());
  form.querySelectorAll('[aria-invalid]').forEach((element) => {
    element.removeAttribute('aria-invalid');
    const describedBy = (element.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => !id.endsWith('-error'));
    if (describedBy.length) element.setAttribute('aria-describedby', describedBy.join(' '));
    else element.removeAttribute('aria-describedby');
  });
  form.querySelector('.form-error')?.replaceChildren();
}

/**
 * Shows an error in `form`: each field problem next to the control whose `name` (or
 * `data-field`) is the API's field name, everything else in the form's alert box at the top.
 * Focus moves to the first control in error so keyboard and screen-reader users land on it.
 */
export function showErrors(form, error) {
  clearErrors(form);
  const unplaced = [];
  let first = null;
  const fields = error instanceof ApiError ? error.fields : [];
  for (const { field: name, problem } of fields) {
    const control = form.querySelector(`[data-field="${CSS.escape(name)}"]`) ?? form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (!control) {
      unplaced.push(problem);
      continue;
    }
    const message = h('p', { class: 'field-error', id: `${control.id || (control.id = uniqueId('field'))}-error` }, problem);
    const anchor = control.closest('.field, fieldset') ?? control;
    anchor.append(message);
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), message.id].filter(Boolean).join(' '));
    first ??= control;
  }
  let box = form.querySelector('.form-error');
  if (!box) {
    box = h('div', { class: 'form-error', role: 'alert' });
    form.prepend(box);
  }
  // Problems shown at their fields need only the general sentence; any others are the message.
  const summary = !unplaced.length ? (error.message ?? String(error)) : first ? [error.message, ...unplaced].join(' ') : unplaced.join(' ');
  box.append(h('p', {}, summary));
  if (first) {
    first.focus();
  } else {
    box.setAttribute('tabindex', '-1');
    box.focus();
  }
}

/**
 * Wires a form: on submit, runs `action(formData)` with the submit button disabled, shows API
 * errors next to their fields, and returns focus sensibly. `action` returns nothing or throws.
 */
export function onSubmit(form, action) {
  // The pages' own forms come with their submit buttons disabled (and `method="post"`): a
  // click before this script runs must not send a password the browser's way, in a URL.
  form.querySelectorAll('[type=submit]').forEach((button) => { button.disabled = false; });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('[type=submit]');
    clearErrors(form);
    if (button) button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      await action(new FormData(form));
    } catch (error) {
      showErrors(form, error);
    } finally {
      if (button) button.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}

/** Says something to screen readers and shows it briefly (the page's `#status` region). */
export function announce(message) {
  const region = document.getElementById('status');
  if (!region) return;
  region.textContent = message;
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => { region.textContent = ''; }, 6000);
}

const timeZone = 'Europe/Copenhagen';
const dateFormat = new Intl.DateTimeFormat('da-DK', { timeZone, day: 'numeric', month: 'long', year: 'numeric' });
const shortDateFormat = new Intl.DateTimeFormat('da-DK', { timeZone, weekday: 'short', day: 'numeric', month: 'short' });
const dateTimeFormat = new Intl.DateTimeFormat('da-DK', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const timeFormat = new Intl.DateTimeFormat('da-DK', { timeZone, hour: '2-digit', minute: '2-digit' });

/** "4. december 2026" for a `YYYY-MM-DD` date or an RFC 3339 time. */
export function formatDate(value) {
  if (!value) return '–';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return dateFormat.format(date);
}

/** "fre. 4. dec." */
export function formatShortDate(value) {
  return value ? shortDateFormat.format(new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value)) : '–';
}

/** "4. dec. 2026 14.30" */
export function formatDateTime(value) {
  return value ? dateTimeFormat.format(new Date(value)) : '–';
}

/** "14.30" */
export function formatTime(value) {
  return value ? timeFormat.format(new Date(value)) : '–';
}

/** Today's date in Copenhagen as `YYYY-MM-DD`. */
export function today() {
  return localDate(new Date());
}

/** The Copenhagen calendar date of an instant, as `YYYY-MM-DD`. */
export function localDate(instant) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Replaces the contents of the page's main region and moves focus to its heading. */
export function show(main, ...content) {
  // Views build optional parts as `condition ? node : null`; those leave no trace.
  main.replaceChildren(...content.flat(Infinity).filter((part) => part !== null && part !== undefined && part !== false));
  const heading = main.querySelector('h1, h2');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  }
}

/** A visible "loading" line with a live region, while a view's data comes in. */
export function loading(text = 'Henter …') {
  return h('p', { class: 'loading', role: 'status' }, text);
}

/** An error box for a whole view (when its data could not be loaded). */
export function failure(error) {
  return h('div', { class: 'form-error', role: 'alert' }, h('p', {}, error?.message ?? String(error)));
}
