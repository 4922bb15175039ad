// What waits on the booth's phones and devices (the Team page): each scanner's last report to
// lead-service (GET /api/exhibitors/{id}/scanners): who used it last, when it was last seen, how
// many scans wait on it and since when, its last upload and its app version. One whose scans have
// waited more than 15 minutes stands out, in words as well as in colour, so the admin asks its
// holder to bring it online before the leads are late. Looked at again every 30 s while the page is open.

import { dateTime, h, number } from '../shared/dom.js';

const REFRESH_MS = 30000;

export function createScanners(ctx, parts) {
  let timer = null;

  function watch() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (document.body.dataset.page !== 'team' || !ctx.signedIn) {
        return;
      }
      try {
        render(await load());
      } catch {
        // The next look says it.
      }
      watch();
    }, REFRESH_MS);
  }

  function load() {
    return ctx.call(`/api/exhibitors/${encodeURIComponent(ctx.exhibitorId)}/scanners`);
  }

  async function show() {
    parts.status.textContent = ctx.t('loading');
    try {
      render(await load());
      parts.status.textContent = '';
    } catch (error) {
      parts.status.textContent = ctx.problemText(error);
    }
    watch();
  }

  function render(scanners) {
    const { t, language } = ctx;
    const stuck = scanners.filter((scanner) => scanner.stuck).length;
    const summary = stuck ? t('scannersStuck', { count: stuck }) : '';
    // Rewritten only when it changes: a live region repeats whatever is written into it.
    if (parts.summary.textContent !== summary) {
      parts.summary.textContent = summary;
    }
    parts.summary.hidden = !stuck;
    parts.list.replaceChildren(...(scanners.length ? scanners.map((scanner) => {
      const name = ctx.nameOf(scanner.scannerId, scanner.name);
      return h('tr', { 'data-phone': scanner.phoneId, 'data-scanner': scanner.scannerId, class: scanner.stuck ? 'stuck' : null }, [
        h('td', { 'data-label': t('column_scanner') }, [
          h('span', { dir: 'auto', text: name }), ' ',
          h('span', { class: 'muted', text: t(`scannerKind_${scanner.kind}`) }),
        ]),
        h('td', { 'data-label': t('column_lastSeen'), text: dateTime(scanner.lastSeenAt, language) }),
        h('td', { 'data-label': t('column_unsent'), class: 'unsent' }, [
          h('span', { class: `pill ${scanner.stuck ? 'pill-off' : scanner.unsent > 0 ? 'pill-warn' : 'pill-ok'}`,
            text: number(scanner.unsent, language) }),
          scanner.stuck ? h('strong', { class: 'stuck-text', text: ` ${t('scannerStuck')}` }) : null,
        ]),
        h('td', { 'data-label': t('column_oldestUnsent'), text: scanner.oldestUnsentAt ? dateTime(scanner.oldestUnsentAt, language) : '—' }),
        h('td', { 'data-label': t('column_lastUpload'), text: scanner.lastUploadAt ? dateTime(scanner.lastUploadAt, language) : t('never') }),
        h('td', { 'data-label': t('column_version'), dir: 'ltr', text: scanner.appVersion }),
      ]);
    }) : [h('tr', {}, h('td', { colspan: 6, class: 'muted', text: t('noScanners') }))]));
  }

  return { show };
}
