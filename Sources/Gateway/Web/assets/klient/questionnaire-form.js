// Answering a questionnaire one item at a time: a progress bar, the item's options as radios,
// back and next, then a look over the answers before sending. Unanswered items go as null.
import { api, ApiError } from '../shared/api.js';
import { navigate } from '../shared/router.js';
import { h, show, loading, failure, onSubmit, announce } from '../shared/ui.js';
import { instrumentName } from './questionnaires.js';

// Answers given so far, per assignment, kept in memory only (never stored on the device:
// they are health data), so stepping over to "I dag" and back loses nothing.
const drafts = new Map();

export async function questionnaireView(main, { id }) {
  const body = h('div', {}, loading());
  show(main, h('h1', {}, 'Spørgeskema'), body);
  let questionnaire;
  try {
    questionnaire = await api('GET', `/me/questionnaires/${encodeURIComponent(id)}`);
  } catch (error) {
    body.replaceChildren(failure(error), backLink());
    return;
  }
  const title = instrumentName(questionnaire.instrument);
  if (questionnaire.status !== 'pending') {
    show(main, h('h1', {}, title), alreadyAnswered());
    return;
  }
  const items = questionnaire.items ?? [];
  if (!items.length) {
    show(main, h('h1', {}, title), h('p', {}, 'Skemaet har ingen spørgsmål. Kontakt din terapeut.'), backLink());
    return;
  }
  if (!drafts.has(id)) drafts.set(id, items.map(() => null));
  const answers = drafts.get(id);
  const firstOpen = answers.indexOf(null);
  const stage = h('div', { class: 'questionnaire-stage' });
  const instructions = questionnaire.instructions
    ? h('details', { class: 'instructions', open: firstOpen <= 0 }, h('summary', {}, 'Sådan svarer du'), h('p', {}, questionnaire.instructions))
    : null;
  show(main, h('h1', {}, questionnaire.title || title), instructions, stage);
  const steps = {
    item: (index) => {
      // Read once before the first item; after that it would push every question down the phone.
      if (index > 0 && instructions) instructions.open = false;
      renderItem(stage, items, answers, index, steps);
    },
    review: () => renderReview(stage, items, answers, steps, async () => {
      try {
        await api('POST', `/me/questionnaires/${encodeURIComponent(id)}/answers`, { body: { answers } });
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          drafts.delete(id);
          show(main, h('h1', {}, title), alreadyAnswered());
          return;
        }
        throw error;
      }
      drafts.delete(id);
      announce('Tak! Dine svar er sendt til din terapeut.');
      navigate('/spoergeskemaer');
    }),
  };
  steps.item(firstOpen === -1 ? 0 : firstOpen);
}

function backLink() {
  return h('p', {}, h('a', { href: '#/spoergeskemaer' }, 'Tilbage til spørgeskemaer'));
}

function alreadyAnswered() {
  return [
    h('div', { class: 'notice', role: 'status' },
      h('p', {}, h('strong', {}, 'Du har allerede besvaret dette spørgeskema.')),
      h('p', {}, 'Dine første svar er gemt og sendt til din terapeut. Et skema kan kun besvares én gang.')),
    backLink(),
  ];
}

function progress(position, count, label) {
  return h('div', { class: 'progress' },
    h('p', { id: 'progress-label', class: 'progress-label' }, label),
    h('progress', { max: count, value: position, 'aria-labelledby': 'progress-label' }));
}

function renderItem(stage, items, answers, index, steps) {
  const item = items[index];
  const legend = h('legend', { tabindex: '-1' }, h('span', { class: 'item-number' }, `${item.number}.`), ' ', item.text);
  const options = h('div', { class: 'answer-options' }, item.options.map((option) => h('label', { class: 'answer-option' },
    h('input', {
      type: 'radio', name: 'answer', value: String(option.value), checked: answers[index] === option.value,
      onchange: () => { answers[index] = option.value; },
    }),
    h('span', {}, option.label))));
  const isLast = index === items.length - 1;
  const form = h('form', { class: 'card question' },
    h('fieldset', {}, legend, options),
    h('div', { class: 'step-buttons' },
      h('button', { type: 'button', id: 'previous', disabled: index === 0, onclick: () => steps.item(index - 1) }, h('span', { 'aria-hidden': 'true' }, '‹'), 'Forrige'),
      h('button', { type: 'submit', id: 'next', class: 'primary' }, isLast ? 'Gennemse svar' : 'Næste', h('span', { 'aria-hidden': 'true' }, '›'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (isLast) steps.review();
    else steps.item(index + 1);
  });
  stage.replaceChildren(progress(index + 1, items.length, `Spørgsmål ${index + 1} af ${items.length}`), form);
  legend.focus();
}

function renderReview(stage, items, answers, steps, send) {
  const answered = answers.filter((answer) => answer !== null).length;
  const missing = items.filter((_, index) => answers[index] === null);
  const heading = h('h2', { tabindex: '-1' }, 'Klar til at sende?');
  const form = h('form', { class: 'card review' },
    heading,
    h('p', {}, `Du har besvaret ${answered} af ${items.length} spørgsmål.`),
    missing.length
      ? h('div', { class: 'notice warning' },
        h('p', {}, 'Du mangler at svare på disse. Du kan godt sende uden, men svar gerne, hvis du kan:'),
        h('ul', { class: 'row missing' }, missing.map((item) => h('li', {}, h('button', {
          type: 'button', class: 'link', onclick: () => steps.item(items.indexOf(item)),
        }, `Spørgsmål ${item.number}`)))))
      : null,
    h('p', { class: 'muted' }, 'Når du har sendt dine svar, kan de ikke ændres.'),
    h('div', { class: 'step-buttons' },
      h('button', { type: 'button', onclick: () => steps.item(items.length - 1) }, h('span', { 'aria-hidden': 'true' }, '‹'), 'Tilbage'),
      h('button', { type: 'submit', id: 'send', class: 'primary' }, 'Send svar')));
  onSubmit(form, send);
  stage.replaceChildren(progress(items.length, items.length, 'Alle spørgsmål gennemgået'), form);
  heading.focus();
}
