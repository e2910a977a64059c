// Mål: the client's short- and long-term goals and agreements; add one, change its text,
// status or target date.
import { api } from '../shared/api.js';
import { announce, failure, field, formatDate, h, loading, onSubmit } from '../shared/ui.js';
import { goalKindLabels, goalStatusLabels } from './labels.js';
import { empty } from './widgets.js';

const statusBadge = { active: 'ok', achieved: 'ok', dropped: 'warning' };

export function goalsSection(container, context) {
  const list = h('div', { class: 'goal-list' }, loading());
  container.append(list, newGoalForm(context, () => refresh()));
  const refresh = async () => {
    try {
      const goals = await api('GET', `${context.base}/goals`);
      list.replaceChildren(...goalGroups(goals, context, refresh));
    } catch (error) {
      list.replaceChildren(failure(error));
    }
  };
  refresh();
}

function goalGroups(goals, context, refresh) {
  if (!goals.length) return [empty('Ingen mål endnu. Skriv det første mål sammen med klienten.')];
  return ['short_term', 'long_term'].map((kind) => {
    const ofKind = goals.filter((goal) => goal.kind === kind);
    return h('div', { class: 'goal-group' },
      h('h3', {}, kind === 'short_term' ? 'Kortsigtede mål' : 'Langsigtede mål'),
      ofKind.length
        ? h('ul', { class: 'plain-list' }, ofKind.map((goal) => h('li', {}, goalCard(goal, context, refresh))))
        : empty('Ingen endnu.'));
  });
}

function goalCard(goal, context, refresh) {
  const card = h('article', { class: 'card goal' });
  const view = () => card.replaceChildren(
    h('div', { class: 'goal-head' },
      h('span', { class: `badge ${statusBadge[goal.status]}` }, goalStatusLabels[goal.status]),
      goal.target_date ? h('span', { class: 'muted' }, `Mål-dato ${formatDate(goal.target_date)}`) : null),
    h('p', { class: goal.status === 'dropped' ? 'goal-text dropped' : 'goal-text' }, goal.text),
    h('button', { type: 'button', class: 'link', onclick: edit, 'aria-label': `Ret målet: ${goal.text.slice(0, 60)}` }, 'Ret'));
  const edit = () => {
    const form = h('form', { class: 'goal-edit', novalidate: true },
      field('Mål', h('textarea', { name: 'text', maxlength: 2000, rows: 3 }, goal.text)),
      h('div', { class: 'grid compact' },
        field('Status', h('select', { name: 'status' }, Object.entries(goalStatusLabels).map(([value, label]) =>
          h('option', { value, selected: value === goal.status }, label)))),
        field('Mål-dato (valgfri)', h('input', { type: 'date', name: 'target_date', value: goal.target_date ?? '' }))),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, 'Gem'),
        h('button', { type: 'button', onclick: view }, 'Fortryd')));
    onSubmit(form, async (data) => {
      await api('PATCH', `${context.base}/goals/${goal.id}`, {
        body: { text: data.get('text').trim(), status: data.get('status'), target_date: data.get('target_date') || null },
      });
      announce('Målet er gemt.');
      await refresh();
    });
    card.replaceChildren(form);
    form.querySelector('textarea').focus();
  };
  view();
  return card;
}

function newGoalForm(context, refresh) {
  const form = h('form', { class: 'card', id: 'new-goal', novalidate: true },
    h('h3', {}, 'Nyt mål'),
    h('div', { class: 'grid compact' },
      field('Slags', h('select', { name: 'kind' }, Object.entries(goalKindLabels).map(([value, label]) => h('option', { value }, label)))),
      field('Mål-dato (valgfri)', h('input', { type: 'date', name: 'target_date' }))),
    field('Mål', h('textarea', { name: 'text', maxlength: 2000, rows: 3 }), { hint: 'Skriv målet med klientens egne ord.' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Tilføj mål')));
  onSubmit(form, async (data) => {
    const body = { kind: data.get('kind'), text: data.get('text').trim() };
    if (data.get('target_date')) body.target_date = data.get('target_date');
    await api('POST', `${context.base}/goals`, { body });
    form.reset();
    announce('Målet er tilføjet.');
    await refresh();
  });
  return form;
}
