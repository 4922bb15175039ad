// The booth scanner: sign in, capture a badge (camera, typed or pasted), show the visitor and what
// the team already knows of them, qualify the lead in a few taps. Every scan goes to the queue in
// IndexedDB first and is sent from there, so a closed page, a dead battery or a lost network loses
// nothing; the unsent count in the header says what is still on the phone.

import { ApiError, NoAnswer, api, signInRefusal } from '../shared/api.js';
import { createBadgeCheck } from './badge-check.js';
import { createTranslator } from '../shared/i18n.js';
import { createSession, scannerId } from '../shared/session.js';
import { createCamera } from './camera.js';
import { createInvitationPage, takeInvitationCode } from './invitation.js';
import { createLookup } from './lookup.js';
import { createWalkIn } from './walkin.js';
import { messages } from './messages.js';
import * as qualify from './qualify.js';
import * as queue from './queue.js';
import { createUploader } from './uploader.js';
import { createStateReporter } from './state-report.js';
import { renderWaiting, waitingScans, waitingUpdates } from './waiting.js';
import { onSubmitOnce } from '../shared/forms.js';

const FORM_KEY = 'expo.qualificationForm';
/** The exhibitor's name, kept for offline use: the walk-in's consent names whom they share their details with. */
const EXHIBITOR_NAME_KEY = 'expo.exhibitorName';
/** The scanner's own session; a booth device's secret is kept with it. */
const session = createSession('scan', { device: true });
const i18n = createTranslator(messages);
const { t } = i18n;
const $ = (id) => document.getElementById(id);

/** The scan on screen: its id, and once the server answered, its lead and receipt. */
let shown = null;
/** The exhibitor's qualification form, kept for offline use. */
let form = loadForm();
let expiredNoticeDismissed = false;

/** Tells lead-service what waits on this phone, for the Team page and the help desk. */
const reporter = createStateReporter(session);

const uploader = createUploader({
  session: () => session.valid(),
  refused: (who) => tokenRefused(who),
  changed: () => renderCounts(),
  // The scan on screen may go up in the background (a batch after the network came back): its lead
  // is then the one a qualification saved from this screen goes to.
  stored: (scanId, leadId) => {
    reporter.uploaded();
    if (shown && shown.scanId === scanId && leadId) {
      shown.leadId = leadId;
    }
  },
  signInNeeded: () => showExpired(),
  problem: (error) => showProblem(error),
  attempted: () => reporter.report(),
});

const camera = createCamera($('video'), (code) => capture(code));

/** Each badge's signature checked on the phone before it is queued, with the edition's keys kept here. */
const badgeCheck = createBadgeCheck({ current: () => session.current(), authorized: (work) => session.authorized(work) });

/** A visitor without a readable badge, found in the directory (online): the lead is taken as if scanned. */
const lookup = createLookup({
  t,
  session,
  elements: {
    open: $('lookup-open'), panel: $('lookup'), form: $('lookup-form'), query: $('lookup-query'), search: $('lookup-search'),
    status: $('lookup-status'), results: $('lookup-results'), cancel: $('lookup-cancel'),
  },
  picked: (attendee) => take(newScan({ lookup: { attendeeId: attendee.attendeeId } }), {}),
  closed: () => $('badge-code').focus(),
});

/** A visitor with no registration, typed in with their consent (offline too): queued like a scan. */
const walkIn = createWalkIn({
  t,
  language: () => i18n.language,
  elements: {
    open: $('walkin-open'), panel: $('walkin'), form: $('walkin-form'), firstName: $('walkin-first-name'),
    lastName: $('walkin-last-name'), company: $('walkin-company'), email: $('walkin-email'), phone: $('walkin-phone'),
    consent: $('walkin-consent'), consentText: $('walkin-consent-text'), error: $('walkin-error'), cancel: $('walkin-cancel'),
  },
  exhibitor: () => exhibitorName(),
  taken: (visitor) => take(newScan({ walkIn: visitor }), {}),
  closed: () => $('badge-code').focus(),
});

