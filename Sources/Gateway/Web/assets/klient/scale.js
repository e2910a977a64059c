// The client's own colour scale: loading it, and painting things in its colours with text
// that stays readable on them (black or white, whichever contrasts more: WCAG AA).
import { api } from '../shared/api.js';
import { textColourOn } from '../shared/colour.js';
import { h } from '../shared/ui.js';

/** `{is_default, levels: [{color, label, statements, symptoms}]}`, level 0 the most restoring. */
export function loadScale() {
  return api('GET', '/me/color-scale');
}

/** Gives `element` the level's colour as background and a readable text colour (CSSOM: CSP allows it). */
export function paint(element, hex) {
  element.style.backgroundColor = hex;
  const text = textColourOn(hex);
  element.style.color = text;
  element.classList.toggle('on-dark', text === '#ffffff');
  return element;
}

// A registration keeps its level's index; should the scale later shrink, the entry still shows.
const unknownLevel = { color: '#d5dbe0', label: 'Ukendt niveau', statements: [], symptoms: [] };

export function levelOf(scale, index) {
  return scale?.levels?.[index] ?? unknownLevel;
}

/** The kind sentence for a client whose therapist has not made their scale yet. */
export function defaultScaleNotice(scale) {
  if (!scale?.is_default) return null;
  return h('div', { class: 'notice' },
    h('p', {}, h('strong', {}, 'Din terapeut har ikke lavet din farveskala endnu.')),
    h('p', {}, 'Indtil I laver den sammen, kan du bruge de tre standardfarver. Dine registreringer bliver gemt som normalt.'));
}
