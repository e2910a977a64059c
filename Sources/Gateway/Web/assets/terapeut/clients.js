// (to be built) — see ../app.js for how views are called.
import { h, show } from '../shared/ui.js';

export function clientListView(main) {
  show(main, h('h1', {}, 'clientListView'));
}

export function newClientView(main) {
  show(main, h('h1', {}, 'newClientView'));
}
