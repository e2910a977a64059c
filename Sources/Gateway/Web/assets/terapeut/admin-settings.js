// "Indstillinger" (tenant admin): the tenant's name, time zone, how MDME sends mail (a choice
// of sub-processor), the relay for the tenant's own mail server, and whether two-factor login
// is required. Only what changed is sent, so a save never overwrites a colleague's change to
// another setting.
import { api, ApiError } from '../shared/api.js';
import { announce, failure, field, formatTime, h, loading, onSubmit, show, uniqueId } from '../shared/ui.js';

const mailModes = [
  {
    value: 'none',
    label: 'Ingen mail',
    text: 'MDME sender ingen mails. Invitationer og links til ny adgangskode vises på skærmen, og terapeuten '
      + 'giver dem selv videre. Ingen underdatabehandler får e-mailadresser.',
  },
  {
    value: 'provider',
    label: 'MDME\'s mailudbyder',
    text: 'MDME sender mails gennem den mailudbyder, MDME har aftale med. Udbyderen bliver underdatabehandler og '
      + 'behandler modtagernes e-mailadresser og mailenes indhold (links og påmindelser – aldrig journaldata).',
  },
  {
    value: 'smtp',
    label: 'Kommunens egen mailserver (SMTP)',
    text: 'MDME afleverer mails til kommunens egen mailserver, så der ikke kommer en ny underdatabehandler til. '
      + 'Kræver oplysningerne om serveren nedenfor.',
  },
];

const tlsModes = [
  { value: 'starttls_required', label: 'Kræv STARTTLS' },
  { value: 'starttls', label: 'STARTTLS, hvis serveren kan' },
  { value: 'tls', label: 'TLS fra start (smtps)' },
];

export async function tenantSettingsView(main) {
  show(main, h('h1', {}, 'Indstillinger'), loading());
  let tenant;
  try {
    tenant = await api('GET', '/tenant');
  } catch (error) {
    show(main, h('h1', {}, 'Indstillinger'), failure(error));
    return;
  }
  const render = (savedAt) => {
    show(main,
      h('h1', {}, 'Indstillinger'),
      h('p', { class: 'lead' }, 'Indstillinger for hele kommunen. De gælder for alle terapeuter og klienter.'),
      settingsForm(tenant, (updated) => {
        tenant = updated;
        render(new Date());
        announce('Indstillingerne er gemt.');
      }, savedAt));
  };
  render(null);
}

