// What waits on this phone, and for whom. Scans and lead updates stay tied to the exhibitor they
// were made for (each queued scan and update keeps its exhibitorId): the uploader sends only the
// signed-in exhibitor's, so a sign-out, an expired session or another exhibitor's staff signing in on
// the same phone never drops them nor sends them under someone else's account. Any member of the same
// exhibitor's team (or its booth device) who signs in here sends them; the lead is the exhibitor's
// either way. A lead update queued by a scanner older than this rule has no exhibitorId: it is tried
// under whoever signs in, and an account whose exhibitor does not have that lead (the server answers
// 404) is noted on it and never tries it again, so it waits for its own team instead of going up
// every 15 seconds for ever under the wrong one.

import * as queue from './queue.js';

/** When a scan was taken, by the phone's clock, in ms. */
function takenAt(scan) {
  return Number.isFinite(scan.capturedAt) ? scan.capturedAt : Date.parse(scan.scannedAt);
}

/** Whether the signed-in exhibitor's accounts send this scan. */
export function scanSentBy(scan, exhibitorId) {
  return Boolean(exhibitorId) && scan.exhibitorId === exhibitorId;
}

/** Whether the signed-in exhibitor's accounts send (or, for an update without exhibitor, try) this lead update. */
export function updateSentBy(change, exhibitorId) {
  if (!exhibitorId) {
    return false;
  }
  if (change.exhibitorId) {
    return change.exhibitorId === exhibitorId;
  }
  return !(change.notFoundBy || []).includes(exhibitorId);
}

/**
 * The scans waiting here: those of `exhibitorId` (how many, the oldest one's time as ISO text or
 * null), those of other exhibitors, and all of them.
 */
export async function waitingScans(exhibitorId) {
  const all = await queue.scans();
  const mine = all.filter((scan) => scanSentBy(scan, exhibitorId));
  const oldest = mine.reduce((min, scan) => Math.min(min, takenAt(scan)), Infinity);
  return {
    count: mine.length,
    oldestAt: mine.length && Number.isFinite(oldest) ? new Date(oldest).toISOString() : null,
    others: all.length - mine.length,
    all: all.length,
  };
}

/** The lead updates waiting here: how many `exhibitorId`'s accounts send, and all of them. */
export async function waitingUpdates(exhibitorId) {
  const all = await queue.qualifications();
  return { count: all.filter((change) => updateSentBy(change, exhibitorId)).length, all: all.length };
}

/**
 * Says what waits on the phone, for whom: signed out (or the session over), every waiting scan and
 * that they go up at their team's next sign-in here; signed in, the scans of another exhibitor
 * that will not go up under this account.
 * @param {HTMLElement} element
 * @param {(key: string, values: object) => string} t
 * @param {{signedIn: boolean, exhibitorId: string|null}} who
 */
export async function renderWaiting(element, t, who) {
  const waiting = await waitingScans(who.exhibitorId);
  let text = '';
  if (!who.signedIn && waiting.all > 0) {
    text = t('waitingSignedOut', { count: waiting.all });
  } else if (who.signedIn && waiting.others > 0) {
    text = t('waitingOtherTeam', { count: waiting.others });
  }
  // Rewritten only when it changes: a live region repeats whatever is written into it.
  if (element.textContent !== text) {
    element.textContent = text;
  }
  element.dataset.count = String(text ? (who.signedIn ? waiting.others : waiting.all) : 0);
  element.hidden = !text;
  return waiting;
}
