// French, English and Arabic (right to left) for every web app: the browser's language first, or
// the one the user chose (kept on this device, and on the server with the account once signed in).
// Texts live in each app's dictionary, the words the apps share in the shared one (messages.js),
// refusals in refusals.js; pages mark what to translate with data-i18n attributes, so the markup
// stays readable and a switch re-translates the page in place. Counts take the language's plural forms (Arabic has six: zero, one, two, few,
// many, other), numbers and dates the reader's locale.

import { COMMON } from './messages.js';
import { REFUSALS, fieldLabel } from './refusals.js';
import { describeRefusalsWith } from './api.js';
import { fieldMessage } from './field-messages.js';

const STORAGE_KEY = 'expo.language';
export const LANGUAGES = ['fr', 'en', 'ar'];

/** Languages written right to left. */
const RIGHT_TO_LEFT = ['ar'];
/** Each language's name in itself, as a language picker shows it. */
const NATIVE_NAMES = { fr: 'Français', en: 'English', ar: 'العربية' };

/**
 * Where the reader's browser names no region for the language, the fair's: Moroccan Arabic
 * writes its numbers with Latin digits and names its months as Morocco does.
 */
const DEFAULT_LOCALES = { ar: 'ar-MA', fr: 'fr', en: 'en' };

/**
 * The language to show, among the app's: the user's choice if any, else the browser's when the
 * app has it, else English.
 */
export function preferredLanguage(languages = LANGUAGES) {
  const chosen = localStorage.getItem(STORAGE_KEY);
  if (languages.includes(chosen)) {
    return chosen;
  }
  const browser = ((navigator.languages && navigator.languages[0]) || navigator.language || 'en').toLowerCase();
  return languages.find((language) => browser.startsWith(language)) || 'en';
}

/** The locale numbers and dates are written in: the reader's own for this language, else the fair's. */
export function formattingLocale(language) {
  const own = (navigator.languages || [navigator.language || '']).find((tag) => tag && tag.toLowerCase().startsWith(`${language}-`));
  return own || DEFAULT_LOCALES[language] || language;
}

/**
 * A translator over one app's dictionaries ({fr: {...}, en: {...}, ar: {...}}). A message may be a
 * text with {placeholders}, or {zero, one, two, few, many, other} (those the language uses) for
 * counts; numbers put in a text are written in the reader's locale.
 */
export function createTranslator(dictionaries, languages = LANGUAGES) {
  let language = preferredLanguage(languages);
  const listeners = [];

  function lookup(key) {
    return dictionaries[language]?.[key] ?? COMMON[language]?.[key] ?? REFUSALS[language]?.[key]
      ?? dictionaries.en?.[key] ?? COMMON.en[key] ?? REFUSALS.en[key];
  }

  function t(key, values = {}) {
    const entry = lookup(key) ?? key;
    const locale = formattingLocale(language);
    let text = entry;
    if (typeof entry === 'object') {
      const count = Number(values.count ?? values.max);
      const plural = new Intl.PluralRules(locale).select(count);
      text = entry[plural] ?? entry.other;
    }
    return text.replace(/\{(\w+)\}/g, (whole, name) => {
      if (!(name in values)) {
        return whole;
      }
      const value = values[name];
      return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : String(value);
    });
  }

  /**
   * A refusal of the server in this language: the words for its reason, with the values it gave;
   * the fields at fault named and their messages translated when asked; the server's own words
   * for a reason no dictionary knows.
   */
  function refusal(problem, status, { withFields = true } = {}) {
    const reason = problem && problem.reason;
    const errors = (problem && Array.isArray(problem.errors)) ? problem.errors : [];
    const fields = errors.map((entry) => `${fieldLabel(entry.field, t, language)}: ${fieldMessage(entry.message, language)}`);
    if (reason && lookup(`reason_${reason}`) !== undefined) {
      const values = { ...problem };
      if (problem.state) {
        values.state = lookup(`state_${problem.state}`) ?? problem.state;
      }
      const said = t(`reason_${reason}`, values);
      return withFields && fields.length ? `${said} ${fields.join(' · ')}` : said;
    }
    if (withFields && fields.length) {
      return `${t('reason_INVALID_FIELDS')} ${fields.join(' · ')}`;
    }
    return (problem && (problem.detail || problem.title)) || `HTTP ${status}`;
  }
  describeRefusalsWith(refusal);

  /** Translates every marked element under root: text, and the attributes named in data-i18n-attr. */
  function apply(root = document) {
    document.documentElement.lang = language;
    document.documentElement.dir = RIGHT_TO_LEFT.includes(language) ? 'rtl' : 'ltr';
    root.querySelectorAll('[data-i18n]').forEach((element) => {
      element.textContent = t(element.dataset.i18n);
    });
    root.querySelectorAll('[data-i18n-attr]').forEach((element) => {
      // "placeholder:key,aria-label:key"
      element.dataset.i18nAttr.split(',').forEach((pair) => {
        const [attribute, key] = pair.split(':');
        element.setAttribute(attribute.trim(), t(key.trim()));
      });
    });
  }

  return {
    t,
    apply,
    refusal,
    get language() {
      return language;
    },
    /** The locale numbers and dates are written in. */
    get locale() {
      return formattingLocale(language);
    },
    get languages() {
      return languages;
    },
    /** Whether the user chose a language on this device (which then wins over their account's). */
    get chosenHere() {
      return languages.includes(localStorage.getItem(STORAGE_KEY));
    },
    use(next) {
      if (languages.includes(next) && next !== language) {
        language = next;
        localStorage.setItem(STORAGE_KEY, next);
        listeners.forEach((listener) => listener(next));
      } else if (languages.includes(next)) {
        localStorage.setItem(STORAGE_KEY, next);
      }
    },
    /**
     * Fills an app's language picker with the app's languages, each named in itself (and marked with
     * its own lang and direction, so a screen reader says it right), showing the one in use.
     */
    picker(select) {
      select.replaceChildren(...languages.map((code) => {
        const option = document.createElement('option');
        option.value = code;
        option.lang = code;
        option.dir = RIGHT_TO_LEFT.includes(code) ? 'rtl' : 'ltr';
        option.textContent = NATIVE_NAMES[code] || code;
        return option;
      }));
      select.value = language;
    },
    /** Called with the new language after each switch (an app keeps it with the account, say). */
    onChange(listener) {
      listeners.push(listener);
    },
    /** A time of day (or date and time when not today) in the device's own time zone. */
    time(iso) {
      const when = new Date(iso);
      const today = new Date().toDateString() === when.toDateString();
      return new Intl.DateTimeFormat(formattingLocale(language), today ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' })
        .format(when);
    },
  };
}
