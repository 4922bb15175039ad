// Applying for a booth, without an account yet: the edition (one whose last day has not passed, or
// the one the organizer's link names: #apply/<editionId>), the company profile and the admin's
// account (the contact email, a password). Sending creates the application and its admin account
// (POST /api/editions/{id}/exhibitors), signs in with them, and sends the application for review
// (POST /api/exhibitors/{id}/submit) unless the applicant chose to finish later: then it stays a
// draft, which the "Your application" page sends when it is ready.

import { ApiError, NoAnswer, api } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { createProfileFields, placeProblem } from './profile.js';
import { formattingLocale } from '../shared/i18n.js';

const PASSWORD_MIN = 12;
const PASSWORD_MAX = 200;

/** Today's date (YYYY-MM-DD) where the edition takes place. */
function todayIn(timeZone) {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

/** A day of the fair (YYYY-MM-DD, no time zone) as the language writes it. */
function day(iso, language) {
  const [year, month, date] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(formattingLocale(language), { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, date));
}

/**
 * @param hooks.applied(message) called signed in as the new admin, with what to tell them
 * @param hooks.signInNeeded(email, message) the application exists but signing in failed
 */
export function createApplyPage(ctx, parts, hooks) {
  const { t } = ctx;
  const fields = createProfileFields(ctx, 'apply', { account: true });
  parts.fields.replaceChildren(...fields.fieldsets);
  let editions = [];
  let loaded = false;
  let sending = false;
  /** The applicant's language follows the page's until they choose it. */
  let languageChosen = false;
  fields.controls.language.addEventListener('change', () => {
    languageChosen = true;
  });

  function followPageLanguage() {
    if (!languageChosen) {
      fields.controls.language.value = ctx.language;
    }
  }

  /** Every edition the API lists, a page at a time; those not yet over, soonest first. */
  async function loadEditions() {
    const all = [];
    let cursor = null;
    for (let page = 0; page < 20; page += 1) {
      const answer = await api(`/api/editions?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      all.push(...answer.items);
      cursor = answer.nextCursor;
      if (!cursor) {
        break;
      }
    }
    return all.filter((edition) => edition.endDate >= todayIn(edition.timeZone))
      .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.name.localeCompare(b.name));
  }

  function editionLabel(edition) {
    return `${edition.name} · ${day(edition.startDate, ctx.language)} – ${day(edition.endDate, ctx.language)}`;
  }

  function renderEditions(chosen) {
    const current = chosen ?? parts.edition.value;
    parts.edition.replaceChildren(
      h('option', { value: '', text: t('chooseEdition') }),
      ...editions.map((edition) => h('option', { value: edition.id, dir: 'auto', text: editionLabel(edition) })));
    parts.edition.value = editions.some((edition) => edition.id === current) ? current : '';
    if (!parts.edition.value && editions.length === 1) {
      parts.edition.value = editions[0].id;
    }
    renderEditionDetails();
  }

  function renderEditionDetails() {
    const edition = editions.find((candidate) => candidate.id === parts.edition.value);
    parts.editionDetails.textContent = edition
      ? t('editionDetails', { venue: edition.venue, start: day(edition.startDate, ctx.language), end: day(edition.endDate, ctx.language) })
      : '';
  }

  /** Shows the form; `editionId` is the one a link named, if any. */
  async function show(editionId) {
    parts.signIn.hidden = ctx.signedIn;
    parts.error.textContent = '';
    parts.progress.textContent = '';
    parts.linkNote.textContent = '';
    fields.showCountryName();
    if (!loaded) {
      parts.status.textContent = t('loading');
      try {
        editions = await loadEditions();
        loaded = true;
        parts.status.textContent = '';
      } catch (error) {
        parts.status.textContent = error instanceof NoAnswer ? t('noAnswer') : t('problem', { detail: error.message });
        parts.form.hidden = true;
        return;
      }
    }
    followPageLanguage();
    if (editions.length === 0) {
      parts.status.textContent = t('noEditionOpen');
      parts.form.hidden = true;
      return;
    }
    parts.form.hidden = false;
    renderEditions(editionId || undefined);
    if (editionId && parts.edition.value !== editionId) {
      parts.linkNote.textContent = t('editionOfLinkClosed');
    }
  }

  /** What the browser can tell before asking the server: required fields, and the password twice. */
  function checkLocally(values) {
    let fine = true;
    const flag = (name, key) => {
      fields.error(name, t(key));
      fine = false;
    };
    if (!parts.edition.value) {
      parts.editionError.textContent = t('chooseEditionError');
      parts.edition.setAttribute('aria-invalid', 'true');
      fine = false;
    }
    ['companyName', 'contactName', 'contactEmail'].forEach((name) => {
      if (!values[name]) {
        flag(name, 'fieldRequired');
      }
    });
    const password = fields.controls.password.value;
    if (!password) {
      flag('password', 'fieldRequired');
    } else if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
      flag('password', 'badPassword');
    } else if (password !== fields.controls.passwordAgain.value) {
      flag('passwordAgain', 'passwordsDiffer');
    }
    return fine;
  }

  function clearErrors() {
    fields.clearErrors();
    parts.editionError.textContent = '';
    parts.edition.removeAttribute('aria-invalid');
    parts.error.textContent = '';
  }

  function focusFirstError() {
    if (parts.edition.getAttribute('aria-invalid') === 'true') {
      parts.edition.focus();
    } else {
      fields.focusFirstError();
    }
  }

  async function send(event) {
    event.preventDefault();
    if (sending) {
      return;
    }
    const forReview = !(event.submitter && event.submitter.value === 'draft');
    clearErrors();
    parts.progress.textContent = '';
    const values = fields.values();
    if (!checkLocally(values)) {
      parts.error.textContent = t('fixFields');
      focusFirstError();
      return;
    }
    const editionId = parts.edition.value;
    const password = fields.controls.password.value;
    const body = Object.fromEntries(Object.entries({ ...values, password }).filter(([, value]) => value !== null));
    sending = true;
    parts.buttons.forEach((button) => {
      button.disabled = true;
    });
    try {
      parts.progress.textContent = t('applySending');
      let exhibitor;
      try {
        exhibitor = await api(`/api/editions/${encodeURIComponent(editionId)}/exhibitors`, { method: 'POST', body });
      } catch (error) {
        refused(error);
        return;
      }
      let who;
      try {
        who = await hooks.signIn(values.contactEmail, password);
      } catch {
        // The application and its account exist: signing in later finishes the job.
        fields.controls.password.value = '';
        fields.controls.passwordAgain.value = '';
        hooks.signInNeeded(values.contactEmail, t('appliedSignIn'));
        return;
      }
      let message = t('appliedDraft');
      if (forReview) {
        try {
          await api(`/api/exhibitors/${encodeURIComponent(exhibitor.id)}/submit`, { method: 'POST', token: who.accessToken });
          message = t('appliedSent');
        } catch (error) {
          message = t('appliedNotSent', { detail: error instanceof NoAnswer ? t('noAnswer') : error.message });
        }
      }
      parts.form.reset();
      languageChosen = false;
      followPageLanguage();
      renderEditions('');
      await hooks.applied(message);
    } finally {
      sending = false;
      parts.progress.textContent = '';
      parts.buttons.forEach((button) => {
        button.disabled = false;
      });
    }
  }

  /** The server said no: each field's reason next to it, the rest under the buttons. */
  function refused(error) {
    if (error instanceof NoAnswer) {
      parts.error.textContent = t('noAnswer');
      return;
    }
    if (error instanceof ApiError && error.status === 409) {
      fields.error('contactEmail', t('emailTaken'));
      parts.error.textContent = t('fixFields');
    } else if (error instanceof ApiError && error.status === 404) {
      parts.error.textContent = t('editionGone');
      loaded = false;
    } else {
      const unplaced = placeProblem(ctx, fields, error);
      parts.error.textContent = unplaced.length ? t('problem', { detail: [error.summary, ...unplaced].join(' ') }) : t('fixFields');
    }
    focusFirstError();
  }

  parts.form.addEventListener('submit', send);
  parts.edition.addEventListener('change', () => {
    parts.editionError.textContent = '';
    parts.edition.removeAttribute('aria-invalid');
    renderEditionDetails();
  });

  return {
    show,
    /** The language changed: what the page wrote itself is written again. */
    relabel() {
      if (loaded && editions.length) {
        renderEditions();
      }
      followPageLanguage();
      fields.showCountryName();
    },
  };
}
