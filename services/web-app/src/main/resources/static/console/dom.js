// Building the console's screens from data without innerHTML: text from the server (company and
// visitor names, reasons) always lands as text, never as markup.
import { formattingLocale } from '../shared/i18n.js';

/**
 * An element: attributes by name (class, for, data-*, aria-*...; `on` + event name for a listener;
 * true for an empty attribute; null, undefined and false leave it out), then its children (nodes,
 * strings, arrays of them; null is skipped).
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(element, child);
    } else {
      element.append(child instanceof Node ? child : String(child));
    }
  }
}

/**
 * A table whose rows turn into cards on a narrow screen (console.css): each cell carries its
 * column's name for that. Columns are {label, cell: (row) => node or text, class?}.
 */
export function table(columns, rows, caption) {
  return h('div', { class: 'table-wrap' },
    h('table', {},
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col', class: column.class }, column.label)))),
      h('tbody', {}, rows.map((row) => h('tr', {},
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

/** A term and its value, for a description list; an empty value shows as a dash. */
export function entry(term, value) {
  const empty = value === null || value === undefined || value === '';
  return [h('dt', {}, term), h('dd', { dir: 'auto' }, empty ? '—' : value)];
}

/** A date of the fair (YYYY-MM-DD, no time zone) as the language writes it. */
export function day(iso, language) {
  if (!iso) {
    return '';
  }
  const [year, month, date] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(formattingLocale(language), { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, date));
}

/** An instant as a date and time of this device's time zone. */
export function moment(iso, language) {
  return iso ? new Intl.DateTimeFormat(formattingLocale(language), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '';
}
