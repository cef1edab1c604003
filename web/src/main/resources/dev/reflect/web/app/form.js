// What the two forms share: building their choices from the vocabulary, and saying what is wrong
// next to the field it is about (the server's problems as well as the form's own), with a summary
// at the top that links to each field.

import { FIELDS } from './words.js';

export function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (value === true) {
      node.setAttribute(name, '');
    } else if (value !== false && value !== null && value !== undefined) {
      node.setAttribute(name, String(value));
    }
  });
  children.flat().forEach((child) => {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  });
  return node;
}

/** A radio or checkbox with its label, as one tappable chip. */
export function choice(type, name, value, label, id) {
  return element('span', { class: 'chip' },
    element('input', { type, name, value, id }),
    element('label', { for: id }, label));
}

/** The field a server path is about: "triggers[2].category" → "triggers", "thoughtRecord.beliefAfter" stays. */
function fieldOf(path) {
  const plain = String(path || '').replace(/\[\d+\]/g, '');
  return plain;
}

function containerFor(form, path) {
  const plain = fieldOf(path);
  // A field of its own for one element of a list (a GAD-7 answer, "items[3]"), else the list's.
  let node = path ? form.querySelector('[data-field="' + CSS.escape(String(path)) + '"]') : null;
  node = node || form.querySelector('[data-field="' + CSS.escape(plain) + '"]');
  if (!node && plain.includes('.')) {
    node = form.querySelector('[data-field="' + CSS.escape(plain.split('.')[0]) + '"]');
  }
  return node;
}

function sentence(message) {
  const text = String(message || 'is not valid').trim();
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
}

export function clearErrors(form) {
  form.querySelectorAll('.error').forEach((node) => node.remove());
  form.querySelectorAll('[aria-invalid]').forEach((node) => node.removeAttribute('aria-invalid'));
  form.querySelectorAll('[data-described]').forEach((node) => {
    if (node.dataset.described) {
      node.setAttribute('aria-describedby', node.dataset.described);
    } else {
      node.removeAttribute('aria-describedby');
    }
  });
  const summary = form.querySelector('.form-errors');
  summary.hidden = true;
  summary.replaceChildren();
}

/**
 * Shows problems [{field, message}] next to their fields. Messages are the rule, either the
 * form's own words ("Choose ...") or the server's ("must be between 0 and 10"), which are put
 * after the field's name in plain words. Focus moves to the summary, so a screen reader hears it.
 */
export function showErrors(form, errors) {
  clearErrors(form);
  const summary = form.querySelector('.form-errors');
  const list = element('ul');
  errors.forEach((error, index) => {
    const path = fieldOf(error.field);
    const container = containerFor(form, error.field);
    const words = FIELDS[path] || FIELDS[path.split('.')[0]] || 'This entry';
    const text = error.own ? error.message : words + ': ' + lowerFirst(sentence(error.message));
    const id = form.id + '-error-' + (index + 1);
    if (!container) {
      list.append(element('li', {}, text));
      return;
    }
    if (container.tagName === 'DETAILS') {
      container.open = true;
    }
    container.append(element('p', { class: 'error', id },
      element('span', { class: 'visually-hidden' }, 'Problem: '), text));
    container.querySelectorAll('input, textarea, select').forEach((control) => {
      if (!('described' in control.dataset)) {
        control.dataset.described = control.getAttribute('aria-describedby') || '';
      }
      control.setAttribute('aria-describedby', (control.getAttribute('aria-describedby') + ' ' + id).trim());
      if (control.type !== 'radio' && control.type !== 'checkbox') {
        control.setAttribute('aria-invalid', 'true');
      }
    });
    const target = container.querySelector('input, textarea, select') || container;
    const link = element('a', { href: '#' + target.id }, text);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      target.focus();
    });
    list.append(element('li', {}, link));
  });
  summary.replaceChildren(element('p', { class: 'form-errors-title' }, errors.length === 1
    ? 'One thing needs another look:' : errors.length + ' things need another look:'), list);
  summary.hidden = false;
  summary.focus();
}

function lowerFirst(text) {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
