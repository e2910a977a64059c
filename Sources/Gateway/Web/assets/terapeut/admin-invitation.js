// What the admin sees after inviting a therapist: with mail turned off (mail mode `none`) the
// invitation link comes back to be handed over by hand, so it is shown with a copy button.
import { h } from '../shared/ui.js';
import { manualLink } from './widgets.js';

export function invitationResult(member) {
  const invitation = member.invitation;
  if (invitation?.delivery === 'manual' && invitation.link) {
    return h('div', { class: 'notice invitation', role: 'status' },
      h('p', { tabindex: '-1', 'data-autofocus': '' }, h('strong', {}, `${member.name} er inviteret.`)),
      h('p', {}, `Kommunen sender ikke mail fra MDME, så giv selv ${member.name} linket nedenfor, fx i en sikker besked. `
        + `Med linket vælger ${member.name} sin adgangskode.`),
      manualLink('Invitationslink', invitation.link, invitation.expires_at));
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
