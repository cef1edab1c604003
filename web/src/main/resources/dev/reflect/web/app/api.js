// Requests to Reflect's API, all on this app's own origin. The token goes in the Authorization
// header only; nothing is cached by the browser, and no cookie is sent.

/** A request that never got an answer: no connection, or the answer was lost on the way. */
export class Unreachable extends Error {
  constructor() {
    super('Reflect could not be reached');
    this.name = 'Unreachable';
  }
}

/** Seconds to wait from a Retry-After header (delay-seconds or an HTTP date), kept within 1..300. */
export function retryAfterSeconds(response, fallback) {
  const header = response.headers.get('Retry-After');
  let seconds = NaN;
  if (header !== null) {
    seconds = /^\d+$/.test(header.trim()) ? Number(header.trim()) : (Date.parse(header) - Date.now()) / 1000;
  }
  if (!Number.isFinite(seconds)) {
    seconds = fallback;
  }
  return Math.min(Math.max(Math.ceil(seconds), 1), 300);
}

/**
 * {status, body, retryAfter} of METHOD path. body is the parsed JSON (a problem's too) or null.
 * Throws Unreachable when there is no answer.
 */
export async function call(method, path, token, body) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (token) {
    headers.Authorization = 'Bearer ' + token;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer'
    });
  } catch (e) {
    throw new Unreachable();
  }
  let parsed = null;
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      parsed = await response.json();
    } catch (e) {
      if (response.ok) {
        throw new Unreachable(); // the answer broke off on the way
      }
    }
  }
  // 502 and 504 come from this app's own server when a service did not answer: no answer either.
  if (response.status === 502 || response.status === 504) {
    const unreachable = new Unreachable();
    unreachable.retryAfter = retryAfterSeconds(response, 5);
    throw unreachable;
  }
  return { status: response.status, body: parsed, retryAfter: retryAfterSeconds(response, 5) };
}

/** The field problems of a 400 answer: [{field, message}]. */
export function fieldErrors(answer) {
  return answer && answer.body && Array.isArray(answer.body.errors) ? answer.body.errors : [];
}
