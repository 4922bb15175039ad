// The report of a visitor import, row by row: every row of the file with what became of it (new,
// updated, unchanged) or why it was refused, refused rows first to the eye. Rows follow the file:
// row 1 is the first after the header.

import { h, table } from '../shared/dom.js';
import { fieldMessage } from '../shared/field-messages.js';
import { fieldLabel } from '../shared/refusals.js';

/** More rows than this are not drawn at once: a 30,000-row table helps nobody. */
const SHOWN = 1000;

/**
 * The rows of the report: kept ones with their outcome, refused ones with every problem, each said
 * by say(field, message).
 */
export function reportRows(report, say = (field, message) => `${field}: ${message}`) {
  const rows = new Map();
  for (const kept of report.attendees) {
    rows.set(kept.row, { row: kept.row, registrationId: kept.registrationId, outcome: kept.outcome, reasons: [] });
  }
  for (const rejection of report.rejected) {
    const row = rows.get(rejection.row) || { row: rejection.row, registrationId: '', outcome: 'REFUSED', reasons: [] };
    row.reasons.push(say(rejection.field, rejection.reason));
    rows.set(rejection.row, row);
  }
  return [...rows.values()].sort((a, b) => a.row - b.row);
}

export function renderReport(ctx, report) {
  const { t } = ctx;
  // The field named in the page's words, the server's message in its language when known.
  const rows = reportRows(report, (field, message) => `${fieldLabel(field, t, ctx.language)}: ${fieldMessage(message)}`);
  const refused = rows.filter((row) => row.outcome === 'REFUSED');
  const body = h('div', { id: 'report-rows' });
  const show = h('select', { name: 'show' },
    h('option', { value: 'all' }, t('reportAll')),
    h('option', { value: 'refused' }, t('reportRefused')));

  function draw() {
    const chosen = show.value === 'refused' ? refused : rows;
    body.replaceChildren(...[
      table([
        { label: t('row'), cell: (row) => row.row, class: 'number' },
        { label: t('registrationId'), cell: (row) => h('span', { dir: 'auto' }, row.registrationId || t('none')) },
        { label: t('outcome'), cell: (row) => h('span', { class: `pill outcome-${row.outcome.toLowerCase()}` }, t(`outcome_${row.outcome}`)) },
        { label: t('reason'), cell: (row) => (row.reasons.length ? h('ul', { class: 'reasons' }, row.reasons.map((reason) => h('li', {}, reason))) : '') },
      ], chosen.slice(0, SHOWN), t('reportTitle')),
      chosen.length > SHOWN ? h('p', { class: 'help' }, t('reportTruncated', { count: SHOWN })) : null,
    ].filter(Boolean));
  }
  show.addEventListener('change', draw);
  draw();

  return h('section', { class: 'card stack', id: 'import-report', 'aria-labelledby': 'report-title' },
    h('h3', { id: 'report-title', tabindex: '-1' }, t('reportTitle')),
    h('p', { id: 'report-summary', class: refused.length ? 'notice notice-warn' : 'notice notice-ok' }, t('reportSummary', {
      count: report.rows, created: report.created, updated: report.updated, unchanged: report.unchanged, refused: report.rejectedRows,
    })),
    h('div', { class: 'filters' }, h('div', { class: 'field' }, h('label', { for: 'report-show' }, t('reportShow')), Object.assign(show, { id: 'report-show' }))),
    body);
}
