// A hash router for one front end: `#/klienter/3f…` → the view registered for
// `/klienter/:id`. Hash routes keep every view on one page the gateway serves, with working
// back/forward buttons and bookmarks.

/**
 * Each navigation gets a fresh, empty `<main>` that replaces the old one, passed to its view:
 * a view still loading when the user moves on then draws into the detached old element, never
 * over the next view.
 *
 * @param {Record<string, (params: Record<string, string>, main: HTMLElement) => void>} routes pattern → view
 * @param {string} fallback the route shown for an unknown or empty hash
 */
export function startRouter(routes, fallback) {
  const compiled = Object.entries(routes).map(([pattern, view]) => {
    const names = [];
    const expression = new RegExp('^' + pattern.replace(/:([a-z_]+)/g, (_, name) => {
      names.push(name);
      return '([^/]+)';
    }) + '$');
    return { expression, names, view };
  });
  const render = () => {
    const path = decodeURI(location.hash.slice(1) || fallback);
    for (const { expression, names, view } of compiled) {
      const match = expression.exec(path);
      if (!match) continue;
      const old = document.getElementById('main');
      const main = old.cloneNode(false);
      old.replaceWith(main);
      view(Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1])])), main);
      markCurrentLinks();
      return;
    }
    location.replace(`#${fallback}`);
  };
  window.addEventListener('hashchange', render);
  // The skip link would otherwise be taken for a route: it only moves focus to the content.
  document.querySelector('.skip-link')?.addEventListener('click', (event) => {
    event.preventDefault();
    document.getElementById('main')?.focus();
  });
  render();
}

/** Marks navigation links to the current view with `aria-current="page"`. */
function markCurrentLinks() {
  const current = location.hash || '#';
  document.querySelectorAll('nav a[href^="#"]').forEach((link) => {
    const href = link.getAttribute('href');
    const active = current === href || current.startsWith(`${href}/`);
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  });
}

export function navigate(path) {
  location.hash = path;
}
