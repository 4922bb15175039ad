// One lead: the visitor as the exhibitor may see them, every scan (when, by whom, flags), the team's
// notes, and its qualification to edit. A save sends only what this person changed (tags added and
// removed rather than the whole list, answers by question, their own note), so it never undoes what
// a teammate changed on a phone at the same moment: the server merges changes the same way.

import { onSubmitOnce } from '../shared/forms.js';
import { attendeeName, dateTime, h } from '../shared/dom.js';

export function createLeadPage(ctx, parts) {
  let lead = null;
  let form = null;
  /** Which opening of the page is current: a slow answer for a lead left since is dropped. */
  let opening = 0;

  async function show(leadId) {
    const mine = ++opening;
    lead = null;
    parts.status.textContent = ctx.t('loading');
    parts.saved.textContent = '';
    parts.content.hidden = true;
    let answers;
    try {
      answers = await Promise.all([ctx.call(`/api/leads/${encodeURIComponent(leadId)}`), ctx.form()]);
    } catch (error) {
      if (mine === opening) {
        parts.status.textContent = ctx.problemText(error);
      }
      return;
    }
    if (mine !== opening) {
      return;
    }
    [lead, form] = answers;
    parts.status.textContent = '';
    render();
    parts.content.hidden = false;
    parts.heading.focus();
  }

  function render() {
    const { t, language } = ctx;
    const attendee = lead.attendee || {};
    parts.heading.textContent = attendeeName(attendee) || t('unnamedVisitor');
    parts.heading.dir = 'auto';
    const facts = [
      [t('jobTitle'), attendee.jobTitle], [t('company'), attendee.company], [t('country'), attendee.country],
      [t('email'), attendee.email], [t('phone'), attendee.phone], [t('registrationId'), attendee.registrationId],
    ].filter(([, value]) => value);
    parts.visitor.replaceChildren(...facts.flatMap(([label, value]) => [
      h('dt', { text: label }),
      h('dd', { dir: 'auto' }, label === t('email') ? h('a', { href: `mailto:${value}`, text: value }) : value),
    ]));
    if (!attendee.email && !attendee.phone) {
      parts.visitor.append(h('dt', { text: t('contact') }), h('dd', { class: 'muted', text: t('noContactShared') }));
    }
    if (lead.source === 'LOOKUP') {
      parts.visitor.append(h('dt', { text: t('howIdentified') }),
        h('dd', { id: 'lead-source', 'data-source': 'LOOKUP' }, [h('span', { class: 'tag tag-lookup', text: t('lookedUp') }), ' ', t('lookedUpHelp')]));
    } else if (lead.source === 'WALK_IN') {
      parts.visitor.append(h('dt', { text: t('howIdentified') }),
        h('dd', { id: 'lead-source', 'data-source': 'WALK_IN' }, [h('span', { class: 'tag tag-walkin', text: t('walkIn') }), ' ', t('walkInHelp')]));
    }

    parts.scans.replaceChildren(...lead.scans.map((scan) => h('tr', {}, [
      h('td', { 'data-label': t('column_time') }, h('time', { datetime: scan.scannedAt, text: dateTime(scan.scannedAt, language) })),
      h('td', { 'data-label': t('column_by'), dir: 'auto', text: ctx.nameOf(scan.staffId || scan.deviceId) }),
      h('td', { 'data-label': t('column_flags'), text: [...(scan.source === 'LOOKUP' ? [t('lookedUp')] : []),
        ...(scan.source === 'WALK_IN' ? [t('walkIn')] : []),
        ...(scan.flags || []).map((flag) => t(`flag_${flag}`))].join(', ') }),
    ])));

    const me = ctx.authorId();
    parts.notes.replaceChildren(...(lead.notes.length ? lead.notes.map((note) => h('li', {}, [
      h('strong', { dir: 'auto', text: note.authorId === me ? t('you') : ctx.nameOf(note.authorId, t('exhibitorAdmin')) }),
      h('span', { class: 'muted', text: ` · ${dateTime(note.updatedAt, language)}` }),
      h('p', { dir: 'auto', text: note.text }),
    ])) : [h('li', { class: 'muted', text: t('noNotes') })]));

    renderForm(me);
  }

  function renderForm(me) {
    const { t } = ctx;
    parts.rating.replaceChildren(...[1, 2, 3, 4, 5].map((value) => choice('radio', 'rating', String(value),
      t('stars', { count: value }), lead.rating === value, `edit-rating-${value}`)),
    choice('radio', 'rating', '', t('unrated'), !lead.rating, 'edit-rating-none'));

    const sameVersion = form && lead.formVersion === form.version;
    parts.olderAnswers.hidden = sameVersion || !Object.keys(lead.answers || {}).length;
    parts.olderAnswers.textContent = t('answersOnOlderForm', { version: lead.formVersion,
      answers: Object.entries(lead.answers || {}).map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : value}`).join(' · ') });
    const answers = sameVersion ? lead.answers : {};
    parts.questions.replaceChildren(...((form && form.questions) || []).map((question, index) => questionField(question, index, answers[question.key])));

    parts.tags.replaceChildren(...lead.tags.map((tag, index) => choice('checkbox', 'tag', tag, tag, true, `edit-tag-${index}`, 'chip')));
    parts.followUp.checked = lead.followUp;
    const own = lead.notes.find((note) => note.authorId === me);
    parts.note.value = own ? own.text : '';
  }

  function choice(type, name, value, label, checked, id, className = 'choice') {
    return h('label', { class: className, for: id }, [
      h('input', { type, name, value, id, checked }),
      h('span', { dir: 'auto', text: label }),
    ]);
  }

  function questionField(question, index, value) {
    const { t } = ctx;
    const name = `q-${question.key}`;
    const id = (suffix) => `edit-q${index}-${suffix}`;
    let body;
    switch (question.type) {
      case 'SINGLE_CHOICE':
        body = question.options.map((option, i) => choice('radio', name, option, option, value === option, id(i)));
        body.push(choice('radio', name, '', t('noAnswerGiven'), value === undefined || value === null, id('none')));
        break;
      case 'MULTIPLE_CHOICE':
        body = question.options.map((option, i) => choice('checkbox', name, option, option,
          Array.isArray(value) && value.includes(option), id(i)));
        break;
      case 'SCALE_1_TO_5':
        body = [...[1, 2, 3, 4, 5].map((n) => choice('radio', name, String(n), String(n), value === n, id(n))),
          choice('radio', name, '', t('noAnswerGiven'), value === undefined || value === null, id('none'))];
        break;
      case 'YES_NO':
        body = [choice('radio', name, 'true', t('yes'), value === true, id('yes')),
          choice('radio', name, 'false', t('no'), value === false, id('no')),
          choice('radio', name, '', t('noAnswerGiven'), value === undefined || value === null, id('none'))];
        break;
      default:
        body = [h('label', { for: id('text'), class: 'visually-hidden', text: question.label }),
          h('textarea', { id: id('text'), name, rows: 2, maxlength: 2000, dir: 'auto', text: value ?? '' })];
    }
    const legend = h('legend', {}, [h('span', { dir: 'auto', text: question.label }),
      question.required ? h('span', { class: 'muted', text: ` (${t('required')})` }) : null]);
    const answers = question.type === 'FREE_TEXT' ? body : [h('div', { class: 'choices' }, body)];
    return h('fieldset', { class: 'question', 'data-key': question.key }, [legend, ...answers]);
  }

  /** What the form says that differs from the lead as loaded: a JSON merge patch. */
  function changes() {
    const data = new FormData(parts.form);
    const patch = {};
    const rating = data.get('rating') ? Number(data.get('rating')) : null;
    if (rating !== (lead.rating || null)) {
      patch.rating = rating;
    }
    const before = form && lead.formVersion === form.version ? lead.answers : {};
    const answers = {};
    ((form && form.questions) || []).forEach((question) => {
      const name = `q-${question.key}`;
      let value;
      switch (question.type) {
        case 'MULTIPLE_CHOICE':
          value = data.getAll(name).map(String);
          value = value.length ? value : null;
          break;
        case 'SCALE_1_TO_5':
          value = data.get(name) ? Number(data.get(name)) : null;
          break;
        case 'YES_NO':
          value = data.get(name) ? data.get(name) === 'true' : null;
          break;
        default:
          value = String(data.get(name) || '').trim() || null;
      }
      const old = before[question.key] ?? null;
      if (JSON.stringify(value) !== JSON.stringify(old)) {
        answers[question.key] = value;
      }
    });
    if (Object.keys(answers).length) {
      patch.answers = answers;
      patch.formVersion = form.version;
    }
    const kept = new Set(data.getAll('tag').map(String));
    const removeTags = lead.tags.filter((tag) => !kept.has(tag));
    const added = parts.newTags.value.split(',').map((tag) => tag.trim()).filter(Boolean).filter((tag) => !lead.tags.includes(tag));
    if (removeTags.length) {
      patch.removeTags = removeTags;
    }
    if (added.length) {
      patch.addTags = [...new Set(added)];
    }
    if (parts.followUp.checked !== lead.followUp) {
      patch.followUp = parts.followUp.checked;
    }
    const me = ctx.authorId();
    const own = lead.notes.find((note) => note.authorId === me);
    const note = parts.note.value.trim();
    if (note !== (own ? own.text : '')) {
      patch.note = note || null;
    }
    return patch;
  }

  onSubmitOnce(parts.form, async () => {
    const { t } = ctx;
    if (!lead) {
      return;
    }
    const patch = changes();
    if (!Object.keys(patch).length) {
      parts.saved.textContent = t('nothingToSave');
      return;
    }
    parts.saved.textContent = t('saving');
    try {
      lead = await ctx.call(`/api/leads/${encodeURIComponent(lead.id)}`, { method: 'PATCH', body: patch, contentType: 'application/merge-patch+json' });
      parts.newTags.value = '';
      render();
      parts.saved.textContent = t('saved');
    } catch (error) {
      parts.saved.textContent = ctx.problemText(error);
    }
  });

  return { show };
}
