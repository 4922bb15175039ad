// Badges to print: one print run of an edition's visitors (in the order of their registration ids),
// eight badges to an A4 sheet, each with the QR code lead-service signs. The QR codes come as SVG
// from GET /api/attendees/{id}/badge with the organizer's token in the Authorization header, which
// an img element cannot send; each is put into the page as an inline SVG, so it prints sharp.

import { createTranslator } from '../shared/i18n.js';
import { SignInNeeded, call, text } from './client.js';
import { h } from '../shared/dom.js';
import { messages } from './messages.js';
import * as organizer from './organizer.js';

const i18n = createTranslator(messages);
const { t } = i18n;
const $ = (id) => document.getElementById(id);
const PER_SHEET = 8;
/** QR codes drawn at once: enough to be quick, few enough to leave the service room for others. */
const PARALLEL = 6;

const params = new URLSearchParams(window.location.search);
const editionId = params.get('edition') || '';
const cursor = params.get('cursor');
const count = ['8', '48', '96', '200'].includes(params.get('count')) ? Number(params.get('count')) : 48;

function pageUrl(next) {
  const query = new URLSearchParams({ edition: editionId, count: String(next.count ?? count) });
  if (next.cursor) {
    query.set('cursor', next.cursor);
  }
  return `/console/badges.html?${query}`;
}

function fullName(attendee) {
  return [attendee.firstName, attendee.lastName].filter(Boolean).join(' ');
}

function badge(edition, attendee) {
  const qr = h('div', { class: 'badge-qr-code' });
  return {
    attendee,
    qr,
    element: h('article', { class: 'badge', 'data-attendee': attendee.attendeeId },
      h('p', { class: 'badge-event', dir: 'auto' }, edition.name),
      h('div', { class: 'badge-body' },
        h('div', { class: 'badge-person' },
          h('p', { class: 'badge-name', dir: 'auto' }, fullName(attendee) || attendee.registrationId),
          attendee.jobTitle ? h('p', { class: 'badge-role', dir: 'auto' }, attendee.jobTitle) : null,
          attendee.company ? h('p', { class: 'badge-company', dir: 'auto' }, attendee.company) : null),
        h('figure', { class: 'badge-qr' }, qr, h('figcaption', { dir: 'auto' }, attendee.registrationId)))),
  };
}

/** The SVG text as an element of this page, sized by the style sheet, named for screen readers. */
function inline(svgText, name) {
  const parsed = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const root = parsed.documentElement;
  if (root.nodeName !== 'svg' || parsed.getElementsByTagName('parsererror').length) {
    throw new Error('not an SVG image');
  }
  const svg = document.importNode(root, true);
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('qrLabel', { name }));
  return svg;
}

async function drawQrCodes(badges) {
  let done = 0;
  let failed = 0;
  const queue = [...badges];
  $('progress').textContent = t('badgesLoading', { done, total: badges.length });
  async function worker() {
    while (queue.length) {
      const next = queue.shift();
      try {
        const svg = await text(`/api/attendees/${encodeURIComponent(next.attendee.attendeeId)}/badge?format=svg`, 'image/svg+xml');
        next.qr.replaceChildren(inline(svg, fullName(next.attendee)));
      } catch (error) {
        if (error instanceof SignInNeeded) {
          throw error;
        }
        failed += 1;
        next.qr.replaceChildren(h('p', { class: 'error' }, t('badgeFailed', { detail: error.message })));
      }
      done += 1;
      $('progress').textContent = t('badgesLoading', { done, total: badges.length });
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, badges.length) }, worker));
  return failed;
}

async function start() {
  i18n.apply();
  $('back').href = editionId ? `/console/#/editions/${encodeURIComponent(editionId)}/attendees` : '/console/';
  $('count').value = String(count);
  $('count').addEventListener('change', () => window.location.assign(pageUrl({ count: $('count').value, cursor })));
  $('print').addEventListener('click', () => window.print());
  if (!organizer.isSignedIn(organizer.current())) {
    $('problem').textContent = t('badgesSignIn');
    document.body.dataset.ready = 'true';
    return;
  }
  try {
    const edition = await call(`/api/editions/${encodeURIComponent(editionId)}`);
    $('title').textContent = t('badgesTitle', { edition: edition.name });
    document.title = $('title').textContent;
    const page = await call(`/api/editions/${encodeURIComponent(editionId)}/attendees?limit=${count}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (cursor) {
      $('first').href = pageUrl({});
      $('first').hidden = false;
    }
    if (page.nextCursor) {
      $('next').href = pageUrl({ cursor: page.nextCursor });
      $('next').hidden = false;
    }
    if (!page.items.length) {
      $('progress').textContent = t('badgesNone');
      return;
    }
    const badges = page.items.map((attendee) => badge(edition, attendee));
    for (let from = 0; from < badges.length; from += PER_SHEET) {
      $('sheets').append(h('section', { class: 'sheet' }, badges.slice(from, from + PER_SHEET).map((one) => one.element)));
    }
    await drawQrCodes(badges);
    $('progress').textContent = t('badgesReady', { count: badges.length });
    $('print').disabled = false;
  } catch (error) {
    $('progress').textContent = '';
    $('problem').textContent = error instanceof SignInNeeded ? t('badgesSignIn') : t('problem', { detail: error.message });
  } finally {
    document.body.dataset.ready = 'true';
  }
}

start();
