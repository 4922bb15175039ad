// The organizer signed in to the console: the access token and when it expires, kept in this
// browser only. Its own storage key, not the shared session's: a phone or a desk used for the booth
// scanner keeps its staff member signed in there while the organizer uses the console, and the
// reverse. The password is never kept; a token that expires asks for it again.

import { api } from '../shared/api.js';

const KEY = 'expo.console.session';
/** A token this close to its expiry is treated as expired, so no request leaves with a dying one. */
const MARGIN_MS = 30000;

/** The account is not the organizer's: the console would only meet refusals. */
export class NotOrganizer extends Error {}

function claimsOf(accessToken) {
  const payload = accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The stored session, expired or not, or null. */
export function current() {
  try {
    return JSON.parse(localStorage.getItem(KEY));
  } catch {
    return null;
  }
}

export function isValid(session) {
  return Boolean(session && session.accessToken && session.expiresAt - MARGIN_MS > Date.now());
}

/** Signs in (POST /api/auth/token) and keeps the token if it carries the ORGANIZER role. */
export async function signIn(username, password) {
  const answer = await api('/api/auth/token', { method: 'POST', body: { username, password } });
  const claims = claimsOf(answer.accessToken);
  if (!(claims.roles || []).includes('ORGANIZER')) {
    throw new NotOrganizer();
  }
  const session = { accessToken: answer.accessToken, username, expiresAt: claims.exp * 1000 };
  localStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

/** The server no longer takes the token: forget it, keep who it was to fill the sign-in form. */
export function expire() {
  const session = current();
  localStorage.setItem(KEY, JSON.stringify({ username: session ? session.username : '', expiresAt: 0 }));
}

export function signOut() {
  localStorage.removeItem(KEY);
}