const invitationPage = createInvitationPage({
  t,
  elements: {
    text: $('invitation-text'), form: $('invitation-form'), email: $('invitation-email'), username: $('invitation-username'),
    password: $('new-password'), again: $('new-password-again'), passwordError: $('new-password-error'),
    submit: $('invitation-accept'), problem: $('invitation-problem'), retry: $('invitation-retry'), signIn: $('invitation-sign-in'),
  },
  async accepted(email, password) {
    try {
      followAccountLanguage(await session.signIn(email, password));
      await signedIn();
    } catch (error) {
      prepareSignIn(false);
      $('username').value = email;
      show('sign-in');
      $('sign-in-error').textContent = signInFailure(error);
    }
  },
  signInInstead(email) {
    prepareSignIn(false);
    if (email) {
      $('username').value = email;
    }
    show('sign-in');
    $(email ? 'password' : 'username').focus();
  },
});

/** The signed-in exhibitor's name as last fetched, or null (another exhibitor's, or never fetched). */
function exhibitorName() {
  const who = session.current();
  try {
    const kept = JSON.parse(localStorage.getItem(EXHIBITOR_NAME_KEY));
    return kept && who && kept.exhibitorId === who.exhibitorId ? kept.name : null;
  } catch {
    return null;
  }
}

function loadForm() {
  try {
    return JSON.parse(localStorage.getItem(FORM_KEY));
  } catch {
    return null;
  }
}

// ---- screens -------------------------------------------------------------------------------

function show(screen) {
  $('sign-in').hidden = screen !== 'sign-in';
  $('invitation').hidden = screen !== 'invitation';
  $('scanner').hidden = screen !== 'scanner';
  $('receipt').hidden = screen !== 'receipt';
  $('refused').hidden = screen === 'sign-in' || screen === 'invitation';
  if (screen !== 'scanner' && camera.running) {
    stopCamera();
  }
  renderSignedIn();
}

function renderSignedIn() {
  const who = session.current();
  $('signed-in-as').textContent = who ? t('signedInAs', { name: who.username }) : '';
  $('sign-out').hidden = !who;
}

function renderNetwork() {
  const online = navigator.onLine;
  $('network').textContent = online ? t('online') : t('offline');
  $('network').className = `pill ${online ? 'pill-ok' : 'pill-off'}`;
}

async function renderCounts() {
  const counts = await queue.counts();
  const who = session.current();
  const signedIn = session.isSignedIn(who) || session.isDevice();
  const exhibitorId = who ? who.exhibitorId : null;
  // The header counts what this account sends; another exhibitor's scans are said apart (waiting-scans).
  // Signed out, everything on the phone waits for the next sign-in, and is counted.
  const waiting = await renderWaiting($('waiting-scans'), t, { signedIn, exhibitorId });
  const updates = await waitingUpdates(signedIn ? exhibitorId : null);
  const scans = signedIn ? waiting.count : waiting.all;
  const leadUpdates = signedIn ? updates.count : updates.all;
  // Rewritten only when it changes: a live region repeats whatever is written into it.
  const unsent = t('unsent', { count: scans });
  if ($('unsent').textContent !== unsent) {
    $('unsent').textContent = unsent;
  }
  $('unsent').dataset.count = String(scans);
  $('unsent').classList.toggle('pill-warn', scans > 0);
  $('unsent-qualifications').hidden = leadUpdates === 0;
  $('unsent-qualifications').textContent = t('unsentQualifications', { count: leadUpdates });
  $('unsent-qualifications').dataset.count = String(leadUpdates);
  await renderRefused(counts.refused);
  await settleShown();
}

/** The scan on screen was waiting and the queue has sent it since: say what became of it. */
async function settleShown() {
  const waiting = shown;
  if (!waiting || waiting.settled || await queue.scan(waiting.scanId)) {
    return;
  }
  const refusal = (await queue.refusedScans()).find((scan) => scan.scanId === waiting.scanId);
  if (shown !== waiting || waiting.settled) {
    return;
  }
  waiting.settled = true;
  if (refusal) {
    setStatus('refused', { reason: refusal.reason }, 'error');
    showRefused();
  } else {
    setStatus('accepted', {}, 'ok');
  }
}

