// Spørgeskemaer: assign MFI-20 or MFS to the client and see each assignment's status and
// scores (MFI-20: five subscales and the total; MFS: the total, its band and whether mental
// fatigue is indicated). Answers being scored are polled until their scores are in.
import { api } from '../shared/api.js';
import { announce, failure, field, formatDate, h, loading, onSubmit } from '../shared/ui.js';
import { instrumentLabels, instrumentNames, mfi20SubscaleLabels, mfsBandLabels, number, questionnaireStatusLabels } from './labels.js';
import { empty, pollWhile } from './widgets.js';

export function questionnairesSection(container, context) {
  const list = h('div', { class: 'questionnaire-list' }, loading());
  container.append(assignForm(context, () => refresh()), list);
  let polling = false;
  const refresh = async () => {
    try {
      const assignments = await api('GET', `${context.base}/questionnaires`);
      list.replaceChildren(...(assignments.length
        ? assignments.map(assignmentCard)
        : [empty('Klienten har ikke fået tildelt spørgeskemaer endnu.')]));
      const waiting = assignments.some((assignment) => assignment.status === 'submitted');
      if (waiting && !polling) {
        polling = true;
        pollWhile(list, async () => {
          const again = await refresh().then(() => list.querySelector('[data-status=submitted]') !== null);
          polling = again;
          return again;
        });
      }
    } catch (error) {
      list.replaceChildren(failure(error));
    }
  };
  refresh();
}

function assignForm(context, refresh) {
  const form = h('form', { class: 'card', id: 'assign-questionnaire', novalidate: true },
    h('h3', {}, 'Tildel et spørgeskema'),
    h('p', { class: 'hint' }, 'Klienten besvarer skemaet én gang i sin egen del af MDME. Scoren beregnes automatisk.'),
    h('div', { class: 'row align-end' },
      field('Spørgeskema', h('select', { name: 'instrument' }, Object.entries(instrumentNames).map(([value, label]) => h('option', { value }, label)))),
      h('button', { type: 'submit', class: 'primary' }, 'Tildel')));
  onSubmit(form, async (data) => {
    await api('POST', `${context.base}/questionnaires`, { body: { instrument: data.get('instrument') } });
    announce(`${instrumentLabels[data.get('instrument')]} er tildelt.`);
    await refresh();
  });
  return form;
}

function assignmentCard(assignment) {
  const badge = { pending: 'warning', submitted: 'warning', scored: 'ok' }[assignment.status];
  return h('article', { class: 'card questionnaire', 'data-status': assignment.status, 'data-instrument': assignment.instrument },
    h('div', { class: 'sheet-head' },
      h('h3', {}, instrumentNames[assignment.instrument]),
      h('span', { class: `badge ${badge}` }, questionnaireStatusLabels[assignment.status])),
    h('p', { class: 'muted small' }, `Tildelt ${formatDate(assignment.assigned_at)}`,
      assignment.submitted_at ? ` · besvaret ${formatDate(assignment.submitted_at)}` : ''),
    assignment.status === 'scored' && assignment.scores ? scoresOf(assignment) : null);
}

function scoresOf({ instrument, scores }) {
  const incomplete = scores.complete === false
    ? h('p', { class: 'notice warning' }, 'Besvarelsen er ufuldstændig: scorer med manglende svar er ikke beregnet.')
    : null;
  if (instrument === 'mfi20') {
    return h('div', { class: 'scores' },
      h('table', { class: 'score-table' },
        h('caption', { class: 'visually-hidden' }, 'MFI-20, delscorer (4–20) og total (20–100)'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Delskala'), h('th', { scope: 'col', class: 'number' }, 'Score'))),
        h('tbody', {},
          Object.entries(mfi20SubscaleLabels).map(([key, label]) => h('tr', {},
            h('th', { scope: 'row' }, label), h('td', { class: 'number' }, `${number(scores[key])} af 20`))),
          h('tr', { class: 'total' }, h('th', { scope: 'row' }, 'Total'), h('td', { class: 'number' }, `${number(scores.total)} af 100`)))),
      h('p', { class: 'hint' }, 'Højere score betyder mere træthed. Delskalaerne er resultatet; totalen er kun vejledende.'),
      incomplete);
  }
  return h('div', { class: 'scores' },
    h('p', { class: 'mfs-total' },
      h('span', { class: 'score-value' }, number(scores.total)), ' af 42 point'),
    scores.total === null || scores.total === undefined ? null : h('p', {},
      h('span', { class: `badge ${scores.indicated ? 'danger' : 'ok'}` }, scores.indicated ? 'Mental træthed indikeret' : 'Ikke indikeret'),
      ' ', `Grad af mental træthed: ${mfsBandLabels[scores.band] ?? scores.band}.`),
    h('p', { class: 'hint' }, 'Grænsen for mental træthed er 10,5 point. Spørgsmål 15 (døgnvariation) tæller ikke med.'),
    incomplete);
}
