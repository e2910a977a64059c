// The client's part: the diary on a phone. Four places, in a tab bar at the bottom of a phone
// screen (the thumb's reach) and in the header on a wider one.
import { requireSession } from '../shared/session.js';
import { startRouter } from '../shared/router.js';
import { renderHeader } from '../shared/shell.js';
import { svg } from '../shared/ui.js';
import { dayView, weekView } from './diary.js';
import { registerView } from './register.js';
import { questionnairesView } from './questionnaires.js';
import { questionnaireView } from './questionnaire-form.js';
import { colorScaleView, goalsView, reflectionView } from './course.js';

// 24×24 outline icons beside the labels; decorative, the label names the place.
const icons = {
  '#/i-dag': ['M4 6h16v14H4z', 'M4 10h16', 'M8 3v5', 'M16 3v5', 'M8 14h3v3H8z'],
  '#/registrer': ['M12 3a9 9 0 1 0 0.01 0z', 'M12 8v8', 'M8 12h8'],
  '#/spoergeskemaer': ['M7 4h10v17H7z', 'M10 9h4', 'M10 13h4', 'M10 17h2'],
  '#/forloeb': ['M5 21V4', 'M5 4h12l-2 4 2 4H5'],
};

function addIcons() {
  document.querySelectorAll('#header nav a').forEach((link) => {
    const paths = icons[link.getAttribute('href')];
    if (!paths) return;
    link.prepend(svg('svg', { viewBox: '0 0 24 24', width: 24, height: 24, 'aria-hidden': 'true', focusable: 'false', class: 'nav-icon' },
      paths.map((d) => svg('path', { d, fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }))));
  });
}

const session = requireSession(['client']);
if (session) {
  document.body.classList.add('client-part');
  renderHeader('Min dag', [
    { href: '#/i-dag', label: 'I dag' },
    { href: '#/registrer', label: 'Registrér' },
    // A soft hyphen lets the long word break in a narrow tab.
    { href: '#/spoergeskemaer', label: 'Spørge\u00adskemaer' },
    { href: '#/forloeb', label: 'Mit forløb' },
  ], session.user);
  addIcons();
  // Arriving at plain /klient/ (after logging in): name the view, so its tab is marked current.
  if (!location.hash) history.replaceState(null, '', '#/i-dag');
  startRouter({
    '/i-dag': (_, main) => dayView(main),
    '/i-dag/uge': (_, main) => weekView(main),
    '/i-dag/uge/:date': (params, main) => weekView(main, params),
    '/i-dag/:date': (params, main) => dayView(main, params),
    '/registrer': (_, main) => registerView(main),
    '/registrer/:date': (params, main) => registerView(main, params),
    '/spoergeskemaer': (_, main) => questionnairesView(main),
    '/spoergeskemaer/:id': (params, main) => questionnaireView(main, params),
    '/forloeb': () => location.replace('#/forloeb/maal'),
    '/forloeb/maal': (_, main) => goalsView(main),
    '/forloeb/refleksion': (_, main) => reflectionView(main),
    '/forloeb/farveskala': (_, main) => colorScaleView(main),
  }, '/i-dag');
}
