// The client's own colour scale: loading it, and painting things in its colours with text
// that stays readable on them (black or white, whichever contrasts more: WCAG AA).
import { api } from '../shared/api.js';
import { h } from '../shared/ui.js';

/** `{is_default, levels: [{color, label, statements, symptoms}]}`, level 0 the most restoring. */
export function loadScale() {
  return api('GET', '/me/color-scale');
}

function relativeLuminance(hex) {
  const channels = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16) / 255)
    .map((value) => (value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4));
  return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
}

/** Black or white, whichever has the higher contrast against `hex` (`#RRGGBB`). */
export function textColorOn(hex) {
  if (!/^#[0-9a-f]{6}$/i.test(hex ?? '')) return '#000000';
  const luminance = relativeLuminance(hex);
  return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? '#000000' : '#ffffff';
}

/** Gives `element` the level's colour as background and a readable text colour (CSSOM: CSP allows it). */
export function paint(element, hex) {
  element.style.backgroundColor = hex;
  element.style.color = textColorOn(hex);
  element.classList.toggle('on-dark', textColorOn(hex) === '#ffffff');
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
