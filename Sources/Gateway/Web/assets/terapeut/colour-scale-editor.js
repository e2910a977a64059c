// Farveskala: the editor for the client's colour scale — 2–6 levels from most restoring to
// most draining, each a colour, a label and the client's own statements and symptoms — with a
// preview as the client will see it.
import { api } from '../shared/api.js';
import { announce, failure, field, formatDateTime, h, loading, onSubmit, uniqueId } from '../shared/ui.js';
import { textColourOn } from '../shared/colour.js';
import { isHexColour, lines } from './widgets.js';

// The same limits as the API (MDMECore ColorScale.levelCounts).
const minimumLevels = 2;
const maximumLevels = 6;

export function colourScaleSection(container, context) {
  const place = h('div', {}, loading());
  container.append(place);
  api('GET', `${context.base}/color-scale`).then(
    (scale) => place.replaceChildren(colourScaleEditor(context, scale)),
    (error) => place.replaceChildren(failure(error)),
  );
}

/** A swatch row showing the scale's levels, text on each colour in black or white. */
export function scalePreview(levels) {
  return h('ol', { class: 'scale-preview', 'aria-label': 'Farveskalaen' }, levels.map((level) => {
    const swatch = h('li', {}, level.label || '(uden navn)');
    if (isHexColour(level.color)) {
      swatch.style.backgroundColor = level.color;
      swatch.style.color = textColourOn(level.color);
    }
    return swatch;
  }));
}

