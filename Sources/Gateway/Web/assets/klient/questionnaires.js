// "Spørgeskemaer": what the therapist has asked the client to answer, waiting ones first.
import { api } from '../shared/api.js';
import { h, show, loading, failure, formatDate } from '../shared/ui.js';

export const instruments = {
  mfi20: { name: 'MFI-20', about: '20 udsagn om træthed. Tager omkring 5 minutter.' },
  mfs: { name: 'MFS (mental træthed)', about: '15 spørgsmål om mental træthed. Tager omkring 10 minutter.' },
};

export function instrumentName(instrument) {
  return instruments[instrument]?.name ?? instrument;
}

const statuses = {
  pending: { label: 'Venter på dine svar', badge: 'warning' },
  submitted: { label: 'Indsendt', badge: 'ok' },
  scored: { label: 'Færdig', badge: 'ok' },
};

export function statusBadge(status) {
  const known = statuses[status] ?? { label: status, badge: '' };
  return h('span', { class: `badge ${known.badge}` }, known.label);
}

export async function questionnairesView(main) {
  const body = h('div', {}, loading());
  show(main, h('h1', {}, 'Spørgeskemaer'), body);
  try {
    const assignments = (await api('GET', '/me/questionnaires')) ?? [];
    // The one waiting longest first (the API's order, which the stable sort keeps on ties).
    const pending = assignments.filter((one) => one.status === 'pending')
      .sort((a, b) => Date.parse(a.assigned_at) - Date.parse(b.assigned_at));
    const answered = assignments.filter((one) => one.status !== 'pending')
      .sort((a, b) => Date.parse(b.submitted_at ?? b.assigned_at) - Date.parse(a.submitted_at ?? a.assigned_at));
    body.replaceChildren(
      h('section', { 'aria-labelledby': 'pending-heading' },
        h('h2', { id: 'pending-heading' }, 'Til dig'),
        pending.length
          ? h('ul', { class: 'plain-list' }, pending.map(pendingCard))
          : h('div', { class: 'card empty' }, h('p', {}, 'Du har ingen spørgeskemaer, der venter. Din terapeut giver dig besked, når der er et nyt.'))),
      answered.length
        ? h('section', { 'aria-labelledby': 'answered-heading' },
          h('h2', { id: 'answered-heading' }, 'Besvarede'),
          h('ul', { class: 'plain-list' }, answered.map(answeredCard)))
        : null);
  } catch (error) {
    body.replaceChildren(failure(error));
  }
}

function pendingCard(assignment) {
  const titleId = `questionnaire-${assignment.id}`;
  return h('li', { class: 'card questionnaire' },
    h('div', { class: 'questionnaire-heading' }, h('h3', { id: titleId }, instrumentName(assignment.instrument)), statusBadge(assignment.status)),
    h('p', {}, instruments[assignment.instrument]?.about ?? ''),
    h('p', { class: 'muted' }, `Fra din terapeut ${formatDate(assignment.assigned_at)}`),
    h('a', { class: 'button primary', href: `#/spoergeskemaer/${assignment.id}`, 'aria-describedby': titleId }, 'Besvar nu'));
}

function answeredCard(assignment) {
  return h('li', { class: 'card questionnaire' },
    h('div', { class: 'questionnaire-heading' }, h('h3', {}, instrumentName(assignment.instrument)), statusBadge(assignment.status)),
    h('p', { class: 'muted' }, `Besvaret ${formatDate(assignment.submitted_at ?? assignment.scored_at)}`));
}
