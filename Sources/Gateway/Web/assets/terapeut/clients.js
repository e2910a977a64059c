// The therapist's clients: the list (who needs attention before automatic deletion) and the
// form that creates a client and hands over their invitation.
import { api } from '../shared/api.js';
import { failure, field, formatDate, formatDateTime, h, loading, onSubmit, show, today } from '../shared/ui.js';
import { genderLabels } from './labels.js';
import { empty, manualLink, requireFilled } from './widgets.js';

export function clientListView(main, session) {
  show(main, h('h1', {}, 'Klienter'), loading());
  loadClientList(session).then(
    ({ clients, therapistName }) => renderClientList(main, clients, therapistName),
    (error) => show(main, h('h1', {}, 'Klienter'), failure(error)),
  );
}

async function loadClientList(session) {
  const [clients, therapists] = await Promise.all([
    api('GET', '/clients'),
    // Only a tenant admin may list therapists; anyone else sees "Dig" for their own clients.
    session.user.role === 'tenant_admin' ? api('GET', '/therapists').catch(() => []) : Promise.resolve([]),
  ]);
  const names = new Map(therapists.map((therapist) => [therapist.id, therapist.name]));
  const therapistName = (id) => (id === session.user.id ? 'Dig' : names.get(id) ?? 'En kollega');
  return { clients, therapistName };
}

/** The badges that make a client needing attention visible by text, not colour alone. */
export function clientBadges(client, now = Date.now()) {
  const badges = [];
  if (client.locked) badges.push(h('span', { class: 'badge danger' }, 'Låst'));
  if (client.deletion_due_at && Date.parse(client.deletion_due_at) <= now) {
    badges.push(h('span', { class: 'badge danger' }, 'Slettes nu'));
  } else if (client.warning_at && Date.parse(client.warning_at) <= now) {
    badges.push(h('span', { class: 'badge warning' }, 'Slettevarsel'));
  }
  if (client.email_bounced_at) badges.push(h('span', { class: 'badge warning' }, 'E-mail kom retur'));
  return badges;
}

function renderClientList(main, clients, therapistName) {
  const search = h('input', { type: 'search', id: 'client-search', autocomplete: 'off', placeholder: 'Navn eller e-mail' });
  const count = h('p', { class: 'muted', id: 'client-count', 'aria-live': 'polite' });
  const body = h('tbody');
  const table = h('div', { class: 'table-wrap' }, h('table', { class: 'client-table stacked-table' },
    h('caption', { class: 'visually-hidden' }, 'Dine klienter'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Navn'),
      h('th', { scope: 'col' }, 'Ansvarlig'),
      h('th', { scope: 'col' }, 'Sidst aktiv'),
      h('th', { scope: 'col' }, 'Slettes'),
      h('th', { scope: 'col' }, 'Status'))),
    body));

  const render = () => {
    const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const shown = clients.filter((client) => words.every((word) => `${client.name} ${client.email}`.toLowerCase().includes(word)));
    body.replaceChildren(...shown.map((client) => clientRow(client, therapistName)));
    count.textContent = words.length
      ? `${shown.length} af ${clients.length} klienter passer på søgningen.`
      : `${clients.length} ${clients.length === 1 ? 'klient' : 'klienter'}.`;
    table.hidden = !shown.length;
  };
  search.addEventListener('input', render);

  const attention = clients.filter((client) => clientBadges(client).length).length;
  // show() appends what it gets, so the optional notice is left out rather than passed as null.
  show(main, ...[
    h('div', { class: 'page-head' },
      h('h1', {}, 'Klienter'),
      h('a', { class: 'button primary', href: '#/klienter/ny' }, '+ Ny klient')),
    attention ? h('p', { class: 'notice warning' },
      `${attention} ${attention === 1 ? 'klient kræver' : 'klienter kræver'} opmærksomhed (låst, e-mail retur eller slettevarsel). Se kolonnen Status.`) : null,
    clients.length
      ? [h('div', { class: 'card search-card' }, field('Søg blandt klienter', search)), count, table]
      : empty('Du har ingen klienter endnu. Opret den første med "Ny klient".'),
  ].filter(Boolean));
  if (clients.length) render();
}

