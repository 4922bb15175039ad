// The sales team's CRM webhooks (the exhibitor's admin only). A webhook's signing secret is made by
// the server and shown in the answer that made it, once: the page shows it until the admin has
// copied it and closes it, and it is never stored or shown again. Rotating makes a new secret
// while the former one keeps signing for a day, so the receiver can switch without losing calls.

import { dateTime, h, keepingFocus, problemFields } from '../shared/dom.js';
import { onSubmitOnce } from '../shared/forms.js';

export function createWebhooks(ctx, parts) {
  const base = () => `/api/exhibitors/${encodeURIComponent(ctx.exhibitorId)}/webhooks`;

  async function show() {
    hideSecret();
    parts.status.textContent = ctx.t('loading');
    try {
      render(await ctx.call(base()));
      parts.status.textContent = '';
    } catch (error) {
      parts.status.textContent = ctx.problemText(error);
    }
  }

  /** The webhooks' rows, drawn anew; the focus stays in the row it was in, or on the list when that row went. */
  function render(webhooks) {
    keepingFocus(parts.list, () => draw(webhooks));
  }

  function draw(webhooks) {
    const { t, language } = ctx;
    parts.list.replaceChildren(...(webhooks.length ? webhooks.map((webhook) => h('tr', { 'data-webhook': webhook.webhookId, 'data-focus-key': webhook.webhookId }, [
      h('td', { 'data-label': t('webhookUrl'), class: 'url', text: webhook.url }),
      h('td', { 'data-label': t('column_added'), text: dateTime(webhook.createdAt, language) }),
      h('td', { 'data-label': t('column_secrets'), text: webhook.validSecrets > 1 ? t('secretsDuringRotation') : t('secretOne') }),
      h('td', { class: 'actions' }, [
        h('button', { type: 'button', text: t('rotateSecret'), 'aria-label': t('rotateSecretOf', { url: webhook.url }),
          on: { click: () => rotate(webhook) } }),
        h('button', { type: 'button', class: 'danger', text: t('remove'), 'aria-label': t('removeWebhookOf', { url: webhook.url }),
          on: { click: () => remove(webhook) } }),
      ]),
    ])) : [h('tr', {}, h('td', { colspan: 4, class: 'muted', text: t('noWebhooks') }))]));
  }

  function showSecret(answer, rotated) {
    const { t, language } = ctx;
    parts.secretIntro.textContent = rotated
      ? t('secretRotated', { url: answer.url, until: dateTime(answer.previousSecretValidUntil, language) })
      : t('secretNew', { url: answer.url });
    parts.secret.value = answer.secret;
    parts.secretBox.hidden = false;
    parts.secret.focus();
    parts.secret.select();
  }

  function hideSecret() {
    parts.secret.value = '';
    parts.secretBox.hidden = true;
    parts.copied.textContent = '';
  }

  async function rotate(webhook) {
    if (!window.confirm(ctx.t('rotateConfirm', { url: webhook.url }))) {
      return;
    }
    try {
      const answer = await ctx.call(`${base()}/${encodeURIComponent(webhook.webhookId)}/rotate-secret`, { method: 'POST' });
      render(await ctx.call(base()));
      showSecret(answer, true);
    } catch (error) {
      parts.result.textContent = ctx.problemText(error);
    }
  }

  async function remove(webhook) {
    if (!window.confirm(ctx.t('removeWebhookConfirm', { url: webhook.url }))) {
      return;
    }
    try {
      render(await ctx.call(`${base()}/${encodeURIComponent(webhook.webhookId)}`, { method: 'DELETE' }));
      hideSecret();
      parts.result.textContent = ctx.t('webhookRemoved', { url: webhook.url });
    } catch (error) {
      parts.result.textContent = ctx.problemText(error);
    }
  }

  onSubmitOnce(parts.add, async (event) => {
    event.preventDefault();
    parts.urlError.textContent = '';
    parts.result.textContent = '';
    try {
      const answer = await ctx.call(base(), { method: 'POST', body: { url: parts.add.elements.url.value.trim() } });
      parts.add.reset();
      render(await ctx.call(base()));
      showSecret(answer, false);
    } catch (error) {
      parts.urlError.textContent = problemFields(error).url || '';
      parts.result.textContent = ctx.problemText(error);
    }
  });

  parts.copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(parts.secret.value);
      parts.copied.textContent = ctx.t('copied');
    } catch {
      parts.secret.select();
      parts.copied.textContent = ctx.t('copyByHand');
    }
  });
  parts.done.addEventListener('click', hideSecret);

  return { show };
}
