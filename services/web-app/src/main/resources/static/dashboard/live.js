// The exhibitor's lead changes as they happen: lead-service's server-sent events, read with fetch.
// Why not EventSource: it cannot send the Authorization header, and the token must not go in the URL
// (URLs end up in logs and histories). So the stream is read here, parsed as the HTML standard
// says, and opened again after a break, waiting longer each time the server cannot be reached.

const RETRY_MS = [1000, 2000, 5000, 10000, 30000];

/**
 * A parser of text/event-stream: feed it text as it arrives, it calls onEvent(name, data, id) for
 * each complete event and onActivity() for anything at all (comments included: the heartbeat).
 */
export function createEventParser(onEvent, onActivity = () => {}) {
  let buffer = '';
  let name = '';
  let data = [];
  let id = null;

  function line(text) {
    if (text === '') {
      if (data.length) {
        onEvent(name || 'message', data.join('\n'), id);
      }
      name = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) {
      return;
    }
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'event') {
      name = value;
    } else if (field === 'data') {
      data.push(value);
    } else if (field === 'id') {
      id = value;
    }
  }

  return function push(chunk) {
    onActivity();
    buffer += chunk;
    let end = buffer.search(/\r\n|\r|\n/);
    while (end >= 0) {
      // A \r at the very end may be the first half of \r\n: wait for the next chunk.
      if (buffer[end] === '\r' && end === buffer.length - 1) {
        break;
      }
      const breakLength = buffer[end] === '\r' && buffer[end + 1] === '\n' ? 2 : 1;
      line(buffer.slice(0, end));
      buffer = buffer.slice(end + breakLength);
      end = buffer.search(/\r\n|\r|\n/);
    }
  };
}

/**
 * Keeps a stream open while the page wants it. The token is asked for at each connection, so one
 * renewed meanwhile is used; when the server ends the stream because the token expired, it opens
 * again with a renewed one.
 * @param {{url: string, token: () => Promise<string|null>, refused?: (token: string) => boolean,
 *          onEvent: (name: string, data: any) => void, onState: (state: string, detail?: string) => void}} options
 *   token: a valid token, null when the session is over (may throw when it cannot be renewed now);
 *   refused: the server refused that token (401): answers whether a renewed one may be tried;
 *   states: 'connecting', 'live', 'retrying', 'expired' (sign in again), 'refused' (403/404, or
 *   the server ended the stream because the member left the team or opened too many), 'closed'
 */
export function openLiveStream({ url, token, refused = () => false, onEvent, onState }) {
  let closed = false;
  let attempt = 0;
  let controller = null;
  let retryTimer = null;
  let idleTimer = null;
  let idleMs = 45000;

  function armIdle() {
    clearTimeout(idleTimer);
    // Three heartbeats missed: the connection is dead even if the network did not say so.
    idleTimer = setTimeout(() => controller && controller.abort(), idleMs);
  }

  function retry() {
    if (closed) {
      return;
    }
    const wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)];
    attempt += 1;
    onState('retrying');
    retryTimer = setTimeout(connect, wait);
  }

  async function connect() {
    if (closed) {
      return;
    }
    let bearer;
    try {
      bearer = await token();
    } catch {
      // The token could not be renewed now (no network): tried again later.
      retry();
      return;
    }
    if (closed) {
      return;
    }
    if (!bearer) {
      onState('expired');
      return;
    }
    onState('connecting');
    controller = new AbortController();
    let ending = null;
    try {
      const response = await fetch(url, {
        headers: { Authorization: `Bearer ${bearer}`, Accept: 'text/event-stream' },
        cache: 'no-store',
        credentials: 'omit',
        signal: controller.signal,
      });
      if (response.status === 401) {
        if (refused(bearer)) {
          retry();
        } else {
          onState('expired');
        }
        return;
      }
      if (response.status === 403 || response.status === 404) {
        const problem = await response.json().catch(() => ({}));
        onState('refused', problem.reason || `HTTP_${response.status}`);
        return;
      }
      if (!response.ok || !response.body) {
        retry();
        return;
      }
      const push = createEventParser((name, data) => {
        let parsed = data;
        try {
          parsed = JSON.parse(data);
        } catch {
          // Not JSON: passed on as text.
        }
        if (name === 'ready') {
          attempt = 0;
          idleMs = Math.max(10, (parsed.heartbeatSeconds || 15) * 3) * 1000;
          armIdle();
          onState('live');
        }
        if (name === 'end') {
          ending = parsed.reason;
        }
        onEvent(name, parsed);
      }, armIdle);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      armIdle();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        push(value);
      }
    } catch {
      // Network gone, or aborted as idle: tried again below, unless closed.
    } finally {
      clearTimeout(idleTimer);
    }
    if (closed) {
      return;
    }
    if (ending === 'TOKEN_EXPIRED') {
      // Opened again at once, with the token renewed by then.
      connect();
    } else if (['STAFF_REVOKED', 'DEVICE_REVOKED', 'TOO_MANY_STREAMS'].includes(ending)) {
      onState('refused', ending);
    } else {
      retry();
    }
  }

  connect();
  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      clearTimeout(idleTimer);
      if (controller) {
        controller.abort();
      }
      onState('closed');
    },
  };
}
