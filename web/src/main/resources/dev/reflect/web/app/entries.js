// Reading back: the person's entries from GET /v1/me/entries, newest first, a page at a time,
// with the ones still waiting on this device on top. Every value is shown in plain words.

import { BEHAVIORS, CONTEXTS, COPING, FIELDS, GAD7_ANSWERS, GAD7_ITEMS, TRIGGERS, wordFor } from './words.js';
import { element } from './form.js';
import { formatWhen } from './when.js';

const PAGE_SIZE = 20;

function term(label, ...values) {
  return [element('dt', {}, label), element('dd', {}, ...values)];
}

function list(items) {
  return element('ul', { class: 'plain' }, items.map((item) => element('li', {}, item)));
}

function times(count) {
  return count === 1 ? 'once' : count + ' times';
}

function checkInDetails(c) {
  const rows = [term('How distressing', c.distress + ' of 10')];
  if (c.triggers && c.triggers.length) {
    rows.push(term('What set it off', list(c.triggers.map((t) => wordFor(TRIGGERS, t.category)
      + (t.tiedToPast ? ' (it echoed the past)' : '')))));
  }
  if (c.behaviors && c.behaviors.length) {
    rows.push(term('What I did', list(c.behaviors.map((b) => wordFor(BEHAVIORS, b.type)
      + (b.count && b.count > 1 ? ', ' + times(b.count) : '')))));
  }
  if (c.coping && c.coping.length) {
    rows.push(term('What helped', list(c.coping.map((value) => wordFor(COPING, value)))));
  }
  if (c.note) {
    rows.push(term('Note', element('p', { class: 'text' }, c.note)));
  }
  return element('dl', { class: 'entry-details' }, rows.flat());
}

function journalDetails(j) {
  const parts = [];
  if (j.text) {
    parts.push(element('p', { class: 'text' }, j.text));
  }
  const r = j.thoughtRecord;
  if (r) {
    const rows = [term('The thought', element('p', { class: 'text' }, r.automaticThought)),
      term('Believed it at first', r.beliefBefore + ' of 100')];
    if (r.evidenceFor) {
      rows.push(term('What supports it', element('p', { class: 'text' }, r.evidenceFor)));
    }
    if (r.evidenceAgainst) {
      rows.push(term('What does not fit', element('p', { class: 'text' }, r.evidenceAgainst)));
    }
    if (r.balancedThought) {
      rows.push(term('A more balanced thought', element('p', { class: 'text' }, r.balancedThought)));
    }
    rows.push(term('Believe it now', r.beliefAfter + ' of 100'));
    parts.push(element('h3', { class: 'record-title' }, 'Thought record'), element('dl', { class: 'entry-details' },
      rows.flat()));
  }
  return parts;
}

// GAD-7 answers are shown only while they wait on this device; once sent, the progress page draws them.
function measureDetails(m) {
  const items = m.items || [];
  const score = items.reduce((sum, answer) => sum + answer, 0);
  return element('dl', { class: 'entry-details' }, [term('Score', score + ' of 21'),
    term('Answers', list(GAD7_ITEMS.map((item, index) => item + ': ' + (GAD7_ANSWERS[items[index]] || '–'))))].flat());
}

const TITLES = { checkin: (entry) => 'Check-in · ' + wordFor(CONTEXTS, entry.context), journal: () => 'Journal',
  measure: () => 'Anxiety check (GAD-7)' };
const DETAILS = { checkin: checkInDetails, journal: journalDetails, measure: measureDetails };

/** One entry as a list item; state is null, 'waiting' or 'rejected'. */
export function entryItem(entry, state, problems) {
  const titleId = 'entry-' + entry.eventId;
  const title = (TITLES[entry.type] || TITLES.journal)(entry);
  const header = element('header', { class: 'entry-header' },
    element('h2', { id: titleId, class: 'entry-title' }, title),
    element('p', { class: 'entry-when' }, element('time', { datetime: entry.occurredAt }, formatWhen(entry.occurredAt))));
  const article = element('article', { class: 'entry' + (state ? ' ' + state : ''), 'aria-labelledby': titleId },
    header);
  if (state === 'waiting') {
    header.append(element('p', { class: 'badge' }, 'Saved on this device, not sent yet'));
  } else if (state === 'rejected') {
    header.append(element('p', { class: 'badge problem' }, 'Reflect could not take this entry'));
    article.append(list(problems.map((p) => {
      const field = String(p.field || '').replace(/\[\d+\]/g, '');
      return (FIELDS[field] || FIELDS[field.split('.')[0]] || 'This entry') + ': ' + p.message;
    })));
  }
  article.append(...[].concat((DETAILS[entry.type] || journalDetails)(entry)));
  return element('li', { 'data-event-id': entry.eventId }, article);
}

/** The query for one page. */
export function pageQuery(type, cursor) {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (type) {
    params.set('type', type);
  }
  if (cursor) {
    params.set('cursor', cursor);
  }
  return '/v1/me/entries?' + params.toString();
}
