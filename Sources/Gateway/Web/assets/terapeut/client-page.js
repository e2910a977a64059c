// One client's page: a heading with the client's state, links to the sections of their
// record, and the chosen section. Each section lives in its own module.
import { api } from '../shared/api.js';
import { navigate } from '../shared/router.js';
import { announce, failure, formatDate, h, loading, show } from '../shared/ui.js';
import { clientBadges } from './clients.js';
import { masterDataSection } from './master-data.js';
import { goalsSection } from './goals.js';
import { copmSection } from './copm.js';
import { colourScaleSection } from './colour-scale-editor.js';
import { reflectionSection } from './reflection-sheets.js';
import { questionnairesSection } from './questionnaires.js';
import { registrationsSection } from './registrations.js';
import { reportsSection, requestReport } from './reports.js';

const sections = [
  { slug: 'stamdata', label: 'Stamdata', render: masterDataSection },
  { slug: 'maal', label: 'Mål', render: goalsSection },
  { slug: 'copm', label: 'COPM', render: copmSection },
  { slug: 'farveskala', label: 'Farveskala', render: colourScaleSection },
  { slug: 'refleksion', label: 'Refleksion', render: reflectionSection },
  { slug: 'spoergeskemaer', label: 'Spørgeskemaer', render: questionnairesSection },
  { slug: 'registreringer', label: 'Registreringer', render: registrationsSection },
  { slug: 'rapporter', label: 'Rapporter', render: reportsSection },
];

export function clientView(main, session, { id, section }) {
  const current = sections.find((candidate) => candidate.slug === section) ?? sections[0];
  show(main, backLink(), h('h1', {}, 'Klient'), loading());
  api('GET', `/clients/${id}`).then(
    (client) => renderClientPage(main, session, client, current),
    (error) => show(main, backLink(), h('h1', {}, 'Klient'), failure(error)),
  );
}

function backLink() {
  return h('p', { class: 'breadcrumb' }, h('a', { href: '#/klienter' }, '← Klienter'));
}

function renderClientPage(main, session, client, current) {
  const content = h('section', { class: 'client-section', 'aria-labelledby': 'section-heading' });
  const context = {
    client,
    session,
    base: `/clients/${client.id}`,
    href: (slug) => `#/klienter/${client.id}/${slug}`,
    // A section that changed master data (unlock, edit) redraws the whole page with it.
    reload: () => clientView(main, session, { id: client.id, section: current.slug }),
  };
  show(main, ...[
    backLink(),
    h('div', { class: 'client-head' },
      h('h1', {}, client.name),
      h('span', { class: 'badges' }, clientBadges(client))),
    h('p', { class: 'client-facts muted' },
      client.last_activity_at ? `Sidst aktiv ${formatDate(client.last_activity_at)}` : 'Ingen registreringer endnu',
      ' · ',
      `Slettes automatisk ${formatDate(client.deletion_due_at)}, hvis klienten ikke registrerer noget før.`),
    // The reports section shows the same offer as its first card.
    current.slug === 'rapporter' ? null : deletionWarning(context),
    h('nav', { class: 'tabs', 'aria-label': 'Klientens journal' }, h('ul', {}, sections.map((candidate) =>
      h('li', {}, h('a', {
        href: context.href(candidate.slug),
        'aria-current': candidate === current ? 'page' : null,
      }, candidate.label))))),
    content,
  ].filter(Boolean));
  // The client's name is the page's heading; the section heading tells where in the record.
  content.append(h('h2', { id: 'section-heading' }, current.label));
  current.render(content, context);
}

/** When the first deletion warning is due: the way to keep the documentation, up front. */
function deletionWarning(context) {
  const { client } = context;
  if (!client.warning_at || Date.parse(client.warning_at) > Date.now()) return null;
  const exportNow = async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      await requestReport(context, { kind: 'export' });
      announce('Eksporten er bestilt. Den hentes under Rapporter, når den er klar.');
      navigate(`/klienter/${client.id}/rapporter`);
    } catch (error) {
      announce(error.message);
      button.disabled = false;
    }
  };
  return h('div', { class: 'notice warning deletion-warning', role: 'note' },
    h('p', {}, h('strong', {}, `${client.name} slettes ${formatDate(client.deletion_due_at)}`),
      ' – med alle registreringer, skemaer og mål. Eksportér journalen som PDF, før det sker.'),
    h('button', { type: 'button', class: 'primary', id: 'export-before-deletion', onclick: exportNow }, 'Eksportér før sletning'));
}
