// "Notifikationer": the therapist's in-app notices, newest first. Each is worded in Danish by
// its kind (the stored text is English, for the API), links to the client it concerns, and a
// colleague's offer to hand over a client can be accepted or declined right here.
import { api } from '../shared/api.js';
import { announce, failure, formatDate, formatDateTime, h, loading, show } from '../shared/ui.js';

export async function notificationsView(main) {
  show(main, h('h1', {}, 'Notifikationer'), loading());
  let state;
  try {
    const [notices, handovers] = await Promise.all([api('GET', '/notifications'), api('GET', '/handovers')]);
    // `answered`: client id → 'accepted' | 'declined', for offers answered on this page.
    state = { notices, handovers, answered: new Map() };
  } catch (error) {
    show(main, h('h1', {}, 'Notifikationer'), failure(error));
    return;
  }
  const render = ({ focus = 'heading' } = {}) => {
    show(main, ...page(state, render));
    if (focus !== 'heading') main.querySelector(focus)?.focus();
  };
  render();
}

function page(state, render) {
  const notices = [...state.notices].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  const unread = notices.filter((notice) => !notice.read_at);
  const summary = notices.length === 0 ? 'Du har ingen notifikationer.'
    : unread.length === 0 ? `Alle ${notices.length} notifikationer er læst.`
      : `${unread.length} ulæste af ${notices.length}.`;
  const markAll = unread.length > 1 ? h('button', { type: 'button', class: 'mark-all' }, 'Markér alle som læst') : null;
  markAll?.addEventListener('click', async () => {
    markAll.disabled = true;
    try {
      for (const notice of unread) await markRead(notice);
      announce('Alle notifikationer er markeret som læst.');
    } catch (error) {
      announce(error.message);
    }
    render({ focus: '.notifications-summary' });
  });
  const offers = offersByNotice(notices, state.handovers);
  const offeredWithoutNotice = state.handovers.filter((handover) => ![...offers.values()].includes(handover));
  return [
    h('h1', {}, 'Notifikationer'),
    h('div', { class: 'notifications-head' },
      h('p', { class: 'notifications-summary', tabindex: '-1' }, summary),
      markAll),
    offeredWithoutNotice.length > 0 && h('section', { class: 'card', 'aria-labelledby': 'offers-heading' },
      h('h2', { id: 'offers-heading' }, 'Klienter tilbudt dig'),
      h('ul', { class: 'plain-list' }, offeredWithoutNotice.map((handover) =>
        h('li', { class: 'offer-row' }, capitalised(clientLabel(handover.client_id)), ' · tilbudt ', formatDateTime(handover.created_at),
          handoverActions(handover, state, render))))),
    notices.length === 0
      ? h('p', { class: 'card empty' }, 'Her kommer beskeder om fx klienter, en kollega vil overdrage til dig, og klienter, der snart slettes på grund af inaktivitet.')
      : h('ul', { class: 'notification-list' }, notices.map((notice) => noticeItem(notice, offers.get(notice.id), state, render))),
  ].filter(Boolean);
}

function noticeItem(notice, offer, state, render) {
  const wording = danishNotice(notice, clientLabel(notice.client_ref));
  const answer = notice.kind === 'handover.offered' && !offer ? state.answered.get(notice.client_ref) : null;
  const isUnread = !notice.read_at;
  const read = isUnread ? h('button', { type: 'button', class: 'link mark-read' }, 'Markér som læst') : null;
  read?.addEventListener('click', async () => {
    read.disabled = true;
    try {
      await markRead(notice);
      announce('Markeret som læst.');
      render({ focus: '.notifications-summary' });
    } catch (error) {
      read.disabled = false;
      announce(error.message);
    }
  });
  const clientLink = notice.client_ref && (wording.linksToClient || answer === 'accepted')
    && h('a', { href: `#/klienter/${encodeURIComponent(notice.client_ref)}` }, `Åbn ${clientLabel(notice.client_ref)}`);
  return h('li', { class: `notification${isUnread ? ' unread' : ''}`, 'data-kind': notice.kind, 'data-client': notice.client_ref ?? null },
    h('div', { class: 'notification-head' },
      isUnread && h('span', { class: 'badge new' }, 'Ny'),
      h('h2', { class: 'notification-title' }, wording.title),
      h('time', { datetime: notice.created_at, class: 'muted' }, formatDateTime(notice.created_at))),
    h('p', {}, wording.text),
    notice.kind === 'handover.offered' && !offer && h('p', { class: 'muted' }, answeredText[answer] ?? answeredText.elsewhere),
    (offer || clientLink || read) && h('div', { class: 'notification-actions' },
      offer && handoverActions(offer, state, render, notice),
      clientLink,
      read));
}

const answeredText = {
  accepted: 'Du har taget imod klienten og har nu ansvaret.',
  declined: 'Du har afvist overdragelsen. Din kollega har fået besked.',
  elsewhere: 'Tilbuddet er besvaret eller trukket tilbage.',
};

