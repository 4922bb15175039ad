// The qualification form of a lead: a rating, the exhibitor's own questions (five kinds), tags
// and the scanner's note, built as plain form controls so each has its label and works by keyboard
// and screen reader. read() answers only what was filled in, so a save never clears a teammate's work.

import { h } from '../shared/dom.js';

const RECENT_TAGS_KEY = 'expo.recentTags';
const MAX_RECENT_TAGS = 12;

function choice(type, name, value, label, id) {
  const input = h('input', { type, name, value, id });
  return h('label', { class: 'choice', for: id }, [input, h('span', { text: label, dir: 'auto' })]);
}

export function recentTags() {
  try {
    return JSON.parse(localStorage.getItem(RECENT_TAGS_KEY)) || [];
  } catch {
    return [];
  }
}

function remember(tags) {
  const recent = [...new Set([...tags, ...recentTags()])].slice(0, MAX_RECENT_TAGS);
  localStorage.setItem(RECENT_TAGS_KEY, JSON.stringify(recent));
}

/**
 * Fills the form's parts for one lead.
 * @param {{ratingOptions: Element, questions: Element, tagOptions: Element}} parts
 * @param {{version: number, questions: Array}|null} form the exhibitor's qualification form
 * @param {string[]} leadTags tags the lead already has (from teammates)
 */
export function render(parts, form, leadTags, t) {
  parts.ratingOptions.replaceChildren(...[1, 2, 3, 4, 5].map((value) => {
    const id = `rating-${value}`;
    const input = h('input', { type: 'radio', name: 'rating', value, id, class: 'visually-hidden' });
    return h('label', { for: id, class: 'star', title: t('ratingValue', { count: value }) }, [
      input, h('span', { 'aria-hidden': 'true', text: '★' }),
      h('span', { class: 'visually-hidden', text: t('ratingValue', { count: value }) }),
    ]);
  }));

  const questions = (form && form.questions) || [];
  parts.questions.replaceChildren(...questions.map((question, index) => questionField(question, index, t)));

  const tags = [...new Set([...leadTags, ...recentTags()])];
  parts.tagOptions.replaceChildren(...tags.map((tag, index) => {
    const id = `tag-${index}`;
    const input = h('input', { type: 'checkbox', name: 'tag', value: tag, id, checked: leadTags.includes(tag) });
    return h('label', { class: 'chip', for: id }, [input, h('span', { text: tag, dir: 'auto' })]);
  }));
}

function questionField(question, index, t) {
  const name = `q-${question.key}`;
  const legend = h('legend', {}, [h('span', { text: question.label, dir: 'auto' })]);
  if (question.required) {
    legend.append(h('span', { class: 'required', text: ` (${t('required')})` }));
  }
  const id = (suffix) => `q${index}-${suffix}`;
  let body;
  switch (question.type) {
    case 'SINGLE_CHOICE':
      body = question.options.map((option, i) => choice('radio', name, option, option, id(i)));
      break;
    case 'MULTIPLE_CHOICE':
      body = question.options.map((option, i) => choice('checkbox', name, option, option, id(i)));
      break;
    case 'SCALE_1_TO_5':
      body = [h('div', { class: 'scale' }, [1, 2, 3, 4, 5].map((value) => choice('radio', name, value, String(value), id(value))))];
      break;
    case 'YES_NO':
      body = [choice('radio', name, 'true', t('yes'), id('yes')), choice('radio', name, 'false', t('no'), id('no'))];
      break;
    default: {
      const label = h('label', { for: id('text'), class: 'visually-hidden', text: question.label });
      body = [label, h('textarea', { id: id('text'), name, rows: 2, maxlength: 2000, dir: 'auto' })];
    }
  }
  return h('fieldset', { class: 'question', 'data-key': question.key, 'data-type': question.type }, [legend, ...body]);
}

/** Adds a tag typed by the user to the choices, checked. */
export function addTag(tagOptions, tag) {
  const clean = tag.trim().slice(0, 40);
  if (!clean) {
    return;
  }
  const existing = [...tagOptions.querySelectorAll('input[name="tag"]')].find((input) => input.value === clean);
  if (existing) {
    existing.checked = true;
    return;
  }
  const id = `tag-${tagOptions.children.length}`;
  const input = h('input', { type: 'checkbox', name: 'tag', value: clean, id, checked: true });
  tagOptions.append(h('label', { class: 'chip', for: id }, [input, h('span', { text: clean, dir: 'auto' })]));
}

/** What the form says: only the parts filled in. */
export function read(formElement, form) {
  const data = new FormData(formElement);
  const qualification = {};
  const rating = Number(data.get('rating'));
  if (rating) {
    qualification.rating = rating;
  }
  const answers = {};
  ((form && form.questions) || []).forEach((question) => {
    const name = `q-${question.key}`;
    switch (question.type) {
      case 'MULTIPLE_CHOICE': {
        const chosen = data.getAll(name);
        if (chosen.length) answers[question.key] = chosen;
        break;
      }
      case 'SCALE_1_TO_5':
        if (data.get(name)) answers[question.key] = Number(data.get(name));
        break;
      case 'YES_NO':
        if (data.get(name)) answers[question.key] = data.get(name) === 'true';
        break;
      default:
        if (data.get(name) && String(data.get(name)).trim()) answers[question.key] = String(data.get(name)).trim();
    }
  });
  if (Object.keys(answers).length) {
    qualification.answers = answers;
    qualification.formVersion = form.version;
  }
  const tags = data.getAll('tag');
  if (tags.length) {
    qualification.tags = tags;
    remember(tags);
  }
  const note = String(data.get('note') || '').trim();
  if (note) {
    qualification.note = note;
  }
  return qualification;
}