async function renderRefused(count) {
  $('refused-count').textContent = String(count);
  const list = await queue.refusedScans();
  $('refused-list').replaceChildren(...list.map((scan) => {
    const item = document.createElement('li');
    const what = document.createElement('strong');
    what.textContent = reasonText(scan.reason);
    const when = document.createElement('span');
    when.textContent = ` · ${i18n.time(scan.scannedAt)}`;
    const detail = document.createElement('p');
    detail.className = 'help';
    // The server's own words (English) only for a reason the scanner has no words for.
    detail.textContent = reasonText(scan.reason) === scan.reason ? (scan.message || '') : '';
    item.append(what, when, detail);
    return item;
  }));
  if (!list.length) {
    const none = document.createElement('li');
    none.textContent = t('refusedNone');
    $('refused-list').append(none);
  }
  $('clear-refused').hidden = list.length === 0;
}

function reasonText(reason) {
  const key = `reason_${reason}`;
  const text = t(key);
  return text === key ? reason : text;
}

/** The scan's status line, kept as a message key so a change of language re-renders it. */
let status = null;

function setStatus(key, values, tone) {
  status = { key, values, tone };
  renderStatus();
}

function renderStatus() {
  if (!status) {
    $('scan-status').textContent = '';
    return;
  }
  const values = { ...status.values };
  if (values.reason) {
    values.reason = reasonText(values.reason);
  }
  $('scan-status').textContent = t(status.key, values);
  $('scan-status').className = `notice notice-${status.tone}`;
}

function showProblem(error) {
  $('problem').textContent = error ? t('problem', { detail: error.message }) : '';
}

function showExpired() {
  $('expired').hidden = false;
  renderCounts();
  // Asked at once from the scanning screen, unless the staff chose to keep scanning; from a
  // visitor's screen the notice waits, so a qualification in progress is not interrupted.
  if (!expiredNoticeDismissed && !$('scanner').hidden) {
    prepareSignIn(true);
    show('sign-in');
  }
}

/** The server refused the token: what waits goes up again with a renewed one, else sign in again. */
function tokenRefused(who) {
  if (session.expire(who.accessToken)) {
    uploader.flush();
  } else {
    showExpired();
  }
}

function prepareSignIn(again) {
  const who = session.current();
  if (who && !session.isDevice()) {
    $('username').value = who.username || '';
  }
  $('keep-scanning').hidden = !again;
  $('sign-in-error').textContent = '';
}

// ---- sign-in -------------------------------------------------------------------------------

function selectTab(staff) {
  $('tab-staff').setAttribute('aria-selected', String(staff));
  $('tab-device').setAttribute('aria-selected', String(!staff));
  $('tab-staff').tabIndex = staff ? 0 : -1;
  $('tab-device').tabIndex = staff ? -1 : 0;
  $('staff-panel').hidden = !staff;
  $('device-panel').hidden = staff;
}

/**
 * On a device where no language was chosen yet, the scanner opens in the one the account keeps,
 * once its holder signs in; a choice made on this device stays.
 */
function followAccountLanguage(who) {
  if (who && who.language && !i18n.chosenHere && who.language !== i18n.language) {
    $('language').value = who.language;
    $('language').dispatchEvent(new Event('change'));
  }
}

async function signedIn() {
  $('expired').hidden = true;
  expiredNoticeDismissed = false;
  $('password').value = '';
  $('setup-code').value = '';
  show('scanner');
  $('badge-code').focus();
  await refreshForm();
  badgeCheck.refresh();
  uploader.flush();
  reporter.report();
  renderCounts();
}

async function refreshForm() {
  try {
    const who = await session.valid();
    if (!who || !who.exhibitorId) {
      return;
    }
    form = await api(`/api/exhibitors/${encodeURIComponent(who.exhibitorId)}/qualification-form`, { token: who.accessToken });
    localStorage.setItem(FORM_KEY, JSON.stringify(form));
    const exhibitor = await api(`/api/exhibitors/${encodeURIComponent(who.exhibitorId)}`, { token: who.accessToken });
    localStorage.setItem(EXHIBITOR_NAME_KEY, JSON.stringify({ exhibitorId: who.exhibitorId, name: exhibitor.profile.companyName }));
  } catch {
    // Offline: the copies kept from the last time serve.
  }
}

