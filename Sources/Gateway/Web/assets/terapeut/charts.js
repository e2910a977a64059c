// The registrations drawn as SVG: energy per day (a stacked bar of minutes per colour-scale
// level) and a weekday × hour heat map. Both are drawn at the width they get (and again when
// it changes), so the text in them stays readable on a phone; each has a text alternative.
import { h, svg, uniqueId } from '../shared/ui.js';
import { duration } from './labels.js';
import { addDays } from './widgets.js';

const timeZone = 'Europe/Copenhagen';
const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', weekday: 'short',
});
const weekdayIndex = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
const weekdayNames = ['mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag', 'søndag'];
const weekdayShort = ['Man', 'Tir', 'Ons', 'Tor', 'Fre', 'Lør', 'Søn'];
const dayLabelFormat = new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', weekday: 'short' });
const noDataFill = '#eef1f3';

/** Copenhagen calendar parts of an instant. */
function localParts(instant) {
  const parts = Object.fromEntries(partsFormat.formatToParts(instant).map(({ type, value }) => [type, value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: weekdayIndex[parts.weekday],
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/** The label a level has on the current scale (a registration may predate a change). */
function levelLabel(levels, index) {
  return levels[index]?.label || `Niveau ${index + 1}`;
}

function levelColour(levels, index) {
  return levels[index]?.color ?? '#757575';
}

/**
 * Draws `draw(width)` into a figure and redraws it when the figure's width changes (a phone
 * turned, a window resized). Returns the figure.
 */
function responsive(figure, draw) {
  let drawnWidth = 0;
  const place = h('div', { class: 'chart-canvas' });
  figure.querySelector('figcaption').after(place);
  const redraw = () => {
    if (!place.isConnected) {
      // The view was left: stop watching a chart nobody sees.
      observer.disconnect();
      return;
    }
    const width = Math.floor(place.clientWidth);
    if (!width || width === drawnWidth) return;
    drawnWidth = width;
    place.replaceChildren(draw(width));
    figure.dataset.drawn = 'true';
  };
  const observer = new ResizeObserver(redraw);
  observer.observe(place);
  return figure;
}

/** A legend of the scale's levels: colour and label, so the colours are never the only cue. */
export function levelLegend(levels) {
  return h('ul', { class: 'chart-legend', 'aria-label': 'Farveskalaens niveauer' }, levels.map((level, index) => {
    const swatch = h('span', { class: 'legend-swatch', 'aria-hidden': 'true' });
    swatch.style.backgroundColor = level.color;
    return h('li', {}, swatch, `${index + 1}. ${level.label}`);
  }));
}

/** Minutes per day and level over the period `from`…`to` (every day present). */
function minutesPerDay(registrations, levelCount, from, to) {
  const days = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push({ date: day, minutes: new Array(levelCount).fill(0) });
  const byDate = new Map(days.map((day) => [day.date, day]));
  for (const registration of registrations) {
    const day = byDate.get(localParts(new Date(registration.started_at)).date);
    if (!day) continue;
    if (registration.level >= day.minutes.length) day.minutes.length = registration.level + 1;
    day.minutes[registration.level] = (day.minutes[registration.level] ?? 0) + registration.duration_minutes;
  }
  return days;
}

export function energyByDayChart(registrations, levels, from, to) {
  const days = minutesPerDay(registrations, levels.length, from, to);
  const levelCount = Math.max(levels.length, ...days.map((day) => day.minutes.length));
  const totals = days.map((day) => day.minutes.reduce((sum, value) => sum + (value ?? 0), 0));
  const maximum = Math.max(60, ...totals);
  const stepHours = maximum > 12 * 60 ? 4 : maximum > 6 * 60 ? 2 : 1;
  const top = Math.ceil(maximum / (stepHours * 60)) * stepHours * 60;
  const titleId = uniqueId('chart-title');
  const descId = uniqueId('chart-desc');
  const busiest = totals.indexOf(Math.max(...totals));
  const summary = totals.some(Boolean)
    ? `${days.length} dage fra ${from} til ${to}. I alt ${duration(totals.reduce((a, b) => a + b, 0))} registreret. `
      + `Mest registreret ${weekdayNames[(new Date(`${days[busiest].date}T12:00:00Z`).getUTCDay() + 6) % 7]} ${days[busiest].date}: ${duration(totals[busiest])}. `
      + 'Tallene står i tabellen under grafen.'
    : 'Ingen registreringer i perioden.';

  const draw = (width) => {
    const height = width < 500 ? 240 : 300;
    const margin = { top: 12, right: 8, bottom: 44, left: 44 };
    const plotWidth = width - margin.left - margin.right;
    const plotHeight = height - margin.top - margin.bottom;
    const slot = plotWidth / days.length;
    const barWidth = Math.max(2, Math.min(48, slot * 0.7));
    const y = (minutes) => margin.top + plotHeight - (minutes / top) * plotHeight;
    const labelEvery = Math.ceil(days.length / Math.max(1, Math.floor(plotWidth / 44)));
    const chart = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, class: 'chart' },
      svg('title', { id: titleId }, 'Energi pr. dag: minutter pr. niveau på farveskalaen'),
      svg('desc', { id: descId }, summary));
    for (let minutes = 0; minutes <= top; minutes += stepHours * 60) {
      chart.append(
        svg('line', { x1: margin.left, x2: width - margin.right, y1: y(minutes), y2: y(minutes), stroke: '#c9d1d7', 'stroke-width': 1 }),
        svg('text', { x: margin.left - 6, y: y(minutes) + 4, 'text-anchor': 'end', class: 'axis' }, `${minutes / 60} t`));
    }
    days.forEach((day, index) => {
      const x = margin.left + slot * index + (slot - barWidth) / 2;
      let base = 0;
      for (let level = 0; level < levelCount; level += 1) {
        const minutes = day.minutes[level] ?? 0;
        if (!minutes) continue;
        chart.append(svg('rect', {
          x, y: y(base + minutes), width: barWidth, height: Math.max(1, y(base) - y(base + minutes)),
          fill: levelColour(levels, level), stroke: '#ffffff', 'stroke-width': 1,
        }, svg('title', {}, `${day.date}: ${duration(minutes)} ${levelLabel(levels, level)}`)));
        base += minutes;
      }
      if (index % labelEvery === 0) {
        const centre = margin.left + slot * index + slot / 2;
        const [, month, date] = day.date.split('-');
        chart.append(
          svg('text', { x: centre, y: height - margin.bottom + 16, 'text-anchor': 'middle', class: 'axis' },
            dayLabelFormat.format(new Date(`${day.date}T12:00:00Z`)).replace('.', '')),
          svg('text', { x: centre, y: height - margin.bottom + 32, 'text-anchor': 'middle', class: 'axis muted' }, `${Number(date)}/${Number(month)}`));
      }
    });
    return chart;
  };

  const table = h('details', { class: 'chart-table' },
    h('summary', {}, 'Vis tallene som tabel'),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, 'Minutter pr. dag og niveau'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Dag'),
        Array.from({ length: levelCount }, (_, level) => h('th', { scope: 'col', class: 'number' }, levelLabel(levels, level))),
        h('th', { scope: 'col', class: 'number' }, 'I alt'))),
      h('tbody', {}, days.map((day, index) => h('tr', {},
        h('th', { scope: 'row' }, day.date),
        Array.from({ length: levelCount }, (_, level) => h('td', { class: 'number' }, day.minutes[level] ? duration(day.minutes[level]) : '–')),
        h('td', { class: 'number' }, totals[index] ? duration(totals[index]) : '–')))))));
  return responsive(h('figure', { class: 'card chart-figure', id: 'energy-chart' },
    h('figcaption', {}, h('h3', {}, 'Energi pr. dag'), h('p', { class: 'hint' }, 'Minutter pr. dag, fordelt på farveskalaens niveauer. Nederst det mest genoprettende.')),
    levelLegend(levels), table), draw);
}

