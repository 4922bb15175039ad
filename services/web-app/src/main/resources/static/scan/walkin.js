// "No registration? Take a walk-in visitor": staff type the visitor's name, company, email and
// phone, then hand over the phone and the visitor ticks that they agree to share them with this
// exhibitor. Nothing is taken without the tick. The walk-in is queued like a scan (walkIn instead
// of badge), so it works with no network and goes up when the network is back.

import { fieldError } from '../shared/dom.js';

/**
 * The version of the consent text the visitor reads, sent with the language it was read in: a new
 * wording of walkInConsent (in any language) gets a new version, so each lead says what its visitor
 * agreed to.
 */
export const CONSENT_VERSION = '2026.12';

/** The server's own rules (WalkInVisitor), so a walk-in typed offline is not refused once sent. */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^\+?[0-9 ().-]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LIMITS = { firstName: 100, lastName: 100, company: 200, email: 254, phone: 30 };

/** A phone number as people type it: 6 to 15 digits (E.164's most), separators, one leading +. */
export function isPhone(value) {
  const digits = value.replace(/[^0-9]/g, '').length;
  return PHONE.test(value) && digits >= 6 && digits <= 15;
}

/**
 * @param t         the translator
 * @param language  the language shown now: the one the visitor reads the consent in
 * @param elements  {open, panel, form, firstName, lastName, company, email, phone, consent, consentText, error, cancel}
 * @param exhibitor the exhibitor's name as the consent names it, or null when not known yet
 * @param taken     called with the walk-in ({firstName, lastName, company, email, phone, consent}) to queue and send
 * @param closed    called when the form is left without a walk-in taken
 */
export function createWalkIn({ t, language, elements, exhibitor, taken, closed }) {
  const el = elements;
  const fields = { firstName: el.firstName, lastName: el.lastName, company: el.company, email: el.email, phone: el.phone };
  /** When the visitor ticked the box: their agreement's time, not the time the lead is sent. */
  let agreedAt = null;
  /** The errors on screen, by field, as message keys, so a change of language says them again. */
  let shown = {};

  function renderConsent() {
    el.consentText.textContent = t('walkInConsent', { exhibitor: exhibitor() || t('walkInThisExhibitor') });
  }

  function open() {
    el.panel.hidden = false;
    el.open.setAttribute('aria-expanded', 'true');
    el.form.reset();
    agreedAt = null;
    clearErrors();
    renderConsent();
    el.firstName.focus();
  }

  function close() {
    el.panel.hidden = true;
    el.open.setAttribute('aria-expanded', 'false');
    // Nothing of the visitor stays in the form once it is left.
    el.form.reset();
    agreedAt = null;
    clearErrors();
  }

  function clearErrors() {
    shown = {};
    Object.values(fields).forEach((control) => fieldError(control, null));
    fieldError(el.consent, null);
    el.error.textContent = '';
  }

  function value(name) {
    const text = fields[name].value.trim();
    return text === '' ? null : text;
  }

  /** The problems of the walk-in as typed, by field, as [message key, values]. */
  function problems() {
    const found = {};
    const visitor = Object.fromEntries(Object.keys(fields).map((name) => [name, value(name)]));
    if (!visitor.firstName && !visitor.lastName) {
      found.lastName = ['walkInNeedName'];
    }
    if (!visitor.email) {
      found.email = ['walkInNeedEmail'];
    } else if (!EMAIL.test(visitor.email)) {
      found.email = ['walkInBadEmail'];
    }
    if (visitor.phone && !isPhone(visitor.phone)) {
      found.phone = ['walkInBadPhone'];
    }
    Object.entries(LIMITS).forEach(([name, max]) => {
      const text = visitor[name];
      if (text && text.length > max) {
        found[name] = found[name] || ['walkInTooLong', { max }];
      } else if (text && CONTROL.test(fields[name].value)) {
        found[name] = found[name] || ['walkInBadText'];
      }
    });
    if (!el.consent.checked || !agreedAt) {
      found.consent = ['walkInNeedConsent'];
    }
    return { visitor, found };
  }

  function sayErrors() {
    Object.entries(fields).forEach(([name, control]) => fieldError(control, shown[name] ? t(...shown[name]) : null));
    fieldError(el.consent, shown.consent ? t(...shown.consent) : null);
    const count = Object.keys(shown).length;
    el.error.textContent = count ? t('walkInFix', { count }) : '';
  }

  function submit(event) {
    event.preventDefault();
    const { visitor, found } = problems();
    shown = found;
    sayErrors();
    const first = ['firstName', 'lastName', 'company', 'email', 'phone', 'consent'].find((name) => found[name]);
    if (first) {
      // The keyboard lands on the first field to correct; its error is read with it.
      (first === 'consent' ? el.consent : fields[first]).focus();
      return;
    }
    const walkIn = {
      ...visitor,
      consent: { agreedAt, textVersion: `${CONSENT_VERSION}/${language()}` },
    };
    close();
    taken(walkIn);
  }

  el.consent.addEventListener('change', () => {
    agreedAt = el.consent.checked ? new Date().toISOString() : null;
    if (el.consent.checked && shown.consent) {
      delete shown.consent;
      sayErrors();
    }
  });
  el.open.addEventListener('click', () => (el.panel.hidden ? open() : close()));
  el.form.addEventListener('submit', submit);
  el.cancel.addEventListener('click', () => {
    close();
    closed();
  });

  return {
    close,
    /** Says the consent and the errors on screen again in the language just chosen. */
    relabel() {
      renderConsent();
      if (Object.keys(shown).length) {
        sayErrors();
      }
    },
  };
}
