// Building the dashboard's markup from data, safely: every text goes in as text (never as HTML), so
// a visitor's name or a note can hold anything; and the little formatting every page repeats.

import { fieldMessage } from '../shared/field-messages.js';
import { formattingLocale } from '../shared/i18n.js';

/**
 * An element with attributes and children. `text` sets the text content; `on` is {event: handler};
 * false, null and undefined attributes are left out, true ones are set empty.
 */
export function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => {
    if (name === 'text') {
      node.textContent = value ?? '';
    } else if (name === 'on') {
      Object.entries(value).forEach(([event, handler]) => node.addEventListener(event, handler));
    } else if (value !== false && value !== null && value !== undefined) {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  });
  (Array.isArray(children) ? children : [children]).forEach((child) => {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child);
    }
  });
  return node;
}

export const $ = (id) => document.getElementById(id);

/** A person's name from an attendee view: first and last name, or the registration id when neither is visible. */
export function attendeeName(attendee) {
  if (!attendee) {
    return '';
  }
  return [attendee.firstName, attendee.lastName].filter(Boolean).join(' ') || attendee.registrationId || '';
}

/** A date and time in the browser's language and time zone. */
export function dateTime(iso, language) {
  if (!iso) {
    return '';
  }
  return new Intl.DateTimeFormat(formattingLocale(language), { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
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

/** The field errors of a problem detail as {field: message}, and its own detail. */
export function problemFields(error) {
  const fields = {};
  ((error && error.problem && error.problem.errors) || []).forEach((entry) => {
    fields[entry.field] = fieldMessage(entry.message);
  });
  return fields;
}
