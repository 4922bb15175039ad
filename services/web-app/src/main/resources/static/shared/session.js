// Who is signed in, for one web app: the access token from exhibitor-service and what it says (its
// claims), and the refresh token that renews it, kept in this browser only. The web tier holds no
// session; the token travels as the Authorization header.
//
// Each app keeps its own session under its own key (expo.scan.session, expo.dashboard.session,
// expo.console.session): signing in or out of one leaves the others as they are. A booth device
// (the scanner only) also keeps the secret it got at setup, so it signs itself in again whenever
// its session ends; only the scanner's sign-out forgets it. A password is never kept.
//
// An access token lives 15 minutes; valid() renews it silently with the refresh token (a new pair
// each time: the server takes each refresh token once). Tabs of the same app share the session, so
// a renewal holds a Web Lock and reads the stored session again once it has it: another tab may
// have renewed already, and the server ends a session whose refresh token is presented twice. Only
// a 401 answer ends a session; a renewal that cannot reach the server leaves it as it is.

import { ApiError, NoAnswer, api } from './api.js';

const DEVICE_KEY = 'expo.device';
/** A token this close to its expiry is treated as expired, so a request never leaves with a dying one. */
const MARGIN_MS = 30000;
/** A token the server refuses this soon after it was issued is not stale: the account is refused. */
const FRESH_MS = 60000;

/** Nobody is signed in any more: the password is needed (or, for a device, a new setup code). */
export class SignInNeeded extends Error {}

