// Signing in. With an OpenID Connect issuer: the authorization code flow with PKCE (RFC 7636), the
// code exchanged through this app's own server (/auth/token), so the browser talks to no other
// origin. In a development run: a development token from a #token= link or pasted.
//
// Tokens live in this tab's sessionStorage only (gone when the tab closes, shared with the
// progress page of the same address), never in localStorage, a cookie or the address bar: a
// #token= or ?code= in the address is taken out at once with history.replaceState.

const TOKEN = 'reflect.token'; // the progress page reads the same key
const REFRESH = 'reflect.refresh';
const EXPIRES = 'reflect.expiresAt';
const PENDING = 'reflect.signIn';
const CONFIG = 'reflect.signInConfig';
const LAST_PERSON = 'reflect.person';
const EARLY_SECONDS = 30;

let config = null;

function base64url(bytes) {
  let text = '';
  bytes.forEach((b) => { text += String.fromCharCode(b); });
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(byteCount) {
  return base64url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

async function challengeOf(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The claims of a JWT, without checking it: the services check every token on every request. */
export function claimsOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part + '==='.slice((part.length + 3) % 4)),
      (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    return JSON.parse(json) || {};
  } catch (e) {
    return {};
  }
}

function redirectUri() {
  return location.origin + '/';
}

function keep(tokens) {
  sessionStorage.setItem(TOKEN, tokens.accessToken);
  const claims = claimsOf(tokens.accessToken);
  if (claims.sub) {
    sessionStorage.setItem(LAST_PERSON, claims.sub);
  }
  const expiresAt = tokens.expiresIn ? Date.now() + tokens.expiresIn * 1000
    : (claims.exp ? claims.exp * 1000 : 0);
  sessionStorage.setItem(EXPIRES, String(expiresAt));
  if (tokens.refreshToken) {
    sessionStorage.setItem(REFRESH, tokens.refreshToken);
  }
}

/** How this Reflect signs people in: {mode: 'development'} or {mode: 'oidc', ...}; null while unknown. */
export async function signInConfig() {
  if (config) {
    return config;
  }
  const cached = sessionStorage.getItem(CONFIG);
  try {
    const response = await fetch('/auth/config', { cache: 'no-store', credentials: 'omit' });
    if (response.ok) {
      config = await response.json();
      sessionStorage.setItem(CONFIG, JSON.stringify(config));
      return config;
    }
  } catch (e) {
    // offline: the last answer of this tab will do
  }
  config = cached ? JSON.parse(cached) : null;
  return config;
}

/**
 * Takes what a sign-in left in the address: a development #token=, or the issuer's ?code=&state=
 * (or ?error=). Returns a reason to show on the sign-in screen when the sign-in failed, else null.
 */
export async function completeSignIn() {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.has('token')) {
    const token = (hash.get('token') || '').trim();
    history.replaceState(null, '', location.pathname + location.search);
    if (token) {
      keep({ accessToken: token });
    }
    return null;
  }
  const query = new URLSearchParams(location.search);
  if (!query.has('code') && !query.has('error')) {
    return null;
  }
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  const back = pending && pending.returnTo ? pending.returnTo : '#check-in';
  history.replaceState(null, '', '/' + back);
  if (query.has('error') || !pending || query.get('state') !== pending.state) {
    return 'The sign-in did not go through. Please try again.';
  }
  let answer;
  try {
    const response = await fetch('/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ grantType: 'authorization_code', code: query.get('code'),
        codeVerifier: pending.verifier, redirectUri: redirectUri() }),
      cache: 'no-store',
      credentials: 'omit'
    });
    answer = response.ok ? await response.json() : null;
  } catch (e) {
    return 'Reflect could not be reached to finish signing in. Please try again when you are online.';
  }
  if (!answer || !answer.accessToken) {
    return 'The sign-in did not go through. Please try again.';
  }
  if (answer.idToken && claimsOf(answer.idToken).nonce !== pending.nonce) {
    return 'The sign-in did not go through. Please try again.';
  }
  keep(answer);
  return null;
}

/** Leaves for the issuer's sign-in page (OIDC), to come back to returnTo ('#journal', ...). */
export async function signIn(returnTo) {
  const settings = await signInConfig();
  if (!settings || settings.mode !== 'oidc') {
    return false;
  }
  const verifier = randomText(48);
  const pending = { verifier, state: randomText(24), nonce: randomText(24), returnTo: returnTo || '#check-in' };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: settings.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256'
  });
  location.assign(settings.authorizationEndpoint + (settings.authorizationEndpoint.includes('?') ? '&' : '?')
    + params.toString());
  return true;
}

/** Keeps a pasted development token. */
export function useToken(token) {
  const value = String(token || '').trim().replace(/^bearer\s+/i, '');
  if (value) {
    keep({ accessToken: value });
  }
  return Boolean(value);
}

async function refresh() {
  const refreshToken = sessionStorage.getItem(REFRESH);
  if (!refreshToken) {
    return false;
  }
  try {
    const response = await fetch('/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ grantType: 'refresh_token', refreshToken }),
      cache: 'no-store',
      credentials: 'omit'
    });
    if (!response.ok) {
      if (response.status === 400) {
        sessionStorage.removeItem(REFRESH);
      }
      return false;
    }
    keep(await response.json());
    return true;
  } catch (e) {
    return false;
  }
}

/** The access token to send, refreshed first when it is about to expire; null when signed out. */
export async function accessToken() {
  const token = sessionStorage.getItem(TOKEN);
  if (!token) {
    return null;
  }
  const expiresAt = Number(sessionStorage.getItem(EXPIRES) || 0);
  if (expiresAt && Date.now() > expiresAt - EARLY_SECONDS * 1000 && sessionStorage.getItem(REFRESH)) {
    await refresh();
  }
  return sessionStorage.getItem(TOKEN);
}

/** The signed-in person's id (the token's sub), or null. */
export function person() {
  const token = sessionStorage.getItem(TOKEN);
  return token ? (claimsOf(token).sub || null) : null;
}

/** Who was signed in last in this tab, also after a 401 took the token away (whose entries wait). */
export function lastPerson() {
  return person() || sessionStorage.getItem(LAST_PERSON);
}

/** After a 401: one try with the refresh token, if there is one. */
export async function renew() {
  return refresh();
}

/** The service refused the token (401): forget it, but nothing else (queued entries stay). */
export function expire() {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(EXPIRES);
}

export function signOut() {
  expire();
  sessionStorage.removeItem(REFRESH);
  sessionStorage.removeItem(LAST_PERSON);
}
