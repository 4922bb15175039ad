// A visitor's own page: ask for a sign-in link by email, open it (the code rides in the URL
// fragment, which browsers never send to a server, and is traded once for a session), then see
// which exhibitors scanned you, what each sees and what its staff recorded about you, withdraw
// contact sharing, or be erased.
// The session is kept for this tab only (sessionStorage) and travels in its own header.

import { api, ApiError, NoAnswer } from '/shared/api.js';
import { createTranslator } from '/shared/i18n.js';
import { $, focusHeading, h } from '/shared/dom.js';
import { onSubmitOnce } from '/shared/forms.js';
import { messages } from '/privacy/messages.js';

const SESSION_KEY = 'expo.privacy.session';
const SESSION_HEADER = 'Visitor-Session';
const FIELDS = ['firstName', 'lastName', 'company', 'jobTitle', 'email', 'phone', 'country'];

const i18n = createTranslator(messages, ['fr', 'en', 'ar']);
const { t } = i18n;

/** The last data shown, so a language switch redraws it. */
let shown = null;

function session() {
  return sessionStorage.getItem(SESSION_KEY);
}

function visitorApi(path, options = {}) {
  return api(path, { ...options, headers: { [SESSION_HEADER]: session() || '' } });
}

/** What went wrong, in the page's language: the server's reason when it gave one. */
function problemText(error) {
  if (error instanceof NoAnswer) {
    return t('offline');
  }
  if (error instanceof ApiError) {
    const reason = error.reason;
    if (reason && messages.en[`reason_${reason}`]) {
      return t(`reason_${reason}`, { minutes: Math.max(1, Math.ceil((error.retryAfter || 60) / 60)) });
    }
    return t('failed', { status: error.status });
  }
  return t('failed', { status: '?' });
}

function notify(text, kind = 'ok') {
  const notice = $('notice');
  notice.className = `notice notice-${kind}`;
  notice.textContent = text;
}

function showOnly(id) {
  const before = ['ask', 'data', 'erased'].find((section) => !$(section).hidden);
  for (const section of ['ask', 'data', 'erased']) {
    $(section).hidden = section !== id;
  }
  $('sign-out').hidden = id !== 'data';
  // Another part of the page replaces the one the keyboard was in: its heading takes the focus.
  if (before && before !== id) {
    focusHeading($(id));
  }
}

/** The session is over (expired, ended, erased): back to asking for a link, saying why. */
function signedOutBecause(error) {
  sessionStorage.removeItem(SESSION_KEY);
  shown = null;
  showOnly('ask');
  notify(problemText(error), 'warn');
}

async function load() {
  try {
    shown = await visitorApi('/api/privacy/visitor');
    render();
    showOnly('data');
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 410)) {
      signedOutBecause(error);
    } else {
      notify(problemText(error), 'error');
    }
  }
}

function fieldList(fields) {
  const names = FIELDS.filter((name) => fields[name]);
  return h('dl', { class: 'fields' }, names.map((name) => [
    h('dt', {}, t(`field_${name}`)),
    h('dd', { dir: name === 'email' || name === 'phone' ? 'ltr' : null }, fields[name]),
  ]));
}

function answerText(answer) {
  if (answer === true || answer === false) {
    return t(answer ? 'yes' : 'no');
  }
  return Array.isArray(answer) ? answer.join(', ') : String(answer);
}

/**
 * What the exhibitor's staff recorded about the visitor (their copy, GDPR art. 15): rating,
 * follow-up, answers under the exhibitor's own questions (in its language), tags and notes, each
 * note with when it was written.
 */
