// The qualification form editor (the exhibitor's admin): the questions booth staff answer for each
// lead, of five kinds, with options for the two choice kinds. Saving makes a new version of the form;
// leads keep the version they were answered on, and scanners that were offline meanwhile still
// answer on theirs. A question's key names its column in exports, so it is shown and editable.

import { h, problemFields } from '../shared/dom.js';
import { onSubmitOnce } from '../shared/forms.js';

const TYPES = ['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'SCALE_1_TO_5', 'YES_NO', 'FREE_TEXT'];
const CHOICES = ['SINGLE_CHOICE', 'MULTIPLE_CHOICE'];
const MAX_QUESTIONS = 20;

/** A question key from its label: lower-case ASCII letters, digits and _, starting with a letter. */
export function keyOf(label) {
  const plain = label.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '_').replace(/^[^a-z]+/, '').replace(/_+$/, '');
  return plain.slice(0, 40);
}

export function createFormEditor(ctx, parts) {
  let counter = 0;

  async function show() {
    parts.status.textContent = ctx.t('loading');
    try {
      const form = await ctx.form(true);
      parts.list.replaceChildren(...form.questions.map((question) => editor(question)));
      parts.version.textContent = form.version ? ctx.t('formVersion', { version: form.version }) : ctx.t('formNone');
      parts.status.textContent = '';
      renumber();
    } catch (error) {
      parts.status.textContent = ctx.problemText(error);
    }
  }

  function editor(question = { key: '', label: '', type: 'SINGLE_CHOICE', options: [], required: false }) {
    const { t } = ctx;
    counter += 1;
    const id = (name) => `qe${counter}-${name}`;
    const type = h('select', { id: id('type'), name: 'type' }, TYPES.map((value) => h('option', { value, text: t(`type_${value}`), selected: value === question.type })));
    const options = h('textarea', { id: id('options'), name: 'options', rows: 3, dir: 'auto', 'aria-describedby': id('options-help'),
      text: question.options.join('\n') });
    const optionsBox = h('div', { class: 'stack options' }, [
      h('label', { for: id('options'), text: t('questionOptions') }), options,
      h('p', { id: id('options-help'), class: 'help', text: t('questionOptionsHelp') })]);
    const label = h('input', { id: id('label'), name: 'label', maxlength: 200, required: true, dir: 'auto', value: question.label });
    const key = h('input', { id: id('key'), name: 'key', maxlength: 40, required: true, pattern: '[a-z][a-z0-9_]{0,39}',
      spellcheck: 'false', autocapitalize: 'off', 'aria-describedby': id('key-help'), value: question.key });
    label.addEventListener('change', () => {
      if (!key.value) {
        key.value = keyOf(label.value);
      }
    });
    const showOptions = () => {
      optionsBox.hidden = !CHOICES.includes(type.value);
    };
    type.addEventListener('change', showOptions);
    const box = h('fieldset', { class: 'question-editor' }, [
      h('legend', {}),
      h('div', { class: 'grid-2' }, [
        h('div', { class: 'stack' }, [h('label', { for: id('label'), text: t('questionLabel') }), label]),
        h('div', { class: 'stack' }, [h('label', { for: id('key'), text: t('questionKey') }), key,
          h('p', { id: id('key-help'), class: 'help', text: t('questionKeyHelp') })]),
        h('div', { class: 'stack' }, [h('label', { for: id('type'), text: t('questionType') }), type]),
        h('label', { class: 'choice', for: id('required') }, [
          h('input', { type: 'checkbox', id: id('required'), name: 'required', checked: question.required }),
          h('span', { text: t('questionRequired') })]),
      ]),
      optionsBox,
      h('p', { class: 'error', role: 'alert' }),
      h('div', { class: 'inline wrap' }, [
        h('button', { type: 'button', 'data-move': '-1', text: t('moveUp'), on: { click: () => move(box, -1) } }),
        h('button', { type: 'button', 'data-move': '1', text: t('moveDown'), on: { click: () => move(box, 1) } }),
        h('button', { type: 'button', class: 'danger', text: t('removeQuestion'), on: { click: () => remove(box) } }),
      ]),
    ]);
    showOptions();
    return box;
  }

  function move(box, step) {
    const sibling = step < 0 ? box.previousElementSibling : box.nextElementSibling;
    if (!sibling) {
      return;
    }
    if (step < 0) {
      sibling.before(box);
    } else {
      sibling.after(box);
    }
    renumber();
    box.querySelector(`[data-move="${step}"]`).focus();
  }

  function remove(box) {
    const next = box.nextElementSibling || box.previousElementSibling;
    box.remove();
    renumber();
    (next ? next.querySelector('input') : parts.add).focus();
  }

  function renumber() {
    const boxes = [...parts.list.children];
    boxes.forEach((box, index) => {
      box.querySelector('legend').textContent = ctx.t('questionNumber', { number: index + 1 });
      box.querySelector('[data-move="-1"]').disabled = index === 0;
      box.querySelector('[data-move="1"]').disabled = index === boxes.length - 1;
    });
    parts.add.disabled = boxes.length >= MAX_QUESTIONS;
    parts.empty.hidden = boxes.length > 0;
  }

  function read() {
    return [...parts.list.children].map((box) => {
      const field = (name) => box.querySelector(`[name="${name}"]`);
      const type = field('type').value;
      return {
        key: field('key').value.trim(),
        label: field('label').value.trim(),
        type,
        options: CHOICES.includes(type) ? field('options').value.split('\n').map((option) => option.trim()).filter(Boolean) : [],
        required: field('required').checked,
      };
    });
  }

  parts.add.addEventListener('click', () => {
    const box = editor();
    parts.list.append(box);
    renumber();
    box.querySelector('input').focus();
  });

  onSubmitOnce(parts.form, async (event) => {
    event.preventDefault();
    const { t } = ctx;
    [...parts.list.children].forEach((box) => {
      box.querySelector('.error').textContent = '';
    });
    parts.result.textContent = t('saving');
    try {
      const form = await ctx.call(`/api/exhibitors/${encodeURIComponent(ctx.exhibitorId)}/qualification-form`,
        { method: 'PUT', body: { questions: read() } });
      ctx.formChanged(form);
      parts.version.textContent = t('formVersion', { version: form.version });
      parts.result.textContent = t('formSaved', { version: form.version });
    } catch (error) {
      const boxes = [...parts.list.children];
      Object.entries(problemFields(error)).forEach(([field, message]) => {
        const at = /^questions\[(\d+)\]\.?(\w*)/.exec(field);
        if (at && boxes[Number(at[1])]) {
          boxes[Number(at[1])].querySelector('.error').textContent = `${t(`field_${at[2] || 'question'}`)}: ${message}`;
        }
      });
      parts.result.textContent = ctx.problemText(error);
    }
  });

  return { show };
}
