// (to be built) — see ../app.js for how views are called.
import { h, show } from '../shared/ui.js';

export function therapistsView(main) {
  show(main, h('h1', {}, 'therapistsView'));
}

export function tenantSettingsView(main) {
  show(main, h('h1', {}, 'tenantSettingsView'));
}
