// How registrations look: a strip of the day in the levels' colours, a block per activity
// for the day view, and a compact line per activity for the week view. Colour is never the
// only carrier: each block names its level in text.
import { h, formatTime } from '../shared/ui.js';
import { formatDuration, minuteOfDay } from './clock.js';
import { levelOf, paint } from './scale.js';

const minutesPerDay = 24 * 60;

/** Oldest first: a day reads from morning to evening. */
export function chronological(entries) {
  return [...entries].sort((a, b) => Date.parse(a.started_at) - Date.parse(b.started_at));
}

export function totalMinutes(entries) {
  return entries.reduce((sum, entry) => sum + entry.duration_minutes, 0);
}

function endOf(entry) {
  return new Date(Date.parse(entry.started_at) + entry.duration_minutes * 60000);
}

/**
 * The day from midnight to midnight with each activity where it happened. Decorative: the
 * list beside it says the same in words, so screen readers skip it.
 */
export function dayStrip(entries, scale) {
  const track = h('div', { class: 'day-strip-track' });
  for (const entry of entries) {
    const start = minuteOfDay(new Date(entry.started_at));
    const length = Math.min(entry.duration_minutes, minutesPerDay - start);
    const segment = paint(h('span', { class: 'day-strip-segment' }), levelOf(scale, entry.level).color);
    segment.style.left = `${(start / minutesPerDay) * 100}%`;
    segment.style.width = `max(4px, ${(length / minutesPerDay) * 100}%)`;
    track.append(segment);
  }
  const hours = [0, 6, 12, 18, 24].map((hour) => {
    const label = h('span', { class: 'day-strip-hour' }, String(hour).padStart(2, '0'));
    label.style.left = `${(hour / 24) * 100}%`;
    return label;
  });
  return h('div', { class: 'day-strip', 'aria-hidden': 'true' }, track, h('div', { class: 'day-strip-hours' }, hours));
}

/** The level's own words (statements, symptoms) the client ticked, as small tags. */
function ticked(entry) {
  const words = [...(entry.statements ?? []), ...(entry.symptoms ?? [])];
  return words.length ? h('ul', { class: 'entry-tags', 'aria-label': 'Det du krydsede af' }, words.map((word) => h('li', {}, word))) : null;
}

/** One activity in the day view: its time beside a block in its level's colour, taller when longer. */
export function entryBlock(entry, scale) {
  const level = levelOf(scale, entry.level);
  const block = paint(h('div', { class: 'entry-block' },
    h('p', { class: 'entry-title' }, h('strong', {}, entry.activity), h('span', { class: 'entry-duration' }, formatDuration(entry.duration_minutes))),
    h('p', { class: 'entry-level' }, level.label),
    ticked(entry),
    entry.note ? h('p', { class: 'entry-note' }, entry.note) : null,
  ), level.color);
  block.style.minHeight = `${Math.min(9, 3.5 + entry.duration_minutes / 30)}rem`;
  return h('li', { class: 'entry' },
    h('p', { class: 'entry-time' },
      h('time', { datetime: entry.started_at }, formatTime(entry.started_at)),
      h('span', { class: 'entry-end' }, h('span', { class: 'visually-hidden' }, 'til '), formatTime(endOf(entry)))),
    block);
}

/** One activity in the week view: colour dot, time, what, how long, and the level in words. */
export function compactEntry(entry, scale) {
  const level = levelOf(scale, entry.level);
  return h('li', { class: 'compact-entry' },
    paint(h('span', { class: 'dot', 'aria-hidden': 'true' }), level.color),
    h('time', { datetime: entry.started_at }, formatTime(entry.started_at)),
    h('span', { class: 'compact-what' }, entry.activity, h('span', { class: 'muted' }, ` · ${formatDuration(entry.duration_minutes)} · ${level.label}`)));
}

/** Minutes per level over `entries`, as a stacked bar with a legend in words. */
export function levelTotals(entries, scale) {
  const total = totalMinutes(entries);
  const perLevel = (scale?.levels ?? []).map((level, index) => ({
    level,
    minutes: totalMinutes(entries.filter((entry) => entry.level === index)),
  })).filter((row) => row.minutes > 0);
  const bar = h('div', { class: 'level-bar', 'aria-hidden': 'true' }, perLevel.map(({ level, minutes }) => {
    const part = paint(h('span', {}), level.color);
    part.style.flexGrow = String(minutes);
    return part;
  }));
  const legend = h('ul', { class: 'level-legend' }, perLevel.map(({ level, minutes }) => h('li', {},
    paint(h('span', { class: 'dot', 'aria-hidden': 'true' }), level.color),
    h('span', {}, level.label), h('span', { class: 'muted' }, `${formatDuration(minutes)} (${Math.round((minutes / total) * 100)} %)`))));
  return h('div', { class: 'level-totals' }, bar, legend);
}
