// Sends what the queue holds, one request at a time: a fresh scan at once (its receipt names the
// visitor), waiting scans in batches of up to 1,000 when the network returns, then waiting lead
// qualifications. A scan leaves the queue only once the server answered for it; anything else
// (no network, an expired token, a server that cannot confirm) leaves it waiting for the next try.
// The session renews its token itself (hooks.session); a token the server refuses is handed back
// (hooks.refused), and what waits goes up again with a renewed one, or once signed in again.

import { api, ApiError, NoAnswer } from '../shared/api.js';
import * as queue from './queue.js';
import { scanSentBy, updateSentBy } from './waiting.js';

const BATCH_SIZE = 1000;
const RETRY_EVERY_MS = 15000;
/** Refusals that belong to the scan itself: sending it again would be refused again. */
const SCAN_REFUSALS = new Set([400, 409, 422]);
/** Refusals that say the scanner may not send now, whatever the scan: it waits. */
const WAIT_REASONS = new Set(['EXHIBITOR_NOT_APPROVED']);

/**
 * @param {{session: () => Promise<object|null>, refused: (session: object) => void, changed: () => void,
 *          signInNeeded: () => void, problem: (error: Error) => void, attempted: () => void}} hooks
 *   attempted: after each try to send, whatever came of it (the phone's state report goes with it)
 */
export function createUploader(hooks) {
  let running = Promise.resolve();
  let timer = null;

  /** Runs one send after the one before it, so the same scan never travels twice at once. */
  function serial(work) {
    const next = running.then(work, work);
    running = next.catch(() => undefined);
    return next;
  }

  async function token() {
    let session;
    try {
      session = await hooks.session();
    } catch (failure) {
      if (failure instanceof NoAnswer) {
        return null;
      }
      hooks.signInNeeded();
      return null;
    }
    if (!session) {
      hooks.signInNeeded();
      return null;
    }
    return session;
  }

  function requestOf(scan) {
    // A visitor found in the directory is named by {lookup}, one typed in by {walkIn}, else by the badge read.
    const body = { scanId: scan.scanId, scannedAt: scan.scannedAt };
    if (scan.walkIn) {
      body.walkIn = scan.walkIn;
    } else if (scan.lookup) {
      body.lookup = scan.lookup;
    } else {
      body.badge = scan.badge;
    }
    const q = scan.qualification;
    if (q) {
      if (q.rating) body.rating = q.rating;
      if (q.answers && Object.keys(q.answers).length) {
        body.answers = q.answers;
        body.formVersion = q.formVersion;
      }
      if (q.tags && q.tags.length) body.tags = q.tags;
      if (q.note) body.note = q.note;
    }
    return body;
  }

  function isScanRefusal(error) {
    return error instanceof ApiError && SCAN_REFUSALS.has(error.status) && !WAIT_REASONS.has(error.reason);
  }

  /**
   * Sends one fresh scan and answers {receipt}, {refused: ApiError}, or {waiting: Error} when it
   * stays in the queue.
   */
  function sendNow(scanId) {
    return serial(async () => {
      const scan = await queue.scan(scanId);
      if (!scan) {
        return { waiting: null };
      }
      const session = await token();
      if (!session) {
        return { waiting: null };
      }
      try {
        const receipt = await api('/api/scans', { method: 'POST', body: requestOf(scan), token: session.accessToken, timeoutMs: 15000 });
        await queue.stored(scan, receipt.status, receipt.leadId);
        hooks.stored(scan.scanId, receipt.leadId);
        hooks.changed();
        return { receipt };
      } catch (error) {
        if (isScanRefusal(error)) {
          await queue.refused(scan, error.reason || `HTTP_${error.status}`, error.message);
          hooks.changed();
          return { refused: error };
        }
        if (error instanceof ApiError && error.status === 401) {
          hooks.refused(session);
        }
        return { waiting: error };
      } finally {
        hooks.attempted();
      }
    });
  }

  async function sendScans(session) {
    // Only the signed-in exhibitor's scans: another exhibitor's (or one whose exhibitor is not known)
    // wait for someone of their own team, never sent under this account (waiting.js).
    const waiting = (await queue.scans()).filter((scan) => scanSentBy(scan, session.exhibitorId));
    for (let start = 0; start < waiting.length; start += BATCH_SIZE) {
      const batch = waiting.slice(start, start + BATCH_SIZE);
      const receipt = await api('/api/scans/batch', {
        method: 'POST', body: { scans: batch.map(requestOf) }, token: session.accessToken, timeoutMs: 60000,
      });
      const sent = new Map(batch.map((scan) => [scan.scanId, scan]));
      for (const result of receipt.results) {
        const scan = sent.get(result.scanId);
        if (!scan) {
          continue;
        }
        if (result.status === 'REJECTED') {
          await queue.refused(scan, result.reason, result.message);
        } else {
          await queue.stored(scan, result.status, result.leadId);
          hooks.stored(scan.scanId, result.leadId);
        }
        sent.delete(result.scanId);
      }
      hooks.changed();
    }
  }

  async function sendQualifications(session) {
    // Likewise only the signed-in exhibitor's lead updates: another exhibitor's lead answers 404 here.
    const waiting = (await queue.qualifications()).filter((change) => updateSentBy(change, session.exhibitorId));
    for (const change of waiting) {
      try {
        await api(`/api/leads/${encodeURIComponent(change.leadId)}`, {
          method: 'PATCH', body: change.patch, token: session.accessToken, contentType: 'application/merge-patch+json',
        });
        await queue.qualificationSent(change);
      } catch (error) {
        if (!(error instanceof ApiError) || error.status === 401) {
          throw error;
        }
        // 404: the lead is still being made from its first scan (there within moments); 5xx: the
        // service could not take it now. Both wait for the next try. 409: the exhibitor changed its
        // questions since; the answers cannot be kept, the rating, tags and note still go. A 404 for
        // a change queued without its exhibitor (an older scanner, long after its lead was made) says
        // the lead is another exhibitor's: this exhibitor's accounts leave it for that team.
        if (error.status === 404 && !change.exhibitorId) {
          await queue.notFoundBy(change, session.exhibitorId);
        } else if (error.status === 409 && change.patch.answers) {
          await queue.dropAnswers(change);
          hooks.problem(error);
        } else if (error.status !== 404 && error.status < 500) {
          await queue.qualificationSent(change);
          hooks.problem(error);
        }
      }
      hooks.changed();
    }
  }

  /** Sends everything waiting; quiet when there is nothing, or no network. */
  function flush() {
    return serial(async () => {
      const counts = await queue.counts();
      if (counts.scans === 0 && counts.qualifications === 0) {
        return;
      }
      if (!navigator.onLine) {
        return;
      }
      const session = await token();
      if (!session) {
        return;
      }
      try {
        await sendScans(session);
        await sendQualifications(session);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          hooks.refused(session);
        } else if (!(error instanceof NoAnswer)) {
          hooks.problem(error);
        }
      } finally {
        hooks.attempted();
      }
    });
  }

  return {
    sendNow,
    flush,
    start() {
      window.addEventListener('online', () => flush());
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') flush();
      });
      timer = setInterval(() => flush(), RETRY_EVERY_MS);
      flush();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
