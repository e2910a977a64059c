// "Mit forløb": what the client and therapist have agreed on — goals, reflection sheets and
// the colour scale — to read (the therapist writes them).
import { api } from '../shared/api.js';
import { h, show, loading, failure, formatDate } from '../shared/ui.js';
import { defaultScaleNotice, loadScale, paint } from './scale.js';

const sections = [
  { href: '#/forloeb/maal', label: 'Mål' },
  { href: '#/forloeb/refleksion', label: 'Refleksion' },
  { href: '#/forloeb/farveskala', label: 'Farveskala' },
];

/** The three pages' own tabs; the router marks the current one with aria-current. */
function sectionNavigation() {
  return h('nav', { class: 'tabs', 'aria-label': 'Mit forløb' },
    h('ul', {}, sections.map((section) => h('li', {}, h('a', { href: section.href }, section.label)))));
}

async function courseView(main, title, intro, load, render) {
  const body = h('div', {}, loading());
  show(main, h('h1', {}, title), sectionNavigation(), intro ? h('p', { class: 'muted intro' }, intro) : null, body);
  try {
    body.replaceChildren(...[render(await load())].flat().filter(Boolean));
  } catch (error) {
    body.replaceChildren(failure(error));
  }
}

const goalKinds = [
  { kind: 'short_term', title: 'Kortsigtede mål' },
  { kind: 'long_term', title: 'Langsigtede mål' },
];
const goalStatuses = {
  active: { label: 'I gang', badge: 'warning' },
  achieved: { label: 'Nået', badge: 'ok' },
  dropped: { label: 'Lagt til side', badge: '' },
};

export function goalsView(main) {
  return courseView(main, 'Mine mål', 'De mål, du og din terapeut har sat sammen.', () => api('GET', '/me/goals'), (goals) => {
    if (!goals?.length) return h('div', { class: 'card empty' }, h('p', {}, 'Du har ingen mål endnu. I sætter dem sammen til en samtale.'));
    return goalKinds.map(({ kind, title }) => {
      const ofKind = goals.filter((goal) => goal.kind === kind)
        .sort((a, b) => (a.status === 'active' ? 0 : 1) - (b.status === 'active' ? 0 : 1));
      if (!ofKind.length) return null;
      return h('section', { 'aria-label': title }, h('h2', {}, title), h('ul', { class: 'plain-list' }, ofKind.map(goalCard)));
    });
  });
}

function goalCard(goal) {
  const status = goalStatuses[goal.status] ?? { label: goal.status, badge: '' };
  return h('li', { class: `card goal ${goal.status}` },
    h('p', { class: 'goal-text' }, goal.text),
    h('p', { class: 'row goal-meta' },
      h('span', { class: `badge ${status.badge}` }, status.label),
      goal.target_date ? h('span', { class: 'muted' }, `Mål-dato: ${formatDate(goal.target_date)}`) : null));
}

export function reflectionView(main) {
  return courseView(main, 'Refleksion', 'Dine refleksionsark: spørgsmål og svar fra jeres samtaler.', () => api('GET', '/me/reflection-sheets'), (sheets) => {
    if (!sheets?.length) return h('div', { class: 'card empty' }, h('p', {}, 'Du har ingen refleksionsark endnu.'));
    return [...sheets].sort((a, b) => Date.parse(b.updated_at ?? b.created_at) - Date.parse(a.updated_at ?? a.created_at)).map((sheet) => h('article', { class: 'card sheet' },
      h('h2', {}, sheet.title),
      h('p', { class: 'muted' }, `Skrevet ${formatDate(sheet.created_at)}`,
        sheet.updated_at && sheet.updated_at !== sheet.created_at ? ` · rettet ${formatDate(sheet.updated_at)}` : ''),
      h('dl', { class: 'sheet-items' }, (sheet.items ?? []).map((item) => [h('dt', {}, item.question), h('dd', {}, item.answer || '–')]))));
  });
}

export function colorScaleView(main) {
  return courseView(main, 'Min farveskala', 'Fra det, der giver dig mest energi (øverst), til det, der dræner mest (nederst).', loadScale, (scale) => [
    defaultScaleNotice(scale),
    h('ol', { class: 'scale-levels' }, (scale?.levels ?? []).map((level) => h('li', { class: 'card scale-level' },
      paint(h('h2', { class: 'scale-swatch' }, level.label), level.color),
      h('div', { class: 'scale-words' },
        wordList('Sådan er det', level.statements),
        wordList('Det kan du mærke', level.symptoms),
        !level.statements?.length && !level.symptoms?.length ? h('p', { class: 'muted' }, 'Ingen udsagn eller symptomer endnu.') : null)))),
  ]);
}

function wordList(title, words) {
  if (!words?.length) return null;
  return h('div', { class: 'word-list' }, h('h3', {}, title), h('ul', {}, words.map((word) => h('li', {}, word))));
}
