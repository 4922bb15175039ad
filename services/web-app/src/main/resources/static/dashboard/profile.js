// The company profile as an applicant fills it in: the same fields, labels, help and error places in
// the application form and on the "Your application" page, and the API's field errors put next to
// the fields they name, in the page's language when the dashboard knows the server's message.

import { h } from '../shared/dom.js';
import { fieldMessage as sharedFieldMessage } from '../shared/field-messages.js';
import { fieldLabel } from '../shared/refusals.js';

export const SECTORS = ['MOBILITY', 'ENERGY', 'WATER', 'WASTE', 'BUILDINGS', 'E_GOVERNMENT', 'SECURITY', 'HEALTH', 'EDUCATION',
  'TELECOM', 'FINANCE', 'STARTUP', 'CITY_TERRITORY', 'OTHER'];

/** The server's field messages (exhibitor-service's validation) the dashboard says in its own words. */
const KNOWN_MESSAGES = {
  'must not be blank': 'fieldRequired',
  'must be a well-formed email address': 'badEmail',
  'must be an http(s) address': 'badWebsite',
  'must be an ISO 3166 alpha-2 country code such as MA': 'badCountry',
  'a Moroccan company\'s ICE has 15 digits': 'badIce',
  'must be 12 to 200 characters': 'badPassword',
  'must be fr, en or ar': 'badLanguage',
  'has the wrong type or format': 'badFormat',
};
/** Numbers: whatever the bound the server names, the field's own rule says it. */
const RANGE_MESSAGES = { requestedBoothArea: 'badArea', requestedSeats: 'badSeats' };

/** A field's error as the API gave it, in the page's language when known. */
export function fieldMessage(t, field, message) {
  if (RANGE_MESSAGES[field]) {
    return t(RANGE_MESSAGES[field]);
  }
  return KNOWN_MESSAGES[message] ? t(KNOWN_MESSAGES[message]) : sharedFieldMessage(message);
}

/** A label translated now and again when the language changes (data-i18n). */
function words(t, tag, key, attributes = {}) {
  return h(tag, { ...attributes, 'data-i18n': key, text: t(key) });
}

/**
 * A labelled control with its help and its error, linked for screen readers; the control's id is
 * `${prefix}-${name}` and its error's `${prefix}-${name}-error`.
 */
function field(t, prefix, name, label, control, help, required = false) {
  const id = `${prefix}-${name}`;
  control.id = id;
  control.name = name;
  const describedBy = [];
  const helpText = help ? words(t, 'p', help, { class: 'help', id: `${id}-help` }) : null;
  if (helpText) {
    describedBy.push(helpText.id);
  }
  const error = h('p', { class: 'error', id: `${id}-error` });
  describedBy.push(error.id);
  control.setAttribute('aria-describedby', describedBy.join(' '));
  if (required) {
    control.setAttribute('aria-required', 'true');
  }
  const labelText = words(t, 'span', label);
  return h('div', { class: 'field', 'data-field': name }, [
    h('label', { for: id }, required ? [labelText, h('span', { class: 'required-mark', 'aria-hidden': 'true', text: ' *' })] : labelText),
    control, helpText, error,
  ]);
}

function select(options) {
  return h('select', {}, options);
}

function option(t, value, key) {
  return h('option', { value, 'data-i18n': key, text: t(key) });
}

/**
 * Builds the profile's fields into `parts` (company, booth and contact fieldsets' containers).
 * `account` adds the password and its confirmation (the application form only).
 * Answers {controls: {name: control}, values(), fill(profile), error(name, message), clearErrors()}.
 */
