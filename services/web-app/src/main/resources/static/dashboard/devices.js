// Shared booth devices (the exhibitor's admin only): a tablet or phone that stays at the booth and
// scans for whoever stands there, without a person's password. The admin names it and gets a
// one-time setup code to type into the scanner's "Booth device" tab within 24
// hours; the device then keeps its own secret, and shows as active here without a reload. Revoking
// one stops it at once. A code is shown only when it is made: one that was lost is replaced by
// revoking the device and adding it again. The list is drawn anew after each change and while a
// device waits for its code; the keyboard stays in the device's row (keepingFocus).

import { dateTime, h, keepingFocus, problemFields } from '../shared/dom.js';
import { onSubmitOnce } from '../shared/forms.js';

/** How often a device waiting for its code is looked at again, while the team page is open. */
const PENDING_POLL_MS = 5000;

export function createDevices(ctx, parts) {
  const path = () => `/api/exhibitors/${encodeURIComponent(ctx.exhibitorId)}/devices`;
  let poll = null;

  /** A device waiting for its setup code turns active by itself on this page once the device used it. */
  function watchPending(devices) {
    clearTimeout(poll);
    if (!devices.some((device) => device.status === 'PENDING')) {
      return;
    }
    poll = setTimeout(async () => {
      if (document.body.dataset.page !== 'team') {
        return;
      }
      try {
        render(await ctx.call(path()));
      } catch {
        watchPending(devices);
      }
    }, PENDING_POLL_MS);
  }

  async function show() {
    parts.setup.hidden = true;
    parts.status.textContent = ctx.t('loading');
    try {
      render(await ctx.call(path()));
      parts.status.textContent = '';
    } catch (error) {
      parts.status.textContent = ctx.problemText(error);
    }
  }

  function since(device) {
    switch (device.status) {
      case 'ACTIVE':
        return device.activatedAt;
      case 'REVOKED':
        return device.revokedAt;
      default:
        return device.createdAt;
    }
  }

  function render(devices) {
    const { t, language } = ctx;
    devices.forEach((device) => {
      ctx.names[device.deviceId] = device.name;
    });
    // A revoked device's row loses its button: the focus that was on it lands on the row itself.
    keepingFocus(parts.list, () => parts.list.replaceChildren(...(devices.length ? devices.map((device) => h('tr', {
      'data-device': device.deviceId, 'data-focus-key': device.deviceId }, [
      h('td', { 'data-label': t('deviceName'), dir: 'auto', text: device.name }),
      h('td', { 'data-label': t('column_status') }, h('span', {
        class: `pill ${device.status === 'ACTIVE' ? 'pill-ok' : device.status === 'PENDING' ? 'pill-warn' : 'pill-off'}`,
        text: t(`device_${device.status}`) })),
      h('td', { 'data-label': t('column_since'), text: dateTime(since(device), language) }),
      h('td', { class: 'actions' }, device.status === 'REVOKED' ? null : h('button', {
        type: 'button', text: t('revoke'), 'aria-label': t('revokeWho', { name: device.name }),
        on: { click: () => revoke(device) },
      })),
    ])) : [h('tr', {}, h('td', { colspan: 4, class: 'muted', text: t('noDevices') }))])));
    watchPending(devices);
  }

  async function revoke(device) {
    if (!window.confirm(ctx.t('revokeDeviceConfirm', { name: device.name }))) {
      return;
    }
    try {
      render(await ctx.call(`${path()}/${encodeURIComponent(device.deviceId)}`, { method: 'DELETE' }));
      parts.setup.hidden = true;
      parts.result.textContent = ctx.t('deviceRevoked', { name: device.name });
    } catch (error) {
      parts.result.textContent = ctx.problemText(error);
    }
  }

  onSubmitOnce(parts.add, async (event) => {
    event.preventDefault();
    const { t, language } = ctx;
    const name = parts.add.elements.name.value.trim();
    parts.nameError.textContent = '';
    parts.result.textContent = '';
    if (!name) {
      parts.nameError.textContent = t('deviceNameNeeded');
      parts.add.elements.name.focus();
      return;
    }
    try {
      const device = await ctx.call(path(), { method: 'POST', body: { name } });
      parts.add.reset();
      await ctx.call(path()).then(render, () => undefined);
      parts.setupIntro.textContent = t('setupCodeIntro', { name: device.name, time: dateTime(device.setupCodeExpiresAt, language) });
      parts.setupCode.textContent = device.setupCode;
      parts.setup.hidden = false;
      parts.setupTitle.focus({ preventScroll: true });
      parts.setup.scrollIntoView({ block: 'center' });
    } catch (error) {
      parts.nameError.textContent = problemFields(error).name || '';
      parts.result.textContent = ctx.problemText(error);
      // The button pressed was disabled meanwhile, and the focus with it: back on the name.
      parts.add.elements.name.focus();
    }
  });

  parts.setupDone.addEventListener('click', () => {
    parts.setup.hidden = true;
    parts.setupCode.textContent = '';
    parts.add.elements.name.focus();
  });

  return { show };
}
