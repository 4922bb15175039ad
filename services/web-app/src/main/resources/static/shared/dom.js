// Building the apps' markup from data, safely, for every app: text from the server (a visitor's
// name, a company, a note, a reason) always lands as text, never as markup. Also the formatting
// every screen repeats, and where the keyboard focus goes when a screen or a list is drawn again.

import { fieldMessage } from './field-messages.js';
import { formattingLocale } from './i18n.js';

export const $ = (id) => document.getElementById(id);

/**
 * An element: attributes by name (class, for, data-*, aria-*...; `text` for its text content;
 * `on` as {event: handler}, or `on` + event name for one listener; true for an empty attribute;
 * null, undefined and false leave it out), then its children (nodes, strings, numbers, arrays of
 * them, nested; null, undefined and false are skipped).
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (name === 'text') {
      element.textContent = value ?? '';
    } else if (name === 'on' && value && typeof value === 'object') {
      Object.entries(value).forEach(([event, handler]) => element.addEventListener(event, handler));
    } else if (value === null || value === undefined || value === false) {
      continue;
    } else if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

/**
 * A table whose rows turn into cards on a narrow screen: each cell carries its column's name for
 * that. Columns are {label, cell: (row) => node or text, class?}; `key(row)` names a row, so that
 * the focus finds it again when the table is drawn anew (keepingFocus).
 */
export function table(columns, rows, caption, key) {
  return h('div', { class: 'table-wrap' },
    h('table', {},
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col', class: column.class }, column.label)))),
      h('tbody', {}, rows.map((row) => h('tr', { 'data-focus-key': key ? key(row) : null },
        columns.map((column) => h('td', { 'data-label': column.label, class: column.class }, column.cell(row))))))));
}

/** A labelled form field: the label, the control, its help and the place for its error, linked for screen readers. */
export function field(id, label, control, help) {
  control.id = id;
  const describedBy = [];
  const helpText = help ? h('p', { class: 'help', id: `${id}-help` }, help) : null;
  if (helpText) {
    describedBy.push(helpText.id);
  }
  const error = h('p', { class: 'error field-error', id: `${id}-error` });
  describedBy.push(error.id);
  control.setAttribute('aria-describedby', describedBy.join(' '));
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, helpText, error);
}

/** Shows (or, with null, clears) the error of a field made by field(). */
export function fieldError(control, message) {
  const error = document.getElementById(`${control.id}-error`);
  if (error) {
    error.textContent = message || '';
  }
  if (message) {
    control.setAttribute('aria-invalid', 'true');
  } else {
    control.removeAttribute('aria-invalid');
  }
}

/** The field errors of a problem detail as {field: message}. */
export function problemFields(error) {
  const fields = {};
  ((error && error.problem && error.problem.errors) || []).forEach((entry) => {
    fields[entry.field] = fieldMessage(entry.message);
  });
  return fields;
}

/** A term and its value, for a description list; an empty value shows as a dash. */
export function entry(term, value) {
  const empty = value === null || value === undefined || value === '';
  return [h('dt', {}, term), h('dd', { dir: 'auto' }, empty ? '—' : value)];
}

/** A person's name from an attendee view: first and last name, or the registration id when neither is visible. */
export function attendeeName(attendee) {
  if (!attendee) {
    return '';
  }
  return [attendee.firstName, attendee.lastName].filter(Boolean).join(' ') || attendee.registrationId || '';
}

/** A date of the fair (YYYY-MM-DD, no time zone) as the language writes it. */
export function day(iso, language) {
  if (!iso) {
    return '';
  }
  const [year, month, date] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(formattingLocale(language), { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, date));
}

/** An instant as a date and time of this device's time zone, short (tables) or medium (details). */
export function dateTime(iso, language, style = 'short') {
  if (!iso) {
    return '';
  }
  return new Intl.DateTimeFormat(formattingLocale(language), { dateStyle: style, timeStyle: 'short' }).format(new Date(iso));
}

/** An instant as a date and time of this device's time zone, the date written out. */
export function moment(iso, language) {
  return dateTime(iso, language, 'medium');
}

export function number(value, language) {
  return new Intl.NumberFormat(formattingLocale(language)).format(value);
}

/** A byte count as people read it: 812 B, 4.2 kB, 13.5 MB. */
export function bytes(count, language) {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = count;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${new Intl.NumberFormat(formattingLocale(language), { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

// ---- focus -------------------------------------------------------------------------------------
// A keyboard or screen-reader user must not be dropped at the top of the page when part of it is
// drawn again: after a route change the focus goes to the new screen's heading, after a list is
// rebuilt to the same row (rows carry data-focus-key), after "Load more" to the first new row.

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), '
  + 'textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** Focuses the element, making it focusable by script first when it is not (a heading, a row). */
export function focus(element) {
  if (!element) {
    return;
  }
  if (!element.matches(FOCUSABLE) && !element.hasAttribute('tabindex')) {
    element.setAttribute('tabindex', '-1');
  }
  element.focus({ preventScroll: false });
}

/** After a route change: the new screen's main heading (its first h1 or h2) takes the focus. */
export function focusHeading(root) {
  if (root) {
    focus(root.querySelector('h1, h2') || root);
  }
}

/** A row takes the focus: its first control or link, else the row itself. */
export function focusRow(row) {
  if (row) {
    focus(row.querySelector(FOCUSABLE) || row);
  }
}

/**
 * Rebuilds part of the page with `rebuild()` (which may return a promise) and, when the focus was
 * in it, gives it back to the equivalent place: in the row of the same data-focus-key, the control
 * of the same data-focus name (else of the same position), else the row; when that row is gone,
 * the container itself.
 */
export function keepingFocus(container, rebuild) {
  const place = focusPlace(container);
  const result = rebuild();
  if (result && typeof result.then === 'function') {
    return result.then((value) => {
      restoreFocus(container, place);
      return value;
    });
  }
  restoreFocus(container, place);
  return result;
}

function focusPlace(container) {
  const active = document.activeElement;
  if (!container || !active || active === document.body || !container.contains(active)) {
    return null;
  }
  const row = active.closest('[data-focus-key]');
  return {
    key: row ? row.dataset.focusKey : null,
    name: active.dataset.focus || null,
    index: row ? Array.from(row.querySelectorAll(FOCUSABLE)).indexOf(active) : -1,
  };
}

function restoreFocus(container, place) {
  const active = document.activeElement;
  if (!place || (active && active !== document.body && container.contains(active))) {
    return;
  }
  const row = place.key === null ? null
    : Array.from(container.querySelectorAll('[data-focus-key]')).find((candidate) => candidate.dataset.focusKey === place.key);
  if (!row) {
    focus(container);
    return;
  }
  const controls = Array.from(row.querySelectorAll(FOCUSABLE));
  focus((place.name && row.querySelector(`[data-focus="${CSS.escape(place.name)}"]`)) || controls[place.index] || controls[0] || row);
}