export function createProfileFields(ctx, prefix, { account = false } = {}) {
  const { t } = ctx;
  const controls = {
    companyName: h('input', { maxlength: 200, autocomplete: 'organization', dir: 'auto' }),
    legalId: h('input', { maxlength: 64, autocomplete: 'off', spellcheck: 'false' }),
    sector: select([option(t, '', 'sectorNone'), ...SECTORS.map((sector) => option(t, sector, `sector_${sector}`))]),
    website: h('input', { type: 'url', maxlength: 300, autocomplete: 'url', placeholder: 'https://', spellcheck: 'false' }),
    country: h('input', { maxlength: 2, autocomplete: 'country', autocapitalize: 'characters', spellcheck: 'false', class: 'short' }),
    requestedBoothArea: h('input', { type: 'number', min: 1, max: 10000, step: 'any', inputmode: 'decimal', class: 'short' }),
    requestedSeats: h('input', { type: 'number', min: 0, max: 100, step: 1, inputmode: 'numeric', class: 'short' }),
    contactName: h('input', { maxlength: 200, autocomplete: 'name', dir: 'auto' }),
    contactEmail: h('input', { type: 'email', maxlength: 254, autocomplete: account ? 'email' : 'off', spellcheck: 'false' }),
    language: select([h('option', { value: 'fr', lang: 'fr', text: 'Français' }), h('option', { value: 'en', lang: 'en', text: 'English' }),
      h('option', { value: 'ar', lang: 'ar', dir: 'rtl', text: 'العربية' })]),
  };
  if (account) {
    controls.password = h('input', { type: 'password', maxlength: 200, autocomplete: 'new-password' });
    controls.passwordAgain = h('input', { type: 'password', maxlength: 200, autocomplete: 'new-password' });
  }
  const countryName = h('p', { class: 'help', id: `${prefix}-country-name`, 'aria-live': 'polite' });
  controls.country.addEventListener('input', () => {
    controls.country.value = controls.country.value.toUpperCase();
    showCountryName();
  });

  function showCountryName() {
    const code = controls.country.value;
    let name = '';
    if (/^[A-Z]{2}$/.test(code)) {
      try {
        const known = new Intl.DisplayNames([ctx.language], { type: 'region', fallback: 'none' }).of(code);
        name = known || '';
      } catch {
        name = '';
      }
    }
    countryName.textContent = name;
  }

  const f = (name, label, help, required) => field(t, prefix, name, label, controls[name], help, required);
  const countryField = f('country', 'country', 'countryHelp');
  countryField.insertBefore(countryName, countryField.querySelector('.error'));

  const fieldsets = [
    h('fieldset', { class: 'stack' }, [
      words(t, 'legend', 'companyLegend'),
      f('companyName', 'companyName', null, true),
      h('div', { class: 'grid-2' }, [f('legalId', 'legalId', 'legalIdHelp'), f('sector', 'sector')]),
      h('div', { class: 'grid-2' }, [f('website', 'website', 'websiteHelp'), countryField]),
    ]),
    h('fieldset', { class: 'stack' }, [
      words(t, 'legend', 'boothLegend'),
      h('div', { class: 'grid-2' }, [f('requestedBoothArea', 'requestedArea', 'requestedAreaHelp'),
        f('requestedSeats', 'requestedSeats', 'requestedSeatsHelp')]),
    ]),
    h('fieldset', { class: 'stack' }, [
      words(t, 'legend', account ? 'contactLegendAccount' : 'contactLegend'),
      h('div', { class: 'grid-2' }, [f('contactName', 'contactName', null, true),
        f('contactEmail', 'contactEmail', account ? 'contactEmailHelp' : 'contactEmailFixed', account)]),
      f('language', 'applicantLanguage', 'applicantLanguageHelp'),
      account ? h('div', { class: 'grid-2' }, [f('password', 'password', 'passwordRules', true),
        f('passwordAgain', 'passwordAgain', null, true)]) : null,
    ]),
  ];

  function text(name) {
    return controls[name].value.trim();
  }

  function number(name) {
    const value = controls[name].value.trim();
    return value === '' ? null : Number(value);
  }

  /** The fields as the API takes them: empty optional fields left out (null). */
  function values() {
    const blankless = (value) => (value === '' ? null : value);
    return {
      companyName: text('companyName'),
      legalId: blankless(text('legalId')),
      sector: blankless(controls.sector.value),
      website: blankless(text('website')),
      country: blankless(text('country').toUpperCase()),
      requestedBoothArea: number('requestedBoothArea'),
      requestedSeats: number('requestedSeats'),
      contactName: text('contactName'),
      contactEmail: text('contactEmail'),
      language: controls.language.value,
    };
  }

  function fill(profile) {
    const value = (v) => (v === null || v === undefined ? '' : String(v));
    ['companyName', 'legalId', 'website', 'country', 'requestedBoothArea', 'requestedSeats', 'contactName', 'contactEmail']
      .forEach((name) => {
        controls[name].value = value(profile[name]);
      });
    controls.sector.value = value(profile.sector);
    if (profile.language && !Array.from(controls.language.options).some((choice) => choice.value === profile.language)) {
      controls.language.append(h('option', { value: profile.language, text: profile.language }));
    }
    controls.language.value = profile.language || 'fr';
    showCountryName();
  }

  function error(name, message) {
    const control = controls[name];
    const place = document.getElementById(`${prefix}-${name}-error`);
    if (!control || !place) {
      return false;
    }
    place.textContent = message || '';
    if (message) {
      control.setAttribute('aria-invalid', 'true');
    } else {
      control.removeAttribute('aria-invalid');
    }
    return true;
  }

  function clearErrors() {
    Object.keys(controls).forEach((name) => error(name, null));
  }

  /** The first field showing an error gets the focus, so a keyboard or screen reader lands on it. */
  function focusFirstError() {
    const invalid = fieldsets.flatMap((set) => Array.from(set.querySelectorAll('[aria-invalid=true]')))[0];
    if (invalid) {
      invalid.focus();
    }
    return Boolean(invalid);
  }

  return { fieldsets, controls, values, fill, error, clearErrors, focusFirstError, showCountryName };
}

/**
 * Puts an API refusal's field errors next to their fields; answers the sentences that have no field
 * of the form (joined), for the form's own message.
 */
export function placeProblem(ctx, fields, error) {
  const unplaced = [];
  const problems = (error && error.problem && error.problem.errors) || [];
  problems.forEach((problem) => {
    const name = String(problem.field).split(/[.[]/)[0];
    if (!fields.error(name, fieldMessage(ctx.t, name, problem.message))) {
      unplaced.push(`${fieldLabel(problem.field, ctx.t, ctx.language)}: ${fieldMessage(ctx.t, name, problem.message)}`);
    }
  });
  return unplaced;
}
