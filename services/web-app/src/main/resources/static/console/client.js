// The console's calls to the API, as the signed-in organizer. The token (15 minutes) is renewed
// silently with the refresh token; when the session is over (the refresh token refused), a call
// throws SignInNeeded, which the app answers by asking for the password and showing the same
// screen again.

import { ApiError, NoAnswer, api } from '../shared/api.js';
import { SignInNeeded } from '../shared/session.js';
import * as organizer from './organizer.js';

export { SignInNeeded };

/** One JSON call (see api()); the body may be a string sent as is with its contentType. */
export function call(path, options = {}) {
  return organizer.authorized((token) => api(path, { ...options, token }));
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
export function text(path, accept) {
  return organizer.authorized(async (token) => {
    let response;
    try {
      response = await fetch(path, {
        headers: { Accept: accept, Authorization: `Bearer ${token}` },
        cache: 'no-store',
        credentials: 'omit',
        signal: AbortSignal.timeout(20000),
      });
    } catch (failure) {
      throw new NoAnswer(failure);
    }
    const body = await response.text().catch(() => '');
    if (!response.ok) {
      let problem = null;
      try {
        problem = JSON.parse(body);
      } catch {
        problem = null;
      }
      throw new ApiError(response.status, problem);
    }
    return body;
  });
}
