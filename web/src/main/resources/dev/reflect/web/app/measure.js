// The GAD-7 questionnaire (contract section 10): seven questions about the last two weeks, each
// answered with one of four choices, in the questionnaire's own public-domain words (see words.js).
// Every question needs an answer; the form names each one left open, next to it.

import { GAD7_ANSWERS, GAD7_CITATION, GAD7_ITEMS, GAD7_QUESTION } from './words.js';
import { choice, element } from './form.js';
import { withOffset } from './when.js';

const $ = (id) => document.getElementById(id);

export function build() {
  $('measure-question').textContent = GAD7_QUESTION;
  $('measure-citation').textContent = GAD7_CITATION;
  $('measure-items').replaceChildren(...GAD7_ITEMS.map((item, index) => {
    const legendId = 'gad7-item-' + index + '-legend';
    return element('fieldset', { class: 'field gad7-item', 'data-field': 'items[' + index + ']', id: 'gad7-item-' + index },
      element('legend', { id: legendId }, element('span', { class: 'item-number' }, (index + 1) + '. '), item),
      element('div', { class: 'chips' }, GAD7_ANSWERS.map((answer, score) =>
        choice('radio', 'gad7-' + index, String(score), answer, 'gad7-' + index + '-' + score))));
  }));
}

/** The form's answers as the contract wants them, or {errors} naming each question left open. */
export function read(eventId) {
  const errors = [];
  const items = GAD7_ITEMS.map((item, index) => {
    const chosen = document.querySelector('input[name="gad7-' + index + '"]:checked');
    if (!chosen) {
      errors.push({ field: 'items[' + index + ']', message: 'Choose an answer for “' + item + '”.', own: true });
      return null;
    }
    return Number(chosen.value);
  });
  if (errors.length) {
    return { errors };
  }
  return { measure: { eventId, occurredAt: withOffset(new Date()), instrument: 'GAD7', items } };
}

export function reset() {
  $('measure-form').reset();
}