function signInFailure(error, device = false) {
  if (error instanceof NoAnswer) {
    return t('noNetworkSignIn');
  }
  if (device && error instanceof ApiError && (error.status === 404 || error.status === 410)) {
    return t(error.status === 404 ? 'setupCodeUnknown' : 'setupCodeExpired');
  }
  const refusal = signInRefusal(error);
  return refusal ? t(refusal.key, refusal.values) : t('signInFailed', { detail: error.message });
}

// ---- capture -------------------------------------------------------------------------------

async function capture(code) {
  const badge = code.trim();
  if (!badge) {
    return;
  }
  const check = await badgeCheck.check(badge);
  const scan = newScan({ badge });
  if (check.refused) {
    await refusedOnPhone(scan, check.refused);
    return;
  }
  await take(scan, check);
}

/** A scan taken now for the signed-in exhibitor, naming its visitor by {badge}, {lookup} or {walkIn}. */
function newScan(visitor) {
  const who = session.current();
  return {
    scanId: crypto.randomUUID(),
    ...visitor,
    scannedAt: new Date().toISOString(),
    capturedAt: Date.now(),
    exhibitorId: who ? who.exhibitorId : null,
  };
}

/** Queues the scan, sends it at once, and shows the visitor to qualify (or why not). */
async function take(scan, check) {
  await queue.addScan(scan);
  if (navigator.vibrate) {
    navigator.vibrate(80);
  }
  shown = { scanId: scan.scanId, exhibitorId: scan.exhibitorId, receipt: null, leadId: null, settled: false };
  $('badge-code').value = '';
  showReceipt(null);
  setStatus('saving', {}, 'info');
  await renderCounts();
  const outcome = await uploader.sendNow(scan.scanId);
  if (shown === null || shown.scanId !== scan.scanId) {
    return;
  }
  shown.settled = Boolean(outcome.receipt || outcome.refused);
  if (outcome.receipt) {
    shown.receipt = outcome.receipt;
    shown.leadId = outcome.receipt.leadId;
    showReceipt(outcome.receipt);
    setStatus(outcome.receipt.status === 'DUPLICATE' ? 'duplicate' : 'accepted', {}, 'ok');
  } else if (outcome.refused) {
    setStatus('refused', { reason: outcome.refused.reason || `HTTP_${outcome.refused.status}` }, 'error');
    showRefused();
  } else {
    // Kept on the phone either way; said apart: no network, or a server that could not take it now.
    setStatus(outcome.waiting instanceof ApiError ? 'queuedServer' : check.unchecked ? 'queuedUnchecked' : 'queued', {}, 'info');
  }
  await renderCounts();
}

/** The phone refused the badge itself: it is never queued, and is listed with the server's refusals. */
async function refusedOnPhone(scan, reason) {
  await queue.refused(scan, reason, null);
  shown = { scanId: scan.scanId, receipt: null, leadId: null, settled: true };
  $('badge-code').value = '';
  showReceipt(null);
  setStatus('refused', { reason }, 'error');
  showRefused();
  await renderCounts();
}

/** A refused scan has no visitor to show nor lead to qualify. */
function showRefused() {
  $('visitor-card').hidden = true;
  $('qualify-form').hidden = true;
  $('already').hidden = true;
}

