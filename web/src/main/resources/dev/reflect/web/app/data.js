// Your data, beside the download: whom you share with (contract section 8) and deleting everything
// (section 9). Sharing is by the clinician's Reflect id, which the person gets from them; stopping
// takes effect within seconds everywhere. Deleting asks for a plain confirmation first, then also
// forgets what still waits on this device, so nothing sent later brings the person back.

import * as auth from './auth.js';
import * as outbox from './outbox.js';
import { call, fieldErrors, Unreachable } from './api.js';
import { clearErrors, element, showErrors } from './form.js';

const $ = (id) => document.getElementById(id);
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

let hooks = null;

/** Wires the cards; say(statusId, text) announces, signedOut(reason) asks to sign in again, erased() follows a deletion. */
export function wire(callbacks) {
  hooks = callbacks;
  $('sharing-form').addEventListener('submit', (event) => {
    event.preventDefault();
    share();
  });
  $('erase-button').addEventListener('click', erase);
}

async function withToken(reason) {
  const token = await auth.accessToken();
  if (!token) {
    hooks.signedOut(reason);
  }
  return token;
}

/**
 * Shows whom the person shares with now; returns their clinician ids, or null when that could not
 * be read.
 */
export async function loadSharing() {
  const token = await auth.accessToken();
  if (!token) {
    return null;
  }
  let answer;
  try {
    answer = await call('GET', '/v1/me/sharing', token);
  } catch (e) {
    if (!(e instanceof Unreachable)) {
      throw e;
    }
    $('sharing-now').textContent = 'Whom you share with cannot be shown while Reflect cannot be reached.';
    return null;
  }
  if (answer.status === 401) {
    hooks.signedOut('Please sign in again.');
    return null;
  }
  const people = answer.status === 200 && answer.body ? answer.body.sharingWith || [] : null;
  if (people === null) {
    $('sharing-now').textContent = 'Whom you share with cannot be shown just now. Please try again in a moment.';
    $('sharing-list').replaceChildren();
    return null;
  }
  $('sharing-now').textContent = people.length === 0 ? 'You share your reflections with nobody.'
    : 'You share your reflections with:';
  $('sharing-list').replaceChildren(...people.map((grant) => {
    const stop = element('button', { type: 'button', class: 'quiet' }, 'Stop sharing with ' + grant.clinicianId);
    stop.addEventListener('click', () => stopSharing(grant.clinicianId));
    const since = grant.since ? ' (since ' + DAY.format(new Date(grant.since)) + ')' : '';
    return element('li', { 'data-clinician': grant.clinicianId }, element('span', {}, grant.clinicianId + since), ' ', stop);
  }));
  return people.map((grant) => grant.clinicianId);
}

/**
 * A change is taken at once but kept by the streams app a moment later: the list is read again,
 * a second apart, until it shows the change (at most a few times).
 */
async function reloadUntil(shown) {
  for (let attempt = 0; attempt < 8; attempt++) {
    const ids = await loadSharing();
    if (ids === null || shown(ids)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function share() {
  const form = $('sharing-form');
  clearErrors(form);
  const clinicianId = $('sharing-clinician').value.trim();
  if (!clinicianId) {
    showErrors(form, [{ field: 'clinicianId', message: 'Enter the Reflect id your therapist gave you.', own: true }]);
    return;
  }
  const token = await withToken('Please sign in again to share.');
  if (!token) {
    return;
  }
  const answer = await send('PUT', clinicianId, token);
  if (answer === null) {
    return;
  }
  if (answer.status === 204) {
    form.reset();
    hooks.say('sharing-status', 'You now share your reflections with ' + clinicianId + '.');
    await reloadUntil((ids) => ids.includes(clinicianId));
  } else if (answer.status === 400) {
    showErrors(form, fieldErrors(answer));
  } else {
    hooks.say('sharing-status', 'Sharing could not be started just now. Please try again in a moment.');
  }
}

async function stopSharing(clinicianId) {
  const token = await withToken('Please sign in again to stop sharing.');
  if (!token) {
    return;
  }
  const answer = await send('DELETE', clinicianId, token);
  if (answer === null) {
    return;
  }
  if (answer.status === 204) {
    hooks.say('sharing-status', 'You no longer share with ' + clinicianId + '. They can no longer read your reflections.');
    await reloadUntil((ids) => !ids.includes(clinicianId));
  } else {
    hooks.say('sharing-status', 'Sharing could not be stopped just now. Please try again in a moment.');
  }
}

async function send(method, clinicianId, token) {
  try {
    const answer = await call(method, '/v1/me/sharing/' + encodeURIComponent(clinicianId), token);
    if (answer.status === 401) {
      hooks.signedOut('Please sign in again.');
      return null;
    }
    return answer;
  } catch (e) {
    if (!(e instanceof Unreachable)) {
      throw e;
    }
    hooks.say('sharing-status', 'Sharing cannot be changed while Reflect cannot be reached.');
    return null;
  }
}

async function erase() {
  if (!$('erase-confirm').checked) {
    hooks.say('erase-status', 'Tick the box first to confirm that you want everything deleted.');
    $('erase-confirm').focus();
    return;
  }
  const token = await withToken('Please sign in again to delete your data.');
  if (!token) {
    return;
  }
  let answer;
  try {
    answer = await call('DELETE', '/v1/me', token);
  } catch (e) {
    if (!(e instanceof Unreachable)) {
      throw e;
    }
    hooks.say('erase-status', 'Your data cannot be deleted while Reflect cannot be reached. Nothing was deleted.');
    return;
  }
  if (answer.status === 202 || answer.status === 204) {
    const owner = auth.person();
    if (owner) {
      await outbox.forget(owner);
    }
    hooks.erased();
  } else if (answer.status === 401) {
    hooks.signedOut('Please sign in again to delete your data.');
  } else {
    hooks.say('erase-status', 'Your data could not be deleted just now. Nothing was deleted; please try again.');
  }
}
