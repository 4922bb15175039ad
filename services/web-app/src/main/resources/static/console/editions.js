// Editions: the list the console opens on, and the form that opens a new one or changes its name,
// venue, dates, time zone, halls and how long visitors' personal data is kept (GET, POST and PATCH
// /api/editions).

import { day, field, fieldError, h, table } from '../shared/dom.js';
import { onSubmitOnce } from '../shared/forms.js';

/** The fair's venue is in Casablanca: a new edition starts in its time zone. */
const DEFAULT_TIME_ZONE = 'Africa/Casablanca';

/** Every edition, the latest first. */
export async function renderEditions(ctx, view) {
  const { t } = ctx;
  const editions = await ctx.every('/api/editions');
  editions.sort((a, b) => b.startDate.localeCompare(a.startDate) || a.name.localeCompare(b.name));
  view.append(
    h('div', { class: 'heading-row' },
      h('h2', { tabindex: '-1' }, t('editionsTitle')),
      h('a', { class: 'button primary', href: '#/editions/new', id: 'new-edition' }, t('newEdition'))),
    editions.length === 0
      ? h('p', { class: 'empty' }, t('editionsEmpty'))
      : table([
        { label: t('editionName'), cell: (edition) => h('a', { href: `#/editions/${edition.id}/applications`, dir: 'auto' }, edition.name) },
        { label: t('venue'), cell: (edition) => h('span', { dir: 'auto' }, edition.venue) },
        { label: t('dates'), cell: (edition) => `${day(edition.startDate, ctx.language)} – ${day(edition.endDate, ctx.language)}` },
        { label: t('timeZone'), cell: (edition) => edition.timeZone },
      ], editions, t('editionsTitle')));
}

/** The form of a new edition (edition null) or of an existing one. */
export function renderEditionForm(ctx, view, edition) {
  const { t } = ctx;
  const creating = !edition;
  const controls = {
    name: h('input', { name: 'name', required: true, maxlength: '200', autocomplete: 'off', dir: 'auto' }),
    venue: h('input', { name: 'venue', required: true, maxlength: '200', autocomplete: 'off', dir: 'auto' }),
    startDate: h('input', { name: 'startDate', type: 'date', required: true }),
    endDate: h('input', { name: 'endDate', type: 'date', required: true }),
    timeZone: timeZoneSelect(edition ? edition.timeZone : DEFAULT_TIME_ZONE),
    halls: h('input', { name: 'halls', autocomplete: 'off' }),
    retentionMonths: h('input', { name: 'retentionMonths', type: 'number', min: '1', max: '12', step: '1', required: true }),
  };
  controls.retentionMonths.value = edition ? String(edition.retentionMonths) : '12';
  if (edition) {
    controls.name.value = edition.name;
    controls.venue.value = edition.venue;
    controls.startDate.value = edition.startDate;
    controls.endDate.value = edition.endDate;
    controls.halls.value = (edition.halls || []).join(', ');
  }
  const status = h('p', { class: 'status', role: 'status' });
  const form = h('form', { class: 'stack card', id: 'edition-form', novalidate: true },
    field('edition-name', t('editionName'), controls.name),
    field('edition-venue', t('venue'), controls.venue),
    h('div', { class: 'two' },
      field('edition-start', t('startDate'), controls.startDate),
      field('edition-end', t('endDate'), controls.endDate)),
    field('edition-time-zone', t('timeZone'), controls.timeZone, t('timeZoneHelp')),
    field('edition-halls', t('halls'), controls.halls, t('hallsHelp')),
    field('edition-retention', t('retentionMonths'), controls.retentionMonths, t('retentionHelp')),
    edition && edition.purgeAt ? h('p', { id: 'edition-purge' }, t('purgeOn', {
      date: new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: edition.timeZone })
        .format(new Date(edition.purgeAt)),
    })) : null,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, creating ? t('createEdition') : t('saveEdition')),
      creating ? h('a', { class: 'button', href: '#/' }, t('cancel')) : null),
    status);

  onSubmitOnce(form, async (event) => {
    event.preventDefault();
    Object.values(controls).forEach((control) => fieldError(control, null));
    status.textContent = '';
    if (!checked(ctx, controls)) {
      return;
    }
    const body = {
      name: controls.name.value.trim(),
      venue: controls.venue.value.trim(),
      startDate: controls.startDate.value,
      endDate: controls.endDate.value,
      timeZone: controls.timeZone.value,
      halls: controls.halls.value.split(',').map((hall) => hall.trim()).filter(Boolean),
      retentionMonths: Number(controls.retentionMonths.value),
    };
    status.textContent = t('saving');
    try {
      const saved = creating
        ? await ctx.call('/api/editions', { method: 'POST', body })
        : await ctx.call(`/api/editions/${encodeURIComponent(edition.id)}`, { method: 'PATCH', body });
      ctx.announce(creating ? t('editionCreated') : t('editionSaved'));
      ctx.navigate(`#/editions/${saved.id}`);
    } catch (error) {
      status.textContent = '';
      ctx.failed(error, status, { controls });
    }
  });

  view.append(h('h2', { tabindex: '-1' }, creating ? t('newEditionTitle') : t('tabDetails')), form);
}

/** What the browser can tell before asking the server: required fields and the order of the dates. */
function checked(ctx, controls) {
  let first = null;
  for (const control of Object.values(controls)) {
    if (control.required && !control.value.trim()) {
      fieldError(control, ctx.t('required'));
      first = first || control;
    }
  }
  if (!first && controls.endDate.value < controls.startDate.value) {
    fieldError(controls.endDate, ctx.t('endBeforeStart'));
    first = controls.endDate;
  }
  if (first) {
    first.focus();
  }
  return !first;
}

/** The IANA time zones this browser knows, the edition's own kept even if it does not know it. */
function timeZoneSelect(selected) {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [DEFAULT_TIME_ZONE];
  const all = zones.includes(selected) ? zones : [selected, ...zones];
  const select = h('select', { name: 'timeZone' }, all.map((zone) => h('option', { value: zone }, zone)));
  select.value = selected;
  return select;
}
