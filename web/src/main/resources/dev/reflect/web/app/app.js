// Reflect for people: record a check-in or a journal entry, read back what you wrote, see your
// progress, online or not. One page, a screen per address fragment (#check-in, #journal, #entries,
// #help); the progress page is the query service's own, at /progress/ of this same address.

import * as auth from './auth.js';
import * as outbox from './outbox.js';
import * as checkInForm from './check-in.js';
import * as journalForm from './journal.js';
import * as measureForm from './measure.js';
import * as yourData from './data.js';
import { call, fieldErrors, Unreachable } from './api.js';
import { entryItem, pageQuery } from './entries.js';
import { downloadExport } from './download.js';
import { clearErrors, element, showErrors } from './form.js';

const $ = (id) => document.getElementById(id);
const SCREENS = ['sign-in', 'check-in', 'journal', 'entries', 'measure', 'help'];
const NEEDS_SIGN_IN = ['check-in', 'journal', 'entries', 'measure'];
const TITLES = { 'sign-in': 'Sign in', 'check-in': 'Check in', journal: 'Journal', entries: 'Your entries',
  measure: 'Anxiety check', help: 'Support' };
/** What the person saved, in the words of "Your … is saved". */
const SAVED = { checkin: 'check-in', journal: 'journal entry', measure: 'anxiety check' };

let current = null;
let signInReason = null;
const entries = { type: '', cursor: null, request: 0, retries: 0, timer: 0 };

// --- screens ---------------------------------------------------------------------------------

function wanted() {
  const name = location.hash.slice(1);
  return SCREENS.includes(name) ? name : null;
}

function show(name, moveFocus) {
  let screen = name;
  if (NEEDS_SIGN_IN.includes(screen) && !auth.person()) {
    screen = 'sign-in';
  }
  if (screen === 'sign-in' && auth.person()) {
    screen = 'check-in';
  }
  SCREENS.forEach((other) => { $('screen-' + other).hidden = other !== screen; });
  document.querySelectorAll('#nav a[data-screen]').forEach((link) => {
    if (link.dataset.screen === screen) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  });
  $('nav').hidden = !auth.person();
  $('sign-out').hidden = !auth.person();
  document.title = TITLES[screen] + ' · Reflect';
  const changed = current !== screen;
  current = screen;
  if (screen === 'sign-in') {
    showSignIn();
  }
  if (screen === 'entries' && changed) {
    loadEntries(true);
    yourData.loadSharing();
  }
  if (moveFocus && changed) {
    $(screen + '-title').focus();
  }
}

function route(moveFocus) {
  show(wanted() || (current === 'help' ? 'check-in' : current) || 'check-in', moveFocus);
}

// --- signing in --------------------------------------------------------------------------------

async function showSignIn() {
  $('sign-in-reason').hidden = !signInReason;
  $('sign-in-reason').textContent = signInReason || '';
  const config = await auth.signInConfig();
  $('sign-in-oidc').hidden = !(config && config.mode === 'oidc');
  $('sign-in-dev').hidden = !(config && config.mode === 'development');
  $('sign-in-offline').hidden = Boolean(config);
  await updateQueueNotes();
}

async function signedOut(reason) {
  if (await auth.renew()) {
    startSending();
    return;
  }
  auth.expire();
  signInReason = reason;
  show('sign-in', true);
}

function signedIn() {
  signInReason = null;
  startSending();
  route(true);
}

// --- saving and sending ----------------------------------------------------------------------

function startSending() {
  const owner = auth.person();
  if (owner) {
    outbox.keepSending(owner, auth.accessToken, () => signedOut(
      'Please sign in again. What you saved is kept on this device and will be sent once you have.'));
  }
}

function say(statusId, text) {
  const status = $(statusId);
  status.textContent = '';
  // A fresh text node, so a screen reader announces the same words said twice.
  window.setTimeout(() => { status.textContent = text; }, 50);
}

async function save(kind, form, statusId, body, reset) {
  const owner = auth.person();
  if (!owner) {
    signedOut('Please sign in again.');
    return;
  }
  await outbox.keep(kind, owner, body);
  const what = SAVED[kind];
  const token = await auth.accessToken();
  let outcome = { state: 'waiting' };
  if (navigator.onLine && token) {
    try {
      outcome = await outbox.sendOne(body.eventId, token);
    } catch (e) {
      outcome = { state: 'waiting' };
    }
  }
  switch (outcome.state) {
    case 'sent':
      reset();
      say(statusId, 'Your ' + what + ' is saved. Thank you for taking a moment for this.');
      break;
    case 'rejected':
      showErrors(form, outcome.errors.length ? outcome.errors
        : [{ field: '', message: 'Reflect could not take this ' + what + '.', own: true }]);
      break;
    case 'signed-out':
      reset();
      signedOut('Please sign in again. Your ' + what + ' is kept on this device and will be sent once you have.');
      break;
    default:
      reset();
      say(statusId, 'Your ' + what + ' is saved on this device. It will be sent when Reflect can be reached.');
      startSending();
  }
}