/**
 * Minutes per weekday and hour, each with minutes per level: a registration counts in every
 * hour it lasted, so a long afternoon shows as an afternoon.
 */
function minutesPerHour(registrations) {
  const cells = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => new Map()));
  for (const registration of registrations) {
    let at = new Date(registration.started_at).getTime();
    let remaining = registration.duration_minutes;
    while (remaining > 0) {
      const parts = localParts(new Date(at));
      const taken = Math.min(remaining, 60 - parts.minute);
      const cell = cells[parts.weekday][parts.hour];
      cell.set(registration.level, (cell.get(registration.level) ?? 0) + taken);
      remaining -= taken;
      at += taken * 60_000;
    }
  }
  return cells;
}

function dominantLevel(cell) {
  let best = null;
  for (const [level, minutes] of cell) {
    if (best === null || minutes > cell.get(best) || (minutes === cell.get(best) && level > best)) best = level;
  }
  return best;
}

export function weekHeatMap(registrations, levels) {
  const cells = minutesPerHour(registrations);
  const titleId = uniqueId('chart-title');
  const descId = uniqueId('chart-desc');
  const mostDraining = levels.length - 1;
  const drainingHours = [];
  cells.forEach((row, weekday) => row.forEach((cell, hour) => {
    if (dominantLevel(cell) === mostDraining) drainingHours.push(`${weekdayNames[weekday]} kl. ${hour}`);
  }));
  const summary = registrations.length
    ? `Hver celle er en time på en ugedag, farvet efter det niveau, der fyldte mest i timen. `
      + (drainingHours.length
        ? `Timer mest på niveauet ${levelLabel(levels, mostDraining)}: ${drainingHours.slice(0, 12).join(', ')}${drainingHours.length > 12 ? ' med flere' : ''}.`
        : `Ingen timer var mest på niveauet ${levelLabel(levels, mostDraining)}.`)
    : 'Ingen registreringer i perioden.';

  const draw = (width) => {
    const margin = { top: 22, right: 4, bottom: 4, left: 40 };
    const cellWidth = (width - margin.left - margin.right) / 24;
    const cellHeight = Math.max(20, Math.min(34, cellWidth));
    const height = margin.top + cellHeight * 7 + margin.bottom;
    const labelEvery = cellWidth < 18 ? 6 : cellWidth < 30 ? 3 : 2;
    const chart = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, class: 'chart' },
      svg('title', { id: titleId }, 'Ugedag og time: hvornår klienten var aktiv, og på hvilket niveau'),
      svg('desc', { id: descId }, summary));
    for (let hour = 0; hour < 24; hour += labelEvery) {
      chart.append(svg('text', { x: margin.left + cellWidth * hour + 1, y: 14, class: 'axis' }, String(hour).padStart(2, '0')));
    }
    cells.forEach((row, weekday) => {
      const y = margin.top + cellHeight * weekday;
      chart.append(svg('text', { x: margin.left - 6, y: y + cellHeight / 2 + 5, 'text-anchor': 'end', class: 'axis' }, weekdayShort[weekday]));
      row.forEach((cell, hour) => {
        const level = dominantLevel(cell);
        const total = [...cell.values()].reduce((a, b) => a + b, 0);
        chart.append(svg('rect', {
          x: margin.left + cellWidth * hour + 1, y: y + 1, width: Math.max(1, cellWidth - 2), height: cellHeight - 2, rx: 3,
          fill: level === null ? noDataFill : levelColour(levels, level),
        }, svg('title', {}, level === null
          ? `${weekdayNames[weekday]} kl. ${hour}: intet registreret`
          : `${weekdayNames[weekday]} kl. ${hour}: ${duration(total)}, mest ${levelLabel(levels, level)}`)));
      });
    });
    return chart;
  };
  return responsive(h('figure', { class: 'card chart-figure', id: 'week-chart' },
    h('figcaption', {}, h('h3', {}, 'Ugedag og tidspunkt'), h('p', { class: 'hint' }, 'Hver celle er en time, farvet efter det niveau, der fyldte mest. Grå: intet registreret.')),
    levelLegend(levels)), draw);
}