function settingsForm(tenant, saved, savedAt) {
  const mailChoice = mailModeFieldset(tenant.mail_mode);
  const relay = smtpFieldset(tenant.smtp);
  const showRelay = () => { relay.hidden = mailChoice.querySelector('input:checked')?.value !== 'smtp'; };
  mailChoice.addEventListener('change', showRelay);
  showRelay();
  const zones = h('datalist', { id: 'time-zones' },
    (Intl.supportedValuesOf?.('timeZone') ?? ['Europe/Copenhagen']).map((zone) => h('option', { value: zone })));
  const form = h('form', { class: 'settings-form', novalidate: true },
    savedAt && h('p', { class: 'notice saved', role: 'status' }, `Gemt kl. ${formatTime(savedAt.toISOString())}.`),
    h('section', { class: 'card', 'aria-labelledby': 'general-heading' },
      h('h2', { id: 'general-heading' }, 'Kommunen'),
      field('Navn', h('input', { name: 'name', value: tenant.name ?? '', maxlength: '200', autocomplete: 'organization' }),
        { hint: 'Vises for terapeuter og klienter, fx "Aarhus Kommune, Hjerneskadeteamet".' }),
      field('Tidszone', h('input', { name: 'time_zone', value: tenant.time_zone ?? '', list: 'time-zones', autocomplete: 'off', spellcheck: 'false' }),
        { hint: 'Bestemmer, hvornår en dag begynder for registreringer og påmindelser. Fx Europe/Copenhagen.' }),
      zones),
    h('section', { class: 'card', 'aria-labelledby': 'mail-heading' },
      h('h2', { id: 'mail-heading' }, 'Mail'),
      h('p', {}, 'Vælg, hvordan MDME sender invitationer, links til ny adgangskode og påmindelser om sletning. '
        + 'Valget afgør, om en underdatabehandler får adgang til e-mailadresser – skriv det ind i jeres databehandleraftale.'),
      mailChoice,
      relay),
    h('section', { class: 'card', 'aria-labelledby': 'login-heading' },
      h('h2', { id: 'login-heading' }, 'Login'),
      checkbox('mfa_required', 'Kræv totrinslogin for terapeuter og administratorer', tenant.mfa_required,
        'Den, der ikke har totrinslogin endnu, skal sætte det op ved næste login, før de kan se klienter. Klienter berøres ikke.')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Gem indstillinger')));
  onSubmit(form, async (data) => {
    form.querySelector('.saved')?.remove(); // an earlier save's note must not sit beside a new error
    const change = changedSettings(tenant, data);
    if (!Object.keys(change).length) {
      announce('Der er ingen ændringer at gemme.');
      return;
    }
    saved(await api('PATCH', '/tenant', { body: change }));
  });
  return form;
}

function mailModeFieldset(current) {
  return h('fieldset', { class: 'choices', 'data-field': 'mail_mode' },
    h('legend', {}, 'Sådan sender MDME mail'),
    mailModes.map((mode) => {
      const id = uniqueId('mail-mode');
      return h('div', { class: 'choice' },
        h('input', { type: 'radio', name: 'mail_mode', value: mode.value, id, checked: mode.value === current, 'aria-describedby': `${id}-text` }),
        h('label', { for: id }, h('strong', {}, mode.label), h('span', { id: `${id}-text`, class: 'choice-text' }, mode.text)));
    }));
}

/** The relay (mail mode `smtp`). The stored password is never shown: only whether there is one. */
function smtpFieldset(smtp) {
  const tls = h('select', { name: 'smtp.tls' }, tlsModes.map((mode) =>
    h('option', { value: mode.value, selected: mode.value === (smtp?.tls ?? 'starttls_required') }, mode.label)));
  return h('fieldset', { class: 'smtp', 'data-field': 'smtp' },
    h('legend', {}, 'Kommunens mailserver'),
    h('div', { class: 'smtp-grid' },
      field('Server', h('input', { name: 'smtp.host', value: smtp?.host ?? '', autocomplete: 'off', spellcheck: 'false', placeholder: 'smtp.kommune.dk' })),
      field('Port', h('input', { name: 'smtp.port', value: smtp?.port ?? 587, inputmode: 'numeric', autocomplete: 'off' }))),
    field('Kryptering', tls, { hint: 'Kræv STARTTLS: uden kryptering sendes ingen mail (anbefalet). TLS fra start bruges typisk med port 465.' }),
    field('Brugernavn', h('input', { name: 'smtp.username', value: smtp?.username ?? '', autocomplete: 'off', spellcheck: 'false' }),
      { hint: 'Lad feltet stå tomt, hvis serveren ikke kræver login.' }),
    field('Adgangskode', h('input', { name: 'smtp.password', type: 'password', autocomplete: 'new-password' }),
      { hint: smtp?.password_set ? 'Der er gemt en adgangskode. Lad feltet stå tomt for at beholde den.' : 'Der er ikke gemt nogen adgangskode.' }),
    smtp?.password_set && checkbox('smtp.remove_password', 'Fjern den gemte adgangskode', false));
}

function checkbox(name, label, checked, hint) {
  const id = uniqueId('check');
  const hintElement = hint && h('p', { class: 'hint', id: `${id}-hint` }, hint);
  return h('div', { class: 'field' },
    h('div', { class: 'check' },
      h('input', { type: 'checkbox', name, id, checked: Boolean(checked), 'aria-describedby': hint ? `${id}-hint` : null }),
      h('label', { for: id }, label)),
    hintElement);
}

/** The PATCH body: only settings that differ from what was loaded. */
function changedSettings(tenant, data) {
  const change = {};
  const name = String(data.get('name') ?? '').trim();
  const timeZone = String(data.get('time_zone') ?? '').trim();
  const mailMode = data.get('mail_mode');
  const mfaRequired = data.get('mfa_required') === 'on';
  if (name !== tenant.name) change.name = name;
  if (timeZone !== tenant.time_zone) change.time_zone = timeZone;
  if (mailMode && mailMode !== tenant.mail_mode) change.mail_mode = mailMode;
  if (mfaRequired !== Boolean(tenant.mfa_required)) change.mfa_required = mfaRequired;
  if (mailMode === 'smtp') {
    const relay = relayChange(tenant.smtp, data);
    if (relay) change.smtp = relay;
  }
  return change;
}

/** The API replaces the relay as a whole (host, port, TLS, user), so a change sends all of it. */
function relayChange(stored, data) {
  const host = String(data.get('smtp.host') ?? '').trim();
  const portText = String(data.get('smtp.port') ?? '').trim();
  const port = Number(portText);
  if (!/^\d+$/.test(portText)) {
    throw new ApiError(400, 'validation_failed', 'Nogle felter skal rettes.',
      [{ field: 'smtp.port', problem: 'Skal være et portnummer (1–65535).' }]);
  }
  const relay = { host, port, tls: data.get('smtp.tls') };
  const username = String(data.get('smtp.username') ?? '').trim();
  if (username) relay.username = username;
  const password = String(data.get('smtp.password') ?? '');
  if (password) relay.password = password;
  else if (data.get('smtp.remove_password') === 'on') relay.password = null;
  const same = stored && stored.host === relay.host && stored.port === relay.port && stored.tls === relay.tls
    && (stored.username ?? '') === username && !('password' in relay);
  return same ? null : relay;
}
