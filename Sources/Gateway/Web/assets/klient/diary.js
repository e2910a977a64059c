// "I dag": one day's registrations as a coloured timeline, and the week as seven days that
// still read on a 320 px phone. The client's own days are in Copenhagen time.
import { api } from '../shared/api.js';
import { h, show, loading, failure, today } from '../shared/ui.js';
import { addDays, dateOf, dayMonth, formatDuration, longDay, mondayOf, weekNumber } from './clock.js';
import { loadScale } from './scale.js';
import { chronological, compactEntry, dayStrip, entryBlock, levelTotals, totalMinutes } from './timeline.js';

async function loadDiary(from, to) {
  const [scale, entries] = await Promise.all([
    loadScale(),
    api('GET', '/me/registrations', { query: { from, to } }),
  ]);
  return { scale, entries: chronological(entries ?? []) };
}

/**
 * Day or week: a small switch between the two. Not a `<nav>` element, because the router marks
 * links in those by prefix, and "Dag" (`#/i-dag`) would then count as current on the week too.
 */
function viewSwitch(current, isNow) {
  // On another day or week the kind of view is still the current one, though not the page the link opens.
  const link = (href, label, name) => h('a', { href, 'aria-current': current === name ? (isNow ? 'page' : 'true') : null }, label);
  return h('div', { class: 'view-switch', role: 'navigation', 'aria-label': 'Visning' },
    link('#/i-dag', 'Dag', 'day'), link('#/i-dag/uge', 'Uge', 'week'));
}

/** On a past day the form opens at that day, for what was forgotten then. */
function registerButton(day, isToday) {
  return h('a', { class: 'button primary register-cta', href: isToday ? '#/registrer' : `#/registrer/${day}` },
    h('span', { 'aria-hidden': 'true' }, '+'), isToday ? 'Registrér aktivitet' : 'Registrér på denne dag');
}

function summary(entries) {
  const count = entries.length === 1 ? '1 aktivitet' : `${entries.length} aktiviteter`;
  return `${count} · ${formatDuration(totalMinutes(entries))} i alt`;
}

/** `#/i-dag` (today) or `#/i-dag/YYYY-MM-DD`. */
export async function dayView(main, { date } = {}) {
  const now = today();
  const day = date && /^\d{4}-\d{2}-\d{2}$/.test(date) && date <= now ? date : now;
  const isToday = day === now;
  const heading = h('div', { class: 'view-heading' },
    h('h1', {}, isToday ? 'I dag' : longDay(day).replace(/^./, (first) => first.toUpperCase())),
    isToday ? h('p', { class: 'muted' }, longDay(day)) : null);
  const dayNavigation = h('div', { class: 'pager', role: 'navigation', 'aria-label': 'Andre dage' },
    h('a', { href: `#/i-dag/${addDays(day, -1)}` }, h('span', { 'aria-hidden': 'true' }, '‹ '), addDays(day, -1) === addDays(now, -1) ? 'I går' : 'Dagen før'),
    isToday ? null : h('a', { href: addDays(day, 1) === now ? '#/i-dag' : `#/i-dag/${addDays(day, 1)}` }, addDays(day, 1) === now ? 'I dag' : 'Dagen efter', h('span', { 'aria-hidden': 'true' }, ' ›')));
  const body = h('div', {}, loading());
  show(main, heading, viewSwitch('day', isToday), registerButton(day, isToday), body, dayNavigation);
  try {
    const { scale, entries } = await loadDiary(day, day);
    if (!entries.length) {
      body.replaceChildren(h('div', { class: 'card empty' },
        h('p', {}, isToday ? 'Du har ikke registreret noget i dag endnu.' : 'Der er ingen registreringer denne dag.'),
        h('p', { class: 'muted' }, 'Registrér fx en gåtur, et måltid eller en pause – så kan du og din terapeut se, hvad der giver og tager energi.')));
      return;
    }
    body.replaceChildren(h('section', { class: 'card day', 'aria-labelledby': 'day-summary' },
      h('h2', { id: 'day-summary', class: 'day-summary' }, summary(entries)),
      dayStrip(entries, scale),
      h('ol', { class: 'timeline' }, entries.map((entry) => entryBlock(entry, scale)))));
  } catch (error) {
    body.replaceChildren(failure(error));
  }
}

/** `#/i-dag/uge` (this week) or `#/i-dag/uge/YYYY-MM-DD` (the week of that day). */
export async function weekView(main, { date } = {}) {
  const now = today();
  const monday = mondayOf(date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : now);
  const sunday = addDays(monday, 6);
  const isThisWeek = monday === mondayOf(now);
  const heading = h('div', { class: 'view-heading' },
    h('h1', {}, isThisWeek ? 'Denne uge' : `Uge ${weekNumber(monday)}`),
    h('p', { class: 'muted' }, `${isThisWeek ? `Uge ${weekNumber(monday)}, ` : ''}${dayMonth(monday)} – ${dayMonth(sunday)}`));
  const weekNavigation = h('div', { class: 'pager', role: 'navigation', 'aria-label': 'Andre uger' },
    h('a', { href: `#/i-dag/uge/${addDays(monday, -7)}` }, h('span', { 'aria-hidden': 'true' }, '‹ '), 'Ugen før'),
    isThisWeek ? null : h('a', { href: addDays(monday, 7) === mondayOf(now) ? '#/i-dag/uge' : `#/i-dag/uge/${addDays(monday, 7)}` }, 'Ugen efter', h('span', { 'aria-hidden': 'true' }, ' ›')));
  const body = h('div', {}, loading());
  show(main, heading, viewSwitch('week', isThisWeek), body, weekNavigation);
  try {
    const { scale, entries } = await loadDiary(monday, sunday);
    const days = Array.from({ length: 7 }, (_, index) => addDays(monday, index));
    const byDay = Object.fromEntries(days.map((day) => [day, []]));
    for (const entry of entries) byDay[dateOf(entry.started_at)]?.push(entry);
    body.replaceChildren(
      entries.length
        ? h('section', { class: 'card', 'aria-labelledby': 'week-levels' },
          h('h2', { id: 'week-levels' }, 'Ugens energi'),
          h('p', { class: 'muted' }, summary(entries)),
          levelTotals(entries, scale))
        : h('div', { class: 'card empty' }, h('p', {}, 'Der er ingen registreringer i denne uge.')),
      h('ol', { class: 'week' }, days.map((day) => weekDay(day, byDay[day], scale, day === now, day > now))));
  } catch (error) {
    body.replaceChildren(failure(error));
  }
}

function weekDay(day, entries, scale, isToday, isFuture) {
  const name = longDay(day).replace(/^./, (first) => first.toUpperCase());
  const title = isFuture ? h('span', {}, name) : h('a', { href: isToday ? '#/i-dag' : `#/i-dag/${day}` }, name);
  return h('li', { class: `week-day${isToday ? ' today' : ''}${entries.length ? '' : ' quiet'}` },
    h('div', { class: 'week-day-heading' },
      h('h2', {}, title, isToday ? h('span', { class: 'badge ok' }, 'I dag') : null),
      h('p', { class: 'muted' }, entries.length ? summary(entries) : isFuture ? '' : 'Ingen registreringer')),
    entries.length ? dayStrip(entries, scale) : null,
    entries.length ? h('ul', { class: 'compact-list' }, entries.map((entry) => compactEntry(entry, scale))) : null);
}
