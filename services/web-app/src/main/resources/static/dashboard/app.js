// The exhibitor dashboard: sign-in, the pages (leads, one lead, team, settings, deliveries) by the
// address's #fragment, so the back button and bookmarks work, and the live stream that keeps the
// counters and the leads table current. The exhibitor's admin sees every page; its staff see the
// leads (which the API lets them read, qualify and export) and nothing of the admin's pages.
// Before any of that, a company applies for a booth (#apply, or #apply/<editionId> from the
// organizer's link), and its admin sees only "Your application" until the organizer approves it.

import { ApiError, NoAnswer, api, signInRefusal } from '../shared/api.js';
import { createTranslator } from '../shared/i18n.js';
import { SignInNeeded, createSession } from '../shared/session.js';
import { createApplicationPage } from './application.js';
import { createApplyPage } from './apply.js';
import { $ } from '../shared/dom.js';
import { createDeliveryLog } from './deliveries.js';
import { createDevices } from './devices.js';
import { createExporter } from './export.js';
import { createFormEditor } from './form-editor.js';
import { createLeadPage } from './lead.js';
import { createLeadList } from './leads.js';
import { openLiveStream } from './live.js';
import { messages } from './messages.js';
import { createNotificationSettings } from './notifications.js';
import { createOverview } from './overview.js';
import { createTeamPage } from './team.js';
import { createScanners } from './scanners.js';
import { createWebhooks } from './webhooks.js';
import { onSubmitOnce } from '../shared/forms.js';

const i18n = createTranslator(messages);
const { t } = i18n;
const ROLES = ['EXHIBITOR_ADMIN', 'STAFF'];
const ADMIN_PAGES = ['team', 'settings', 'deliveries'];
const PAGES = ['sign-in', 'apply', 'application', 'leads', 'lead', 'team', 'settings', 'deliveries'];
/** Pages the address cannot name directly once signed in: they come from the state of things. */
const OWN_ROUTES = ['sign-in', 'apply', 'application'];
/** The dashboard's own session: signing in or out here leaves the scanner's alone. */
const session = createSession('dashboard');

let live = null;
let liveState = 'closed';
let liveDetail = null;
let formCache = null;
let signedIn = false;

/** What every page needs: the caller, the API with their token, the team's names, words. */
const ctx = {
  t,
  get language() {
    return i18n.language;
  },
  /** The locale numbers and dates are written in. */
  get locale() {
    return i18n.locale;
  },
  exhibitorId: null,
  isAdmin: false,
  /** The exhibitor while its admin waits for the organizer's approval (not APPROVED), else null. */
  application: null,
  get signedIn() {
    return signedIn;
  },
  /** Display names of the team's staff and devices, by id. */
  names: {},
  nameOf(id, fallback) {
    return (id && ctx.names[id]) || fallback || id || '';
  },
  /** The id lead-service files this person's notes under: the staff id, else the account. */
  authorId() {
    const who = session.current();
    return who ? who.staffId || who.account : null;
  },
  /** The session with a valid token, renewed if need be; null (and asked to sign in again) when it is over. */
  async validSession() {
    let who;
    try {
      who = await session.valid();
    } catch (error) {
      // The token could not be renewed now (no answer): the session stays, this action does not happen.
      $('problem').textContent = ctx.problemText(error);
      return null;
    }
    if (!who) {
      expire();
    }
    return who;
  },
  /** An API call with the signed-in token, renewed when it expires; a session that is over asks to sign in again. */
  async call(path, options = {}) {
    try {
      return await session.authorized((token) => api(path, { ...options, token }));
    } catch (error) {
      if (error instanceof SignInNeeded) {
        expire();
        throw new ApiError(401, { detail: t('sessionExpired') });
      }
      throw error;
    }
  },
  problemText(error) {
    if (error instanceof NoAnswer) {
      return t('noAnswer');
    }
    // The refusal by its reason, with the fields at fault, in the page's language.
    return t('problem', { detail: error.message });
  },
  /** The exhibitor's current qualification form, read once (again when asked fresh). */
  async form(fresh = false) {
    if (!formCache || fresh) {
      formCache = await ctx.call(`/api/exhibitors/${encodeURIComponent(ctx.exhibitorId)}/qualification-form`);
    }
    return formCache;
  },
  formChanged(form) {
    formCache = form;
  },
  expectedLeads() {
    return overview.stats ? overview.stats.totalLeads : 0;
  },
  expire,
};

