// Where the exhibitor's leads go (its admin only): the sales team's addresses, which leads alert
// them at once (all, only hot ones by the exhibitor's own rule, or none), a digest (hourly, or daily
// at a local time) and the digest's file format. The hot-lead rule may name a question of the
// current qualification form, with its expected answer picked from that question's choices.

import { h, problemFields } from '../shared/dom.js';
import { onSubmitOnce } from '../shared/forms.js';

export function createNotificationSettings(ctx, parts) {
  let form = null;

  async function show() {
    parts.status.textContent = ctx.t('loading');
    try {
      const [settings, current] = await Promise.all([
        ctx.call(`/api/exhibitors/${encodeURIComponent(ctx.exhibitorId)}/notification-settings`), ctx.form()]);
      form = current;
      fill(settings);
      parts.status.textContent = '';
    } catch (error) {
      parts.status.textContent = ctx.problemText(error);
    }
  }

  function fill(settings) {
    const fields = parts.form.elements;
    fields.salesEmails.value = settings.salesEmails.join('\n');
    fields.alertOn.value = settings.alertOn;
    const rule = settings.hotLead || {};
    fields.minRating.value = rule.minRating ? String(rule.minRating) : '';
    fields.hotTags.value = (rule.tags || []).join(', ');
    renderQuestions(rule.questionKey || '');
    renderAnswers(rule.answer || '');
    fields.digest.value = settings.digest;
    fields.digestTime.value = settings.digestTime || '18:00';
    fields.exportFormat.value = settings.exportFormat;
    toggle();
  }

  function question(key) {
    return ((form && form.questions) || []).find((candidate) => candidate.key === key) || null;
  }

  function renderQuestions(chosen) {
    const select = parts.form.elements.hotQuestion;
    select.replaceChildren(h('option', { value: '', text: ctx.t('noQuestion') }),
      ...((form && form.questions) || []).map((candidate) => h('option', { value: candidate.key, dir: 'auto', text: candidate.label })));
    select.value = question(chosen) ? chosen : '';
  }

  /** The expected answer: the question's own choices where it has them, free text otherwise. */
  function renderAnswers(chosen) {
    const { t } = ctx;
    const asked = question(parts.form.elements.hotQuestion.value);
    const values = !asked ? [] : asked.type === 'YES_NO' ? [['true', t('yes')], ['false', t('no')]]
      : asked.type === 'SCALE_1_TO_5' ? ['1', '2', '3', '4', '5'].map((n) => [n, n])
        : asked.options.map((option) => [option, option]);
    parts.answerSlot.replaceChildren(values.length
      ? h('select', { id: 'hot-answer', name: 'hotAnswer' }, values.map(([value, label]) => h('option', { value, dir: 'auto', text: label, selected: value === chosen })))
      : h('input', { id: 'hot-answer', name: 'hotAnswer', maxlength: 100, dir: 'auto', value: chosen, disabled: !asked }));
  }

  function toggle() {
    const fields = parts.form.elements;
    parts.hotRule.hidden = fields.alertOn.value !== 'HOT';
    parts.dailyTime.hidden = fields.digest.value !== 'DAILY';
    // A hidden field must not stop the form being sent.
    fields.digestTime.required = fields.digest.value === 'DAILY';
  }

  function read() {
    const fields = parts.form.elements;
    const settings = {
      salesEmails: fields.salesEmails.value.split(/[\n,;]/).map((address) => address.trim()).filter(Boolean),
      alertOn: fields.alertOn.value,
      digest: fields.digest.value,
      exportFormat: fields.exportFormat.value,
    };
    if (settings.digest === 'DAILY') {
      settings.digestTime = fields.digestTime.value;
    }
    if (settings.alertOn === 'HOT') {
      const rule = {};
      if (fields.minRating.value) {
        rule.minRating = Number(fields.minRating.value);
      }
      const tags = fields.hotTags.value.split(',').map((tag) => tag.trim()).filter(Boolean);
      if (tags.length) {
        rule.tags = tags;
      }
      if (fields.hotQuestion.value) {
        rule.questionKey = fields.hotQuestion.value;
        rule.answer = String(fields.hotAnswer.value || '').trim();
      }
      settings.hotLead = rule;
    }
    return settings;
  }

  parts.form.addEventListener('change', (event) => {
    if (event.target.name === 'hotQuestion') {
      renderAnswers('');
    }
    toggle();
  });

  onSubmitOnce(parts.form, async (event) => {
    event.preventDefault();
    const { t } = ctx;
    parts.result.textContent = t('saving');
    Object.values(parts.errors).forEach((slot) => {
      slot.textContent = '';
    });
    try {
      fill(await ctx.call(`/api/exhibitors/${encodeURIComponent(ctx.exhibitorId)}/notification-settings`,
        { method: 'PUT', body: read() }));
      parts.result.textContent = t('settingsSaved');
    } catch (error) {
      Object.entries(problemFields(error)).forEach(([field, message]) => {
        const slot = parts.errors[field.split(/[.[]/)[0]];
        if (slot) {
          slot.textContent = message;
        }
      });
      parts.result.textContent = ctx.problemText(error);
    }
  });

  return { show };
}