function showReceipt(receipt) {
  const arriving = $('receipt').hidden;
  show('receipt');
  showProblem(null);
  if (arriving || !document.activeElement || document.activeElement === document.body) {
    // The scanning screen, and the focus in it, just went away: the keyboard lands on the visitor.
    $('scan-status').focus();
  }
  $('visitor-card').hidden = false;
  const attendee = receipt && receipt.attendee;
  $('visitor-pending').hidden = Boolean(attendee);
  const name = attendee ? [attendee.firstName, attendee.lastName].filter(Boolean).join(' ') : '';
  $('visitor-name').textContent = name;
  $('visitor-role').textContent = attendee ? attendee.jobTitle || '' : '';
  $('visitor-company').textContent = attendee ? [attendee.company, attendee.country].filter(Boolean).join(' · ') : '';
  const email = attendee && attendee.email;
  $('visitor-email').textContent = email || '';
  if (email) {
    $('visitor-email').href = `mailto:${email}`;
  } else {
    $('visitor-email').removeAttribute('href');
  }
  $('visitor-phone').textContent = attendee ? attendee.phone || '' : '';
  showAlready(receipt && receipt.alreadyLead);
  $('qualify-form').hidden = false;
  $('qualify-form').reset();
  $('qualify-status').textContent = '';
  qualify.render({ ratingOptions: $('rating-options'), questions: $('questions'), tagOptions: $('tag-options') },
    form, (receipt && receipt.alreadyLead && receipt.alreadyLead.tags) || [], t);
}

function showAlready(already) {
  $('already').hidden = !already;
  if (!already) {
    return;
  }
  const me = scannerId(session.current());
  const time = i18n.time(already.lastScanAt);
  $('already-text').textContent = already.lastScannedBy && already.lastScannedBy === me
    ? t('alreadyScannedByYou', { time })
    : t('alreadyScannedBy', { name: already.lastScannedByName || t('aTeammate'), time });
  $('already-count').textContent = t('scanCount', { count: already.scanCount });
  const names = already.names || {};
  $('team-notes').replaceChildren(...(already.notes || []).map((note) => {
    const item = document.createElement('li');
    const author = document.createElement('strong');
    author.textContent = t('noteBy', { name: names[note.authorId] || t('aTeammate') });
    const text = document.createElement('span');
    text.dir = 'auto';
    text.textContent = note.text;
    item.append(author, text);
    return item;
  }));
  $('team-notes').previousElementSibling.hidden = !(already.notes || []).length;
}

async function saveQualification(event) {
  event.preventDefault();
  // The visitor on screen when Save was pressed: "Next visitor" may come while this is saved.
  const current = shown;
  if (!current) {
    return;
  }
  const qualification = qualify.read($('qualify-form'), form);
  if (!Object.keys(qualification).length) {
    return;
  }
  if (await queue.qualifyWaitingScan(current.scanId, qualification)) {
    $('qualify-status').textContent = t('savedOffline');
    uploader.flush();
    return;
  }
  if (!current.leadId) {
    // Neither waiting nor stored: the scan was refused, so there is no lead to qualify.
    $('qualify-status').textContent = t('noLeadToQualify');
    return;
  }
  await queue.addQualification(current.leadId, current.exhibitorId, qualification);
  await renderCounts();
  await uploader.flush();
  const left = await queue.qualifications();
  if (shown === current) {
    $('qualify-status').textContent = left.some((change) => change.leadId === current.leadId) ? t('savedLater') : t('saved');
  }
}

// ---- camera --------------------------------------------------------------------------------

async function toggleCamera() {
  $('camera-error').textContent = '';
  if (camera.running) {
    stopCamera();
    return;
  }
  try {
    const decoder = await camera.start();
    document.body.dataset.decoder = decoder;
    $('video').hidden = false;
    $('camera-help').hidden = false;
    $('camera-toggle').dataset.i18n = 'stopCamera';
    $('camera-toggle').textContent = t('stopCamera');
  } catch (error) {
    stopCamera();
    $('camera-error').textContent = error && error.name === 'NotAllowedError' ? t('cameraDenied') : t('cameraUnavailable');
  }
}

function stopCamera() {
  camera.stop();
  $('video').hidden = true;
  $('camera-help').hidden = true;
  $('camera-toggle').dataset.i18n = 'startCamera';
  $('camera-toggle').textContent = t('startCamera');
}

// ---- wiring --------------------------------------------------------------------------------

