// The help desk (GET /api/editions/{id}/unsent-scans): per exhibitor, the phones and booth devices
// holding scans not sent yet, those waiting longest first, as each scanner last reported them. An
// exhibitor with a phone whose scans waited more than 15 minutes is marked, in words and colour: the
// help desk calls its booth before the leads are late.

import { h, moment, table } from '../shared/dom.js';

export async function renderUnsentScans(ctx, view, edition) {
  const { t } = ctx;
  const list = h('div', { id: 'unsent-exhibitors', class: 'stack' });
  const refresh = h('button', { type: 'button', id: 'unsent-refresh' }, t('refresh'));
  const problem = h('p', { class: 'error', role: 'alert' });
  const number = new Intl.NumberFormat(ctx.locale);

  async function load() {
    problem.textContent = '';
    const desk = await ctx.call(`/api/editions/${encodeURIComponent(edition.id)}/unsent-scans`);
    list.replaceChildren(...(desk.exhibitors.length === 0 ? [h('p', { class: 'empty' }, t('unsentNone'))]
      : desk.exhibitors.map((exhibitor) => {
        const headingId = `unsent-${exhibitor.exhibitorId}`;
        return h('section', { class: `card stack unsent-exhibitor${exhibitor.stuck ? ' stuck' : ''}`, 'aria-labelledby': headingId,
          'data-exhibitor': exhibitor.exhibitorId },
        h('h3', { id: headingId },
          h('span', { dir: 'auto' }, exhibitor.companyName || exhibitor.exhibitorId),
          exhibitor.boothCode ? ` · ${t('unsentBooth', { code: exhibitor.boothCode })}` : ''),
        h('p', { class: exhibitor.stuck ? 'notice notice-warn' : 'help' },
          t('unsentSummary', { count: exhibitor.unsent, since: moment(exhibitor.oldestUnsentAt, ctx.language) }),
          exhibitor.stuck ? h('strong', { class: 'stuck-text' }, ` ${t('unsentStuck')}`) : null),
        table([
          { label: t('unsentWho'), cell: (scanner) => [h('span', { dir: 'auto' }, scanner.name || scanner.scannerId), ' ',
            h('span', { class: 'help' }, t(`scannerKind_${scanner.kind}`))] },
          { label: t('unsentCount'), class: 'number', cell: (scanner) => number.format(scanner.unsent) },
          { label: t('unsentOldest'), cell: (scanner) => [moment(scanner.oldestUnsentAt, ctx.language),
            scanner.stuck ? h('strong', { class: 'stuck-text' }, ` ${t('unsentStuck')}`) : null] },
          { label: t('unsentLastSeen'), cell: (scanner) => moment(scanner.lastSeenAt, ctx.language) },
          { label: t('unsentLastUpload'), cell: (scanner) => (scanner.lastUploadAt ? moment(scanner.lastUploadAt, ctx.language) : t('never')) },
          { label: t('unsentVersion'), cell: (scanner) => scanner.appVersion },
        ], exhibitor.scanners, t('unsentScannersOf', { company: exhibitor.companyName || exhibitor.exhibitorId })));
      })));
  }

  refresh.addEventListener('click', () => load().catch((error) => ctx.failed(error, problem)));
  view.append(
    h('h2', { tabindex: '-1' }, t('unsentTitle')),
    h('p', {}, t('unsentIntro')),
    h('div', { class: 'actions' }, refresh),
    problem, list);
  await load();
}
