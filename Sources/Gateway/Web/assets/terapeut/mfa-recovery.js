// Step 3 of setting up two-factor login: the ten recovery codes, shown this once only. The
// user copies or downloads them and confirms before the page lets them go.
import { ApiError } from '../shared/api.js';
import { announce, h, onSubmit } from '../shared/ui.js';

/** @param {string[]} codes @param {() => void} done called once the user has saved them */
export function recoveryCodesContent(codes, done) {
  const saved = h('input', { type: 'checkbox', name: 'saved', id: 'recovery-saved' });
  const form = h('form', { class: 'recovery-confirm', novalidate: true },
    h('div', { class: 'check field' }, saved, h('label', { for: 'recovery-saved' }, 'Jeg har gemt koderne et sikkert sted')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Færdig')));
  onSubmit(form, async () => {
    if (!saved.checked) {
      throw new ApiError(400, 'validation_failed', 'Gem koderne, før du går videre.',
        [{ field: 'saved', problem: 'Sæt kryds, når du har gemt koderne.' }]);
    }
    done();
  });
  return [
    h('p', { class: 'status-line' }, h('span', { class: 'badge ok' }, '✓ Slået til'), ' Totrinslogin er slået til.'),
    h('h3', { tabindex: '-1', 'data-autofocus': '' }, 'Gem dine gendannelseskoder'),
    h('p', {}, 'Mister du telefonen, kan du logge ind med en af disse koder i stedet for koden fra appen. '
      + 'Hver kode virker én gang. Koderne vises kun nu – gem dem fx i en adgangskodeboks eller på papir et sikkert sted.'),
    h('ol', { class: 'recovery-codes', translate: 'no' }, codes.map((code) => h('li', {}, h('code', {}, code)))),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => copyCodes(codes) }, 'Kopiér koderne'),
      h('button', { type: 'button', class: 'recovery-download', onclick: () => downloadCodes(codes) }, 'Hent som tekstfil')),
    form,
  ];
}

async function copyCodes(codes) {
  try {
    await navigator.clipboard.writeText(codes.join('\n'));
    announce('Koderne er kopieret.');
  } catch {
    announce('Kopiering lykkedes ikke. Markér koderne, og kopiér dem selv.');
  }
}

function downloadCodes(codes) {
  const text = ['MDME – gendannelseskoder til totrinslogin', 'Hver kode virker én gang.', '', ...codes, ''].join('\n');
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = h('a', { href: url, download: 'mdme-gendannelseskoder.txt', class: 'visually-hidden' }, 'Hent');
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