const overview = createOverview(ctx, {
  leads: $('count-leads'), scans: $('count-scans'), hot: $('count-hot'), followUps: $('count-follow-ups'),
  perHour: $('chart-per-hour'), perStaff: $('chart-per-staff'), byRating: $('chart-by-rating'),
});
const leadList = createLeadList(ctx, {
  filters: $('lead-filters'), body: $('leads-body'), table: $('leads-table'), more: $('leads-more'),
  status: $('leads-status'), pending: $('leads-pending'),
});
createExporter(ctx, {
  csv: $('export-csv'), xlsx: $('export-xlsx'), sinceLast: $('export-since-last'), progress: $('export-progress'),
  bar: $('export-bar'), text: $('export-text'), cancel: $('export-cancel'),
});
const leadPage = createLeadPage(ctx, {
  status: $('lead-status'), content: $('lead-content'), heading: $('lead-title'), visitor: $('lead-visitor'),
  scans: $('lead-scans'), notes: $('lead-notes'), form: $('lead-form'), rating: $('lead-rating'),
  questions: $('lead-questions'), olderAnswers: $('lead-older-answers'), tags: $('lead-tags'), newTags: $('lead-new-tags'),
  followUp: $('lead-follow-up'), note: $('lead-note'), saved: $('lead-saved'),
});
const teamPage = createTeamPage(ctx, {
  status: $('team-status'), seats: $('team-seats'), meter: $('team-meter'), full: $('team-full'), staff: $('team-staff'),
  pending: $('team-pending'), invite: $('invite-form'), result: $('team-result'),
  inviteErrors: { email: $('invite-email-error'), name: $('invite-name-error') },
});
const devices = createDevices(ctx, {
  list: $('devices-list'), status: $('devices-status'), result: $('devices-result'), add: $('device-form'),
  nameError: $('device-name-error'), setup: $('setup-box'), setupTitle: $('setup-title'), setupIntro: $('setup-intro'),
  setupCode: $('setup-code'), setupDone: $('setup-done'),
});
const scanners = createScanners(ctx, {
  list: $('scanners-list'), status: $('scanners-status'), summary: $('scanners-stuck'),
});
const formEditor = createFormEditor(ctx, {
  form: $('form-editor'), list: $('form-questions'), add: $('form-add'), version: $('form-version'), status: $('form-status'),
  result: $('form-result'), empty: $('form-empty'),
});
const notificationSettings = createNotificationSettings(ctx, {
  form: $('notification-form'), status: $('notifications-status'), result: $('notifications-result'), hotRule: $('hot-rule'),
  dailyTime: $('digest-daily-time'), answerSlot: $('hot-answer-slot'),
  errors: { salesEmails: $('sales-emails-error'), alertOn: $('alert-on-error'), hotLead: $('hot-lead-error'), digestTime: $('digest-time-error') },
});
const webhooks = createWebhooks(ctx, {
  list: $('webhooks-list'), status: $('webhooks-status'), result: $('webhooks-result'), add: $('webhook-form'),
  urlError: $('webhook-url-error'), secretBox: $('secret-box'), secretIntro: $('secret-intro'), secret: $('secret-value'),
  copy: $('secret-copy'), done: $('secret-done'), copied: $('secret-copied'),
});
const applyPage = createApplyPage(ctx, {
  form: $('apply-form'), fields: $('apply-fields'), edition: $('apply-edition'), editionDetails: $('apply-edition-details'),
  editionError: $('apply-edition-error'), status: $('apply-status'), linkNote: $('apply-link-note'),
  error: $('apply-error'), progress: $('apply-progress'), signIn: $('apply-sign-in'), buttons: [$('apply-send'), $('apply-draft')],
}, {
  /** The new account signs in to the dashboard's own session (the scanner's, in this browser, stays). */
  signIn: (username, password) => session.signIn(username, password),
  async applied(message) {
    const who = session.current();
    history.replaceState(null, '', '#application');
    if (ctx.exhibitorId && ctx.exhibitorId !== who.exhibitorId) {
      // Another exhibitor's account was signed in here: nothing of it may stay on the page.
      location.reload();
      return;
    }
    applicationPage.tell(message);
    await enter();
  },
  signInNeeded(email, message) {
    history.replaceState(null, '', '#leads');
    $('username').value = email;
    $('sign-in-note').textContent = message;
    showPage('sign-in');
    $('password').focus();
  },
});
const applicationPage = createApplicationPage(ctx, {
  status: $('application-status'), edition: $('application-edition'), state: $('application-state'),
  stateTitle: $('application-state-title'), stateText: $('application-state-text'), reason: $('application-reason'),
  reasonText: $('application-reason-text'), result: $('application-result'), actions: $('application-actions'),
  submit: $('application-submit'), withdraw: $('application-withdraw'), form: $('profile-form'), fields: $('profile-fields'),
  fieldset: $('profile-fieldset'), profileHelp: $('profile-help'), save: $('profile-save'), formError: $('profile-error'),
}, {
  changed(exhibitor) {
    ctx.application = exhibitor.status === 'APPROVED' ? null : exhibitor;
  },
});
const deliveryLog = createDeliveryLog(ctx, {
  filters: $('delivery-filters'), body: $('deliveries-body'), more: $('deliveries-more'), status: $('deliveries-status'),
  result: $('deliveries-result'),
});

