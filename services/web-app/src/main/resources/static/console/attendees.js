// Visitors of an edition: importing their registrations from a CSV file with the per-row report
// (POST /api/editions/{id}/attendees/import), the visitors registered so far
// (GET /api/editions/{id}/attendees), the way to the printable badges, and a visitor's erasure
// (POST /api/attendees/{id}/erasure, then GET /api/erasures/{id} until every service is done).

import { field, fieldError, focus, focusRow, h, table } from '../shared/dom.js';
import { NotUtf8, readUtf8 } from './files.js';
import { renderReport } from './import-report.js';

const PAGE = 100;

export async function renderAttendees(ctx, view, edition) {
  const { t } = ctx;
  const editionPath = `/api/editions/${encodeURIComponent(edition.id)}`;
  const registered = h('div', { id: 'registered' });
  const more = h('button', { type: 'button', id: 'more-attendees', hidden: true }, t('loadMore'));
  const listProblem = h('p', { class: 'error', role: 'alert' });
  let attendees = [];
  let cursor = null;

  async function load(fromStart) {
    if (fromStart) {
      attendees = [];
      cursor = null;
    }
    const before = attendees.length;
    const page = await ctx.call(`${editionPath}/attendees?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    attendees.push(...page.items);
    cursor = page.nextCursor;
    more.hidden = !cursor;
    registered.replaceChildren(attendees.length === 0 ? h('p', { class: 'empty' }, t('registeredEmpty')) : table([
      { label: t('registrationId'), cell: (attendee) => h('span', { dir: 'auto' }, attendee.registrationId) },
      { label: t('name'), cell: (attendee) => h('span', { dir: 'auto' }, [attendee.firstName, attendee.lastName].filter(Boolean).join(' ')) },
      { label: t('company'), cell: (attendee) => h('span', { dir: 'auto' }, attendee.company || t('none')) },
      { label: t('jobTitle'), cell: (attendee) => h('span', { dir: 'auto' }, attendee.jobTitle || t('none')) },
      { label: t('email'), cell: (attendee) => h('span', { dir: 'auto' }, attendee.email || t('none')) },
      { label: t('badgeCode'), cell: (attendee) => badgeCode(ctx, attendee) },
      { label: t('erasure'), cell: (attendee) => eraseButton(ctx, attendee) },
    ], attendees, t('registeredTitle'), (attendee) => attendee.attendeeId));
    if (!fromStart && before > 0) {
      // "Load more": the keyboard goes on from the first visitor it brought.
      focusRow(registered.querySelectorAll('tbody tr')[before]);
    }
  }
  more.addEventListener('click', () => load(false).catch((error) => ctx.failed(error, listProblem)));

  view.append(
    h('div', { class: 'heading-row' },
      h('h2', { tabindex: '-1' }, t('attendeesTitle')),
      h('a', { class: 'button primary', id: 'print-badges', href: `/console/badges.html?edition=${encodeURIComponent(edition.id)}` }, t('printBadges'))),
    importForm(ctx, editionPath, () => load(true)),
    h('section', { class: 'stack', 'aria-labelledby': 'registered-title' },
      h('h3', { id: 'registered-title' }, t('registeredTitle')),
      registered, more, listProblem));
  await load(true);
}

function importForm(ctx, editionPath, imported) {
  const { t } = ctx;
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv', required: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('importAttendees'));
  const status = h('p', { role: 'status', class: 'status' });
  const outcome = h('div', { id: 'attendee-import-outcome' });
  const form = h('form', { class: 'stack card', id: 'attendee-import-form', novalidate: true },
    h('h3', {}, t('importAttendeesTitle')),
    field('attendees-file', t('attendeesFile'), file, t('attendeesFileHelp')),
    h('div', { class: 'actions' }, submit),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fieldError(file, null);
    outcome.replaceChildren();
    if (!file.files.length) {
      fieldError(file, t('chooseFile'));
      file.focus();
      return;
    }
    submit.disabled = true;
    status.textContent = t('importing');
    try {
      const csv = await readUtf8(file.files[0]);
      // Up to 30,000 rows: the server may take a while.
      const report = await ctx.call(`${editionPath}/attendees/import`,
        { method: 'POST', body: csv, contentType: 'text/csv; charset=utf-8', timeoutMs: 180000 });
      status.textContent = '';
      outcome.replaceChildren(renderReport(ctx, report));
      outcome.querySelector('h3').focus();
      await imported();
    } catch (error) {
      status.textContent = '';
      if (error instanceof NotUtf8) {
        fieldError(file, t('notUtf8'));
      } else {
        const problem = h('p', { class: 'error', role: 'alert' });
        outcome.replaceChildren(problem);
        ctx.failed(error, problem);
      }
    } finally {
      submit.disabled = false;
    }
  });
  return h('div', { class: 'stack' }, form, outcome);
}

/**
 * A visitor's badge code on demand, for the help desk (a badge sent again by email, a code typed
 * into the scanner when no camera is at hand): shown selected, and copied when the browser lets us.
 */
function badgeCode(ctx, attendee) {
  const { t } = ctx;
  const name = [attendee.firstName, attendee.lastName].filter(Boolean).join(' ') || attendee.registrationId;
  const show = h('button', { type: 'button', class: 'link', 'data-badge-for': attendee.registrationId }, t('showBadgeCode'));
  const cell = h('div', { class: 'badge-code' }, show);
  show.addEventListener('click', async () => {
    show.disabled = true;
    const status = h('span', { role: 'status' });
    try {
      const badge = await ctx.call(`/api/attendees/${encodeURIComponent(attendee.attendeeId)}/badge?format=json`);
      const code = h('input', { readonly: true, value: badge.payload, 'aria-label': t('badgeCodeOf', { name }), spellcheck: 'false' });
      cell.replaceChildren(code, status);
      code.focus();
      code.select();
      try {
        await navigator.clipboard.writeText(badge.payload);
        status.textContent = t('badgeCodeCopied');
      } catch {
        status.textContent = t('badgeCodeSelected');
      }
    } catch (error) {
      show.disabled = false;
      cell.replaceChildren(show, status);
      ctx.failed(error, status);
    }
  });
  return cell;
}

/** How often, and how long, the console asks where an erasure stands (the services take under a minute). */
const ERASURE_POLL_MS = 2000;
const ERASURE_POLL_TIMES = 45;

/**
 * Erasing a visitor, after a confirmation that says what it does and what it cannot undo; then the
 * erasure's status, each service's part as it finishes.
 */
function eraseButton(ctx, attendee) {
  const { t } = ctx;
  const name = [attendee.firstName, attendee.lastName].filter(Boolean).join(' ') || attendee.registrationId;
  const erase = h('button', { type: 'button', class: 'link danger', 'data-erase-for': attendee.registrationId,
    'aria-label': t('eraseVisitorOf', { name }) }, t('eraseVisitor'));
  const status = h('span', { role: 'status', class: 'erasure-status' });
  const cell = h('div', { class: 'erasure' }, erase, status);
  erase.addEventListener('click', async () => {
    if (!window.confirm(t('eraseVisitorConfirm', { name }))) {
      return;
    }
    erase.disabled = true;
    try {
      let erasure = await ctx.call(`/api/attendees/${encodeURIComponent(attendee.attendeeId)}/erasure`, { method: 'POST', body: {} });
      cell.replaceChildren(status);
      status.textContent = erasureText(ctx, erasure);
      // The button that had the focus is gone: the row's status, which says how the erasure goes, takes it.
      focus(status);
      for (let polls = 0; erasure.status !== 'DONE' && polls < ERASURE_POLL_TIMES; polls++) {
        await new Promise((resolve) => { setTimeout(resolve, ERASURE_POLL_MS); });
        erasure = await ctx.call(`/api/erasures/${encodeURIComponent(erasure.erasureId)}`);
        status.textContent = erasureText(ctx, erasure);
      }
    } catch (error) {
      erase.disabled = false;
      ctx.failed(error, status);
    }
  });
  return cell;
}

function erasureText(ctx, erasure) {
  const { t } = ctx;
  const services = erasure.services.map((part) => part.service).join(', ');
  if (erasure.status === 'DONE') {
    const time = new Intl.DateTimeFormat(ctx.locale, { timeStyle: 'medium' }).format(new Date(erasure.doneAt));
    return t('erasureDone', { time, services });
  }
  return t('erasureInProgress', { services: services || t('none') });
}