/**
 * Notice id → the pending offer it is about. A client offered twice (declined, then offered
 * again) has two notices; only the newest carries the buttons.
 */
function offersByNotice(notices, handovers) {
  const offers = new Map();
  for (const notice of notices) {
    if (notice.kind !== 'handover.offered') continue;
    const handover = handovers.find((candidate) => candidate.client_id === notice.client_ref);
    if (handover && ![...offers.values()].includes(handover)) offers.set(notice.id, handover);
  }
  return offers;
}

function handoverActions(handover, state, render, notice) {
  const decide = async (accept, button) => {
    button.disabled = true;
    try {
      await api('POST', `/handovers/${encodeURIComponent(handover.id)}/${accept ? 'accept' : 'decline'}`);
      state.handovers = state.handovers.filter((other) => other.id !== handover.id);
      state.answered.set(handover.client_id, accept ? 'accepted' : 'declined');
      if (notice && !notice.read_at) await markRead(notice);
      announce(accept ? 'Du har nu ansvaret for klienten.' : 'Du har afvist overdragelsen. Din kollega får besked.');
    } catch (error) {
      announce(error.message);
      if (error.status === 404 || error.status === 409) {
        // Decided or withdrawn meanwhile: the offer is gone either way.
        state.handovers = state.handovers.filter((other) => other.id !== handover.id);
      }
    }
    render({ focus: '.notifications-summary' });
  };
  // Several offers may be on screen: the accessible names say which client each button is for.
  const client = clientLabel(handover.client_id);
  const accept = h('button', { type: 'button', class: 'primary', 'aria-label': `Tag imod ${client}` }, 'Tag imod klienten');
  const decline = h('button', { type: 'button', 'aria-label': `Afvis overdragelsen af ${client}` }, 'Afvis');
  accept.addEventListener('click', () => decide(true, accept));
  decline.addEventListener('click', () => decide(false, decline));
  return h('span', { class: 'handover-actions' }, accept, decline);
}

async function markRead(notice) {
  await api('POST', `/notifications/${encodeURIComponent(notice.id)}/read`);
  notice.read_at = new Date().toISOString();
}

/**
 * "klient 3f2a9c1b": notices name a client only by the first digits of their id, never by
 * name (DOMAIN.md, retention), as the API's own text does; the link leads to the record.
 */
function clientLabel(clientID) {
  return clientID ? `klient ${clientID.slice(0, 8)}` : 'klienten';
}

/**
 * Title and text per kind. Retention warnings carry their deletion day only inside the API's
 * text ("… deleted on 2027-01-05 …"), so it is read from there. Exported for the browser
 * scenario, which checks every kind's wording.
 */
export function danishNotice(notice, client) {
  const day = /\bon (\d{4}-\d{2}-\d{2})\b/.exec(notice.text ?? '')?.[1];
  switch (notice.kind) {
    case 'handover.offered':
      return { title: 'En kollega vil overdrage en klient til dig', text: `Du får tilbudt ansvaret for ${client}. Tag imod eller afvis overdragelsen.`, linksToClient: false };
    case 'handover.accepted':
      return { title: 'Klient overdraget', text: `Din kollega har taget imod ${client} og har nu ansvaret.`, linksToClient: false };
    case 'handover.declined':
      return { title: 'Overdragelse afvist', text: `Din kollega har afvist at overtage ${client}. Du har stadig ansvaret.`, linksToClient: true };
    case 'retention.first_warning':
      return { title: 'Klient slettes snart', text: `${capitalised(client)} har været inaktiv længe og slettes ${day ? `den ${formatDate(day)}` : 'om cirka en måned'}. Hent klientens dokumentation nu, hvis du får brug for den.`, linksToClient: true };
    case 'retention.second_warning':
      return { title: 'Klient slettes om en uge', text: `${capitalised(client)} slettes ${day ? `den ${formatDate(day)}` : 'om en uge'}, medmindre klienten registrerer noget inden da. Hent dokumentationen nu, hvis du får brug for den.`, linksToClient: true };
    case 'retention.client_deleted':
      return { title: 'Klient slettet', text: `${capitalised(client)} er slettet efter lang tids inaktivitet.`, linksToClient: false };
    case 'mail.bounced':
      return { title: 'Mail kom retur', text: `En mail til ${client} kunne ikke afleveres. Tjek klientens e-mailadresse.`, linksToClient: true };
    case 'mail.not_sent':
      return { title: 'Mail ikke sendt', text: `En mail til ${client} blev ikke sendt, fordi kommunen har slået mail fra. Giv klienten et nyt link selv.`, linksToClient: true };
    default:
      return { title: 'Besked fra MDME', text: notice.client_ref ? `Der er en besked om ${client}.` : 'Der er en ny besked.', linksToClient: Boolean(notice.client_ref) };
  }
}

function capitalised(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
