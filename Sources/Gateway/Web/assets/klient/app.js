// The client's part: the diary on a phone.
import { requireSession } from '../shared/session.js';
import { startRouter } from '../shared/router.js';
import { renderHeader } from '../shared/shell.js';
import { h, show } from '../shared/ui.js';

const session = requireSession(['client']);
if (session) {
  const main = document.getElementById('main');
  renderHeader('Min dag', [{ href: '#/i-dag', label: 'I dag' }], session.user);
  startRouter({
    '/i-dag': () => show(main, h('h1', {}, 'I dag')),
  }, '/i-dag');
}
