// What the admin sees after inviting a therapist: with mail turned off (mail mode `none`) the
// invitation link comes back to be handed over by hand, so it is shown with a copy button.
import { announce, field, formatDateTime, h } from '../shared/ui.js';

export function invitationResult(member) {
  const invitation = member.invitation;
  if (invitation?.delivery === 'manual' && invitation.link) {
    const link = h('input', { type: 'text', readonly: true, value: invitation.link, class: 'link-field', name: 'invitation_link' });
    const copy = h('button', { type: 'button', class: 'primary' }, 'Kopiér link');
    copy.addEventListener('click', () => copyLink(link));
    return h('div', { class: 'notice invitation', role: 'status' },
      h('p', { tabindex: '-1', 'data-autofocus': '' }, h('strong', {}, `${member.name} er inviteret.`)),
      h('p', {}, `Kommunen sender ikke mail fra MDME, så giv selv ${member.name} linket nedenfor, fx i en sikker besked. `
        + `Med linket vælger ${member.name} sin adgangskode.`),
      field('Invitationslink', link, { hint: invitation.expires_at ? `Linket virker én gang og udløber ${formatDateTime(invitation.expires_at)}.` : 'Linket virker én gang.' }),
      h('div', { class: 'actions' }, copy));
  }
  if (!member.id) {
    // 202: MDME took the invitation but had not finished it when the answer was due.
    return h('div', { class: 'notice invitation', role: 'status' },
      h('p', { tabindex: '-1', 'data-autofocus': '' }, h('strong', {}, 'Invitationen er på vej.')),
      h('p', {}, 'Genindlæs siden om lidt for at se den nye terapeut på listen.'));
  }
  return h('div', { class: 'notice invitation', role: 'status' },
    h('p', { tabindex: '-1', 'data-autofocus': '' }, h('strong', {}, `${member.name} er inviteret.`)),
    h('p', {}, `Invitationen er sendt med mail til ${member.email}. Linket i mailen virker én gang.`));
}

async function copyLink(input) {
  try {
    await navigator.clipboard.writeText(input.value);
    announce('Linket er kopieret.');
  } catch {
    // No clipboard permission (an old browser, a locked-down computer): leave it selected.
    input.focus();
    input.select();
    announce('Linket er markeret. Kopiér det med Ctrl+C.');
  }
}
