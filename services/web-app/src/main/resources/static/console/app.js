// The organizer console: sign in, then the editions and, for each, its applications, booths and
// visitors. Screens are addressed by the URL's fragment (#/editions/{id}/applications...), so the
// browser's back button, a reload and a bookmark all land on the same screen; each screen reads
// what it shows from the API when it opens.

import { ApiError, NoAnswer, signInRefusal } from '../shared/api.js';
import { createTranslator } from '../shared/i18n.js';
import { fieldLabel } from '../shared/refusals.js';
import { renderApplication, renderApplications } from './applications.js';
import { renderAttendees } from './attendees.js';
import { renderAudit } from './audit.js';
import { renderUnsentScans } from './unsent-scans.js';
import { renderBooths } from './booths.js';
import { SignInNeeded, call, every, text } from './client.js';
import { fieldError, h } from '../shared/dom.js';
import { renderEditionForm, renderEditions } from './editions.js';
import { messages } from './messages.js';
import * as organizer from './organizer.js';
import { onSubmitOnce } from '../shared/forms.js';
import { fieldMessage } from '../shared/field-messages.js';

const i18n = createTranslator(messages);
const { t } = i18n;
const $ = (id) => document.getElementById(id);

/** An edition's sections: the fragment's third part, and the words of its tab. */
const TABS = [['', 'tabDetails'], ['applications', 'tabApplications'], ['booths', 'tabBooths'], ['attendees', 'tabAttendees'],
  ['audit', 'tabAudit'], ['unsent-scans', 'tabUnsentScans']];

/** Said on the next screen: what the last action did. */
let announcement = null;
let renders = 0;

/** What every screen is given: words, the API as the organizer, and the way to other screens. */
const ctx = {
  t,
  get language() {
    return i18n.language;
  },
  /** The locale numbers and dates are written in. */
  get locale() {
    return i18n.locale;
  },
  call,
  every,
  text,
  /** Shows the screen of that fragment, again if it is the current one. */
  navigate(hash) {
    if (window.location.hash === hash) {
      render();
    } else {
      window.location.hash = hash;
    }
  },
  announce(message) {
    announcement = message;
  },
  /**
   * Says why an action failed, in `target`; field errors go next to their fields when `controls`
   * has them (by the field's name in the request). An expired session asks for the password.
   */
  failed(error, target, { controls = {} } = {}) {
    if (error instanceof SignInNeeded) {
      askSignIn(true);
      return;
    }
    if (error instanceof NoAnswer) {
      target.textContent = t('noAnswer');
      return;
    }
    if (error instanceof ApiError) {
      const unplaced = [];
      for (const problem of error.problem.errors || []) {
        const name = String(problem.field).split(/[.[]/)[0];
        const control = controls[name];
        // A part of a field (halls[2]) is named beside its field, counted as people count.
        const where = fieldLabel(problem.field, t, i18n.language);
        if (control) {
          fieldError(control, name === problem.field ? fieldMessage(problem.message) : `${where}: ${fieldMessage(problem.message)}`);
        } else {
          unplaced.push(t('fieldProblem', { field: where, message: fieldMessage(problem.message) }));
        }
      }
      target.textContent = t('problem', { detail: [error.summary, ...unplaced].join(' ') });
      return;
    }
    target.textContent = t('problem', { detail: error.message });
  },
};

function parse(hash) {
  const [path, query] = (hash.replace(/^#/, '') || '/').split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query || '') };
}

async function render() {
  const ticket = ++renders;
  renderSignedIn();
  if (!organizer.isSignedIn(organizer.current())) {
    askSignIn(Boolean(organizer.current()));
    return;
  }
  $('sign-in').hidden = true;
  $('view').hidden = false;
  // What the last action did is said once the screen it led to is drawn.
  const said = announcement;
  announcement = null;
  $('notice').textContent = '';
  const view = h('div', { class: 'view' });
  const loading = h('p', { class: 'help', role: 'status' }, t('loading'));
  view.append(loading);
  $('view').replaceChildren(view);
  $('view').setAttribute('aria-busy', 'true');
  try {
    await route(view);
  } catch (error) {
    if (ticket === renders) {
      const problem = h('p', { class: 'error', role: 'alert' });
      view.append(problem);
      ctx.failed(error, problem);
    }
  } finally {
    loading.remove();
    if (ticket === renders) {
      $('view').removeAttribute('aria-busy');
      $('notice').textContent = said || '';
      document.body.dataset.ready = 'true';
    }
  }
  if (ticket === renders && document.body.dataset.rendered) {
    const heading = view.querySelector('h2');
    if (heading) {
      heading.focus();
    }
  }
  document.body.dataset.rendered = 'true';
}

async function route(view) {
  const { parts, query } = parse(window.location.hash);
  if (parts.length === 0) {
    return renderEditions(ctx, view);
  }
  if (parts[0] === 'editions' && parts[1] === 'new' && parts.length === 2) {
    return renderEditionForm(ctx, view, null);
  }
  if (parts[0] === 'editions' && parts[1]) {
    const edition = await call(`/api/editions/${encodeURIComponent(parts[1])}`);
    const tab = parts[2] || '';
    const body = h('div', { class: 'tab-body' });
    view.append(editionHead(edition, tab), body);
    switch (tab) {
      case '':
        return renderEditionForm(ctx, body, edition);
      case 'applications':
        return parts[3] ? renderApplication(ctx, body, edition, parts[3]) : renderApplications(ctx, body, edition, query);
      case 'booths':
        return renderBooths(ctx, body, edition);
      case 'attendees':
        return renderAttendees(ctx, body, edition);
      case 'audit':
        return renderAudit(ctx, body, edition);
      case 'unsent-scans':
        return renderUnsentScans(ctx, body, edition);
      default:
        break;
    }
  }
  window.location.replace('#/');
  return undefined;
}

/** The edition's name and dates, and the links to its sections. */
function editionHead(edition, current) {
  const base = `#/editions/${encodeURIComponent(edition.id)}`;
  const dates = new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'medium', timeZone: 'UTC' })
    .formatRange(Date.parse(`${edition.startDate}T00:00:00Z`), Date.parse(`${edition.endDate}T00:00:00Z`));
  return h('div', { class: 'edition-head' },
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, t('editionsTitle')), ' / ',
      h('strong', { dir: 'auto', id: 'edition-name' }, edition.name)),
    h('p', { class: 'help' }, h('span', { dir: 'auto' }, edition.venue), ` · ${dates} · ${edition.timeZone}`),
    h('nav', { 'aria-label': t('editionSections') },
      h('ul', { class: 'tabs-nav' }, TABS.map(([tab, key]) => h('li', {},
        h('a', { href: tab ? `${base}/${tab}` : base, id: `tab-${tab || 'details'}`, 'aria-current': tab === current ? 'page' : null }, t(key)))))));
}