function colourScaleEditor(context, scale) {
  let levels = scale.levels.map((level) => ({ ...level, statements: level.statements ?? [], symptoms: level.symptoms ?? [] }));
  const list = h('div', { class: 'level-list' });
  const savedNote = h('p', { class: 'hint' });
  const describeSaved = (current) => {
    savedNote.textContent = current.is_default
      ? 'Klienten har endnu standardskalaen. Lav skalaen sammen med klienten.'
      : `Sidst gemt ${formatDateTime(current.updated_at)}.`;
  };
  describeSaved(scale);
  const preview = h('div', { class: 'preview-box' });
  const addButton = h('button', { type: 'button', id: 'add-level', onclick: () => change(() => levels.push(newLevel(levels.length))) }, '+ Tilføj niveau');
  const form = h('form', { id: 'colour-scale', novalidate: true },
    h('div', { class: 'card' },
      h('h3', {}, 'Sådan ser skalaen ud for klienten'),
      preview,
      savedNote),
    h('p', { class: 'hint' }, `Øverst det mest genoprettende niveau, nederst det mest drænende; ${minimumLevels}–${maximumLevels} niveauer. `
      + 'Brug klientens egne ord. Skriv ét udsagn eller symptom pr. linje.'),
    list,
    h('div', { class: 'row' }, addButton),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Gem farveskala')));

  /** The levels as typed so far (the form is the truth between structural changes). */
  const read = () => [...list.children].map((fieldset) => {
    const part = (name) => fieldset.querySelector(`[data-part=${name}]`);
    return {
      color: part('color').value.trim(),
      label: part('label').value.trim(),
      statements: lines(part('statements').value),
      symptoms: lines(part('symptoms').value),
    };
  });
  const updatePreview = () => preview.replaceChildren(scalePreview(read()));
  const render = (focusSelectors) => {
    list.replaceChildren(...levels.map((level, index) => levelFieldset(level, index, levels.length, { change, move, remove, updatePreview })));
    addButton.disabled = levels.length >= maximumLevels;
    updatePreview();
    // Keep the keyboard where the user was: the moved level's button, else its name field.
    const target = [focusSelectors ?? []].flat().map((selector) => list.querySelector(selector)).find(Boolean);
    target?.focus();
  };
  const change = (mutate, focusSelectors) => {
    levels = read();
    mutate();
    render(focusSelectors);
  };
  const move = (index, by) => change(() => {
    const [level] = levels.splice(index, 1);
    levels.splice(index + by, 0, level);
    announce(`Niveauet er flyttet til plads ${index + by + 1}.`);
  }, [`[data-level="${index + by}"] [data-move="${by}"]:not(:disabled)`, `[data-level="${index + by}"] [data-part=label]`]);
  const remove = (index) => change(() => {
    levels.splice(index, 1);
    announce('Niveauet er fjernet.');
  }, `[data-level="${Math.max(0, index - 1)}"] [data-part=label]`);

  render();
  onSubmit(form, async () => {
    const saved = await api('PUT', `${context.base}/color-scale`, { body: { levels: read() } });
    levels = saved.levels;
    render();
    describeSaved(saved);
    announce('Farveskalaen er gemt.');
  });
  return form;
}

/** Colours for added levels: a calm progression; the therapist picks the client's own. */
const suggestedColours = ['#2E7D32', '#9CCC65', '#FDD835', '#FB8C00', '#E53935', '#8E24AA'];

function newLevel(index) {
  return { color: suggestedColours[index] ?? '#757575', label: '', statements: [], symptoms: [] };
}

function levelFieldset(level, index, count, { move, remove, updatePreview }) {
  const number = index + 1;
  const where = index === 0 ? ' – mest genoprettende' : index === count - 1 ? ' – mest drænende' : '';
  const picker = h('input', { type: 'color', value: isHexColour(level.color) ? level.color.toLowerCase() : '#000000', class: 'colour-picker',
    'aria-label': `Vælg farve for niveau ${number}` });
  // The code field is what is sent: it can be typed or pasted, and the API's answer about a
  // wrong colour lands next to it. The picker only fills it in.
  const code = h('input', { type: 'text', value: level.color, 'data-part': 'color', 'data-field': `levels[${index}].color`,
    maxlength: 7, spellcheck: 'false', autocomplete: 'off', class: 'colour-code', id: uniqueId('colour') });
  const swatch = h('span', { class: 'level-swatch', 'aria-hidden': 'true' });
  const paint = () => {
    if (isHexColour(code.value.trim())) swatch.style.backgroundColor = code.value.trim();
  };
  picker.addEventListener('input', () => {
    code.value = picker.value.toUpperCase();
    paint();
    updatePreview();
  });
  code.addEventListener('input', () => {
    if (isHexColour(code.value.trim())) picker.value = code.value.trim().toLowerCase();
    paint();
    updatePreview();
  });
  paint();
  const label = h('input', { type: 'text', value: level.label, 'data-part': 'label', 'data-field': `levels[${index}].label`, maxlength: 60 });
  label.addEventListener('input', updatePreview);
  const listArea = (part, values) => h('textarea', { 'data-part': part, 'data-field': `levels[${index}].${part}`, rows: 3 }, values.join('\n'));
  return h('fieldset', { class: 'card level', 'data-level': index },
    h('legend', {}, swatch, `Niveau ${number}${where}`),
    h('div', { class: 'level-grid' },
      h('div', { class: 'field' }, h('label', { for: code.id }, 'Farve'), h('div', { class: 'colour-input' }, picker, code)),
      field('Navn på niveauet', label),
      field('Udsagn', listArea('statements', level.statements)),
      field('Symptomer', listArea('symptoms', level.symptoms))),
    h('div', { class: 'row level-actions' },
      h('button', { type: 'button', 'data-move': -1, disabled: index === 0, onclick: () => move(index, -1), 'aria-label': `Flyt niveau ${number} op` }, '↑ Op'),
      h('button', { type: 'button', 'data-move': 1, disabled: index === count - 1, onclick: () => move(index, 1), 'aria-label': `Flyt niveau ${number} ned` }, '↓ Ned'),
      h('button', { type: 'button', class: 'danger', 'data-remove': index, disabled: count <= minimumLevels, onclick: () => remove(index), 'aria-label': `Fjern niveau ${number}` }, 'Fjern')));
}
