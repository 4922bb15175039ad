// French and English for every web app (and Arabic, right to left, where an app offers it): the
// browser's language first, or the one the user chose. Texts live in each app's dictionary; pages
// mark what to translate with data-i18n attributes, so the markup stays readable and a switch
// re-translates the page in place.

const STORAGE_KEY = 'expo.language';
export const LANGUAGES = ['fr', 'en'];

/** Languages written right to left. */
const RIGHT_TO_LEFT = ['ar'];

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

/**
 * A translator over one app's dictionaries ({fr: {...}, en: {...}}). A message may be a text with
 * {placeholders}, or {one, other} for counts.
 */
export function createTranslator(dictionaries, languages = LANGUAGES) {
  let language = preferredLanguage(languages);

  function t(key, values = {}) {
    const entry = dictionaries[language][key] ?? dictionaries.en[key] ?? key;
    let text = entry;
    if (typeof entry === 'object') {
      const count = Number(values.count);
      const plural = new Intl.PluralRules(language).select(count);
      text = entry[plural] ?? entry.other;
    }
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

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
    get language() {
      return language;
    },
    get languages() {
      return languages;
    },
    use(next) {
      if (languages.includes(next)) {
        language = next;
        localStorage.setItem(STORAGE_KEY, next);
      }
    },
    /** A time of day (or date and time when not today) in the device's own time zone. */
    time(iso) {
      const when = new Date(iso);
      const today = new Date().toDateString() === when.toDateString();
      return new Intl.DateTimeFormat(language, today ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' })
        .format(when);
    },
  };
}
