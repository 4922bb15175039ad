// Applications to review: an edition's exhibitors by status (the review queue first), and one
// application with its company profile, where the organizer approves it or rejects it with a
// reason, then gives the approved exhibitor its booth and its seats.

import { ApiError } from '../shared/api.js';
import { entry, field, fieldError, focusRow, h, moment, table } from '../shared/dom.js';
import { onSubmitOnce } from '../shared/forms.js';

const STATUSES = ['SUBMITTED', 'APPROVED', 'REJECTED', 'DRAFT', 'WITHDRAWN', 'ALL'];
const PAGE = 50;

/** The edition's exhibitors of one status, oldest application first, a page at a time. */
export async function renderApplications(ctx, view, edition, query) {
  const { t } = ctx;
  const status = STATUSES.includes(query.get('status')) ? query.get('status') : 'SUBMITTED';
  const base = `/api/editions/${encodeURIComponent(edition.id)}/exhibitors?limit=${PAGE}${status === 'ALL' ? '' : `&status=${status}`}`;
  const items = [];
  const list = h('div', { id: 'applications' });
  const more = h('button', { type: 'button', id: 'more-applications', hidden: true }, t('loadMore'));
  const problem = h('p', { class: 'error', role: 'alert' });
  let cursor = null;

  async function load() {
    const before = items.length;
    const page = await ctx.call(cursor ? `${base}&cursor=${encodeURIComponent(cursor)}` : base);
    items.push(...page.items);
    cursor = page.nextCursor;
    more.hidden = !cursor;
    list.replaceChildren(items.length === 0 ? h('p', { class: 'empty' }, t('applicationsEmpty')) : table([
      { label: t('company'), cell: (item) => h('a', { href: `#/editions/${edition.id}/applications/${item.id}`, dir: 'auto' }, item.profile.companyName) },
      { label: t('statusFilter'), cell: (item) => statusPill(ctx, item.status) },
      { label: t('country'), cell: (item) => item.profile.country || t('none') },
      { label: t('sector'), cell: (item) => (item.profile.sector ? t(`sector_${item.profile.sector}`) : t('none')) },
      { label: t('contact'), cell: (item) => h('span', { dir: 'auto' }, item.profile.contactName) },
      { label: t('appliedOn'), cell: (item) => moment(item.createdAt, ctx.language) },
      { label: t('booth'), cell: (item) => item.boothCode || t('none') },
    ], items, t('applicationsTitle'), (item) => item.id));
    if (before > 0) {
      // "Load more": the keyboard goes on from the first application it brought.
      focusRow(list.querySelectorAll('tbody tr')[before]);
    }
  }

  const filter = h('select', { name: 'status' }, STATUSES.map((value) => h('option', { value }, t(`status_${value}`))));
  filter.value = status;
  filter.addEventListener('change', () => ctx.navigate(`#/editions/${edition.id}/applications?status=${filter.value}`));
  more.addEventListener('click', () => load().catch((error) => ctx.failed(error, problem)));

  view.append(
    h('h2', { tabindex: '-1' }, t('applicationsTitle')),
    h('div', { class: 'filters' }, field('status-filter', t('statusFilter'), filter)),
    list, more, problem);
  await load();
}

function statusPill(ctx, status) {
  return h('span', { class: `pill status-${status.toLowerCase()}` }, ctx.t(`status_${status}`));
}

