// "No badge? Find the visitor": a booth searches its edition's directory (online only) for a
// visitor whose badge cannot be read, and takes the lead on the one picked, as if scanned.

import { ApiError, NoAnswer, api } from '../shared/api.js';

/**
 * @param t         the translator
 * @param session   the scanner's session (its token, its exhibitor)
 * @param elements  {open, panel, form, query, search, status, results, cancel}
 * @param picked    called with the attendee picked from the results: the lead is taken on them
 * @param closed    called when the search is left without a pick
 */
export function createLookup({ t, session, elements, picked, closed }) {
  const el = elements;
  /** The last answer, kept so a change of language can say it again. */
  let said = null;

  function say(key, values = {}, tone = 'info') {
    said = { key, values, tone };
    el.status.textContent = t(key, values);
    el.status.className = `notice notice-${tone}`;
  }

  function renderOnline() {
    const online = navigator.onLine;
    el.query.disabled = !online;
    el.search.disabled = !online;
    if (!online) {
      el.results.replaceChildren();
      say('lookupOffline', {}, 'warn');
    } else if (said && said.key === 'lookupOffline') {
      say('lookupHelp');
    }
  }

  function open() {
    el.panel.hidden = false;
    el.open.setAttribute('aria-expanded', 'true');
    el.results.replaceChildren();
    el.query.value = '';
    say('lookupHelp');
    renderOnline();
    (navigator.onLine ? el.query : el.status).focus();
  }

  function close() {
    el.panel.hidden = true;
    el.open.setAttribute('aria-expanded', 'false');
    el.results.replaceChildren();
    said = null;
  }

  function describe(found) {
    const name = [found.firstName, found.lastName].filter(Boolean).join(' ');
    const more = [found.company, found.jobTitle, found.registrationId].filter(Boolean).join(' · ');
    return { name: name || found.registrationId || '', more };
  }

  function renderResults(results) {
    el.results.replaceChildren(...results.map((found) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'lookup-result';
      const { name, more } = describe(found);
      const strong = document.createElement('strong');
      strong.dir = 'auto';
      strong.textContent = name;
      const detail = document.createElement('span');
      detail.dir = 'auto';
      detail.textContent = more;
      button.append(strong, document.createElement('br'), detail);
      button.setAttribute('aria-label', t('lookupTake', { name: [name, more].filter(Boolean).join(', ') }));
      button.addEventListener('click', () => {
        close();
        picked(found);
      });
      item.append(button);
      return item;
    }));
  }

  async function search(event) {
    event.preventDefault();
    const query = el.query.value.trim();
    if (query.replace(/\s/g, '').length < 3) {
      say('lookupTooShort', {}, 'error');
      el.query.focus();
      return;
    }
    if (!navigator.onLine) {
      renderOnline();
      return;
    }
    say('lookupSearching');
    el.search.disabled = true;
    try {
      const who = await session.valid();
      if (!who || !who.exhibitorId) {
        say('lookupSignIn', {}, 'error');
        return;
      }
      // The query travels in the body, never in the URL: it is personal data.
      const answer = await api(`/api/exhibitors/${encodeURIComponent(who.exhibitorId)}/directory/search`, {
        method: 'POST', body: { query }, token: who.accessToken,
      });
      const results = answer.results || [];
      renderResults(results);
      say(results.length ? 'lookupFound' : 'lookupNone', { count: results.length }, results.length ? 'ok' : 'warn');
      // The keyboard and the screen reader land on what was found, or on what to do next.
      const first = el.results.querySelector('button');
      (first || el.query).focus();
    } catch (error) {
      el.results.replaceChildren();
      if (error instanceof NoAnswer) {
        say('lookupOffline', {}, 'warn');
      } else if (error instanceof ApiError && error.reason === 'TOO_MANY_SEARCHES') {
        say('lookupThrottled', {}, 'error');
      } else if (error instanceof ApiError && (error.reason === 'QUERY_TOO_SHORT' || error.reason === 'QUERY_TOO_LONG')) {
        say(error.reason === 'QUERY_TOO_SHORT' ? 'lookupTooShort' : 'lookupTooLong', {}, 'error');
      } else {
        say('problem', { detail: error.message }, 'error');
      }
      el.status.focus();
    } finally {
      el.search.disabled = !navigator.onLine;
    }
  }

  el.open.addEventListener('click', () => (el.panel.hidden ? open() : close()));
  el.form.addEventListener('submit', search);
  el.cancel.addEventListener('click', () => {
    close();
    closed();
  });
  window.addEventListener('online', renderOnline);
  window.addEventListener('offline', renderOnline);

  return {
    close,
    /** Says the last answer again in the language just chosen. */
    relabel() {
      if (said) {
        say(said.key, said.values, said.tone);
      }
    },
  };
}
