// Rapporter: ask for a PDF report (a questionnaire, the registrations of a period, COPM and
// goals, the colour scale, or the export of everything before deletion), follow it from
// queued to ready, and download it.
import { api, download } from '../shared/api.js';
import { announce, failure, field, formatDate, formatDateTime, h, loading, onSubmit, today } from '../shared/ui.js';
import { instrumentLabels, reportKindLabels, reportStatusLabels } from './labels.js';
import { addDays, empty, pollWhile } from './widgets.js';

/** Asks for a report; `request` is the API's body (`kind`, and `questionnaire_id`/`from`/`to`). */
export function requestReport(context, request) {
  return api('POST', `${context.base}/reports`, { body: request });
}

export function reportsSection(container, context) {
  const list = h('div', { class: 'report-list' }, loading());
  let polling = false;
  const refresh = async () => {
    try {
      const reports = await api('GET', `${context.base}/reports`);
      list.replaceChildren(reports.length ? reportTable(reports, context.client) : empty('Ingen rapporter endnu.'));
      if (reports.some((report) => report.status === 'queued') && !polling) {
        polling = true;
        pollWhile(list, async () => {
          await refresh();
          polling = list.querySelector('[data-status=queued]') !== null;
          return polling;
        });
      }
    } catch (error) {
      list.replaceChildren(failure(error));
    }
  };
  const warningDue = context.client.warning_at && Date.parse(context.client.warning_at) <= Date.now();
  // When deletion nears, the export comes first and stands out; otherwise it sits beside the form.
  container.append(...[
    warningDue ? exportCard(context, refresh) : null,
    h('div', { class: 'grid' }, requestForm(context, refresh), warningDue ? null : exportCard(context, refresh)),
    h('h3', {}, 'Bestilte rapporter'),
    list,
  ].filter(Boolean));
  refresh();
}

/** The documentation to journal before the client is deleted: prominent when deletion nears. */
function exportCard(context, refresh) {
  const warningDue = context.client.warning_at && Date.parse(context.client.warning_at) <= Date.now();
  const form = h('form', { class: warningDue ? 'card export-card urgent' : 'card export-card', id: 'export-form', novalidate: true },
    h('h3', {}, 'Eksportér før sletning'),
    h('p', {}, warningDue
      ? `Klienten slettes automatisk ${formatDate(context.client.deletion_due_at)}. Hent én samlet PDF med alt, der skal journaliseres: begge spørgeskemaer, registreringer, COPM og mål samt farveskalaen.`
      : 'Én samlet PDF med alt, der skal journaliseres, når forløbet slutter: spørgeskemaer, registreringer, COPM og mål samt farveskalaen.'),
    h('button', { type: 'submit', class: warningDue ? 'primary' : '' }, 'Bestil samlet eksport'));
  onSubmit(form, async () => {
    await requestReport(context, { kind: 'export' });
    announce('Eksporten er bestilt.');
    await refresh();
  });
  return form;
}

function requestForm(context, refresh) {
  const kind = h('select', { name: 'kind', id: 'report-kind' },
    Object.entries(reportKindLabels).filter(([value]) => value !== 'export').map(([value, label]) => h('option', { value }, label)));
  const questionnaire = h('select', { name: 'questionnaire_id', id: 'report-questionnaire' }, h('option', { value: '' }, 'Seneste besvarede'));
  const questionnaireField = field('Besvarelse', questionnaire);
  const period = h('fieldset', { class: 'period' },
    h('legend', {}, 'Periode'),
    h('div', { class: 'row' },
      field('Fra', h('input', { type: 'date', name: 'from', value: addDays(today(), -29), max: today() })),
      field('Til', h('input', { type: 'date', name: 'to', value: today(), max: today() }))));
  const form = h('form', { class: 'card', id: 'report-form', novalidate: true },
    h('h3', {}, 'Bestil en rapport'),
    field('Rapport', kind),
    questionnaireField,
    period,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Bestil rapport')));
  let scored = [];
  const fit = () => {
    const instrument = kind.value === 'mfi20' || kind.value === 'mfs' ? kind.value : null;
    questionnaireField.hidden = !instrument;
    period.hidden = kind.value !== 'registrations';
    questionnaire.replaceChildren(h('option', { value: '' }, 'Seneste besvarede'),
      scored.filter((assignment) => assignment.instrument === instrument).map((assignment) =>
        h('option', { value: assignment.id }, `${instrumentLabels[assignment.instrument]} besvaret ${formatDate(assignment.submitted_at)}`)));
  };
  kind.addEventListener('change', fit);
  fit();
  api('GET', `${context.base}/questionnaires`).then((assignments) => {
    scored = assignments.filter((assignment) => assignment.status === 'scored');
    fit();
  }, () => {});
  onSubmit(form, async (data) => {
    const body = { kind: data.get('kind') };
    if (!questionnaireField.hidden && data.get('questionnaire_id')) body.questionnaire_id = data.get('questionnaire_id');
    if (!period.hidden) Object.assign(body, { from: data.get('from'), to: data.get('to') });
    await requestReport(context, body);
    announce(`${reportKindLabels[body.kind]} er bestilt. Den er klar om et øjeblik.`);
    await refresh();
  });
  return form;
}

function reportTable(reports, client) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'report-table stacked-table' },
    h('caption', { class: 'visually-hidden' }, 'Klientens rapporter, nyeste først'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Rapport'),
      h('th', { scope: 'col' }, 'Bestilt'),
      h('th', { scope: 'col' }, 'Status'),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Hent')))),
    h('tbody', {}, reports.map((report) => h('tr', { 'data-status': report.status, 'data-kind': report.kind, 'data-report': report.id },
      h('td', { 'data-label': 'Rapport' }, reportKindLabels[report.kind] ?? report.kind, report.automatic ? h('span', { class: 'muted small' }, 'Lavet automatisk') : null),
      h('td', { class: 'nowrap', 'data-label': 'Bestilt' }, formatDateTime(report.created_at)),
      h('td', { 'data-label': 'Status' }, h('span', { class: `badge ${{ queued: 'warning', ready: 'ok', failed: 'danger' }[report.status]}` }, reportStatusLabels[report.status])),
      h('td', {}, report.status === 'ready' ? downloadButton(report, client) : null))))));
}

function downloadButton(report, client) {
  const filename = `MDME ${reportKindLabels[report.kind]} ${client.name} ${report.created_at.slice(0, 10)}.pdf`.replace(/[\\/:*?"<>|]/g, '');
  const fetchIt = async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      await download(`/reports/${report.id}/pdf`, filename);
    } catch (error) {
      announce(error.message);
    } finally {
      button.disabled = false;
    }
  };
  return h('button', { type: 'button', class: 'download', onclick: fetchIt, 'aria-label': `Hent ${reportKindLabels[report.kind]} som PDF` }, 'Hent PDF');
}
