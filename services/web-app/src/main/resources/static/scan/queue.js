// The scanner's durable memory, in IndexedDB, so nothing is lost when the page is closed, the phone
// restarts or the network is gone for hours:
//  - scans: every scan from the moment it is captured until the server answered it (stored or
//    refused), with its scanId so a resend is never counted twice;
//  - qualifications: changes to a lead (rating, answers, tags, note) waiting to be sent, each with the
//    exhibitorId of the lead's exhibitor, whose accounts alone send it (waiting.js);
//  - refused: scans the server refused, with its reason, for the staff to see.

const DATABASE = 'expo-scanner';
const VERSION = 1;

let opened;

function database() {
  if (!opened) {
    opened = new Promise((resolve, reject) => {
      const request = indexedDB.open(DATABASE, VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore('scans', { keyPath: 'scanId' });
        db.createObjectStore('qualifications', { keyPath: 'leadId' });
        db.createObjectStore('refused', { keyPath: 'scanId' });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  return opened;
}

/** Runs work(stores) in one transaction and resolves once it is committed. */
async function transaction(names, mode, work) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(names, mode);
    const stores = Object.fromEntries(names.map((name) => [name, tx.objectStore(name)]));
    let result;
    Promise.resolve(work(stores)).then((value) => { result = value; }, reject);
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

function wrap(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export async function addScan(scan) {
  await transaction(['scans'], 'readwrite', ({ scans }) => { scans.put({ ...scan, rev: 0 }); });
}

export async function scan(scanId) {
  return transaction(['scans'], 'readonly', ({ scans }) => wrap(scans.get(scanId)));
}

/** The waiting scans, oldest first. */
export async function scans() {
  const all = await transaction(['scans'], 'readonly', ({ scans }) => wrap(scans.getAll()));
  return all.sort((a, b) => a.capturedAt - b.capturedAt);
}

/**
 * Attaches a qualification to a scan still waiting; answers false when the scan has left the
 * queue meanwhile (the caller then sends the qualification on its own). Every change bumps the
 * scan's revision, so an upload that carried an older revision knows it missed this one.
 */
export async function qualifyWaitingScan(scanId, qualification) {
  return transaction(['scans'], 'readwrite', async ({ scans }) => {
    const waiting = await wrap(scans.get(scanId));
    if (!waiting) {
      return false;
    }
    scans.put({ ...waiting, qualification, rev: waiting.rev + 1 });
    return true;
  });
}

/**
 * The server stored the scan. It leaves the queue; if it was qualified after it was sent, or the
 * server had it from an earlier send (DUPLICATE), its qualification waits to be sent to the lead.
 */
export async function stored(sent, status, leadId) {
  await transaction(['scans', 'qualifications'], 'readwrite', async ({ scans, qualifications }) => {
    const now = await wrap(scans.get(sent.scanId));
    if (!now) {
      return;
    }
    const missed = now.rev !== sent.rev || status === 'DUPLICATE';
    if (missed && now.qualification && leadId) {
      const before = await wrap(qualifications.get(leadId));
      qualifications.put(mergeChange(before, leadId, now.exhibitorId, toPatch(now.qualification)));
    }
    scans.delete(sent.scanId);
  });
}

/** The server refused the scan: it leaves the queue for the refused list, with the reason. */
export async function refused(sent, reason, message) {
  await transaction(['scans', 'refused'], 'readwrite', ({ scans, refused }) => {
    scans.delete(sent.scanId);
    refused.put({
      scanId: sent.scanId, badge: sent.badge, scannedAt: sent.scannedAt, reason, message, refusedAt: new Date().toISOString(),
    });
  });
}

export async function refusedScans() {
  const all = await transaction(['refused'], 'readonly', ({ refused }) => wrap(refused.getAll()));
  return all.sort((a, b) => b.refusedAt.localeCompare(a.refusedAt));
}

export async function clearRefused() {
  await transaction(['refused'], 'readwrite', ({ refused }) => { refused.clear(); });
}

/**
 * A lead's qualification change, merged into any change still waiting for that lead; exhibitorId is
 * the lead's exhibitor, whose accounts alone send it.
 */
export async function addQualification(leadId, exhibitorId, qualification) {
  await transaction(['qualifications'], 'readwrite', async ({ qualifications }) => {
    const before = await wrap(qualifications.get(leadId));
    qualifications.put(mergeChange(before, leadId, exhibitorId, toPatch(qualification)));
  });
}

/**
 * A change queued without its exhibitor (by an older scanner) was answered 404 under this exhibitor's
 * account: the lead is not this exhibitor's, and its accounts do not try it again.
 */
export async function notFoundBy(change, exhibitorId) {
  await transaction(['qualifications'], 'readwrite', async ({ qualifications }) => {
    const now = await wrap(qualifications.get(change.leadId));
    if (!now || now.exhibitorId) {
      return;
    }
    qualifications.put({ ...now, notFoundBy: [...new Set([...(now.notFoundBy || []), exhibitorId])] });
  });
}

export async function qualifications() {
  return transaction(['qualifications'], 'readonly', ({ qualifications }) => wrap(qualifications.getAll()));
}

/** The change was sent; it leaves the queue unless it was changed again meanwhile. */
export async function qualificationSent(change) {
  await transaction(['qualifications'], 'readwrite', async ({ qualifications }) => {
    const now = await wrap(qualifications.get(change.leadId));
    if (now && now.rev === change.rev) {
      qualifications.delete(change.leadId);
    }
  });
}

/** The change's answers were refused (an older form): what else it holds waits to be sent again. */
export async function dropAnswers(change) {
  await transaction(['qualifications'], 'readwrite', async ({ qualifications }) => {
    const now = await wrap(qualifications.get(change.leadId));
    if (!now || now.rev !== change.rev) {
      return;
    }
    const { answers, formVersion, ...rest } = now.patch;
    if (Object.keys(rest).length) {
      qualifications.put({ ...now, patch: rest, rev: now.rev + 1 });
    } else {
      qualifications.delete(change.leadId);
    }
  });
}

export async function counts() {
  return transaction(['scans', 'qualifications', 'refused'], 'readonly', async (stores) => ({
    scans: await wrap(stores.scans.count()),
    qualifications: await wrap(stores.qualifications.count()),
    refused: await wrap(stores.refused.count()),
  }));
}

/** A qualification as PATCH /api/leads/{id} takes it: tags are added, never replacing a teammate's. */
export function toPatch(qualification) {
  const patch = {};
  if (qualification.rating) {
    patch.rating = qualification.rating;
  }
  if (qualification.answers && Object.keys(qualification.answers).length) {
    patch.answers = qualification.answers;
    patch.formVersion = qualification.formVersion;
  }
  if (qualification.tags && qualification.tags.length) {
    patch.addTags = qualification.tags;
  }
  if (qualification.note !== undefined && qualification.note !== null && qualification.note !== '') {
    patch.note = qualification.note;
  }
  return patch;
}

function mergeChange(before, leadId, exhibitorId, patch) {
  const merged = before ? { ...before.patch, ...patch } : patch;
  if (before && before.patch.answers && patch.answers) {
    merged.answers = { ...before.patch.answers, ...patch.answers };
  }
  if (before && before.patch.addTags && patch.addTags) {
    merged.addTags = [...new Set([...before.patch.addTags, ...patch.addTags])];
  }
  // A change queued without its exhibitor (an older scanner) takes the one of the change merged into it.
  const owner = exhibitorId || (before && before.exhibitorId) || null;
  const change = { leadId, exhibitorId: owner, patch: merged, rev: before ? before.rev + 1 : 0 };
  if (!owner && before && before.notFoundBy) {
    change.notFoundBy = before.notFoundBy;
  }
  return change;
}
