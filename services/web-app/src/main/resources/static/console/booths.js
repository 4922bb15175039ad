// Booths of an edition: the floor plan imported from CSV or defined booth by booth, and who holds
// each (PUT /api/editions/{id}/booths, POST .../booths/import, GET .../booths). Booths are given to
// exhibitors from their application's page.

import { NotUtf8, readUtf8 } from './files.js';
import { field, fieldError, h, table } from '../shared/dom.js';
import { onSubmitOnce } from '../shared/forms.js';
import { fieldMessage } from '../shared/field-messages.js';
import { fieldLabel } from '../shared/refusals.js';

export async function renderBooths(ctx, view, edition) {
  const { t } = ctx;
  const editionPath = `/api/editions/${encodeURIComponent(edition.id)}`;
  const list = h('div', { id: 'booths' });

  async function refresh() {
    const [booths, exhibitors] = await Promise.all([ctx.call(`${editionPath}/booths`), ctx.every(`${editionPath}/exhibitors`)]);
    const companies = new Map(exhibitors.map((exhibitor) => [exhibitor.id, exhibitor.profile.companyName]));
    list.replaceChildren(booths.length === 0 ? h('p', { class: 'empty' }, t('boothsEmpty')) : table([
      { label: t('booth'), cell: (booth) => h('strong', {}, booth.code) },
      { label: t('hall'), cell: (booth) => h('span', { dir: 'auto' }, booth.hall) },
      { label: t('area'), cell: (booth) => new Intl.NumberFormat(ctx.locale).format(booth.areaSquareMetres), class: 'number' },
      { label: t('category'), cell: (booth) => h('span', { dir: 'auto' }, booth.category || t('none')) },
      {
        label: t('heldBy'),
        cell: (booth) => (booth.exhibitorId
          ? h('a', { href: `#/editions/${edition.id}/applications/${booth.exhibitorId}`, dir: 'auto' }, companies.get(booth.exhibitorId) || booth.exhibitorId)
          : h('span', { class: 'help' }, t('free'))),
      },
    ], booths, t('boothsTitle')));
  }

  view.append(
    h('h2', { tabindex: '-1' }, t('boothsTitle')),
    list,
    h('div', { class: 'two' }, importForm(ctx, editionPath, refresh), boothForm(ctx, edition, editionPath, refresh)));
  await refresh();
}

/** What an upload did, with each refused row's reasons (the server's words). */
function boothReport(ctx, report) {
  const { t } = ctx;
  return [
    h('p', { class: report.rejected.length ? 'notice notice-warn' : 'notice notice-ok' }, t('boothReport', {
      count: report.rows, created: report.created, updated: report.updated, rejected: new Set(report.rejected.map((r) => r.row)).size,
    })),
    report.rejected.length ? table([
      { label: t('row'), cell: (rejection) => rejection.row, class: 'number' },
      { label: t('field'), cell: (rejection) => fieldLabel(rejection.field, t, ctx.language) },
      { label: t('reason'), cell: (rejection) => fieldMessage(rejection.reason) },
    ], report.rejected, t('reportTitle')) : null,
  ].filter(Boolean);
}

function importForm(ctx, editionPath, refresh) {
  const { t } = ctx;
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv', required: true });
  const report = h('div', { role: 'status', id: 'booth-import-report' });
  const form = h('form', { class: 'stack card', id: 'booth-import-form', novalidate: true },
    h('h3', {}, t('importBoothsTitle')),
    field('booths-file', t('boothsFile'), file, t('boothsFileHelp')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('importBooths'))),
    report);
  onSubmitOnce(form, async (event) => {
    event.preventDefault();
    fieldError(file, null);
    report.replaceChildren();
    if (!file.files.length) {
      fieldError(file, t('chooseFile'));
      file.focus();
      return;
    }
    try {
      const csv = await readUtf8(file.files[0]);
      const answer = await ctx.call(`${editionPath}/booths/import`, { method: 'POST', body: csv, contentType: 'text/csv; charset=utf-8' });
      report.replaceChildren(...boothReport(ctx, answer));
      await refresh();
    } catch (error) {
      if (error instanceof NotUtf8) {
        fieldError(file, t('notUtf8'));
      } else {
        const problem = h('p', { class: 'error', role: 'alert' });
        report.replaceChildren(problem);
        ctx.failed(error, problem);
      }
    }
  });
  return form;
}

function boothForm(ctx, edition, editionPath, refresh) {
  const { t } = ctx;
  const halls = edition.halls || [];
  const controls = {
    code: h('input', { name: 'code', required: true, maxlength: '20', autocomplete: 'off' }),
    hall: halls.length
      ? h('select', { name: 'hall', required: true }, halls.map((hall) => h('option', { value: hall }, hall)))
      : h('input', { name: 'hall', required: true, maxlength: '50', autocomplete: 'off' }),
    area: h('input', { name: 'area', type: 'number', min: '0.5', max: '10000', step: '0.5', required: true, inputmode: 'decimal' }),
    category: h('input', { name: 'category', maxlength: '50', autocomplete: 'off' }),
  };
  const report = h('div', { role: 'status', id: 'booth-form-report' });
  const form = h('form', { class: 'stack card', id: 'booth-add-form', novalidate: true },
    h('h3', {}, t('addBoothTitle')),
    h('div', { class: 'two' }, field('booth-new-code', t('boothCode'), controls.code), field('booth-new-hall', t('hall'), controls.hall)),
    h('div', { class: 'two' }, field('booth-new-area', t('area'), controls.area), field('booth-new-category', t('category'), controls.category)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('saveBooth'))),
    report);
  onSubmitOnce(form, async (event) => {
    event.preventDefault();
    report.replaceChildren();
    let first = null;
    for (const control of Object.values(controls)) {
      fieldError(control, null);
      if (control.required && !control.value.trim()) {
        fieldError(control, t('required'));
        first = first || control;
      }
    }
    if (first) {
      first.focus();
      return;
    }
    const booth = {
      code: controls.code.value.trim(),
      hall: controls.hall.value.trim(),
      area: Number(controls.area.value),
      category: controls.category.value.trim() || null,
    };
    try {
      const answer = await ctx.call(`${editionPath}/booths`, { method: 'PUT', body: [booth] });
      report.replaceChildren(...boothReport(ctx, answer));
      if (!answer.rejected.length) {
        form.reset();
        await refresh();
      }
    } catch (error) {
      const problem = h('p', { class: 'error', role: 'alert' });
      report.replaceChildren(problem);
      ctx.failed(error, problem);
    }
  });
  return form;
}
