// Registreringer: the client's activity registrations over a chosen period, as charts (energy
// per day, weekday × hour) and as a table.
import { api } from '../shared/api.js';
import { field, formatDateTime, h, loading, onSubmit, today } from '../shared/ui.js';
import { energyByDayChart, weekHeatMap } from './charts.js';
import { duration } from './labels.js';
import { textColourOn } from '../shared/colour.js';
import { addDays, empty } from './widgets.js';

export function registrationsSection(container, context) {
  const results = h('div', { class: 'registration-results' });
  const form = h('form', { class: 'card period-form', id: 'period', novalidate: true },
    h('div', { class: 'row align-end' },
      field('Fra', h('input', { type: 'date', name: 'from', value: addDays(today(), -6), max: today() })),
      field('Til', h('input', { type: 'date', name: 'to', value: today(), max: today() })),
      h('button', { type: 'submit', class: 'primary' }, 'Vis periode')),
    h('div', { class: 'row quick-periods' },
      h('span', { class: 'muted' }, 'Hurtigt valg:'),
      [7, 14, 30].map((days) => h('button', { type: 'button', class: 'link', onclick: () => choose(days) }, `Seneste ${days} dage`))));
  const choose = (days) => {
    form.elements.from.value = addDays(today(), -(days - 1));
    form.elements.to.value = today();
    form.requestSubmit();
  };
  onSubmit(form, async (data) => {
    results.replaceChildren(loading());
    const [registrations, scale] = await Promise.all([
      api('GET', `${context.base}/registrations`, { query: { from: data.get('from'), to: data.get('to') } }),
      api('GET', `${context.base}/color-scale`),
    ]).catch((error) => {
      // The form shows the error (at the date it concerns); the old results would mislead.
      results.replaceChildren();
      throw error;
    });
    results.replaceChildren(...registrationViews(registrations, scale.levels, data.get('from'), data.get('to')));
  });
  container.append(form, results);
  form.requestSubmit();
}

function registrationViews(registrations, levels, from, to) {
  if (!registrations.length) {
    return [empty('Klienten har ingen registreringer i perioden. Vælg en anden periode.')];
  }
  return [
    h('div', { class: 'chart-grid' }, energyByDayChart(registrations, levels, from, to), weekHeatMap(registrations, levels)),
    registrationTable(registrations, levels),
  ];
}

function registrationTable(registrations, levels) {
  return h('div', { class: 'card' },
    h('h3', {}, `Registreringer (${registrations.length})`),
    h('div', { class: 'table-wrap' }, h('table', { class: 'registration-table stacked-table' },
      h('caption', { class: 'visually-hidden' }, 'Registreringer i perioden, nyeste først'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Start'),
        h('th', { scope: 'col' }, 'Aktivitet'),
        h('th', { scope: 'col' }, 'Varighed'),
        h('th', { scope: 'col' }, 'Niveau'),
        h('th', { scope: 'col' }, 'Udsagn og symptomer'),
        h('th', { scope: 'col' }, 'Note'))),
      h('tbody', {}, registrations.map((registration) => h('tr', {},
        h('td', { class: 'nowrap', 'data-label': 'Start' }, formatDateTime(registration.started_at)),
        h('td', { 'data-label': 'Aktivitet' }, registration.activity),
        h('td', { class: 'nowrap', 'data-label': 'Varighed' }, duration(registration.duration_minutes)),
        h('td', { 'data-label': 'Niveau' }, levelChip(levels, registration.level)),
        h('td', { 'data-label': 'Udsagn og symptomer' }, [...(registration.statements ?? []), ...(registration.symptoms ?? [])].join(', ') || '–'),
        h('td', { 'data-label': 'Note' }, registration.note || '–')))))));
}

/** The level's label on its own colour, text black or white for contrast. */
function levelChip(levels, index) {
  const level = levels[index];
  const chip = h('span', { class: 'level-chip' }, level?.label || `Niveau ${index + 1}`);
  if (level) {
    chip.style.backgroundColor = level.color;
    chip.style.color = textColourOn(level.color);
  }
  return chip;
}
