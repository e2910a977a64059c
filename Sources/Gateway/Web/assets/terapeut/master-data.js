// Stamdata: the client's master data, their account (locked, new password) and the retention
// dates, and deleting the client for good.
import { api } from '../shared/api.js';
import { navigate } from '../shared/router.js';
import { announce, failure, field, formatDate, formatDateTime, h, onSubmit, today } from '../shared/ui.js';
import { genderLabels } from './labels.js';
import { manualLink, requireFilled } from './widgets.js';

export function masterDataSection(container, context) {
  container.append(
    h('div', { class: 'grid' },
      masterDataForm(context),
      h('div', {}, accountCard(context), retentionCard(context))),
    deletionCard(context));
}

function masterDataForm({ client, base, reload }) {
  const input = (name, attributes = {}) => h('input', { name, value: client[name] ?? '', autocomplete: 'off', ...attributes });
  const form = h('form', { class: 'card', id: 'master-data', novalidate: true },
    h('h3', {}, 'Oplysninger'),
    field('Navn', input('name', { maxlength: 200 })),
    field('Køn', h('select', { name: 'gender' }, Object.entries(genderLabels).map(([value, label]) =>
      h('option', { value, selected: value === client.gender }, label)))),
    field('Fødselsdato', input('birth_date', { type: 'date', max: today(), min: '1900-01-01' })),
    field('E-mail', input('email', { type: 'email' })),
    field('Telefon', input('phone', { type: 'tel' }), { hint: 'Tomt felt fjerner nummeret.' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Gem ændringer')));
  onSubmit(form, async (data) => {
    requireFilled(data, ['name', 'birth_date', 'email']);
    const body = Object.fromEntries(['name', 'gender', 'birth_date', 'email'].map((name) => [name, data.get(name).trim()]));
    body.phone = data.get('phone').trim() || null;
    await api('PATCH', base, { body });
    announce('Stamdata er gemt.');
    reload();
  });
  return form;
}

function accountCard({ client, base, reload }) {
  const result = h('div', { class: 'account-result' });
  const unlock = async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      await api('POST', `${base}/unlock`);
      announce('Kontoen er låst op.');
      reload();
    } catch (error) {
      result.replaceChildren(failure(error));
      button.disabled = false;
    }
  };
  const resetPassword = async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      const answer = await api('POST', `${base}/password-reset`);
      result.replaceChildren(answer?.link
        ? h('div', {}, h('p', {}, `Giv linket til ${client.name}. Med det vælger klienten en ny adgangskode.`),
          manualLink('Link til ny adgangskode', answer.link, answer.expires_at))
        : h('p', { class: 'notice' }, `Et link til ny adgangskode er sendt til ${client.email}.`));
    } catch (error) {
      result.replaceChildren(failure(error));
    } finally {
      button.disabled = false;
    }
  };
  return h('div', { class: 'card' },
    h('h3', {}, 'Konto'),
    client.locked
      ? h('p', {}, h('span', { class: 'badge danger' }, 'Låst'), ' Kontoen er låst efter for mange forkerte login-forsøg.')
      : h('p', {}, 'Kontoen er aktiv.'),
    client.email_bounced_at
      ? h('p', { class: 'notice warning' }, `E-mail til ${client.email} kom retur ${formatDateTime(client.email_bounced_at)}. Tjek adressen.`)
      : null,
    h('div', { class: 'row' },
      client.locked ? h('button', { type: 'button', class: 'primary', id: 'unlock', onclick: unlock }, 'Lås kontoen op') : null,
      h('button', { type: 'button', id: 'password-reset', onclick: resetPassword }, 'Nyt link til adgangskode')),
    result);
}

function retentionCard({ client }) {
  const row = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
  return h('div', { class: 'card' },
    h('h3', {}, 'Opbevaring og sletning'),
    h('dl', { class: 'facts' },
      row('Oprettet', formatDate(client.created_at)),
      row('Sidst aktiv', client.last_activity_at ? formatDateTime(client.last_activity_at) : 'Ingen registreringer endnu'),
      row('Første slettevarsel', formatDate(client.warning_at)),
      row('Slettes automatisk', formatDate(client.deletion_due_at))),
    h('p', { class: 'hint' }, 'Hver ny registrering fra klienten flytter datoerne. Du får varsler, før klienten slettes.'));
}

/** Deleting is final, so it takes two steps: ask, then confirm with the consequences shown. */
function deletionCard({ client, base, href }) {
  const card = h('div', { class: 'card danger-zone' });
  const ask = () => {
    const confirmButton = h('button', { type: 'button', class: 'danger', id: 'confirm-delete', onclick: remove }, `Ja, slet ${client.name}`);
    card.replaceChildren(
      h('h3', {}, 'Slet klienten'),
      h('p', { role: 'alert' }, h('strong', {}, 'Er du sikker? '),
        'Alt om klienten slettes straks og kan ikke gendannes: stamdata, registreringer, mål, COPM, farveskala, refleksionsark, spørgeskemaer og rapporter.'),
      h('p', {}, 'Har du brug for dokumentationen, så ', h('a', { href: href('rapporter') }, 'eksportér journalen'), ' først.'),
      h('div', { class: 'row' }, confirmButton, h('button', { type: 'button', onclick: start }, 'Fortryd')));
    confirmButton.focus();
  };
  const remove = async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      await api('DELETE', base);
      announce(`${client.name} er slettet.`);
      navigate('/klienter');
    } catch (error) {
      card.append(failure(error));
      button.disabled = false;
    }
  };
  const start = () => {
    card.replaceChildren(
      h('h3', {}, 'Slet klienten'),
      h('p', {}, 'Sletter klienten og alt om dem med det samme. Ellers sker det automatisk på sletningsdatoen.'),
      h('button', { type: 'button', class: 'danger', id: 'delete-client', onclick: ask }, 'Slet klient …'));
  };
  start();
  return card;
}
