// The tenant admin's pages: the tenant's therapists, and the tenant's settings. Each lives in
// its own module; app.js imports both from here.
export { therapistsView } from './admin-therapists.js';
export { tenantSettingsView } from './admin-settings.js';
