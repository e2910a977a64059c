// "Sikkerhed": a therapist's own two-factor login (TOTP). Setting it up is three steps in one
// card: scan the QR code (or type the key), confirm with the app's first code, and save the
// recovery codes, which are shown this once only.
import { api, ApiError } from '../shared/api.js';
import { liftEnrollmentRestriction } from '../shared/session.js';
import { announce, failure, field, h, loading, onSubmit, show } from '../shared/ui.js';
import { recoveryCodesContent } from './mfa-recovery.js';
import { qrCodeSvg } from './qr-svg.js';

export async function securityView(main, session) {
  const required = session.mfaEnrollmentRequired
    ? h('p', { class: 'notice warning' }, 'Din organisation kræver totrinslogin. Sæt det op her, før du kan arbejde videre i MDME.')
    : null;
  show(main, h('h1', {}, 'Sikkerhed'), loading());
  try {
    const me = await api('GET', '/me');
    show(main,
      h('h1', {}, 'Sikkerhed'),
      h('p', { class: 'lead' }, 'Her bestemmer du, hvordan du logger ind i MDME.'),
      required,
      mfaCard(session, me.mfa_active));
  } catch (error) {
    show(main, h('h1', {}, 'Sikkerhed'), failure(error));
  }
}

/** The card's content moves through the steps; each step replaces the one before it. */
function mfaCard(session, active) {
  const card = h('section', { class: 'card mfa-card', 'aria-labelledby': 'mfa-heading' });
  const render = (content, { focus = true } = {}) => {
    card.replaceChildren(h('h2', { id: 'mfa-heading' }, 'Totrinslogin'), ...content);
    // Keyboard and screen-reader users continue where the new step begins.
    if (focus) card.querySelector('[data-autofocus]')?.focus();
  };
  const flow = {
    start: (options) => render(active ? activeContent() : introductionContent(flow), options),
    enroll: (enrollment) => render(enrollContent(flow, session, enrollment)),
    recoveryCodes: (codes) => render(recoveryCodesContent(codes, flow.active)),
    active: () => render(activeContent()),
  };
  flow.start({ focus: false });
  return card;
}

function introductionContent(flow) {
  const problem = h('div', { class: 'form-error', role: 'alert' });
  const button = h('button', { type: 'button', class: 'primary', 'data-autofocus': '' }, 'Sæt totrinslogin op');
  button.addEventListener('click', async () => {
    button.disabled = true;
    problem.replaceChildren();
    try {
      flow.enroll(await api('POST', '/auth/mfa/enroll'));
    } catch (error) {
      if (error.status === 409) {
        // Activated meanwhile (in another tab): say so.
        flow.active();
        return;
      }
      problem.replaceChildren(h('p', {}, error.message));
      button.disabled = false;
    }
  });
  return [
    h('p', {}, 'Med totrinslogin skriver du ud over adgangskoden en sekscifret kode fra en godkendelsesapp på din '
      + 'telefon, fx Microsoft Authenticator eller Google Authenticator. Så kan ingen logge ind som dig med '
      + 'din adgangskode alene.'),
    problem,
    h('div', { class: 'actions' }, button),
  ];
}

function activeContent() {
  return [
    h('p', { class: 'status-line', tabindex: '-1', 'data-autofocus': '' },
      h('span', { class: 'badge ok' }, '✓ Slået til'), ' Totrinslogin er slået til for din konto.'),
    h('p', {}, 'Når du logger ind, beder MDME om koden fra din godkendelsesapp. Har du ikke telefonen ved '
      + 'hånden, kan du skrive en af dine gendannelseskoder i stedet – hver kode virker én gang.'),
    h('p', { class: 'muted' }, 'Har du mistet både telefonen og gendannelseskoderne, kan en administrator '
      + 'nulstille dit totrinslogin. Bagefter sætter du det op igen her.'),
  ];
}

/** Step 1 and 2: the QR code and the key, then the app's first code. */
function enrollContent(flow, session, enrollment) {
  const code = h('input', {
    name: 'totp', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '7',
    spellcheck: 'false', class: 'code-input',
  });
  const form = h('form', { class: 'mfa-activate', novalidate: true },
    field('Kode fra appen (6 cifre)', code, { hint: 'Koden skifter hvert 30. sekund. Skriv den, der står lige nu.' }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Slå totrinslogin til'),
      h('button', { type: 'button', onclick: () => flow.start() }, 'Fortryd')));
  onSubmit(form, async (data) => {
    const totp = String(data.get('totp') ?? '').replace(/\s/g, '');
    if (!/^\d{6}$/.test(totp)) {
      throw new ApiError(400, 'validation_failed', 'Nogle felter skal rettes.',
        [{ field: 'totp', problem: 'Skriv de 6 cifre fra godkendelsesappen.' }]);
    }
    const activation = await api('POST', '/auth/mfa/activate', { body: { totp } });
    const wasRestricted = session.mfaEnrollmentRequired;
    liftEnrollmentRestriction();
    announce('Totrinslogin er slået til.');
    if (wasRestricted) {
      // The session may now do everything: the recovery codes' "Færdig" opens the workspace.
      flow.active = () => location.assign('/terapeut/');
    }
    flow.recoveryCodes(activation?.recovery_codes ?? []);
  });
  return [h('ol', { class: 'mfa-steps' },
    h('li', {},
      h('h3', { tabindex: '-1', 'data-autofocus': '' }, 'Scan QR-koden med din godkendelsesapp'),
      h('div', { class: 'qr-layout' },
        h('div', { class: 'qr-frame' }, qrCodeSvg(enrollment.otpauth_uri, 'QR-kode til din godkendelsesapp')),
        h('div', { class: 'qr-text' },
          h('p', {}, 'Åbn appen, vælg at tilføje en konto, og ret telefonens kamera mod koden.'),
          h('p', { id: 'mfa-secret-label' }, 'Kan du ikke scanne? Vælg at skrive nøglen selv, og skriv:'),
          h('p', { class: 'secret', 'aria-labelledby': 'mfa-secret-label', translate: 'no' }, groupsOfFour(enrollment.secret)),
          h('p', { class: 'hint' }, 'Nøglen er hemmelig: vis den ikke til andre.')))),
    h('li', {},
      h('h3', {}, 'Skriv den kode, appen viser'),
      form))];
}

/** The key as "ABCD EFGH …": easier to copy by eye into an app. */
function groupsOfFour(secret) {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}