function wireForms() {
  checkInForm.build();
  journalForm.build();
  $('check-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = $('check-in-form');
    clearErrors(form);
    const { checkIn, errors } = checkInForm.read(outbox.newEventId());
    if (errors) {
      showErrors(form, errors);
      return;
    }
    save('checkin', form, 'check-in-status', checkIn, checkInForm.reset);
  });
  $('journal-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = $('journal-form');
    clearErrors(form);
    const { entry, errors } = journalForm.read(outbox.newEventId());
    if (errors) {
      showErrors(form, errors);
      return;
    }
    save('journal', form, 'journal-status', entry, journalForm.reset);
  });
  measureForm.build();
  $('measure-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = $('measure-form');
    clearErrors(form);
    const { measure, errors } = measureForm.read(outbox.newEventId());
    if (errors) {
      showErrors(form, errors);
      return;
    }
    save('measure', form, 'measure-status', measure, measureForm.reset);
  });
}

// --- the connection and the outbox -------------------------------------------------------------

function plural(n, one, many) {
  return n === 1 ? one : n + ' ' + many;
}

async function updateQueueNotes() {
  const owner = auth.lastPerson();
  const items = owner ? await outbox.entriesOf(owner) : [];
  const waiting = items.filter((item) => !item.rejected).length;
  const rejected = items.length - waiting;
  const parts = [];
  if (!navigator.onLine) {
    parts.push('You are offline. What you save is kept on this device and sent when you are back online.');
  }
  if (waiting) {
    parts.push(plural(waiting, 'One entry is', 'entries are') + ' waiting to be sent.');
  }
  if (rejected) {
    parts.push(plural(rejected, 'One entry', 'entries') + ' could not be sent: see Your entries.');
  }
  const banner = $('connection');
  const text = parts.join(' ');
  if (banner.textContent !== text) {
    banner.textContent = text;
  }
  banner.hidden = !text;
  banner.dataset.waiting = String(waiting);
  if (current === 'entries') {
    renderLocal(items);
  }
  const note = $('sign-in-queue');
  note.hidden = !(waiting && !auth.person());
  note.textContent = waiting ? 'What you saved (' + plural(waiting, 'one entry', 'entries')
    + ') is kept on this device and sent once you have signed in.' : '';
}

function renderLocal(items) {
  const section = $('entries-local');
  const list = $('entries-local-list');
  list.replaceChildren(...items.slice().reverse().map((item) => {
    const li = entryItem(Object.assign({ type: item.kind }, item.body), item.rejected ? 'rejected' : 'waiting',
      item.rejected || []);
    if (item.rejected) {
      const button = element('button', { type: 'button', class: 'quiet' }, 'Remove this entry');
      button.addEventListener('click', async () => {
        await outbox.discard(item.eventId);
        $('entries-title').focus();
      });
      li.querySelector('article').append(button);
    }
    return li;
  }));
  section.hidden = items.length === 0;
}

// --- reading back -----------------------------------------------------------------------------

function entriesStatus(text, canRetry) {
  $('entries-status-text').textContent = text || '';
  $('entries-retry').hidden = !canRetry;
}

