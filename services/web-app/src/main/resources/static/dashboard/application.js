// "Your application": what the exhibitor's admin sees until the organizer approves the exhibitor.
// Its status (a draft not yet sent, under review, not accepted with the organizer's reason, or
// withdrawn), the company profile, editable while the API allows it (a draft or an application
// under review), and the actions the lifecycle allows: send a draft for review, withdraw a draft or
// an application under review. Once approved, the dashboard's own pages take over.

import { ApiError, NoAnswer, api } from '../shared/api.js';
import { dateTime } from '../shared/dom.js';
import { createProfileFields, placeProblem } from './profile.js';
import { formattingLocale } from '../shared/i18n.js';

const EDITABLE = ['DRAFT', 'SUBMITTED'];
const WITHDRAWABLE = ['DRAFT', 'SUBMITTED'];
/** Fields the API cannot empty once set (PATCH leaves absent fields as they are, and refuses empty ones). */
const NOT_CLEARABLE = ['sector', 'website', 'country', 'requestedBoothArea', 'requestedSeats'];
const CHANGEABLE = ['companyName', 'legalId', 'sector', 'website', 'country', 'requestedBoothArea', 'requestedSeats',
  'contactName', 'language'];

/** A day of the fair (YYYY-MM-DD, no time zone) as the language writes it. */
function day(iso, language) {
  const [year, month, date] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(formattingLocale(language), { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, date));
}

/**
 * @param hooks.changed(exhibitor) the exhibitor as the API now shows it
 */
