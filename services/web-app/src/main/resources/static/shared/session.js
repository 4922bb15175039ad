// Who is signed in: the access token from exhibitor-service and what it says (its claims), kept in
// this browser only. The web tier holds no session; the token travels as the Authorization header.
// A shared booth device also keeps the secret it got at setup, so it signs itself in again when its
// token expires; a staff member's password is never kept.

import { api } from './api.js';

const SESSION_KEY = 'expo.session';
const DEVICE_KEY = 'expo.device';
/** A token this close to its expiry is treated as expired, so a request never leaves with a dying one. */
const MARGIN_MS = 30000;

function claimsOf(accessToken) {
  const payload = accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = decodeURIComponent(Array.from(atob(payload), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
  return JSON.parse(json);
}

function store(accessToken, username) {
  const claims = claimsOf(accessToken);
  const session = {
    accessToken,
    username,
    account: claims.sub,
    exhibitorId: claims.exhibitorId || null,
    staffId: claims.staffId || null,
    roles: claims.roles || [],
    expiresAt: claims.exp * 1000,
  };
  localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

/** The stored session, expired or not, or null. */
export function current() {
  try {
    return JSON.parse(localStorage.getItem(SESSION_KEY));
  } catch {
    return null;
  }
}

export function isValid(session) {
  return Boolean(session && session.expiresAt - MARGIN_MS > Date.now());
}

/** The scanner's own id as lead-service records it: the staff id, else the device (account) id. */
export function scannerId(session) {
  return session ? session.staffId || session.account : null;
}

export function isDevice() {
  return Boolean(localStorage.getItem(DEVICE_KEY));
}

/** Signs in with a username and password (POST /api/auth/token). */
export async function signIn(username, password) {
  const answer = await api('/api/auth/token', { method: 'POST', body: { username, password } });
  return store(answer.accessToken, username);
}

/** Sets this browser up as a booth device with its one-time code (POST /api/devices/activate). */
export async function activateDevice(setupCode) {
  const answer = await api('/api/devices/activate', { method: 'POST', body: { setupCode: setupCode.trim().toUpperCase() } });
  localStorage.setItem(DEVICE_KEY, JSON.stringify({
    deviceId: answer.deviceId, exhibitorId: answer.exhibitorId, deviceSecret: answer.deviceSecret,
  }));
  return store(answer.token.accessToken, answer.deviceId);
}

/**
 * A valid session: the stored one, or for a booth device a fresh one signed in with its secret.
 * Null when someone has to sign in.
 */
export async function valid() {
  const session = current();
  if (isValid(session)) {
    return session;
  }
  const device = JSON.parse(localStorage.getItem(DEVICE_KEY) || 'null');
  if (!device) {
    return null;
  }
  return signIn(device.deviceId, device.deviceSecret);
}

/** Forgets the token (and, for a device, its secret: it then needs a new setup code). */
export function signOut() {
  localStorage.removeItem(SESSION_KEY);
  localStorage.removeItem(DEVICE_KEY);
}