function recordList(holder) {
  const rows = [];
  if (holder.rating !== null && holder.rating !== undefined) {
    rows.push([t('record_rating'), t('ratingValue', { rating: holder.rating })]);
  }
  if (holder.followUp) {
    rows.push([t('record_followUp'), t('yes')]);
  }
  for (const answer of holder.answers) {
    rows.push([h('span', { dir: 'auto' }, answer.question), h('span', { dir: 'auto' }, answerText(answer.answer))]);
  }
  if (holder.tags.length > 0) {
    rows.push([t('record_tags'), h('span', { dir: 'auto' }, holder.tags.join(', '))]);
  }
  for (const note of holder.notes) {
    rows.push([t('record_note'), [h('span', { dir: 'auto', class: 'note' }, note.text), ' ',
      h('span', { class: 'when' }, t('noteWritten', { when: i18n.time(note.writtenAt) }))]]);
  }
  if (rows.length === 0) {
    return h('p', { class: 'help' }, t('recordedNothing'));
  }
  return h('dl', { class: 'fields records' }, rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

function render() {
  if (!shown) {
    return;
  }
  $('registrations').replaceChildren(...shown.registrations.map((registration) => [
    fieldList(registration.fields),
    // A walk-in: no registration, the details given at one booth with the visitor's consent.
    registration.walkIn ? h('p', { class: 'help walk-in' }, t('walkInGiven', {
      company: registration.walkIn.companyName || t('unknownCompany'),
      when: i18n.time(registration.walkIn.agreedAt),
      version: registration.walkIn.consentText,
    })) : null,
  ]).flat().filter(Boolean));
  $('session-until').textContent = t('sessionUntil', { time: i18n.time(shown.sessionExpiresAt) });
  const holders = shown.exhibitors;
  $('no-holders').hidden = holders.length > 0;
  $('withdraw-all').hidden = !holders.some((holder) => holder.contactShared);
  $('holders').replaceChildren(...holders.map((holder) => {
    const company = holder.companyName || t('unknownCompany');
    const seen = Object.keys(holder.sees).length > 0;
    return h('li', { class: 'holder', 'data-exhibitor': holder.exhibitorId },
      h('h3', {}, company),
      holder.boothCode ? h('p', { class: 'when' }, t('booth', { booth: holder.boothCode })) : null,
      h('p', { class: 'when' }, t('scanned', { count: holder.scanCount, when: i18n.time(holder.firstScanAt) })),
      h('p', {}, t('sees')),
      seen ? fieldList(holder.sees) : h('p', { class: 'help' }, t('seesNothing')),
      h('p', {}, t('recorded')),
      recordList(holder),
      holder.contactShared
        ? h('button', { type: 'button', class: 'withdraw', onclick: () => withdraw(holder.exhibitorId, company) },
          t('withdrawOne', { company }))
        : h('p', { class: 'help contact-off' }, t('contactNotShared')));
  }));
}

async function withdraw(exhibitorId, company) {
  if (!window.confirm(exhibitorId ? t('withdrawOneConfirm', { company }) : t('withdrawAllConfirm'))) {
    return;
  }
  try {
    await visitorApi('/api/privacy/visitor/consent-withdrawals', { method: 'POST', body: exhibitorId ? { exhibitorId } : {} });
    notify(exhibitorId ? t('withdrawnOne', { company }) : t('withdrawnAll'));
    await load();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      signedOutBecause(error);
    } else {
      notify(problemText(error), 'error');
    }
  }
}

async function erase() {
  if (!window.confirm(t('eraseConfirm'))) {
    return;
  }
  try {
    await visitorApi('/api/privacy/visitor/erasure', { method: 'POST', body: {} });
    sessionStorage.removeItem(SESSION_KEY);
    shown = null;
    notify('');
    showOnly('erased');
    $('erased').focus();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      signedOutBecause(error);
    } else {
      notify(problemText(error), 'error');
    }
  }
}

async function signOut() {
  try {
    await visitorApi('/api/privacy/session', { method: 'DELETE' });
  } catch {
    // Signed out here either way; the session expires on its own within 30 minutes.
  }
  sessionStorage.removeItem(SESSION_KEY);
  shown = null;
  showOnly('ask');
  notify(t('signedOut'));
}

/** Trades the link's code for a session, once; the code leaves the address bar at once. */
async function openLink(code) {
  history.replaceState(null, '', location.pathname + location.search);
  try {
    const opened = await api('/api/privacy/sessions', { method: 'POST', body: { code } });
    sessionStorage.setItem(SESSION_KEY, opened.session);
    await load();
  } catch (error) {
    showOnly('ask');
    notify(problemText(error), error instanceof NoAnswer ? 'error' : 'warn');
  }
}

function start() {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked) {
    i18n.use(asked);
  }
  i18n.picker($('language'));
  i18n.apply();
  $('language').addEventListener('change', (event) => {
    i18n.use(event.target.value);
    i18n.apply();
    // What the last action said was in the former language; the page itself is redrawn in the new one.
    notify('');
    $('ask-sent').textContent = '';
    render();
  });
  $('sign-out').addEventListener('click', signOut);
  $('withdraw-all').addEventListener('click', () => withdraw(null, null));
  $('erase').addEventListener('click', erase);
  onSubmitOnce($('ask-form'), async () => {
    const email = $('email').value.trim();
    $('email-error').textContent = '';
    $('ask-sent').textContent = '';
    notify('');
    if (!$('email').checkValidity() || !email) {
      $('email-error').textContent = t('emailInvalid');
      $('email').focus();
      return;
    }
    try {
      await api('/api/privacy/links', { method: 'POST', body: { email, language: i18n.language } });
      $('ask-sent').textContent = t('askSent');
    } catch (error) {
      if (error instanceof ApiError && error.reason === 'MALFORMED_EMAIL') {
        $('email-error').textContent = problemText(error);
      } else {
        notify(problemText(error), 'error');
      }
    }
  });

  // A link opened in the tab that asked for it changes only the fragment: no new page load.
  window.addEventListener('hashchange', () => {
    const linked = new URLSearchParams(location.hash.slice(1)).get('code');
    if (linked) {
      openLink(linked);
    }
  });
  const code = new URLSearchParams(location.hash.slice(1)).get('code');
  if (code) {
    openLink(code);
  } else if (session()) {
    load();
  } else {
    showOnly('ask');
  }
  document.body.dataset.ready = 'true';
}

start();
