// The frame of both parts: the header with the part's navigation and the logout button.
import { logOut } from './api.js';
import { h } from './ui.js';

/**
 * @param {string} title the part's name beside the brand
 * @param {{href: string, label: string}[]} links hash links of the part's main views
 * @param {{name: string}} user who is logged in (shown, so a shared computer is obvious)
 */
export function renderHeader(title, links, user) {
  const header = document.getElementById('header');
  header.replaceChildren(
    h('a', { class: 'brand', href: links[0]?.href ?? '#' }, 'Min Dag | Min Energi', h('span', { class: 'visually-hidden' }, ` – ${title}`)),
    h('nav', { 'aria-label': 'Hovedmenu' }, h('ul', {}, links.map((link) => h('li', {}, h('a', { href: link.href }, link.label))))),
    h('span', { class: 'user' }, user.name),
    h('button', { type: 'button', class: 'link', onclick: logOut }, 'Log ud'),
  );
}
