// (to be built) — see ../app.js for how views are called.
import { h, show } from '../shared/ui.js';

export function notificationsView(main) {
  show(main, h('h1', {}, 'notificationsView'));
}
