// The therapist's workspace.
import { requireSession } from '../shared/session.js';
import { startRouter } from '../shared/router.js';
import { renderHeader } from '../shared/shell.js';
import { h, show } from '../shared/ui.js';

const session = requireSession(['therapist', 'tenant_admin']);
if (session) {
  const main = document.getElementById('main');
  renderHeader('Terapeut', [{ href: '#/klienter', label: 'Klienter' }], session.user);
  startRouter({
    '/klienter': () => show(main, h('h1', {}, 'Klienter')),
  }, '/klienter');
}
