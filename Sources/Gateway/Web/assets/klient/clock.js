// Calendar arithmetic in Copenhagen's time, whatever zone the phone itself is set to: the
// diary's days are the client's days in Denmark (the API counts `from`/`to` the same way).
import { localDate } from '../shared/ui.js';

const timeZone = 'Europe/Copenhagen';
const wallClock = new Intl.DateTimeFormat('en-US', {
  timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});
const weekdayFormat = new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', weekday: 'long' });
const longDayFormat = new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' });
const dayMonthFormat = new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', day: 'numeric', month: 'short' });

/** How many minutes Copenhagen is ahead of UTC at `instant` (60 or 120). */
function offsetMinutes(instant) {
  const parts = Object.fromEntries(wallClock.formatToParts(instant).map((part) => [part.type, Number(part.value)]));
  const asIfUTC = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((asIfUTC - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/** The instant at Copenhagen wall-clock `date` (`YYYY-MM-DD`) and `time` (`HH:MM`). */
export function instantAt(date, time) {
  const naive = Date.parse(`${date}T${time}:00Z`);
  // Twice, because the offset at the naive guess can differ from the one at the answer
  // on the night clocks change.
  const guess = new Date(naive - offsetMinutes(new Date(naive)) * 60000);
  return new Date(naive - offsetMinutes(guess) * 60000);
}

/** Minutes since Copenhagen midnight at `instant`. */
export function minuteOfDay(instant) {
  const parts = Object.fromEntries(wallClock.formatToParts(instant).map((part) => [part.type, Number(part.value)]));
  return parts.hour * 60 + parts.minute;
}

/** `HH:MM` in Copenhagen, the value a time input wants. */
export function wallTime(instant) {
  const minutes = minuteOfDay(instant);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** RFC 3339 in UTC without fractions: `2027-01-31T09:30:00Z`. */
export function rfc3339(instant) {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `date` moved by `days` (calendar days, so clock changes do not matter). */
export function addDays(date, days) {
  const moved = new Date(Date.parse(`${date}T12:00:00Z`) + days * 86400000);
  return moved.toISOString().slice(0, 10);
}

/** The Monday of the week `date` is in (Danish weeks start on Monday). */
export function mondayOf(date) {
  const weekday = (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

/** The ISO week number, as Danish calendars print it ("uge 49"). */
export function weekNumber(date) {
  const thursday = addDays(mondayOf(date), 3);
  const firstThursday = addDays(mondayOf(`${thursday.slice(0, 4)}-01-04`), 3);
  return 1 + Math.round((Date.parse(thursday) - Date.parse(firstThursday)) / (7 * 86400000));
}

/** "fredag" */
export function weekdayName(date) {
  return weekdayFormat.format(new Date(`${date}T12:00:00Z`));
}

/** "fredag 4. december" */
export function longDay(date) {
  return longDayFormat.format(new Date(`${date}T12:00:00Z`));
}

/** "4. dec." */
export function dayMonth(date) {
  return dayMonthFormat.format(new Date(`${date}T12:00:00Z`));
}

/** "45 min", "90 min", "1 time", "2 timer", "2 t 15 min": the way a Dane would say it. */
export function formatDuration(minutes) {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!rest && hours) return hours === 1 ? '1 time' : `${hours} timer`;
  if (minutes < 120) return `${minutes} min`;
  return `${hours} t ${rest} min`;
}

/** The Copenhagen date an RFC 3339 time falls on. */
export function dateOf(time) {
  return localDate(new Date(time));
}
