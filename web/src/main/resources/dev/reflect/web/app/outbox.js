// The outbox: every entry is kept on the device (IndexedDB) before it is sent, with the eventId
// the device made for it, and leaves the outbox only once Reflect has taken it. Check-ins go
// through POST /v1/check-ins/batch (the contract's offline sync), journal entries and GAD-7
// answers one at a time.
//
// Exactly once: an entry keeps its eventId however often it is sent, so a send retried after a
// lost answer, or repeated after the page was closed, is the same event, and Reflect counts an
// eventId once. Sends are serialised across tabs with a Web Lock, and an entry is read again
// inside the lock before it is sent, so two tabs or two triggers never send it twice on purpose.

import { call, Unreachable } from './api.js';

const DB = 'reflect';
const STORE = 'outbox';
const LOCK = 'reflect-outbox';
const BATCH_LIMIT = 500; // the contract's batch limit
const MAX_BACKOFF_SECONDS = 60;
/** Where one entry of each kind is sent on its own. */
const PATHS = { checkin: '/v1/check-ins', journal: '/v1/journal-entries', measure: '/v1/measures' };

let dbPromise = null;
let retryTimer = 0;
let backoff = 2;
let inTab = Promise.resolve(); // the lock for a browser without Web Locks

function open() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => {
        const store = request.result.createObjectStore(STORE, { keyPath: 'eventId' });
        store.createIndex('owner', 'owner');
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  return dbPromise;
}

async function run(mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    let result;
    Promise.resolve(work(tx.objectStore(STORE))).then((value) => { result = value; }, reject);
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function changed() {
  window.dispatchEvent(new CustomEvent('outbox-change'));
}

/** A new eventId, made on the device. */
export function newEventId() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}

/** Keeps an entry ('checkin', 'journal' or 'measure') of owner on the device. */
export async function keep(kind, owner, body) {
  const item = { eventId: body.eventId, kind, owner, body, savedAt: Date.now(), rejected: null };
  await run('readwrite', (store) => request(store.put(item)));
  changed();
  return item;
}

/** Every entry of owner still on the device, oldest first. */
export async function entriesOf(owner) {
  const items = await run('readonly', (store) => request(store.index('owner').getAll(owner)));
  return items.sort((a, b) => a.savedAt - b.savedAt);
}

async function get(eventId) {
  return run('readonly', (store) => request(store.get(eventId)));
}

async function remove(eventIds) {
  await run('readwrite', (store) => Promise.all(eventIds.map((id) => request(store.delete(id)))));
}

async function markRejected(eventId, errors) {
  await run('readwrite', async (store) => {
    const item = await request(store.get(eventId));
    if (item) {
      item.rejected = errors && errors.length ? errors : [{ field: '', message: 'was not accepted' }];
      await request(store.put(item));
    }
  });
}

/** Forgets every entry of owner on this device, sent or not: they asked for everything to be deleted. */
export async function forget(owner) {
  const items = await entriesOf(owner);
  await remove(items.map((item) => item.eventId));
  changed();
}

/** Lets the person drop an entry that Reflect will not take. */
export async function discard(eventId) {
  await remove([eventId]);
  changed();
}

function locked(work) {
  if (navigator.locks && navigator.locks.request) {
    return navigator.locks.request(LOCK, work);
  }
  const next = inTab.then(work, work);
  inTab = next.catch(() => {});
  return next;
}

/**
 * Sends one entry now, if it is still waiting. Returns the outcome:
 * {state: 'sent'} | {state: 'rejected', errors} | {state: 'signed-out'} | {state: 'waiting', retryAfter}.
 * A rejected single entry is taken out of the outbox: the form it came from shows why, and keeps it.
 */
