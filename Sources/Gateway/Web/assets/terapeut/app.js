// The therapist's workspace: clients and their records for therapists, plus the tenant's
// therapists and settings for tenant admins.
import { requireSession } from '../shared/session.js';
import { startRouter } from '../shared/router.js';
import { renderHeader } from '../shared/shell.js';
import { clientListView, newClientView } from './clients.js';
import { clientView } from './client-page.js';
import { notificationsView } from './notifications.js';
import { securityView } from './security.js';
import { tenantSettingsView, therapistsView } from './admin.js';

const session = requireSession(['therapist', 'tenant_admin']);
if (session) {
  const isAdmin = session.user.role === 'tenant_admin';
  const restricted = session.mfaEnrollmentRequired;
  renderHeader('Terapeut', restricted ? [{ href: '#/sikkerhed', label: 'Sikkerhed' }] : [
    { href: '#/klienter', label: 'Klienter' },
    { href: '#/notifikationer', label: 'Notifikationer' },
    ...(isAdmin ? [{ href: '#/terapeuter', label: 'Terapeuter' }, { href: '#/indstillinger', label: 'Indstillinger' }] : []),
    { href: '#/sikkerhed', label: 'Sikkerhed' },
  ], session.user);
  // Each view is `(main, session, params) => void`: it renders into `main` and loads its data.
  // The router hands each navigation a fresh `main` (see startRouter).
  const routes = {
    '/klienter': (params, main) => clientListView(main, session, params),
    '/klienter/ny': (params, main) => newClientView(main, session, params),
    '/klienter/:id': (params, main) => clientView(main, session, params),
    '/klienter/:id/:section': (params, main) => clientView(main, session, params),
    '/notifikationer': (params, main) => notificationsView(main, session, params),
    '/sikkerhed': (params, main) => securityView(main, session, params),
  };
  if (isAdmin) {
    routes['/terapeuter'] = (params, main) => therapistsView(main, session, params);
    routes['/indstillinger'] = (params, main) => tenantSettingsView(main, session, params);
  }
  if (restricted) {
    // Until the second factor is set up, the gateway answers nothing else: show only this.
    startRouter({ '/sikkerhed': routes['/sikkerhed'] }, '/sikkerhed');
  } else {
    startRouter(routes, '/klienter');
  }
}
