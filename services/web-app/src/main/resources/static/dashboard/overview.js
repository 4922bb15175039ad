// The counters and charts at the top of the leads page: leads, scans, hot leads, follow-ups; leads
// per hour, per staff member and by rating. They come from GET /stats, read again whenever the live
// stream says a lead changed (once for a burst of changes), so they are always the server's own
// numbers rather than a tally the page could get wrong. Charts are Chart.js (a WebJar); each has
// its numbers as a table too, for screen readers and for anyone who wants the figures.

import { h, number } from '../shared/dom.js';
import { formattingLocale } from '../shared/i18n.js';

const REFRESH_MS = 400;
const HOT = ['4', '5'];

export function createOverview(ctx, parts) {
  let stats = null;
  let timer = null;
  let loading = null;
  let again = false;
  const charts = {};

  async function load() {
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      try {
        stats = await ctx.call(`/api/exhibitors/${encodeURIComponent(ctx.exhibitorId)}/stats`);
        render();
      } finally {
        loading = null;
      }
      if (again) {
        again = false;
        await load();
      }
    })();
    return loading;
  }

  /** A lead changed: read the numbers again soon, once for a burst of changes. */
  function changed() {
    if (!timer) {
      timer = setTimeout(() => {
        timer = null;
        load().catch(() => undefined);
      }, REFRESH_MS);
    }
  }

  function render() {
    if (!stats) {
      return;
    }
    const { t, language } = ctx;
    const hot = HOT.reduce((sum, rating) => sum + (stats.byRating[rating] || 0), 0);
    counter(parts.leads, stats.totalLeads, t('counterLeads', { count: stats.totalLeads }));
    counter(parts.scans, stats.totalScans, t('counterScans', { count: stats.totalScans }));
    counter(parts.hot, hot, t('counterHot', { count: hot }));
    counter(parts.followUps, stats.followUps, t('countFollowUps'));

    const hours = hourRange(stats.perHour).map((bucket) => ({ label: hourLabel(bucket.start, language), value: bucket.leads }));
    const staff = [...stats.perStaff].sort((a, b) => b.leads - a.leads)
      .map((entry) => ({ label: ctx.nameOf(entry.staffId), value: entry.leads }));
    const ratings = ['5', '4', '3', '2', '1', '0'].map((rating) => ({
      label: rating === '0' ? t('unrated') : t('stars', { count: Number(rating) }),
      value: stats.byRating[rating] || 0,
    }));
    chart('perHour', parts.perHour, t('chartPerHour', { zone: stats.timeZone }), hours, false);
    chart('perStaff', parts.perStaff, t('chartPerStaff'), staff, true);
    chart('byRating', parts.byRating, t('chartByRating'), ratings, true);
  }

  function counter(node, value, label) {
    node.querySelector('.counter-value').textContent = number(value, ctx.language);
    node.querySelector('.counter-label').textContent = label;
    node.dataset.value = String(value);
  }

  function chart(key, figure, title, rows, horizontal) {
    const { t } = ctx;
    figure.querySelector('figcaption').textContent = title;
    const canvas = figure.querySelector('canvas');
    canvas.setAttribute('aria-label', t('chartAlt', { title }));
    const table = figure.querySelector('table');
    table.replaceChildren(
      h('caption', { class: 'visually-hidden', text: title }),
      h('thead', {}, h('tr', {}, [h('th', { scope: 'col', text: t('chartItem') }), h('th', { scope: 'col', text: t('countLeads') })])),
      h('tbody', {}, rows.length
        ? rows.map((row) => h('tr', {}, [h('th', { scope: 'row', dir: 'auto', text: row.label }), h('td', { text: number(row.value, ctx.language) })]))
        : [h('tr', {}, h('td', { colspan: 2, text: t('noLeadsYet') }))]),
    );
    figure.querySelector('summary').textContent = t('showAsTable');
    figure.querySelector('.chart-empty').hidden = rows.some((row) => row.value > 0);
    if (!window.Chart) {
      // The charting library did not load: the tables carry the same numbers.
      figure.querySelector('details').open = true;
      return;
    }
    const data = {
      labels: rows.map((row) => row.label),
      datasets: [{ label: t('countLeads'), data: rows.map((row) => row.value), backgroundColor: '#0b4f8a', borderRadius: 4,
        maxBarThickness: 48 }],
    };
    if (charts[key]) {
      charts[key].data = data;
      charts[key].update('none');
      return;
    }
    charts[key] = new window.Chart(canvas, {
      type: 'bar',
      data,
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: {
          x: horizontal ? { beginAtZero: true, ticks: { precision: 0 } } : { ticks: { autoSkip: true, maxRotation: 0 } },
          y: horizontal ? { ticks: { autoSkip: false } } : { beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    });
  }

  return {
    load,
    changed,
    render,
    get stats() {
      return stats;
    },
    destroy() {
      clearTimeout(timer);
      Object.values(charts).forEach((made) => made.destroy());
      Object.keys(charts).forEach((key) => delete charts[key]);
    },
  };
}

/**
 * Every hour from the first with leads to the last, quiet hours as zero, and at least the eight
 * hours up to the last: a day at the booth reads as a day, not as a few bars side by side. Over
 * more than four days (a scanner with a wrong clock, say) only the hours with leads are shown.
 */
export function hourRange(buckets, minimum = 8, longest = 96) {
  if (!buckets.length) {
    return [];
  }
  const counts = new Map(buckets.map((bucket) => [bucket.start.slice(0, 13), bucket.leads]));
  const hourOf = (start) => Date.parse(`${start.slice(0, 13)}:00:00Z`);
  const last = hourOf(buckets[buckets.length - 1].start);
  const first = Math.min(hourOf(buckets[0].start), last - (minimum - 1) * 3600000);
  if ((last - first) / 3600000 > longest) {
    return buckets;
  }
  const range = [];
  for (let hour = first; hour <= last; hour += 3600000) {
    const start = new Date(hour).toISOString().slice(0, 13);
    range.push({ start: `${start}:00`, leads: counts.get(start) || 0 });
  }
  return range;
}

/** "24/11 09:00" for a bucket starting 2026-11-24T09:00 (the edition's local time, as the server counted it). */
function hourLabel(start, language) {
  const [day, time] = start.split('T');
  const [, month, date] = day.split('-');
  const local = new Intl.DateTimeFormat(formattingLocale(language), { day: '2-digit', month: '2-digit', timeZone: 'UTC' })
    .format(new Date(Date.UTC(2000, Number(month) - 1, Number(date))));
  return `${local} ${time.slice(0, 5)}`;
}

if (window.Chart) {
  window.Chart.defaults.color = '#17202a';
  window.Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", sans-serif';
}
