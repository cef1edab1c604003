// The journal form: free text, and optionally a CBT thought record (the thought, how strongly it
// was believed, the evidence for and against, a more balanced thought, and the belief after).
// The situation a thought record starts from is the entry's text.

import { occurredAtOf, toLocalInput } from './when.js';

const $ = (id) => document.getElementById(id);

export function build() {
  $('journal-with-record').addEventListener('change', () => {
    const on = $('journal-with-record').checked;
    $('journal-record').hidden = !on;
    $('journal-text-hint').textContent = on
      ? 'Describe the situation: what happened, where, with whom.'
      : 'Write as much or as little as you like.';
  });
  const text = $('journal-text');
  text.addEventListener('input', () => {
    $('journal-text-count').textContent = text.value.length + ' of 10000 characters';
  });
  $('journal-when').max = toLocalInput(new Date(Date.now() + 60000));
}

function belief(id, field, errors) {
  const raw = $(id).value.trim();
  const value = Number(raw);
  if (raw === '' || !Number.isInteger(value) || value < 0 || value > 100) {
    errors.push({ field, message: 'Give a whole number from 0 (not at all) to 100 (completely).', own: true });
    return null;
  }
  return value;
}

/** The form's journal entry as the contract wants it, or {errors}. */
export function read(eventId) {
  const errors = [];
  const text = $('journal-text').value;
  const withRecord = $('journal-with-record').checked;
  const occurredAt = occurredAtOf($('journal-when').value, errors);
  const entry = { eventId, occurredAt };
  if (text.trim()) {
    entry.text = text;
  }
  if (withRecord) {
    const thought = $('journal-thought').value;
    if (!thought.trim()) {
      errors.push({ field: 'thoughtRecord.automaticThought', message: 'Write down the thought that came up.',
        own: true });
    }
    const before = belief('journal-belief-before', 'thoughtRecord.beliefBefore', errors);
    const after = belief('journal-belief-after', 'thoughtRecord.beliefAfter', errors);
    const record = { automaticThought: thought, beliefBefore: before, beliefAfter: after };
    [['evidenceFor', 'journal-evidence-for'], ['evidenceAgainst', 'journal-evidence-against'],
      ['balancedThought', 'journal-balanced']].forEach(([field, id]) => {
      if ($(id).value.trim()) {
        record[field] = $(id).value;
      }
    });
    entry.thoughtRecord = record;
  } else if (!text.trim()) {
    errors.push({ field: 'text', message: 'Write something, or add a thought record.', own: true });
  }
  return errors.length ? { errors } : { entry };
}

export function reset() {
  $('journal-form').reset();
  $('journal-record').hidden = true;
  $('journal-text-count').textContent = '';
  $('journal-text-hint').textContent = 'Write as much or as little as you like.';
  $('journal-when-details').open = false;
}