export function createApplicationPage(ctx, parts, hooks) {
  const { t } = ctx;
  const fields = createProfileFields(ctx, 'profile');
  parts.fields.replaceChildren(...fields.fieldsets);
  fields.controls.contactEmail.readOnly = true;
  let exhibitor = null;
  let edition = null;
  let pending = '';
  let busy = false;

  const path = () => `/api/exhibitors/${encodeURIComponent(exhibitor.id)}`;

  /** Shows the application; `fresh` is the exhibitor as just read, when there is one. */
  async function show(fresh) {
    if (fresh && (!exhibitor || fresh.id !== exhibitor.id || fresh.revision !== exhibitor.revision)) {
      exhibitor = fresh;
      fields.fill(exhibitor.profile);
    }
    fields.clearErrors();
    parts.formError.textContent = '';
    parts.result.textContent = pending;
    pending = '';
    render();
    if (!edition || edition.id !== exhibitor.editionId) {
      try {
        // Public, like the list of editions: the name and dates of the fair applied for.
        edition = await api(`/api/editions/${encodeURIComponent(exhibitor.editionId)}`);
      } catch {
        edition = null;
      }
      render();
    }
  }

  function render() {
    const { status } = exhibitor;
    parts.status.textContent = t(`application_${status}`);
    parts.status.dataset.status = status;
    parts.status.className = `pill ${status === 'REJECTED' || status === 'WITHDRAWN' ? 'pill-off' : status === 'DRAFT' ? 'pill-warn' : 'pill-info'}`;
    parts.edition.textContent = edition
      ? t('applicationEdition', { name: edition.name, start: day(edition.startDate, ctx.language), end: day(edition.endDate, ctx.language),
        created: dateTime(exhibitor.createdAt, ctx.language) })
      : t('applicationCreated', { created: dateTime(exhibitor.createdAt, ctx.language) });
    parts.state.className = `notice stack ${status === 'REJECTED' ? 'notice-error' : status === 'WITHDRAWN' ? 'notice-warn' : 'notice-info'}`;
    parts.stateTitle.textContent = t(`applicationTitle_${status}`);
    parts.stateText.textContent = t(`applicationText_${status}`);
    parts.reason.hidden = !(status === 'REJECTED' && exhibitor.rejectionReason);
    parts.reasonText.textContent = exhibitor.rejectionReason || '';
    parts.submit.hidden = status !== 'DRAFT';
    parts.withdraw.hidden = !WITHDRAWABLE.includes(status);
    parts.actions.hidden = parts.submit.hidden && parts.withdraw.hidden;
    const editable = EDITABLE.includes(status);
    parts.fieldset.disabled = !editable;
    parts.save.hidden = !editable;
    parts.profileHelp.textContent = t(editable ? 'profileEditable' : 'profileLocked');
    fields.showCountryName();
  }

  /** The fields changed from the profile as saved, as the PATCH takes them; null when one is wrong. */
  function changes() {
    const values = fields.values();
    const saved = exhibitor.profile;
    const changed = {};
    let fine = true;
    ['companyName', 'contactName'].forEach((name) => {
      if (!values[name]) {
        fields.error(name, t('fieldRequired'));
        fine = false;
      }
    });
    CHANGEABLE.forEach((name) => {
      const before = saved[name] ?? null;
      const after = name === 'legalId' ? (values.legalId ?? '') : values[name];
      if (after === before || (name === 'legalId' && after === '' && before === null)) {
        return;
      }
      if (after === null && NOT_CLEARABLE.includes(name)) {
        fields.error(name, t('cannotClear'));
        fine = false;
        return;
      }
      changed[name] = after;
    });
    return fine ? changed : null;
  }

  /** Saves what changed; answers false when something was refused (shown by the fields). */
  async function saveChanges() {
    fields.clearErrors();
    parts.formError.textContent = '';
    const changed = changes();
    if (changed === null) {
      parts.formError.textContent = t('fixFields');
      fields.focusFirstError();
      return false;
    }
    if (Object.keys(changed).length === 0) {
      return true;
    }
    try {
      accept(await ctx.call(path(), { method: 'PATCH', body: changed }));
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status !== 401) {
        const unplaced = placeProblem(ctx, fields, error);
        parts.formError.textContent = unplaced.length || !(error.problem.errors || []).length
          ? t('problem', { detail: [error.summary, ...unplaced].join(' ') }) : t('fixFields');
        fields.focusFirstError();
      } else {
        parts.formError.textContent = error instanceof NoAnswer ? t('noAnswer') : ctx.problemText(error);
      }
      return false;
    }
  }

  function accept(updated) {
    exhibitor = updated;
    fields.fill(exhibitor.profile);
    render();
    hooks.changed(exhibitor);
  }

  /** One action at a time: the buttons wait while one is on its way. */
  async function exclusive(action) {
    if (busy) {
      return;
    }
    busy = true;
    [parts.save, parts.submit, parts.withdraw].forEach((button) => {
      button.disabled = true;
    });
    try {
      await action();
    } finally {
      busy = false;
      [parts.save, parts.submit, parts.withdraw].forEach((button) => {
        button.disabled = false;
      });
    }
  }

  parts.form.addEventListener('submit', (event) => {
    event.preventDefault();
    exclusive(async () => {
      parts.result.textContent = '';
      const before = exhibitor.revision;
      if (await saveChanges()) {
        parts.result.textContent = exhibitor.revision === before ? t('nothingToSave') : t('saved');
      }
    });
  });

  parts.submit.addEventListener('click', () => exclusive(async () => {
    parts.result.textContent = '';
    // What the admin corrected and did not save yet goes with the application.
    if (!(await saveChanges())) {
      return;
    }
    try {
      accept(await ctx.call(`${path()}/submit`, { method: 'POST' }));
      parts.result.textContent = t('submitted');
      parts.stateTitle.focus();
    } catch (error) {
      parts.result.textContent = ctx.problemText(error);
    }
  }));

  parts.withdraw.addEventListener('click', () => exclusive(async () => {
    parts.result.textContent = '';
    if (!window.confirm(t('withdrawConfirm'))) {
      return;
    }
    try {
      accept(await ctx.call(`${path()}/withdraw`, { method: 'POST' }));
      parts.result.textContent = t('withdrawn');
      parts.stateTitle.focus();
    } catch (error) {
      parts.result.textContent = ctx.problemText(error);
    }
  }));

  return {
    show,
    /** A message for the next showing of the page (said once it is on screen). */
    tell(message) {
      pending = message;
    },
  };
}