export async function sendOne(eventId, token) {
  return locked(async () => {
    const item = await get(eventId);
    if (!item) {
      return { state: 'sent' };
    }
    const path = PATHS[item.kind];
    let answer;
    try {
      answer = await call('POST', path, token, item.body);
    } catch (e) {
      if (e instanceof Unreachable) {
        return { state: 'waiting', retryAfter: e.retryAfter || backoff };
      }
      throw e;
    }
    if (answer.status === 202 || answer.status === 200) {
      await remove([eventId]);
      changed();
      return { state: 'sent' };
    }
    if (answer.status === 400) {
      await remove([eventId]);
      changed();
      return { state: 'rejected', errors: (answer.body && answer.body.errors) || [] };
    }
    if (answer.status === 401) {
      return { state: 'signed-out' };
    }
    return { state: 'waiting', retryAfter: answer.retryAfter };
  });
}

/**
 * Sends every waiting entry of owner. Returns {state: 'done'} when nothing is left to send now,
 * {state: 'signed-out'} on a 401 (the entries stay), or {state: 'waiting', retryAfter}.
 */
export async function flush(owner, token) {
  return locked(async () => {
    const waiting = (await entriesOf(owner)).filter((item) => !item.rejected);
    const checkIns = waiting.filter((item) => item.kind === 'checkin');
    const singles = waiting.filter((item) => item.kind !== 'checkin');
    try {
      for (let i = 0; i < checkIns.length; i += BATCH_LIMIT) {
        const chunk = checkIns.slice(i, i + BATCH_LIMIT);
        const answer = await call('POST', '/v1/check-ins/batch', token, { checkIns: chunk.map((item) => item.body) });
        if (answer.status === 200 && answer.body && Array.isArray(answer.body.results)) {
          const accepted = [];
          for (let k = 0; k < chunk.length; k++) {
            const result = answer.body.results[k] || {};
            if (result.status === 'accepted') {
              accepted.push(chunk[k].eventId);
            } else {
              await markRejected(chunk[k].eventId, result.errors);
            }
          }
          await remove(accepted);
          changed();
        } else {
          const stop = await stopOn(answer, chunk);
          if (stop) {
            return stop;
          }
        }
      }
      for (const item of singles) {
        const answer = await call('POST', PATHS[item.kind], token, item.body);
        if (answer.status === 202 || answer.status === 200) {
          await remove([item.eventId]);
          changed();
        } else {
          const stop = await stopOn(answer, [item]);
          if (stop) {
            return stop;
          }
        }
      }
    } catch (e) {
      if (e instanceof Unreachable) {
        return { state: 'waiting', retryAfter: e.retryAfter || backoff };
      }
      throw e;
    }
    return { state: 'done' };
  });
}

async function stopOn(answer, items) {
  if (answer.status === 401) {
    return { state: 'signed-out' };
  }
  if (answer.status === 429 || answer.status >= 500) {
    return { state: 'waiting', retryAfter: answer.retryAfter };
  }
  // Any other refusal is about these entries (400, 413, 415): keep them apart and say why.
  for (const item of items) {
    await markRejected(item.eventId, (answer.body && answer.body.errors) || []);
  }
  changed();
  return null;
}

/**
 * Runs flush now and again until it is done: after Retry-After for a 429 or 503, with a growing
 * pause (2 s up to a minute) while Reflect cannot be reached, and at once when the browser says
 * it is back online. onSignedOut is told about a 401; the entries stay.
 */
export function keepSending(owner, tokenSupplier, onSignedOut) {
  clearTimeout(retryTimer);
  const attempt = async () => {
    clearTimeout(retryTimer);
    const token = await tokenSupplier();
    if (!token) {
      return;
    }
    let outcome;
    try {
      outcome = await flush(owner, token);
    } catch (e) {
      outcome = { state: 'waiting', retryAfter: backoff };
    }
    if (outcome.state === 'signed-out') {
      onSignedOut();
      return;
    }
    if (outcome.state === 'waiting') {
      const wait = outcome.retryAfter || backoff;
      backoff = Math.min(backoff * 2, MAX_BACKOFF_SECONDS);
      retryTimer = setTimeout(attempt, wait * 1000);
      window.dispatchEvent(new CustomEvent('outbox-waiting', { detail: { seconds: wait } }));
      return;
    }
    backoff = 2;
  };
  return attempt();
}
