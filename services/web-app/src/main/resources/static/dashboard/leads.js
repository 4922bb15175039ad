// The leads table: filters and search as the API offers them (rating, tag, staff member, follow-up,
// text), a sort, and keyset paging ("Load more" asks for the page after the last row, so rows never
// shift or repeat while scans keep coming). Live changes: in the default view (newest scan first,
// no filter) a new or rescanned lead moves to the top at once; with a filter the page cannot tell
// whether the lead belongs, so rows shown are updated and a button offers to read the list again.

import { attendeeName, dateTime, focusRow, h, keepingFocus } from '../shared/dom.js';

const PAGE = 25;
const DEFAULT_SORT = '-lastScanAt';

export function createLeadList(ctx, parts) {
  /** Rows shown, by lead id: the lead summary as last read or heard. */
  const shown = new Map();
  let cursor = null;
  let pending = 0;
  let generation = 0;

  function filters() {
    const form = new FormData(parts.filters);
    const query = new URLSearchParams();
    const text = String(form.get('q') || '').trim();
    if (text) {
      query.set('q', text);
    }
    const rating = String(form.get('rating') || '');
    if (rating === 'hot') {
      query.set('minRating', '4');
    } else if (rating) {
      query.set('rating', rating);
    }
    const tag = String(form.get('tag') || '').trim();
    if (tag) {
      query.set('tag', tag);
    }
    const staff = String(form.get('staff') || '');
    if (staff) {
      query.set('staff', staff);
    }
    const followUp = String(form.get('followUp') || '');
    if (followUp) {
      query.set('followUp', followUp);
    }
    query.set('sort', String(form.get('sort') || DEFAULT_SORT));
    return query;
  }

  function isDefaultView() {
    const query = filters();
    return query.get('sort') === DEFAULT_SORT && [...query.keys()].length === 1;
  }

  async function load(more = false) {
    const mine = more ? generation : ++generation;
    const query = filters();
    query.set('limit', String(PAGE));
    if (more && cursor) {
      query.set('cursor', cursor);
    }
    parts.status.textContent = ctx.t('loading');
    parts.more.disabled = true;
    try {
      const page = await ctx.call(`/api/exhibitors/${encodeURIComponent(ctx.exhibitorId)}/leads?${query}`);
      if (mine !== generation) {
        return;
      }
      if (!more) {
        shown.clear();
        parts.body.replaceChildren();
        pending = 0;
        renderPending();
      }
      const before = parts.body.rows.length;
      page.items.forEach((lead) => {
        shown.set(lead.leadId, lead);
        parts.body.append(row(lead));
      });
      if (more && page.items.length) {
        // "Load more": the keyboard goes on from the first lead it brought.
        focusRow(parts.body.rows[before]);
      }
      cursor = page.nextCursor;
      parts.more.hidden = !cursor;
      parts.status.textContent = shown.size ? ctx.t('leadsShown', { count: shown.size }) : ctx.t('noLeadsMatch');
      parts.table.dataset.rows = String(shown.size);
    } catch (error) {
      parts.status.textContent = ctx.problemText(error);
    } finally {
      parts.more.disabled = false;
    }
  }

  function row(lead) {
    const { t, language } = ctx;
    const name = attendeeName(lead.attendee);
    const cells = [
      cell('name', [
        h('a', { href: `#lead/${encodeURIComponent(lead.leadId)}`, dir: 'auto', text: name || t('unnamedVisitor') }),
        // No badge was read: staff found the visitor in the directory, or typed in one with no registration.
        lead.source === 'LOOKUP' ? [' ', h('span', { class: 'tag tag-lookup', 'data-source': 'LOOKUP', title: t('lookedUpHelp'), text: t('lookedUp') })] : null,
        lead.source === 'WALK_IN' ? [' ', h('span', { class: 'tag tag-walkin', 'data-source': 'WALK_IN', title: t('walkInHelp'), text: t('walkIn') })] : null,
      ]),
      cell('company', h('span', { dir: 'auto', text: (lead.attendee && lead.attendee.company) || '' })),
      cell('rating', ratingText(lead.rating)),
      cell('tags', (lead.tags || []).length
        ? h('span', { class: 'tags' }, lead.tags.map((tag) => h('span', { class: 'tag', dir: 'auto', text: tag }))) : null),
      cell('followUp', lead.followUp ? t('yes') : null),
      cell('scans', String(lead.scanCount)),
      cell('lastScan', [
        h('time', { datetime: lead.lastScanAt, text: dateTime(lead.lastScanAt, language) }),
        // The name isolated on its own, so a Latin name after an Arabic date keeps the separator between them.
        lead.lastScannedBy ? h('span', { class: 'by' }, [' · ', h('bdi', { text: ctx.nameOf(lead.lastScannedBy) })]) : null,
      ]),
    ];
    return h('tr', { 'data-lead': lead.leadId, 'data-focus-key': lead.leadId, 'data-revision': lead.revision }, cells);
  }

  /** A cell labelled with its column (a phone shows rows as cards); its content in one box, or none. */
  function cell(column, content) {
    const empty = content === null || content === undefined || content === '';
    return h('td', { 'data-column': column, 'data-label': ctx.t(`column_${column}`) }, empty ? [] : h('span', {}, content));
  }

  function ratingText(rating) {
    if (!rating) {
      return h('span', { class: 'muted', text: ctx.t('unrated') });
    }
    return h('span', { class: 'stars', title: ctx.t('stars', { count: rating }) }, [
      h('span', { 'aria-hidden': 'true', text: '★'.repeat(rating) + '☆'.repeat(5 - rating) }),
      h('span', { class: 'visually-hidden', text: ctx.t('stars', { count: rating }) }),
    ]);
  }

  /**
   * A lead change from the live stream (a LeadChange: the lead's summary and its revision). Its row
   * is drawn anew; the focus, when it was in that row, stays in it.
   */
  function changed(change) {
    keepingFocus(parts.body, () => redraw(change));
  }

  function redraw(change) {
    const known = shown.get(change.leadId);
    if (known && known.revision >= change.revision) {
      return;
    }
    const lead = { ...known, ...change };
    const existing = parts.body.querySelector(`tr[data-lead="${CSS.escape(change.leadId)}"]`);
    if (isDefaultView()) {
      shown.set(change.leadId, lead);
      const fresh = row(lead);
      fresh.classList.add('fresh');
      if (existing) {
        existing.remove();
      }
      parts.body.prepend(fresh);
      parts.table.dataset.rows = String(shown.size);
      parts.status.textContent = ctx.t('leadsShown', { count: shown.size });
      return;
    }
    if (existing) {
      shown.set(change.leadId, lead);
      const fresh = row(lead);
      fresh.classList.add('fresh');
      existing.replaceWith(fresh);
    }
    pending += 1;
    renderPending();
  }

  function renderPending() {
    parts.pending.hidden = pending === 0;
    parts.pending.textContent = ctx.t('changesWaiting', { count: pending });
  }

  /** The staff filter's choices: everyone of the team by name. */
  function renderStaffChoices() {
    const select = parts.filters.elements.staff;
    const chosen = select.value;
    const people = Object.entries(ctx.names).sort((a, b) => a[1].localeCompare(b[1], ctx.language));
    select.replaceChildren(h('option', { value: '', text: ctx.t('anyone') }),
      ...people.map(([id, name]) => h('option', { value: id, dir: 'auto', text: name })));
    select.value = people.some(([id]) => id === chosen) ? chosen : '';
  }

  parts.filters.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  parts.filters.addEventListener('reset', () => setTimeout(() => load(), 0));
  parts.filters.elements.sort.addEventListener('change', () => load());
  parts.more.addEventListener('click', () => load(true));
  parts.pending.addEventListener('click', () => load());

  return { load, changed, renderStaffChoices };
}