function wire() {
  i18n.picker($('language'));
  $('language').addEventListener('change', () => {
    i18n.use($('language').value);
    session.keepLanguage(i18n.language);
    i18n.apply();
    renderNetwork();
    renderCounts();
    renderSignedIn();
    renderStatus();
    invitationPage.relabel();
    lookup.relabel();
    walkIn.relabel();
    if (shown && shown.receipt) {
      showAlready(shown.receipt.alreadyLead);
    }
  });
  $('tab-staff').addEventListener('click', () => selectTab(true));
  $('tab-device').addEventListener('click', () => selectTab(false));
  [$('tab-staff'), $('tab-device')].forEach((tab) => tab.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      const staff = tab.id !== 'tab-staff';
      selectTab(staff);
      $(staff ? 'tab-staff' : 'tab-device').focus();
    }
  }));
  onSubmitOnce($('staff-form'), async (event) => {
    event.preventDefault();
    $('sign-in-error').textContent = '';
    try {
      followAccountLanguage(await session.signIn($('username').value.trim(), $('password').value));
      await signedIn();
    } catch (error) {
      $('sign-in-error').textContent = signInFailure(error);
    }
  });
  onSubmitOnce($('device-form'), async (event) => {
    event.preventDefault();
    $('sign-in-error').textContent = '';
    try {
      await session.activateDevice($('setup-code').value);
      await signedIn();
    } catch (error) {
      $('sign-in-error').textContent = signInFailure(error, true);
    }
  });
  $('keep-scanning').addEventListener('click', () => {
    expiredNoticeDismissed = true;
    show('scanner');
  });
  $('expired-sign-in').addEventListener('click', () => {
    prepareSignIn(true);
    show('sign-in');
  });
  $('typed-form').addEventListener('submit', (event) => {
    event.preventDefault();
    capture($('badge-code').value);
  });
  $('badge-code').addEventListener('keydown', (event) => {
    // Handheld scanners type the code and press Enter.
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      capture($('badge-code').value);
    }
  });
  $('camera-toggle').addEventListener('click', toggleCamera);
  $('qualify-form').addEventListener('submit', saveQualification);
  $('add-tag').addEventListener('click', () => {
    qualify.addTag($('tag-options'), $('new-tag').value);
    $('new-tag').value = '';
    $('new-tag').focus();
  });
  $('new-tag').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      $('add-tag').click();
    }
  });
  // One way at a time to name a visitor without a badge.
  $('walkin-open').addEventListener('click', () => lookup.close());
  $('lookup-open').addEventListener('click', () => walkIn.close());
  $('next-visitor').addEventListener('click', () => {
    shown = null;
    lookup.close();
    walkIn.close();
    show('scanner');
    $('badge-code').focus();
  });
  $('clear-refused').addEventListener('click', async () => {
    await queue.clearRefused();
    renderCounts();
  });
  $('sign-out').addEventListener('click', async () => {
    const who = session.current();
    const waiting = await waitingScans(who ? who.exhibitorId : null);
    if (waiting.count > 0 && !window.confirm(t('signOutConfirm', { count: waiting.count }))) {
      return;
    }
    // The team page learns what stays on the phone before the session that may say it ends.
    await reporter.last();
    walkIn.close();
    session.signOut();
    await renderCounts();
    shown = null;
    prepareSignIn(false);
    show('sign-in');
    $('username').focus();
  });
  // The skip link moves the focus past the header; following it would put #main in the address.
  $('skip').addEventListener('click', (event) => {
    event.preventDefault();
    $('main').focus();
  });
  // An invitation link opened while the scanner is already open in this tab.
  window.addEventListener('hashchange', () => {
    const invitationCode = takeInvitationCode();
    if (invitationCode !== null) {
      show('invitation');
      invitationPage.open(invitationCode);
    }
  });
  window.addEventListener('online', renderNetwork);
  window.addEventListener('offline', renderNetwork);
}

async function start() {
  i18n.apply();
  wire();
  renderNetwork();
  await renderCounts();
  const invitationCode = takeInvitationCode();
  if (invitationCode !== null) {
    show('invitation');
    invitationPage.open(invitationCode);
  } else if (session.isSignedIn(session.current()) || session.isDevice()) {
    show('scanner');
    refreshForm();
  } else {
    prepareSignIn(Boolean(session.current()));
    show('sign-in');
  }
  uploader.start();
  badgeCheck.start();
  reporter.start();
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/scan/sw.js', { scope: '/scan/' }).catch(() => undefined);
  }
  document.body.dataset.ready = 'true';
}

start();
