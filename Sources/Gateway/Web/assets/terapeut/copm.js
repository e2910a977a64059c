// COPM: the client's assessments (oldest first) with performance and satisfaction scores and
// the change against the first, and the form for a new assessment of 1–5 problems.
import { ApiError, api } from '../shared/api.js';
import { announce, failure, field, formatDate, h, loading, onSubmit, today } from '../shared/ui.js';
import { oneDecimal } from './labels.js';
import { empty } from './widgets.js';

const maximumProblems = 5;

export function copmSection(container, context) {
  const list = h('div', { class: 'copm-list' }, loading());
  container.append(list, newAssessmentForm(context, () => refresh()));
  const refresh = async () => {
    try {
      const assessments = await api('GET', `${context.base}/copm`);
      list.replaceChildren(...(assessments.length
        ? assessments.map((assessment, index) => assessmentCard(assessment, index))
        : [empty('Ingen COPM-vurderinger endnu.')]));
    } catch (error) {
      list.replaceChildren(failure(error));
    }
  };
  refresh();
}

function assessmentCard(assessment, index) {
  const change = assessment.change;
  const changeText = (score) => {
    if (!score) return null;
    const sign = score.value > 0 ? '+' : '';
    return h('span', { class: 'change' }, `${sign}${oneDecimal(score.value)}`,
      score.clinically_important ? h('span', { class: 'badge ok' }, 'Klinisk betydende') : null);
  };
  return h('article', { class: 'card copm' },
    h('h3', {}, `${index === 0 ? 'Første vurdering' : 'Vurdering'} ${formatDate(assessment.assessed_on)}`),
    h('div', { class: 'score-row' },
      score('Udførelse', assessment.performance_score, change && changeText(change.performance)),
      score('Tilfredshed', assessment.satisfaction_score, change && changeText(change.satisfaction))),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', { class: 'visually-hidden' }, `Problemer vurderet ${formatDate(assessment.assessed_on)}`),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Problem'),
        h('th', { scope: 'col', class: 'number' }, 'Vigtighed'),
        h('th', { scope: 'col', class: 'number' }, 'Udførelse'),
        h('th', { scope: 'col', class: 'number' }, 'Tilfredshed'))),
      h('tbody', {}, assessment.problems.map((problem) => h('tr', {},
        h('td', {}, problem.description),
        h('td', { class: 'number' }, problem.importance),
        h('td', { class: 'number' }, problem.performance),
        h('td', { class: 'number' }, problem.satisfaction)))))));
}

function score(label, value, change) {
  return h('div', { class: 'score' },
    h('span', { class: 'score-label' }, label),
    h('span', { class: 'score-value' }, oneDecimal(value?.value)),
    change ? h('span', { class: 'score-change' }, 'Ændring siden første: ', change) : null);
}

function newAssessmentForm(context, refresh) {
  const rows = h('div', { class: 'copm-problems' });
  const addButton = h('button', { type: 'button', id: 'add-problem', onclick: () => addRow() }, '+ Tilføj problem');
  const form = h('form', { class: 'card', id: 'new-copm', novalidate: true },
    h('h3', {}, 'Ny COPM-vurdering'),
    h('p', { class: 'hint' }, 'Op til fem aktivitetsproblemer. Vigtighed, udførelse og tilfredshed vurderes af klienten fra 1 (lav) til 10 (høj).'),
    field('Dato for vurderingen', h('input', { type: 'date', name: 'assessed_on', value: today(), max: today() })),
    rows,
    h('div', { class: 'row' }, addButton),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Gem vurdering')));

  const renumber = () => {
    [...rows.children].forEach((fieldset, index) => {
      fieldset.querySelector('legend').textContent = `Problem ${index + 1}`;
      fieldset.querySelectorAll('[data-part]').forEach((control) => {
        control.dataset.field = `problems[${index}].${control.dataset.part}`;
      });
      fieldset.querySelector('.remove-problem').setAttribute('aria-label', `Fjern problem ${index + 1}`);
      fieldset.querySelector('.remove-problem').hidden = rows.children.length === 1;
    });
    addButton.disabled = rows.children.length >= maximumProblems;
  };
  const addRow = ({ focus = true } = {}) => {
    const rating = (part, label) => field(label, h('input', { type: 'number', min: 1, max: 10, step: 1, inputmode: 'numeric', 'data-part': part }));
    const fieldset = h('fieldset', { class: 'copm-problem' },
      h('legend', {}),
      field('Aktivitetsproblem', h('input', { 'data-part': 'description', maxlength: 500 })),
      h('div', { class: 'ratings' }, rating('importance', 'Vigtighed'), rating('performance', 'Udførelse'), rating('satisfaction', 'Tilfredshed')),
      h('button', { type: 'button', class: 'link remove-problem', onclick: () => { fieldset.remove(); renumber(); } }, 'Fjern'));
    rows.append(fieldset);
    renumber();
    if (focus) fieldset.querySelector('input').focus();
  };
  addRow({ focus: false });

  onSubmit(form, async (data) => {
    const rating = (control) => (control.value.trim() === '' ? null : Number(control.value));
    const problems = [...rows.children].map((fieldset) => {
      const part = (name) => fieldset.querySelector(`[data-part=${name}]`);
      return {
        description: part('description').value.trim(),
        importance: rating(part('importance')),
        performance: rating(part('performance')),
        satisfaction: rating(part('satisfaction')),
      };
    });
    // An empty rating would reach the API as null, whose answer says little; say it here.
    const missing = problems.flatMap((problem, index) => ['importance', 'performance', 'satisfaction']
      .filter((name) => problem[name] === null)
      .map((name) => ({ field: `problems[${index}].${name}`, problem: 'Skal udfyldes (1–10).' })));
    if (missing.length) throw new ApiError(400, 'validation_failed', 'Nogle felter skal rettes.', missing);
    await api('POST', `${context.base}/copm`, { body: { assessed_on: data.get('assessed_on'), problems } });
    rows.replaceChildren();
    addRow({ focus: false });
    announce('Vurderingen er gemt.');
    await refresh();
  });
  return form;
}
