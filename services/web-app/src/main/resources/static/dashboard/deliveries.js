// The delivery log (the exhibitor's admin only): every alert email, webhook call, digest and notice
// sent for the exhibitor, newest first, with every attempt; filters by status, channel and kind;
// and the replay of a finished delivery (a webhook goes again with the same webhook-id, so a CRM
// that already has it can tell; replaying a call to a disabled webhook enables it again).

import { dateTime, focusRow, h } from '../shared/dom.js';

const PAGE = 25;
const FINAL = ['SUCCEEDED', 'DEAD', 'CANCELLED'];

export function createDeliveryLog(ctx, parts) {
  let cursor = null;
  let generation = 0;

  async function load(more = false) {
    const mine = more ? generation : ++generation;
    const query = new URLSearchParams();
    const form = new FormData(parts.filters);
    ['status', 'channel', 'kind'].forEach((name) => {
      if (form.get(name)) {
        query.set(name, String(form.get(name)));
      }
    });
    query.set('limit', String(PAGE));
    if (more && cursor) {
      query.set('cursor', cursor);
    }
    parts.status.textContent = ctx.t('loading');
    try {
      const page = await ctx.call(`/api/exhibitors/${encodeURIComponent(ctx.exhibitorId)}/deliveries?${query}`);
      if (mine !== generation) {
        return;
      }
      if (!more) {
        parts.body.replaceChildren();
      }
      const before = parts.body.rows.length;
      page.items.forEach((delivery) => parts.body.append(row(delivery)));
      if (more && page.items.length) {
        // "Load more": the keyboard goes on from the first delivery it brought.
        focusRow(parts.body.rows[before]);
      }
      cursor = page.nextCursor;
      parts.more.hidden = !cursor;
      const count = parts.body.querySelectorAll('tr[data-delivery]').length;
      parts.status.textContent = count ? ctx.t('deliveriesShown', { count }) : ctx.t('noDeliveries');
    } catch (error) {
      parts.status.textContent = ctx.problemText(error);
    }
  }

  function row(delivery) {
    const { t, language } = ctx;
    const last = delivery.history[delivery.history.length - 1];
    const attempts = h('details', {}, [
      h('summary', { text: t('attempts', { count: delivery.attempts }) }),
      h('ol', {}, delivery.history.map((attempt) => h('li', {}, [
        `${dateTime(attempt.at, language)} · ${t(`outcome_${attempt.outcome}`)}`,
        attempt.code ? ` · ${attempt.code}` : '',
        ` · ${attempt.latencyMillis} ms`,
        attempt.error ? h('p', { class: 'muted', text: attempt.error }) : null,
      ]))),
    ]);
    const replay = FINAL.includes(delivery.status) ? h('button', {
      type: 'button', text: t('replay'), 'aria-label': t('replayWhat', { what: delivery.destination }),
      on: { click: (event) => replayDelivery(delivery, event.currentTarget) },
    }) : null;
    return h('tr', { 'data-delivery': delivery.id, 'data-focus-key': delivery.id, 'data-status': delivery.status }, [
      h('td', { 'data-label': t('column_created') }, h('time', { datetime: delivery.createdAt, text: dateTime(delivery.createdAt, language) })),
      h('td', { 'data-label': t('column_what'), text: `${t(`kind_${delivery.kind}`)} · ${t(`channel_${delivery.channel}`)}` }),
      h('td', { 'data-label': t('column_destination'), class: 'url', text: delivery.destination }),
      h('td', { 'data-label': t('column_lead') }, delivery.leadId
        ? h('a', { href: `#lead/${encodeURIComponent(delivery.leadId)}`, text: t('openLead') }) : ''),
      h('td', { 'data-label': t('column_status') }, [
        h('span', { class: `pill ${pillOf(delivery.status)}`, text: t(`status_${delivery.status}`) }),
        delivery.replays ? h('span', { class: 'muted', text: ` ${t('replays', { count: delivery.replays })}` }) : null,
        delivery.nextAttemptAt && !FINAL.includes(delivery.status)
          ? h('p', { class: 'muted', text: t('nextAttempt', { time: dateTime(delivery.nextAttemptAt, language) }) }) : null,
        last && last.error && delivery.status !== 'SUCCEEDED' ? h('p', { class: 'muted', text: last.error }) : null,
      ]),
      h('td', { 'data-label': t('column_attempts') }, attempts),
      h('td', { class: 'actions' }, replay),
    ]);
  }

  function pillOf(status) {
    return status === 'SUCCEEDED' ? 'pill-ok' : status === 'DEAD' ? 'pill-off' : status === 'CANCELLED' ? '' : 'pill-warn';
  }

  async function replayDelivery(delivery, button) {
    button.disabled = true;
    try {
      const replayed = await ctx.call(`/api/deliveries/${encodeURIComponent(delivery.id)}/replay`, { method: 'POST' });
      const fresh = row(replayed);
      const shown = parts.body.querySelector(`tr[data-delivery="${CSS.escape(delivery.id)}"]`);
      // The button pressed was disabled meanwhile, which took the focus from it: the keyboard stays in the row drawn anew.
      const focusHere = shown.contains(document.activeElement) || document.activeElement === document.body;
      shown.replaceWith(fresh);
      if (focusHere) {
        focusRow(fresh);
      }
      parts.result.textContent = ctx.t('replayed', { what: delivery.destination });
    } catch (error) {
      button.disabled = false;
      parts.result.textContent = ctx.problemText(error);
    }
  }

  parts.filters.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  parts.filters.addEventListener('change', () => load());
  parts.more.addEventListener('click', () => load(true));

  return { show: () => load() };
}
