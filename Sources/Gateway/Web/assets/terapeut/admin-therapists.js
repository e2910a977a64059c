// "Terapeuter" (tenant admin): who works in the tenant, inviting a therapist or admin, and
// removing someone's two-factor login after a lost phone.
import { api } from '../shared/api.js';
import { announce, failure, field, formatDateTime, h, loading, onSubmit, show } from '../shared/ui.js';
import { invitationResult } from './admin-invitation.js';

const roleNames = { therapist: 'Terapeut', tenant_admin: 'Administrator' };

export async function therapistsView(main, session) {
  show(main, h('h1', {}, 'Terapeuter'), loading());
  const list = h('div', { class: 'staff' });
  const result = h('div', { class: 'invitation-result' });
  const form = inviteForm(async (member) => {
    result.replaceChildren(invitationResult(member));
    result.querySelector('[data-autofocus]')?.focus();
    await refresh();
  });
  const refresh = async () => {
    try {
      const staff = await api('GET', '/therapists');
      list.replaceChildren(staffList(staff, session));
    } catch (error) {
      list.replaceChildren(failure(error));
    }
  };
  await refresh();
  show(main,
    h('h1', {}, 'Terapeuter'),
    h('p', { class: 'lead' }, 'Terapeuter og administratorer i kommunen. En administrator kan alt, hvad en terapeut kan, og styrer desuden kommunens indstillinger og terapeuter.'),
    h('div', { class: 'admin-columns' },
      h('section', { class: 'card', 'aria-labelledby': 'staff-heading' },
        h('h2', { id: 'staff-heading' }, 'Alle terapeuter'), list),
      h('section', { class: 'card', 'aria-labelledby': 'invite-heading' },
        h('h2', { id: 'invite-heading' }, 'Invitér en terapeut'), form, result)));
}

function inviteForm(invited) {
  const role = h('select', { name: 'role' },
    h('option', { value: 'therapist' }, roleNames.therapist),
    h('option', { value: 'tenant_admin' }, roleNames.tenant_admin));
  const form = h('form', { class: 'invite-form', novalidate: true },
    field('Navn', h('input', { name: 'name', autocomplete: 'off', maxlength: '200' })),
    field('E-mail', h('input', { name: 'email', type: 'email', autocomplete: 'off' })),
    field('Rolle', role, { hint: 'Administratorer kan også ændre kommunens indstillinger og invitere terapeuter.' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Send invitation')));
  onSubmit(form, async (data) => {
    const member = await api('POST', '/therapists', {
      body: { name: String(data.get('name')).trim(), email: String(data.get('email')).trim(), role: data.get('role') },
    });
    form.reset();
    announce('Invitationen er oprettet.');
    await invited(member ?? {});
  });
  return form;
}

function staffList(staff, session) {
  if (!staff.length) return h('p', { class: 'empty' }, 'Der er endnu ingen terapeuter.');
  return h('ul', { class: 'staff-list' }, staff.map((member) => staffRow(member, session)));
}

function staffRow(member, session) {
  const isSelf = member.id === session.user.id;
  const row = h('li', { class: 'staff-row', 'data-id': member.id });
  const confirmation = h('div', { class: 'confirm-area' });
  const reset = isSelf ? null : h('button', { type: 'button', class: 'reset-mfa' }, 'Nulstil totrinslogin');
  reset?.addEventListener('click', () => {
    reset.setAttribute('aria-expanded', 'true');
    confirmation.replaceChildren(resetConfirmation(member, () => {
      confirmation.replaceChildren();
      reset.setAttribute('aria-expanded', 'false');
      reset.focus();
    }));
    confirmation.querySelector('[data-autofocus]')?.focus();
  });
  reset?.setAttribute('aria-expanded', 'false');
  row.append(
    h('div', { class: 'staff-who' },
      h('span', { class: 'staff-name' },
        h('strong', {}, member.name, isSelf ? ' (dig)' : ''),
        h('span', { class: `badge role${member.role === 'tenant_admin' ? ' ok' : ''}` }, roleNames[member.role] ?? member.role)),
      h('span', { class: 'staff-email' }, member.email)),
    h('div', { class: 'staff-actions' }, reset),
    confirmation);
  return row;
}

/** The confirm step: resetting logs the person out everywhere, so it is said before it is done. */
function resetConfirmation(member, close) {
  const problem = h('div', { class: 'form-error', role: 'alert' });
  const yes = h('button', { type: 'button', class: 'danger' }, 'Ja, nulstil');
  const box = h('div', { class: 'notice warning confirm', role: 'group', 'aria-label': `Nulstil totrinslogin for ${member.name}` },
    h('p', { tabindex: '-1', 'data-autofocus': '' }, h('strong', {}, `Nulstil totrinslogin for ${member.name}?`)),
    h('p', {}, 'Gør det kun, hvis personen har mistet både sin telefon og sine gendannelseskoder. Personen bliver logget ud alle steder og sætter totrinslogin op igen ved næste login.'),
    problem,
    h('div', { class: 'actions' }, yes, h('button', { type: 'button', onclick: close }, 'Fortryd')));
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    try {
      await api('DELETE', `/therapists/${encodeURIComponent(member.id)}/mfa`);
      const done = h('p', { class: 'notice', role: 'status', tabindex: '-1' },
        `Totrinslogin for ${member.name} er nulstillet ${formatDateTime(new Date().toISOString())}.`);
      box.replaceWith(done);
      done.focus();
      announce(`Totrinslogin for ${member.name} er nulstillet.`);
    } catch (error) {
      problem.replaceChildren(h('p', {}, error.message));
      yes.disabled = false;
    }
  });
  return box;
}
