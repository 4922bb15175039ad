// Calls to the Expo Leads API through the web tier (same origin), as JSON.
// Why a module of its own: every web app needs the same three outcomes kept apart, because each
// calls for a different reaction: an answer (2xx), a refusal the server explained (an RFC 9457
// problem detail, with its `reason` when it has one), and no answer at all (offline, timed out).

/** Says a refusal in the page's language; the app's translator registers it (i18n.js). */
let describe = (problem, status) => (problem && (problem.detail || problem.title)) || `HTTP ${status}`;

/** The page's words for refusals: (problem, status, {withFields}) => text. */
export function describeRefusalsWith(describer) {
  describe = describer;
}

/**
 * The server answered with an error status; `problem` is its problem detail when it sent one.
 * Its message is the refusal in the page's language (by its `reason`), read when shown, so a
 * language switch says it anew.
 */
export class ApiError extends Error {
  constructor(status, problem, retryAfter = null) {
    super();
    this.status = status;
    this.problem = problem || {};
    /** Seconds the server asked to wait (429, 503), when it said. */
    this.retryAfter = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
  }

  get reason() {
    return this.problem.reason || null;
  }

  /** The refusal in the page's language, the fields at fault included. */
  get message() {
    return describe(this.problem, this.status);
  }

  /** The refusal in the page's language, without its fields (shown next to them). */
  get summary() {
    return describe(this.problem, this.status, { withFields: false });
  }
}

/** No answer: the network is down, the server unreachable, or it took too long. */
export class NoAnswer extends Error {
  constructor(cause) {
    super(cause && cause.message ? cause.message : 'no answer');
    this.cause = cause;
  }
}

/**
 * Sends one request and answers the parsed JSON body (null when empty).
 * @param {string} path an absolute path such as /api/scans
 * @param {{method?: string, body?: any, token?: string, headers?: object, contentType?: string, timeoutMs?: number}} options
 *   headers: more request headers (a visitor's session travels in its own header, not as a bearer token)
 */
export async function api(path, { method = 'GET', body, token, headers: extra = {}, contentType = 'application/json', timeoutMs = 20000 } = {}) {
  const headers = { Accept: 'application/json, application/problem+json', ...extra };
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
      cache: 'no-store',
      credentials: 'omit',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (failure) {
    throw new NoAnswer(failure);
  }
  const text = await response.text().catch(() => '');
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    throw new ApiError(response.status, json, response.headers.get('Retry-After'));
  }
  return json;
}

/**
 * Why a sign-in was refused, as a message key of the app and its values, in the page's language
 * (the server's own words are English): a wrong password, or too many failures for a while.
 * Null when the refusal is another one, whose server detail the app shows.
 */
export function signInRefusal(error) {
  if (!(error instanceof ApiError)) {
    return null;
  }
  if (error.status === 401) {
    return { key: 'signInWrong', values: {} };
  }
  if (error.status === 429) {
    return { key: 'signInThrottled', values: { seconds: error.retryAfter || 60 } };
  }
  return null;
}