/** One application: the company profile, the decision, then booth and seats once approved. */
export async function renderApplication(ctx, view, edition, exhibitorId) {
  const { t } = ctx;
  const path = `/api/exhibitors/${encodeURIComponent(exhibitorId)}`;
  const exhibitor = await ctx.call(path);
  const profile = exhibitor.profile;
  const website = profile.website ? h('a', { href: profile.website, rel: 'noopener noreferrer', target: '_blank' }, profile.website) : null;
  const email = h('a', { href: `mailto:${profile.contactEmail}` }, profile.contactEmail);

  view.append(
    h('p', {}, h('a', { href: `#/editions/${edition.id}/applications?status=${exhibitor.status}` }, `${document.documentElement.dir === 'rtl' ? '→' : '←'} ${t('backToApplications')}`)),
    h('div', { class: 'heading-row' },
      h('h2', { tabindex: '-1', dir: 'auto', id: 'exhibitor-name' }, profile.companyName),
      h('span', { id: 'exhibitor-status' }, statusPill(ctx, exhibitor.status))),
    h('section', { class: 'card', 'aria-labelledby': 'profile-title' },
      h('h3', { id: 'profile-title' }, t('profileTitle')),
      h('dl', { class: 'facts', id: 'profile' },
        entry(t('legalId'), profile.legalId),
        entry(t('sector'), profile.sector ? t(`sector_${profile.sector}`) : null),
        entry(t('website'), website),
        entry(t('country'), profile.country),
        entry(t('contactName'), profile.contactName),
        entry(t('contactEmail'), email),
        entry(t('applicantLanguage'), profile.language),
        entry(t('salesEmails'), (profile.salesEmails || []).join(', ')),
        entry(t('requestedArea'), profile.requestedBoothArea ? t('squareMetres', { area: profile.requestedBoothArea }) : null),
        entry(t('requestedSeats'), profile.requestedSeats),
        entry(t('appliedOn'), moment(exhibitor.createdAt, ctx.language)),
        exhibitor.rejectionReason ? entry(t('rejectionReason'), exhibitor.rejectionReason) : null)));

  if (exhibitor.status === 'SUBMITTED') {
    view.append(reviewSection(ctx, edition, exhibitor));
  }
  if (exhibitor.status === 'APPROVED') {
    const [booths, team] = await Promise.all([
      ctx.call(`/api/editions/${encodeURIComponent(edition.id)}/booths`),
      ctx.call(`${path}/staff`),
    ]);
    view.append(boothAndSeatsSection(ctx, edition, exhibitor, booths, team));
  }
  view.append(historySection(ctx, exhibitor));
}

