// The edition's audit log: every bulk read of visitors' personal data (exports, the visitor list,
// badge codes shown, digests sent with a file), newest first, of one kind if chosen
// (GET /api/editions/{id}/audit), and the whole log as a CSV file (.../audit.csv).

import { field, focusRow, h, table } from '../shared/dom.js';

const PAGE = 100;
const KINDS = ['EXPORT', 'VISITOR_LIST', 'BADGE_CODE', 'DIGEST_ATTACHMENT', 'DIRECTORY_SEARCH'];

export async function renderAudit(ctx, view, edition) {
  const { t } = ctx;
  const path = `/api/editions/${encodeURIComponent(edition.id)}/audit`;
  const kind = h('select', { name: 'kind', id: 'audit-kind' },
    h('option', { value: '' }, t('auditKind_ALL')),
    KINDS.map((value) => h('option', { value }, t(`auditKind_${value}`))));
  const entries = h('div', { id: 'audit-entries' });
  const more = h('button', { type: 'button', id: 'more-audit', hidden: true }, t('loadMore'));
  const download = h('button', { type: 'button', id: 'audit-csv' }, t('auditCsv'));
  const problem = h('p', { class: 'error', role: 'alert' });
  const when = new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: edition.timeZone });
  let shown = [];
  let cursor = null;

  function filter() {
    return kind.value ? `kind=${encodeURIComponent(kind.value)}` : '';
  }

  async function load(fromStart) {
    if (fromStart) {
      shown = [];
      cursor = null;
    }
    const query = [filter(), `limit=${PAGE}`, cursor ? `cursor=${encodeURIComponent(cursor)}` : ''].filter(Boolean).join('&');
    const before = shown.length;
    const page = await ctx.call(`${path}?${query}`);
    shown.push(...page.items);
    cursor = page.nextCursor;
    more.hidden = !cursor;
    entries.replaceChildren(shown.length === 0 ? h('p', { class: 'empty' }, t('auditEmpty')) : table([
      { label: t('auditWhen'), cell: (entry) => when.format(new Date(entry.at)) },
      { label: t('auditWhat'), cell: (entry) => t(`auditKind_${entry.kind}`) },
      { label: t('auditExhibitor'), cell: (entry) => entry.exhibitorId || t('none') },
      { label: t('auditWho'), cell: (entry) => `${entry.account} (${entry.role})` },
      { label: t('auditVisitors'), cell: (entry) => String(entry.visitors) },
      { label: t('auditReads'), cell: (entry) => String(entry.reads) },
    ], shown, t('auditTitle')));
    if (!fromStart && before > 0) {
      // "Load more": the keyboard goes on from the first entry it brought.
      focusRow(entries.querySelectorAll('tbody tr')[before]);
    }
  }

  kind.addEventListener('change', () => load(true).catch((error) => ctx.failed(error, problem)));
  more.addEventListener('click', () => load(false).catch((error) => ctx.failed(error, problem)));
  download.addEventListener('click', async () => {
    problem.textContent = '';
    try {
      const csv = await ctx.text(`${path}.csv${filter() ? `?${filter()}` : ''}`, 'text/csv');
      const link = h('a', { href: URL.createObjectURL(new Blob([csv], { type: 'text/csv' })), download: `audit-${edition.id}.csv` });
      document.body.append(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      ctx.failed(error, problem);
    }
  });

  view.append(
    h('h2', { tabindex: '-1' }, t('auditTitle')),
    h('p', {}, t('auditIntro')),
    h('div', { class: 'actions' }, field('audit-kind', t('auditWhat'), kind), download),
    problem, entries, more);
  await load(true);
}
