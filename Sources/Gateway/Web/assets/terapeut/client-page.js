// (to be built) — see ../app.js for how views are called.
import { h, show } from '../shared/ui.js';

export function clientView(main) {
  show(main, h('h1', {}, 'clientView'));
}
