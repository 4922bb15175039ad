// The console's calls to the API, as the signed-in organizer. Any call may find the token expired
// (15 minutes), before leaving or by the server's 401: it then throws SignInNeeded, which the app
// answers by asking for the password and showing the same screen again.

import { ApiError, NoAnswer, api } from '../shared/api.js';
import * as organizer from './organizer.js';

export class SignInNeeded extends Error {}

function token() {
  const session = organizer.current();
  if (!organizer.isValid(session)) {
    throw new SignInNeeded();
  }
  return session.accessToken;
}

function refusedToken(error) {
  if (error instanceof ApiError && error.status === 401) {
    organizer.expire();
    return new SignInNeeded();
  }
  return error;
}

/** One JSON call (see api()); the body may be a string sent as is with its contentType. */
export async function call(path, options = {}) {
  try {
    return await api(path, { ...options, token: token() });
  } catch (error) {
    throw refusedToken(error);
  }
}

/** Every item of a cursor-paged list, page after page. */
export async function every(path, limit = 500) {
  const items = [];
  let cursor = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await call(`${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/**
 * A text answer that is not JSON, such as a badge's SVG: the token must travel as a header, which
 * an img element cannot send.
 */
export async function text(path, accept) {
  let response;
  try {
    response = await fetch(path, {
      headers: { Accept: accept, Authorization: `Bearer ${token()}` },
      cache: 'no-store',
      credentials: 'omit',
      signal: AbortSignal.timeout(20000),
    });
  } catch (failure) {
    throw failure instanceof SignInNeeded ? failure : new NoAnswer(failure);
  }
  const body = await response.text().catch(() => '');
  if (!response.ok) {
    let problem = null;
    try {
      problem = JSON.parse(body);
    } catch {
      problem = null;
    }
    throw refusedToken(new ApiError(response.status, problem));
  }
  return body;
}