function reviewSection(ctx, edition, exhibitor) {
  const { t } = ctx;
  const here = `#/editions/${edition.id}/applications/${exhibitor.id}`;
  const status = h('p', { class: 'error', role: 'alert' });
  const approve = h('button', { type: 'button', class: 'primary', id: 'approve' }, t('approve'));
  approve.addEventListener('click', async () => {
    status.textContent = '';
    approve.disabled = true;
    try {
      await ctx.call(`/api/exhibitors/${encodeURIComponent(exhibitor.id)}/approve`, { method: 'POST' });
      ctx.announce(t('approved'));
      ctx.navigate(here);
    } catch (error) {
      approve.disabled = false;
      ctx.failed(error, status);
    }
  });

  const reason = h('textarea', { name: 'reason', rows: '3', maxlength: '2000', required: true, dir: 'auto' });
  const rejectForm = h('form', { class: 'stack', id: 'reject-form', novalidate: true },
    field('reject-reason', t('rejectReason'), reason, t('rejectReasonHelp')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger', id: 'reject' }, t('reject'))));
  onSubmitOnce(rejectForm, async (event) => {
    event.preventDefault();
    status.textContent = '';
    fieldError(reason, null);
    if (!reason.value.trim()) {
      fieldError(reason, t('rejectReasonMissing'));
      reason.focus();
      return;
    }
    try {
      await ctx.call(`/api/exhibitors/${encodeURIComponent(exhibitor.id)}/reject`, { method: 'POST', body: { reason: reason.value.trim() } });
      ctx.announce(t('rejected'));
      ctx.navigate(here);
    } catch (error) {
      ctx.failed(error, status, { controls: { reason } });
    }
  });

  return h('section', { class: 'card stack', 'aria-labelledby': 'review-title' },
    h('h3', { id: 'review-title' }, t('reviewTitle')),
    h('div', { class: 'actions' }, approve),
    rejectForm,
    status);
}

function boothAndSeatsSection(ctx, edition, exhibitor, booths, team) {
  const { t } = ctx;
  const here = `#/editions/${edition.id}/applications/${exhibitor.id}`;

  const code = h('input', { name: 'boothCode', required: true, maxlength: '20', autocomplete: 'off', list: 'free-booths' });
  code.value = exhibitor.boothCode || '';
  const freeBooths = h('datalist', { id: 'free-booths' }, booths.filter((booth) => !booth.exhibitorId)
    .map((booth) => h('option', { value: booth.code }, `${booth.hall} · ${booth.areaSquareMetres} m²${booth.category ? ` · ${booth.category}` : ''}`)));
  const boothStatus = h('p', { class: 'error', role: 'alert', id: 'booth-problem' });
  const boothForm = h('form', { class: 'stack', id: 'booth-form', novalidate: true },
    h('p', { id: 'current-booth' }, exhibitor.boothCode ? t('currentBooth', { code: exhibitor.boothCode }) : t('noBoothYet')),
    field('booth-code', t('boothCode'), code, t('boothCodeHelp')),
    freeBooths,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('assignBooth'))),
    boothStatus);
  onSubmitOnce(boothForm, async (event) => {
    event.preventDefault();
    boothStatus.textContent = '';
    fieldError(code, null);
    const wanted = code.value.trim();
    if (!wanted) {
      fieldError(code, t('required'));
      code.focus();
      return;
    }
    try {
      await ctx.call(`/api/exhibitors/${encodeURIComponent(exhibitor.id)}/booth`, { method: 'PUT', body: { boothCode: wanted } });
      ctx.announce(t('boothAssigned', { code: wanted }));
      ctx.navigate(here);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        boothStatus.textContent = t('boothTaken', { code: wanted });
      } else if (error instanceof ApiError && error.status === 404) {
        boothStatus.textContent = t('boothUnknown', { code: wanted });
      } else {
        ctx.failed(error, boothStatus, { controls: { boothCode: code } });
      }
      code.focus();
    }
  });

  const seats = h('input', { name: 'seats', type: 'number', min: '0', max: '500', step: '1', required: true, inputmode: 'numeric' });
  seats.value = String(team.seats);
  const seatsStatus = h('p', { class: 'error', role: 'alert' });
  const seatsForm = h('form', { class: 'stack', id: 'seats-form', novalidate: true },
    h('p', { id: 'seats-in-use' }, t('seatsInUse', { used: team.seatsUsed, seats: team.seats })),
    field('seat-count', t('seatCount'), seats),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('saveSeats'))),
    seatsStatus);
  onSubmitOnce(seatsForm, async (event) => {
    event.preventDefault();
    seatsStatus.textContent = '';
    fieldError(seats, null);
    const count = Number(seats.value);
    if (seats.value === '' || !Number.isInteger(count) || count < 0 || count > 500) {
      fieldError(seats, `${t('required')}: 0 – 500`);
      seats.focus();
      return;
    }
    if (count < team.seatsUsed) {
      fieldError(seats, t('seatsTooFew'));
      seats.focus();
      return;
    }
    try {
      await ctx.call(`/api/exhibitors/${encodeURIComponent(exhibitor.id)}/seats`, { method: 'PUT', body: { seats: count } });
      ctx.announce(t('seatsSaved'));
      ctx.navigate(here);
    } catch (error) {
      ctx.failed(error, seatsStatus, { controls: { seats } });
    }
  });

  return h('section', { class: 'card stack', 'aria-labelledby': 'booth-title' },
    h('h3', { id: 'booth-title' }, t('boothAndSeatsTitle')),
    h('div', { class: 'two' }, boothForm, seatsForm));
}

function historySection(ctx, exhibitor) {
  const { t } = ctx;
  const history = exhibitor.history || [];
  return h('section', { class: 'card', 'aria-labelledby': 'history-title' },
    h('h3', { id: 'history-title' }, t('historyTitle')),
    history.length === 0 ? h('p', { class: 'help' }, t('historyEmpty')) : h('ol', { class: 'history' },
      history.slice().reverse().map((change) => h('li', {},
        h('time', { datetime: change.at }, moment(change.at, ctx.language)), ' · ',
        h('strong', {}, actionName(ctx, change.action)),
        change.detail ? h('span', { dir: 'auto' }, ` · ${change.detail}`) : null))));
}

/** The change's name in the console's language; an action it has no words for shows as recorded. */
function actionName(ctx, action) {
  const key = `history_${action}`;
  const name = ctx.t(key);
  return name === key ? action : name;
}