// ---- signing in --------------------------------------------------------------------------------

function renderSignedIn() {
  const session = organizer.current();
  const signedIn = organizer.isSignedIn(session);
  $('signed-in-as').textContent = signedIn ? t('signedInAs', { name: session.username }) : '';
  $('sign-out').hidden = !signedIn;
}

/** Shows the sign-in form; the screen behind it comes back once signed in. */
function askSignIn(expired) {
  const session = organizer.current();
  renderSignedIn();
  $('view').hidden = true;
  $('notice').textContent = '';
  $('sign-in').hidden = false;
  $('sign-in-notice').hidden = !expired;
  $('sign-in-error').textContent = '';
  $('username').value = (session && session.username) || $('username').value;
  $('password').value = '';
  (expired && $('username').value ? $('password') : $('username')).focus();
  document.body.dataset.ready = 'true';
}

/**
 * On a device where no language was chosen yet, the console opens in the one the organizer's
 * account keeps, once they sign in; a choice made on this device stays.
 */
function followAccountLanguage(who) {
  if (who && who.language && !i18n.chosenHere && who.language !== i18n.language) {
    $('language').value = who.language;
    $('language').dispatchEvent(new Event('change'));
  }
}

async function signIn(event) {
  event.preventDefault();
  $('sign-in-error').textContent = '';
  try {
    const who = await organizer.signIn($('username').value.trim(), $('password').value);
    $('password').value = '';
    followAccountLanguage(who);
    await render();
  } catch (error) {
    $('password').value = '';
    if (error instanceof organizer.NotOrganizer) {
      $('sign-in-error').textContent = t('notOrganizer');
    } else if (error instanceof NoAnswer) {
      $('sign-in-error').textContent = t('noAnswer');
    } else {
      const refusal = signInRefusal(error);
      $('sign-in-error').textContent = refusal ? t(refusal.key, refusal.values) : t('signInFailed', { detail: error.message });
    }
    $('password').focus();
  }
}

// ---- wiring ------------------------------------------------------------------------------------

function start() {
  i18n.apply();
  i18n.picker($('language'));
  $('language').addEventListener('change', () => {
    i18n.use($('language').value);
    organizer.keepLanguage(i18n.language);
    i18n.apply();
    if ($('sign-in').hidden) {
      render();
    } else {
      renderSignedIn();
    }
  });
  onSubmitOnce($('sign-in-form'), signIn);
  $('sign-out').addEventListener('click', () => {
    organizer.signOut();
    askSignIn(false);
  });
  // The skip link moves the focus; following it would change the fragment, which names screens.
  $('skip').addEventListener('click', (event) => {
    event.preventDefault();
    $('content').focus();
  });
  window.addEventListener('hashchange', render);
  render();
}

start();
