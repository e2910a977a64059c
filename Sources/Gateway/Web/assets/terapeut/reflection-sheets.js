// Refleksion: reflection sheets written with the client — a title and question/answer pairs.
// The client can read them in their own part.
import { api } from '../shared/api.js';
import { announce, failure, field, formatDate, h, loading, onSubmit } from '../shared/ui.js';
import { empty } from './widgets.js';

// Questions a new sheet starts with; the therapist changes them freely.
const startingQuestions = [
  'Hvad har givet dig energi i den seneste uge?',
  'Hvad har drænet dig for energi?',
  'Hvad vil du gøre anderledes i den kommende uge?',
];

export function reflectionSection(container, context) {
  const list = h('div', { class: 'sheet-list' }, loading());
  const newButton = h('button', { type: 'button', class: 'primary', id: 'new-sheet', onclick: () => openForm() }, '+ Nyt refleksionsark');
  const formPlace = h('div', {});
  container.append(h('div', { class: 'row section-actions' }, newButton), formPlace, list);

  const refresh = async () => {
    try {
      const sheets = await api('GET', `${context.base}/reflection-sheets`);
      list.replaceChildren(...(sheets.length
        ? sheets.map((sheet) => sheetCard(sheet, () => openForm(sheet)))
        : [empty('Ingen refleksionsark endnu.')]));
    } catch (error) {
      list.replaceChildren(failure(error));
    }
  };
  const openForm = (sheet) => {
    newButton.hidden = true;
    const close = () => {
      formPlace.replaceChildren();
      newButton.hidden = false;
      newButton.focus();
    };
    formPlace.replaceChildren(sheetForm(context, sheet, async () => {
      formPlace.replaceChildren();
      newButton.hidden = false;
      await refresh();
    }, close));
    formPlace.querySelector('input').focus();
  };
  refresh();
}

function sheetCard(sheet, edit) {
  return h('article', { class: 'card sheet' },
    h('div', { class: 'sheet-head' },
      h('h3', {}, sheet.title),
      h('button', { type: 'button', class: 'link', onclick: edit, 'aria-label': `Ret refleksionsarket ${sheet.title}` }, 'Ret')),
    h('p', { class: 'muted small' }, `Skrevet ${formatDate(sheet.created_at)}`,
      sheet.updated_at && sheet.updated_at !== sheet.created_at ? ` · rettet ${formatDate(sheet.updated_at)}` : ''),
    h('dl', { class: 'qa' }, sheet.items.map((item) => [
      h('dt', {}, item.question),
      h('dd', {}, item.answer || h('span', { class: 'muted' }, '(ikke besvaret)'))])));
}

function sheetForm(context, sheet, saved, cancel) {
  const items = h('div', { class: 'qa-items' });
  const addButton = h('button', { type: 'button', onclick: () => addItem({ question: '', answer: '' }, true) }, '+ Tilføj spørgsmål');
  const form = h('form', { class: 'card', id: 'sheet-form', novalidate: true },
    h('h3', {}, sheet ? 'Ret refleksionsark' : 'Nyt refleksionsark'),
    field('Titel', h('input', { name: 'title', value: sheet?.title ?? '', maxlength: 200 })),
    items,
    h('div', { class: 'row' }, addButton),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Gem refleksionsark'),
      h('button', { type: 'button', onclick: cancel }, 'Fortryd')));

  const renumber = () => [...items.children].forEach((fieldset, index) => {
    fieldset.querySelector('legend').textContent = `Spørgsmål ${index + 1}`;
    fieldset.querySelector('[data-part=question]').dataset.field = `items[${index}].question`;
    fieldset.querySelector('[data-part=answer]').dataset.field = `items[${index}].answer`;
    const remove = fieldset.querySelector('.remove-item');
    remove.setAttribute('aria-label', `Fjern spørgsmål ${index + 1}`);
    remove.hidden = items.children.length === 1;
  });
  const addItem = (item, focus = false) => {
    const fieldset = h('fieldset', { class: 'qa-item' },
      h('legend', {}),
      field('Spørgsmål', h('input', { 'data-part': 'question', value: item.question, maxlength: 1000 })),
      field('Svar', h('textarea', { 'data-part': 'answer', rows: 3, maxlength: 5000 }, item.answer)),
      h('button', { type: 'button', class: 'link remove-item', onclick: () => { fieldset.remove(); renumber(); } }, 'Fjern'));
    items.append(fieldset);
    renumber();
    if (focus) fieldset.querySelector('input').focus();
  };
  (sheet?.items ?? startingQuestions.map((question) => ({ question, answer: '' }))).forEach((item) => addItem(item));

  onSubmit(form, async (data) => {
    const body = {
      title: data.get('title').trim(),
      items: [...items.children].map((fieldset) => ({
        question: fieldset.querySelector('[data-part=question]').value.trim(),
        answer: fieldset.querySelector('[data-part=answer]').value.trim(),
      })),
    };
    if (sheet) await api('PATCH', `${context.base}/reflection-sheets/${sheet.id}`, { body });
    else await api('POST', `${context.base}/reflection-sheets`, { body });
    announce('Refleksionsarket er gemt.');
    await saved();
  });
  return form;
}
