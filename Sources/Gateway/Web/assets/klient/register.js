// "Registrér": an activity in a few taps. What (recent activities are one tap), the level from
// the client's own colours (then that level's statements and symptoms to tick), when, how
// long, and an optional note. The API checks everything; its errors land at their fields.
import { api } from '../shared/api.js';
import { navigate } from '../shared/router.js';
import { h, show, loading, failure, field, onSubmit, announce, today } from '../shared/ui.js';
import { addDays, dateOf, formatDuration, instantAt, longDay, rfc3339, wallTime } from './clock.js';
import { defaultScaleNotice, loadScale, paint } from './scale.js';

const whenChoices = [
  { value: '0', label: 'Nu' },
  { value: '30', label: 'For ½ time siden' },
  { value: '60', label: 'For 1 time siden' },
  { value: '120', label: 'For 2 timer siden' },
  { value: 'other', label: 'Andet tidspunkt' },
];
const durationChoices = [15, 30, 60, 90];

/** `#/registrer`, or `#/registrer/YYYY-MM-DD` to register on an earlier day. */
export async function registerView(main, { date } = {}) {
  const day = date && /^\d{4}-\d{2}-\d{2}$/.test(date) && date < today() ? date : null;
  const body = h('div', {}, loading());
  show(main, h('div', { class: 'view-heading' },
    h('h1', {}, 'Registrér aktivitet'),
    day ? h('p', { class: 'muted' }, `For ${longDay(day)}`) : null), body);
  try {
    const [scale, recent] = await Promise.all([
      loadScale(),
      api('GET', '/me/registrations', { query: { from: addDays(today(), -13), to: today() } }).catch(() => []),
    ]);
    if (!scale?.levels?.length) {
      body.replaceChildren(h('div', { class: 'notice' }, h('p', {}, 'Din terapeut har ikke lavet din farveskala endnu. Når den er klar, kan du registrere dine aktiviteter her.')));
      return;
    }
    body.replaceChildren(defaultScaleNotice(scale) ?? '', registrationForm(scale, recentActivities(recent ?? []), day));
  } catch (error) {
    body.replaceChildren(failure(error));
  }
}

/** The client's latest different activities, newest first: most days repeat yesterday's. */
function recentActivities(entries) {
  const sorted = [...entries].sort((a, b) => Date.parse(b.started_at) - Date.parse(a.started_at));
  return [...new Set(sorted.map((entry) => entry.activity.trim()).filter(Boolean))].slice(0, 6);
}

/** A radio styled as a tappable chip; the input stays a real radio for keyboards and readers. */
function chip(name, value, label, { checked = false, onchange } = {}) {
  return h('label', { class: 'chip' },
    h('input', { type: 'radio', name, value, checked, onchange }),
    h('span', {}, label));
}

