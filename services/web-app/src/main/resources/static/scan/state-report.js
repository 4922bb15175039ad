// This scanner's state as lead-service keeps it for the exhibitor's Team page and the organizer's
// help desk (PUT /api/scanners/{phoneId}/state): how many of the signed-in exhibitor's scans wait
// here, since when, the last upload the server took, and the app's version. Sent after each upload
// attempt and once a minute while online, a small request of its own beside the uploads.
//
// The phone id is random, made once per install and kept in local storage: it tells phones apart
// and says nothing of whoever holds them.

import { api } from '../shared/api.js';
import { waitingScans } from './waiting.js';

/** The scanner app's version, shown on the Team page and the help desk (bumped with the shell cache in sw.js). */
export const APP_VERSION = '2026.12.9';
const PHONE_KEY = 'expo.scan.phone';
const LAST_UPLOAD_KEY = 'expo.scan.lastUpload';
const EVERY_MS = 60000;
/** Reports asked for within this time go as one (a batch upload stores many scans at once). */
const GATHER_MS = 500;
const LAST_WAIT_MS = 3000;

/** This install's own random id, made on first use. */
export function phoneId() {
  let id = localStorage.getItem(PHONE_KEY);
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem(PHONE_KEY, id);
  }
  return id;
}

/**
 * @param {object} session the scanner's session (shared/session.js)
 */
export function createStateReporter(session) {
  let timer = null;
  let gathering = null;
  let sending = Promise.resolve();

  async function send() {
    const who = session.current();
    if (!navigator.onLine || !who || !who.exhibitorId) {
      return;
    }
    try {
      await session.authorized(async (token) => {
        // The exhibitor of the token that goes: a renewal never changes it, a new sign-in starts over.
        const waiting = await waitingScans(session.current().exhibitorId);
        return api(`/api/scanners/${encodeURIComponent(phoneId())}/state`, {
          method: 'PUT',
          token,
          timeoutMs: 10000,
          body: {
            unsent: waiting.count,
            oldestUnsentAt: waiting.oldestAt,
            lastUploadAt: localStorage.getItem(LAST_UPLOAD_KEY),
            appVersion: APP_VERSION,
          },
        });
      });
    } catch {
      // Signed out, no network, or refused: the next report says it again.
    }
  }

  /** Sends one report after the one before it, so the server keeps the phone's latest state. */
  function now() {
    const next = sending.then(send, send);
    sending = next.catch(() => undefined);
    return next;
  }

  return {
    /** A report soon: the reports asked for meanwhile go as one. */
    report() {
      if (!gathering) {
        gathering = setTimeout(() => {
          gathering = null;
          now();
        }, GATHER_MS);
      }
    },
    now,
    /**
     * The last report of a session about to end (a sign-out): sent at once, waited for a few
     * seconds at most, so a slow network never holds the sign-out up.
     */
    last() {
      return Promise.race([now(), new Promise((resolve) => { setTimeout(resolve, LAST_WAIT_MS); })]);
    },
    /** The server took a scan from this phone now. */
    uploaded() {
      localStorage.setItem(LAST_UPLOAD_KEY, new Date().toISOString());
    },
    start() {
      timer = setInterval(() => now(), EVERY_MS);
      window.addEventListener('online', () => now());
      now();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