function claimsOf(accessToken) {
  const payload = accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The scanner's own id as lead-service records it: the staff id, else the device (account) id. */
export function scannerId(session) {
  return session ? session.staffId || session.account : null;
}

/** Whether the access token is valid (and not about to expire). */
export function isValid(session) {
  return Boolean(session && session.accessToken && session.expiresAt - MARGIN_MS > Date.now());
}

/** Whether a refresh token is kept that the server may still take. */
export function canRefresh(session) {
  return Boolean(session && session.refreshToken && (session.refreshExpiresAt || 0) > Date.now());
}

/** Signed in: a valid access token, or a refresh token to get one. */
export function isSignedIn(session) {
  return isValid(session) || canRefresh(session);
}

/**
 * The session of one app.
 * @param {string} app 'scan', 'dashboard' or 'console': names its storage key and its lock
 * @param {{device?: boolean, accept?: (session: object) => void}} options
 *   device: this app may be set up as a booth device (the scanner);
 *   accept: called with a new sign-in's session before it is kept; throws to refuse it
 */
export function createSession(app, { device = false, accept = () => {} } = {}) {
  const key = `expo.${app}.session`;
  const lockName = `expo.refresh.${app}`;
  /** Without Web Locks (older browsers), renewals are serialised within the page at least. */
  let pageLock = Promise.resolve();

  function current() {
    try {
      return JSON.parse(localStorage.getItem(key));
    } catch {
      return null;
    }
  }

  function sessionOf(answer, username) {
    const claims = claimsOf(answer.accessToken);
    const now = Date.now();
    return {
      accessToken: answer.accessToken,
      refreshToken: answer.refreshToken || null,
      refreshExpiresAt: answer.refreshToken ? now + (answer.refreshExpiresIn || 0) * 1000 : 0,
      obtainedAt: now,
      username,
      account: claims.sub,
      exhibitorId: claims.exhibitorId || null,
      staffId: claims.staffId || null,
      roles: claims.roles || [],
      expiresAt: claims.exp * 1000,
      /** The language the account keeps on the server (null until its holder chooses one). */
      language: answer.language || null,
    };
  }

  function keep(session) {
    localStorage.setItem(key, JSON.stringify(session));
    return session;
  }

  /** The session is over: its tokens go, who it was stays to fill the sign-in form. */
  function end() {
    const session = current();
    if (session) {
      keep({ ...session, accessToken: null, refreshToken: null, expiresAt: 0, refreshExpiresAt: 0 });
    }
  }

  function deviceOf() {
    if (!device) {
      return null;
    }
    try {
      return JSON.parse(localStorage.getItem(DEVICE_KEY));
    } catch {
      return null;
    }
  }

  /** Best effort: the server ends the refresh token's session; offline, it lapses on its own. */
  function endOnServer(refreshToken) {
    if (refreshToken) {
      api('/api/auth/sign-out', { method: 'POST', body: { refreshToken }, timeoutMs: 10000 }).catch(() => undefined);
    }
  }

  /** Signs in with a username and password (POST /api/auth/token). */
  async function signIn(username, password) {
    const answer = await api('/api/auth/token', { method: 'POST', body: { username, password } });
    const session = sessionOf(answer, username);
    try {
      accept(session);
    } catch (refused) {
      endOnServer(session.refreshToken);
      throw refused;
    }
    return keep(session);
  }

  function locked(work) {
    if (typeof navigator !== 'undefined' && navigator.locks && navigator.locks.request) {
      return navigator.locks.request(lockName, work);
    }
    const run = pageLock.then(work, work);
    pageLock = run.catch(() => undefined);
    return run;
  }

  /**
   * Trades the refresh token for a new pair, one renewal at a time across the app's tabs. Null when
   * the server refused it (the session is then over); NoAnswer when it could not be asked.
   */
  function refresh() {
    return locked(async () => {
      // Read again under the lock: another tab, or another call of this page, may have renewed already.
      const session = current();
      if (isValid(session)) {
        return session;
      }
      if (!canRefresh(session)) {
        return null;
      }
      let answer;
      try {
        answer = await api('/api/auth/refresh', { method: 'POST', body: { refreshToken: session.refreshToken } });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          end();
          return null;
        }
        // No answer, or a server that could not answer properly now: the session stays for a later try.
        throw error instanceof NoAnswer ? error : new NoAnswer(error);
      }
      return keep(sessionOf(answer, session.username));
    });
  }

  /**
   * A valid session: the stored one, renewed with its refresh token when its access token expired,
   * or for a booth device one signed in afresh with its secret. Null when someone has to sign in;
   * throws NoAnswer when a renewal could not reach the server (nothing is lost: try again later).
   */
  async function valid() {
    const session = current();
    if (isValid(session)) {
      return session;
    }
    if (canRefresh(session)) {
      const renewed = await refresh();
      if (renewed) {
        return renewed;
      }
    }
    const booth = deviceOf();
    if (booth) {
      return signIn(booth.deviceId, booth.deviceSecret);
    }
    return null;
  }

  /**
   * The server refused this access token (401). Answers whether a renewal may still help: a token
   * refused long after it was issued is dropped and its refresh token kept; one refused at once
   * means the account is refused, and the session ends.
   */
  function expire(accessToken) {
    const session = current();
    if (!session || !session.accessToken || (accessToken && session.accessToken !== accessToken)) {
      // Renewed since: the new token may well be taken.
      return isSignedIn(session) || Boolean(deviceOf());
    }
    if (Date.now() - (session.obtainedAt || 0) < FRESH_MS) {
      end();
    } else {
      keep({ ...session, accessToken: null, expiresAt: 0 });
    }
    return canRefresh(current()) || Boolean(deviceOf());
  }

  /**
   * Runs work(accessToken) with a valid token; when the server answers 401, once more with a renewed
   * one. Throws SignInNeeded when the session is over, NoAnswer when it could not be renewed now.
   */
  async function authorized(work) {
    const session = await valid();
    if (!session) {
      throw new SignInNeeded();
    }
    try {
      return await work(session.accessToken);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) {
        throw error;
      }
      const renewed = expire(session.accessToken) ? await valid() : null;
      if (!renewed) {
        throw new SignInNeeded();
      }
      try {
        return await work(renewed.accessToken);
      } catch (again) {
        if (again instanceof ApiError && again.status === 401) {
          expire(renewed.accessToken);
          throw new SignInNeeded();
        }
        throw again;
      }
    }
  }

  /** Forgets the session and ends it on the server (best effort); the scanner also forgets its device. */
  function signOut() {
    const session = current();
    localStorage.removeItem(key);
    if (device) {
      localStorage.removeItem(DEVICE_KEY);
    }
    endOnServer(session && session.refreshToken);
  }

  /**
   * Keeps the language the user chose with their account (PUT /api/auth/language), so every app
   * opens in it at their next sign-in, on any device, and their emails are written in it. Best
   * effort: signed out, or with no answer, the choice stays on this device only.
   */
  async function keepLanguage(language) {
    const session = current();
    if (!isSignedIn(session) || session.language === language) {
      return;
    }
    try {
      await authorized((token) => api('/api/auth/language', { method: 'PUT', body: { language }, token, timeoutMs: 10000 }));
      const now = current();
      if (now && now.account === session.account) {
        keep({ ...now, language });
      }
    } catch {
      // Kept on this device; the next switch tries again.
    }
  }

  const methods = { current, isValid, isSignedIn, canRefresh, valid, authorized, expire, signIn, signOut, keepLanguage };
  if (device) {
    Object.assign(methods, {
      isDevice() {
        return Boolean(localStorage.getItem(DEVICE_KEY));
      },
      /** Sets this browser up as a booth device with its one-time code (POST /api/devices/activate). */
      async activateDevice(setupCode) {
        const answer = await api('/api/devices/activate', { method: 'POST', body: { setupCode: setupCode.trim().toUpperCase() } });
        localStorage.setItem(DEVICE_KEY, JSON.stringify({
          deviceId: answer.deviceId, exhibitorId: answer.exhibitorId, deviceSecret: answer.deviceSecret,
        }));
        return keep(sessionOf(answer.token, answer.deviceId));
      },
    });
  }
  return methods;
}