function registrationForm(scale, recent, day) {
  const activity = h('input', { name: 'activity', autocomplete: 'off', maxlength: 500, enterkeyhint: 'next' });
  const recentRow = recent.length
    ? h('div', { class: 'recent' },
      h('p', { class: 'hint' }, 'Tryk for at vælge en af dine seneste:'),
      h('ul', { class: 'row' }, recent.map((name) => h('li', {}, h('button', {
        type: 'button', class: 'chip-button',
        onclick: () => { activity.value = name; activity.focus(); },
      }, name)))))
    : null;

  const ticks = h('div', { class: 'level-details', 'aria-live': 'polite' });
  const levels = h('fieldset', { class: 'levels' },
    h('legend', {}, 'Hvordan var det for din energi?'),
    h('p', { class: 'hint' }, 'Vælg farven fra din farveskala.'),
    h('div', { class: 'swatches' }, scale.levels.map((level, index) => paint(h('label', { class: 'swatch' },
      h('input', { type: 'radio', name: 'level', value: String(index), onchange: () => showTicks(ticks, level) }),
      h('span', { class: 'swatch-label' }, level.label)), level.color))));

  const otherDate = h('input', { type: 'date', name: 'started_date', max: addDays(today(), 1), value: day ?? today() });
  const otherTime = h('input', { type: 'time', name: 'started_time', value: day ? '12:00' : wallTime(new Date()), step: 60 });
  const otherWhen = h('div', { class: 'other-when', hidden: !day }, field('Dato', otherDate), field('Klokken', otherTime));
  const when = h('fieldset', {},
    h('legend', {}, 'Hvornår begyndte du?'),
    h('div', { class: 'chips' }, whenChoices.map((choice, index) => {
      const checked = day ? choice.value === 'other' : index === 0;
      const control = chip('when', choice.value, choice.label, { checked, onchange: () => { otherWhen.hidden = choice.value !== 'other'; } });
      // A problem with the time is shown in this fieldset and focuses its first choice.
      if (index === 0) control.querySelector('input').dataset.field = 'started_at';
      return control;
    })),
    otherWhen);

  const minutes = h('input', { type: 'number', name: 'duration_minutes', inputmode: 'numeric', min: 1, max: 1440, step: 1, value: 30 });
  const durationChips = durationChoices.map((value) => chip('duration_choice', String(value), formatDuration(value), {
    checked: value === 30,
    onchange: () => { minutes.value = String(value); },
  }));
  minutes.addEventListener('input', () => {
    for (const radio of durationChips.map((label) => label.querySelector('input'))) radio.checked = radio.value === minutes.value;
  });
  const duration = h('fieldset', {},
    h('legend', {}, 'Hvor længe varede det?'),
    h('div', { class: 'chips' }, durationChips),
    h('div', { class: 'minutes' }, field('Antal minutter', minutes)));

  const note = h('textarea', { name: 'note', rows: 3, maxlength: 5000 });
  const form = h('form', { class: 'register card', novalidate: true },
    field('Hvad lavede du?', activity, { hint: 'Fx gåtur, indkøb, frokost med en ven' }),
    recentRow,
    levels,
    ticks,
    when,
    duration,
    field('Note (valgfri)', note),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Gem registrering'),
      h('a', { class: 'button', href: '#/i-dag' }, 'Annullér')));

  onSubmit(form, async (data) => {
    const body = {
      activity: String(data.get('activity') ?? '').trim(),
      started_at: startedAt(data),
      duration_minutes: data.get('duration_minutes') === '' ? undefined : Number(data.get('duration_minutes')),
      level: data.get('level') === null ? undefined : Number(data.get('level')),
      statements: data.getAll('statements').map(String),
      symptoms: data.getAll('symptoms').map(String),
      note: String(data.get('note') ?? '').trim() || undefined,
    };
    const saved = await api('POST', '/me/registrations', { body });
    announce(`Gemt: ${saved?.activity ?? body.activity}, ${formatDuration(body.duration_minutes)}.`);
    // Back to the day it happened on: today, or the earlier day it was registered for.
    const registeredDay = dateOf(body.started_at);
    navigate(registeredDay === today() ? '/i-dag' : `/i-dag/${registeredDay}`);
  });
  return form;
}

/** The start as RFC 3339 UTC: minutes before now, or the date and clock the client typed. */
function startedAt(data) {
  const choice = data.get('when') ?? '0';
  if (choice !== 'other') return rfc3339(new Date(Date.now() - Number(choice) * 60000));
  const date = String(data.get('started_date') ?? '');
  const time = String(data.get('started_time') ?? '');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}/.test(time)) return undefined;
  return rfc3339(instantAt(date, time.slice(0, 5)));
}

/** After a level is picked: its own statements and symptoms, to tick what fits today. */
function showTicks(container, level) {
  const group = (legend, name, words) => (words?.length
    ? h('fieldset', { class: 'ticks' }, h('legend', {}, legend),
      words.map((word) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name, value: word }), h('span', {}, word))))
    : null);
  container.replaceChildren(...[
    group(`Hvad passer? (${level.label})`, 'statements', level.statements),
    group('Mærker du noget af dette?', 'symptoms', level.symptoms),
  ].filter(Boolean));
}