function clientRow(client, therapistName) {
  const badges = clientBadges(client);
  return h('tr', {},
    h('th', { scope: 'row', 'data-label': 'Navn' },
      h('a', { href: `#/klienter/${client.id}` }, client.name),
      h('span', { class: 'muted small' }, client.email)),
    h('td', { 'data-label': 'Ansvarlig' }, therapistName(client.responsible_therapist_id)),
    h('td', { 'data-label': 'Sidst aktiv' }, client.last_activity_at ? formatDateTime(client.last_activity_at) : 'Ingen registreringer'),
    h('td', { 'data-label': 'Slettes' }, formatDate(client.deletion_due_at)),
    h('td', { 'data-label': 'Status' }, badges.length ? h('span', { class: 'badges' }, badges) : h('span', { class: 'muted' }, 'OK')));
}

export function newClientView(main) {
  const form = h('form', { id: 'new-client', class: 'card', novalidate: true },
    field('Navn', h('input', { name: 'name', autocomplete: 'off', required: true, maxlength: 200 })),
    field('Køn', h('select', { name: 'gender' },
      Object.entries(genderLabels).map(([value, label]) => h('option', { value }, label)))),
    field('Fødselsdato', h('input', { type: 'date', name: 'birth_date', required: true, max: today(), min: '1900-01-01' })),
    field('E-mail', h('input', { type: 'email', name: 'email', autocomplete: 'off', required: true }),
      { hint: 'Klienten logger ind med denne adresse.' }),
    field('Telefon (valgfrit)', h('input', { type: 'tel', name: 'phone', autocomplete: 'off' })),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Opret klient'),
      h('a', { class: 'button', href: '#/klienter' }, 'Annullér')));
  onSubmit(form, async (data) => {
    requireFilled(data, ['name', 'birth_date', 'email']);
    const body = Object.fromEntries(['name', 'gender', 'birth_date', 'email'].map((name) => [name, data.get(name).trim()]));
    const phone = data.get('phone').trim();
    if (phone) body.phone = phone;
    const created = await api('POST', '/clients', { body });
    show(main, h('h1', {}, 'Klienten er oprettet'), createdClient(main, body.name, created));
  });
  show(main,
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/klienter' }, '← Klienter')),
    h('h1', {}, 'Ny klient'),
    h('p', { class: 'muted' }, 'Klienten får en invitation til at vælge sin egen adgangskode.'),
    form);
}

/** What to do next: hand over the link (mail mode none) or tell that the mail is on its way. */
function createdClient(main, name, created) {
  const invitation = created?.invitation;
  let howInvited;
  if (invitation?.delivery === 'manual') {
    howInvited = h('div', { class: 'card invitation-card' },
      h('h2', {}, 'Giv klienten invitationslinket'),
      h('p', {}, `MDME sender ikke e-mail i jeres opsætning. Giv linket til ${name} selv – fx i en sikker besked eller ved mødet. Med linket vælger klienten sin adgangskode.`),
      manualLink('Invitationslink', invitation.link, invitation.expires_at));
  } else if (invitation?.delivery === 'email') {
    howInvited = h('p', { class: 'notice' }, `Invitationen er sendt til ${name} på e-mail.`);
  } else {
    howInvited = h('p', { class: 'notice' }, 'Klienten oprettes. Det kan tage et øjeblik, før klienten ses på listen.');
  }
  return [
    howInvited,
    h('div', { class: 'actions' },
      created?.id ? h('a', { class: 'button primary', href: `#/klienter/${created.id}` }, 'Åbn klientens side') : null,
      h('button', { type: 'button', onclick: () => newClientView(main) }, 'Opret en klient mere'),
      h('a', { class: 'button', href: '#/klienter' }, 'Til klientlisten')),
  ];
}