// ---- pages ---------------------------------------------------------------------------------

function showPage(name) {
  PAGES.forEach((page) => {
    $(`page-${page}`).hidden = page !== name;
  });
  document.querySelectorAll('#nav a').forEach((link) => {
    const current = link.dataset.page === name || (name === 'lead' && link.dataset.page === 'leads');
    if (current) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  });
  document.body.dataset.page = name;
}

/** The page the address names: #leads (the default), #lead/<id>, #team, #settings, #deliveries. */
async function route() {
  const [page, argument] = location.hash.replace(/^#/, '').split('/');
  if (page === 'apply') {
    showPage('apply');
    $('problem').textContent = '';
    focusLostHeading('apply-title');
    await applyPage.show(decodeURIComponent(argument || ''));
    return;
  }
  if (!signedIn) {
    showPage('sign-in');
    return;
  }
  if (ctx.application) {
    // Until the organizer approves the exhibitor, its application is all there is to see.
    showPage('application');
    $('problem').textContent = '';
    focusLostHeading('application-title');
    await applicationPage.show(ctx.application);
    return;
  }
  const name = PAGES.includes(page) && !OWN_ROUTES.includes(page) ? page : 'leads';
  if (ADMIN_PAGES.includes(name) && !ctx.isAdmin) {
    location.replace('#leads');
    return;
  }
  showPage(name);
  $('problem').textContent = '';
  // What the previous visit of a page said is old news (and in the language of then).
  document.querySelectorAll('.result').forEach((result) => {
    result.textContent = '';
  });
  switch (name) {
    case 'lead':
      await leadPage.show(decodeURIComponent(argument || ''));
      break;
    case 'team':
      focusHeading('team-title');
      // The devices' names first: the scanners' rows name them.
      await Promise.all([teamPage.show(), devices.show()]);
      await scanners.show();
      break;
    case 'settings':
      focusHeading('settings-title');
      await Promise.all([formEditor.show(), notificationSettings.show(), webhooks.show()]);
      break;
    case 'deliveries':
      focusHeading('deliveries-title');
      await deliveryLog.show();
      break;
    default:
      await showLeads();
  }
}

/** Moves the keyboard and screen-reader focus to a page's heading when the page changes. */
function focusHeading(id) {
  if (document.activeElement && document.activeElement.closest('#nav')) {
    $(id).focus();
  }
}

/** The heading gets the focus when the control that had it went with the previous page. */
function focusLostHeading(id) {
  const active = document.activeElement;
  if (!active || active === document.body || active.closest('[hidden]') || active.closest('#nav')) {
    $(id).focus();
  }
}

async function showLeads() {
  focusHeading('leads-title');
  leadList.renderStaffChoices();
  await Promise.all([overview.load().catch((error) => {
    $('problem').textContent = ctx.problemText(error);
  }), leadList.load()]);
}

// ---- live ----------------------------------------------------------------------------------

function startLive() {
  stopLive();
  live = openLiveStream({
    url: `/api/exhibitors/${encodeURIComponent(ctx.exhibitorId)}/leads/events`,
    // Asked at each (re)connection: the token renewed when it expired, null when the session is over.
    token: async () => {
      const who = await session.valid();
      return who ? who.accessToken : null;
    },
    refused: (token) => session.expire(token),
    onEvent(name, data) {
      if (name === 'ready') {
        Object.assign(ctx.names, data.names || {});
        // Whatever changed while the stream was down is read now; what changes from here on is heard.
        if (document.body.dataset.page === 'leads') {
          leadList.renderStaffChoices();
          overview.load().catch(() => undefined);
          leadList.load();
        }
      } else if (name === 'lead') {
        Object.assign(ctx.names, data.names || {});
        // Other pages read what they show when opened; the leads page is kept current.
        if (document.body.dataset.page === 'leads') {
          overview.changed();
          leadList.changed(data);
        }
      }
    },
    onState(state, detail) {
      liveState = state;
      liveDetail = detail || null;
      renderLive();
      if (state === 'expired') {
        expire();
      }
    },
  });
}

function stopLive() {
  if (live) {
    const closing = live;
    live = null;
    closing.close();
  }
}

function renderLive() {
  const pill = $('live');
  pill.dataset.state = liveState;
  pill.className = `pill ${liveState === 'live' ? 'pill-ok' : liveState === 'refused' ? 'pill-off' : 'pill-warn'}`;
  pill.textContent = liveState === 'refused' ? t('live_refused', { reason: t(`reason_${liveDetail}`) }) : t(`live_${liveState}`);
}

// ---- session -------------------------------------------------------------------------------

function allowed(who) {
  return Boolean(who && who.exhibitorId && who.roles.some((role) => ROLES.includes(role)));
}

async function enter() {
  const who = session.current();
  signedIn = true;
  ctx.exhibitorId = who.exhibitorId;
  ctx.isAdmin = who.roles.includes('EXHIBITOR_ADMIN');
  formCache = null;
  ctx.application = null;
  document.querySelectorAll('#nav [data-admin]').forEach((link) => {
    link.hidden = !ctx.isAdmin;
  });
  $('signed-in-as').textContent = who.username || '';
  $('sign-out').hidden = false;
  $('sign-in-note').textContent = '';
  try {
    const exhibitor = await ctx.call(`/api/exhibitors/${encodeURIComponent(ctx.exhibitorId)}`);
    const booth = exhibitor.boothCode ? ` · ${t('booth', { code: exhibitor.boothCode })}` : '';
    // The company's name isolated from the words around it: an Arabic name keeps its own direction.
    const name = document.createElement('bdi');
    name.textContent = exhibitor.profile.companyName;
    $('company').replaceChildren(name, booth);
    (exhibitor.staff || []).forEach((member) => {
      ctx.names[member.staffId] = member.name;
    });
    if (ctx.isAdmin && exhibitor.status !== 'APPROVED') {
      ctx.application = exhibitor;
    }
  } catch {
    // The company's name is a courtesy: the pages work without it.
  }
  $('nav').hidden = Boolean(ctx.application);
  if (!ctx.application) {
    startLive();
  }
  await route();
}

/** The token expired (or was refused): the page stays as it is, and asks to sign in again. */
function expire() {
  if (!signedIn) {
    return;
  }
  signedIn = false;
  stopLive();
  const who = session.current();
  $('username').value = (who && who.username) || '';
  $('sign-in-note').textContent = t('sessionExpired');
  $('nav').hidden = true;
  showPage('sign-in');
  $('password').focus();
}

function signOut() {
  stopLive();
  overview.destroy();
  session.signOut();
  signedIn = false;
  ctx.names = {};
  $('nav').hidden = true;
  $('sign-out').hidden = true;
  $('signed-in-as').textContent = '';
  $('company').textContent = '';
  $('sign-in-note').textContent = '';
  $('sign-in-form').reset();
  showPage('sign-in');
  // The sign-out button went with the pages: the keyboard lands on the sign-in form.
  $('username').focus();
}

async function submitSignIn(event) {
  event.preventDefault();
  $('sign-in-error').textContent = '';
  try {
    const who = await session.signIn($('username').value.trim(), $('password').value);
    $('password').value = '';
    if (who.language && !i18n.chosenHere && who.language !== i18n.language) {
      // On a device where no language was chosen yet, the dashboard opens in the one the account keeps.
      $('language').value = who.language;
      i18n.use(who.language);
      i18n.apply();
      labelStarOptions();
    }
    if (!allowed(who)) {
      session.signOut();
      $('sign-in-error').textContent = t('notAnExhibitorAccount');
      return;
    }
    if (ctx.exhibitorId && ctx.exhibitorId !== who.exhibitorId) {
      // Another exhibitor's account: nothing of the previous one may stay on the page.
      location.reload();
      return;
    }
    await enter();
  } catch (error) {
    const refusal = signInRefusal(error);
    $('sign-in-error').textContent = error instanceof NoAnswer ? t('noAnswer')
      : refusal ? t(refusal.key, refusal.values) : t('signInFailed', { detail: error.message });
  }
}

/** Rating choices say "4 stars" in words: a row of star signs reads as "black star" four times. */
function labelStarOptions() {
  document.querySelectorAll('option[data-stars]').forEach((option) => {
    option.textContent = t('stars', { count: Number(option.dataset.stars) });
  });
}

// ---- wiring --------------------------------------------------------------------------------

function wire() {
  // The skip link moves the focus; following it would change the fragment, which names pages.
  $('skip').addEventListener('click', (event) => {
    event.preventDefault();
    $('main').focus();
  });
  i18n.picker($('language'));
  $('language').addEventListener('change', () => {
    i18n.use($('language').value);
    session.keepLanguage(i18n.language);
    i18n.apply();
    labelStarOptions();
    renderLive();
    if (document.body.dataset.page === 'apply') {
      applyPage.relabel();
    } else if (signedIn) {
      route();
    }
  });
  onSubmitOnce($('sign-in-form'), submitSignIn);
  $('sign-out').addEventListener('click', signOut);
  window.addEventListener('hashchange', () => route());
}

async function start() {
  i18n.apply();
  labelStarOptions();
  wire();
  renderLive();
  const who = session.current();
  if (session.isSignedIn(who) && allowed(who)) {
    await enter();
  } else {
    if (who && allowed(who)) {
      $('username').value = who.username || '';
    }
    await route();
  }
  document.body.dataset.ready = 'true';
}

start();