async function loadEntries(reset) {
  clearTimeout(entries.timer);
  if (reset) {
    entries.cursor = null;
    entries.retries = 0;
    $('entries-list').replaceChildren();
    $('entries-more').hidden = true;
    await updateQueueNotes();
  }
  const number = ++entries.request;
  const token = await auth.accessToken();
  if (!token) {
    signedOut('Please sign in again.');
    return;
  }
  entriesStatus(reset ? 'Loading your entries…' : 'Loading older entries…');
  let answer;
  try {
    answer = await call('GET', pageQuery(entries.type, entries.cursor), token);
  } catch (e) {
    if (!(e instanceof Unreachable)) {
      throw e;
    }
    if (number === entries.request) {
      entriesStatus('Your entries cannot be loaded while Reflect cannot be reached. What is saved on this device is '
        + 'shown above.', true);
    }
    return;
  }
  if (number !== entries.request) {
    return;
  }
  switch (answer.status) {
    case 200: {
      const page = answer.body;
      $('entries-list').append(...page.entries.map((entry) => entryItem(entry, null, [])));
      entries.cursor = page.nextCursor || null;
      $('entries-more').hidden = !entries.cursor;
      entries.retries = 0;
      const shown = $('entries-list').children.length;
      entriesStatus(shown === 0 ? emptyText() : (entries.cursor ? '' : 'That is everything from the last 90 days.'));
      break;
    }
    case 404:
      entriesStatus(emptyText());
      break;
    case 401:
      signedOut('Please sign in again to see your entries.');
      break;
    case 503:
      if (entries.retries < 6) {
        entries.retries++;
        entriesStatus('Reflect is catching up. Trying again in a moment…');
        entries.timer = setTimeout(() => loadEntries(false), answer.retryAfter * 1000);
      } else {
        entriesStatus('Reflect is still catching up. Please try again in a little while.', true);
      }
      break;
    default:
      entriesStatus('Something went wrong while loading your entries. Please try again.', true);
  }
}

function emptyText() {
  return entries.type === 'checkin' ? 'No check-ins in the last 90 days yet.'
    : entries.type === 'journal' ? 'No journal entries in the last 90 days yet.'
      : 'Nothing here yet. Your check-ins and journal entries will appear here.';
}

function wireEntries() {
  document.querySelectorAll('input[name="entries-type"]').forEach((radio) => radio.addEventListener('change', () => {
    entries.type = document.querySelector('input[name="entries-type"]:checked').value;
    loadEntries(true);
  }));
  $('entries-more').addEventListener('click', () => {
    const before = $('entries-list').children.length;
    loadEntries(false).then(() => {
      const first = $('entries-list').children[before];
      if (first) {
        first.querySelector('h2').setAttribute('tabindex', '-1');
        first.querySelector('h2').focus();
      }
    });
  });
  $('entries-retry').addEventListener('click', () => loadEntries(true));
}

// --- download my data ---------------------------------------------------------------------------

async function exportData() {
  const button = $('export-download');
  const token = await auth.accessToken();
  if (!token) {
    signedOut('Please sign in again to download your data.');
    return;
  }
  button.disabled = true;
  say('export-status', 'Preparing your file…');
  try {
    const answer = await downloadExport(token);
    switch (answer.status) {
      case 200:
        say('export-status', 'Your data is downloaded as ' + answer.fileName + '.');
        break;
      case 404:
        say('export-status', 'Reflect keeps nothing about you yet, so there is nothing to download.');
        break;
      case 401:
        signedOut('Please sign in again to download your data.');
        break;
      case 503:
        say('export-status', 'Reflect is catching up. Please try again in a moment.');
        break;
      default:
        say('export-status', 'Something went wrong while preparing your file. Please try again.');
    }
  } catch (e) {
    if (!(e instanceof Unreachable)) {
      throw e;
    }
    say('export-status', 'Your data cannot be downloaded while Reflect cannot be reached. Please try again later.');
  } finally {
    button.disabled = false;
  }
}

// --- start -------------------------------------------------------------------------------------

async function start() {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js').catch(() => {});
  }
  wireForms();
  wireEntries();
  $('export-download').addEventListener('click', exportData);
  yourData.wire({
    say,
    signedOut,
    erased: () => {
      auth.signOut();
      signInReason = 'Everything Reflect kept about you is being deleted; within a minute it is gone everywhere. '
        + 'Thank you for the time you spent reflecting.';
      show('sign-in', true);
    }
  });
  signInReason = await auth.completeSignIn();
  $('sign-in-button').addEventListener('click', () => auth.signIn(wanted() ? '#' + wanted() : '#check-in'));
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const ok = auth.useToken($('token-input').value);
    $('token-input').value = '';
    if (ok) {
      signedIn();
    }
  });
  $('sign-out').addEventListener('click', () => {
    auth.signOut();
    signInReason = 'You are signed out. Anything still waiting on this device is sent the next time you sign in.';
    show('sign-in', true);
  });
  window.addEventListener('hashchange', () => {
    if (new URLSearchParams(location.hash.slice(1)).has('token')) {
      auth.completeSignIn().then(signedIn);
      return;
    }
    route(true);
  });
  window.addEventListener('online', () => {
    updateQueueNotes();
    startSending();
  });
  window.addEventListener('offline', updateQueueNotes);
  window.addEventListener('outbox-change', updateQueueNotes);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      startSending();
    }
  });
  route(false);
  document.body.dataset.ready = 'true';
  await updateQueueNotes();
  startSending();
}

start();
