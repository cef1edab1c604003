// The check-in form: who it was about, what set it off (and whether it echoed the past), what the
// person did (how many times they asked for reassurance or checked a device), what helped, how
// distressing it felt and an optional note. Built to be done in well under 30 seconds: only the
// relationship and the distress are needed, and everything is a tap.

import { BEHAVIORS, CONTEXTS, COPING, COUNTED_BEHAVIORS, TIED_TO_PAST, TRIGGERS } from './words.js';
import { choice, element } from './form.js';
import { occurredAtOf, toLocalInput } from './when.js';

const $ = (id) => document.getElementById(id);

export function build() {
  $('check-in-contexts').replaceChildren(...CONTEXTS.map(([value, label]) =>
    choice('radio', 'context', value, label, 'context-' + value)));

  $('check-in-triggers').replaceChildren(...TRIGGERS.map(([value, label]) => {
    const item = element('li', { class: 'with-detail' }, choice('checkbox', 'trigger', value, label, 'trigger-' + value));
    const past = element('span', { class: 'detail', hidden: true },
      element('input', { type: 'checkbox', id: 'trigger-' + value + '-past', name: 'tiedToPast', value }),
      element('label', { for: 'trigger-' + value + '-past' }, TIED_TO_PAST));
    item.append(past);
    return item;
  }));

  $('check-in-behaviors').replaceChildren(...BEHAVIORS.map(([value, label]) => {
    const item = element('li', { class: 'with-detail' }, choice('checkbox', 'behavior', value, label, 'behavior-' + value));
    if (COUNTED_BEHAVIORS.includes(value)) {
      const id = 'behavior-' + value + '-count';
      item.append(element('span', { class: 'detail count', hidden: true },
        element('label', { for: id }, 'How many times?'),
        element('input', { type: 'number', id, name: 'count-' + value, min: 1, max: 100, value: 1, inputmode: 'numeric',
          required: true })));
    }
    return item;
  }));

  $('check-in-coping').replaceChildren(...COPING.map(([value, label]) =>
    choice('checkbox', 'coping', value, label, 'coping-' + value)));

  $('check-in-distress').replaceChildren(...Array.from({ length: 11 }, (_, n) =>
    choice('radio', 'distress', String(n), String(n), 'distress-' + n)));

  // A chosen trigger or behaviour opens its follow-up question, right under it.
  $('check-in-form').addEventListener('change', (event) => {
    const input = event.target;
    if (input.name === 'trigger' || input.name === 'behavior') {
      const detail = input.closest('li').querySelector('.detail');
      if (detail) {
        detail.hidden = !input.checked;
      }
    }
  });
  const note = $('check-in-note');
  note.addEventListener('input', () => {
    $('check-in-note-count').textContent = note.value.length + ' of 2000 characters';
  });
  $('check-in-when').max = toLocalInput(new Date(Date.now() + 60000));
}

/** The form's check-in as the contract wants it, or {errors} for what the form can tell itself. */
export function read(eventId) {
  const form = $('check-in-form');
  const errors = [];
  const context = form.querySelector('input[name="context"]:checked');
  const distress = form.querySelector('input[name="distress"]:checked');
  if (!context) {
    errors.push({ field: 'context', message: 'Choose who it was about.', own: true });
  }
  if (!distress) {
    errors.push({ field: 'distress', message: 'Choose how distressing it felt, from 0 (calm) to 10.', own: true });
  }
  const occurredAt = occurredAtOf($('check-in-when').value, errors);
  const behaviors = [];
  form.querySelectorAll('input[name="behavior"]:checked').forEach((box) => {
    const count = form.querySelector('input[name="count-' + box.value + '"]');
    if (count) {
      const n = Number(count.value);
      if (!Number.isInteger(n) || n < 1 || n > 100) {
        errors.push({ field: 'behaviors', message: 'Say how many times with a whole number from 1 to 100.', own: true });
        return;
      }
      behaviors.push({ type: box.value, count: n });
    } else {
      behaviors.push({ type: box.value });
    }
  });
  if (errors.length) {
    return { errors };
  }
  const checkIn = {
    eventId,
    occurredAt,
    context: context.value,
    distress: Number(distress.value),
    triggers: Array.from(form.querySelectorAll('input[name="trigger"]:checked'), (box) => ({
      category: box.value,
      tiedToPast: form.querySelector('#trigger-' + box.value + '-past').checked
    })),
    behaviors,
    coping: Array.from(form.querySelectorAll('input[name="coping"]:checked'), (box) => box.value)
  };
  const note = $('check-in-note').value;
  if (note.trim()) {
    checkIn.note = note;
  }
  return { checkIn };
}

export function reset() {
  const form = $('check-in-form');
  form.reset();
  form.querySelectorAll('.detail').forEach((detail) => { detail.hidden = true; });
  $('check-in-note-count').textContent = '';
  $('check-in-when-details').open = false;
}
