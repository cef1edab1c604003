// The progress page: takes the person's token, fetches their progress from the query API and
// shows it. The token lives in sessionStorage only (gone when the tab closes), never in
// localStorage, a cookie or the URL, and is sent only in the Authorization header.
(function () {
  'use strict';

  const TOKEN_KEY = 'reflect.token';
  const PERSON_KEY = 'reflect.person';
  const DAYS_KEY = 'reflect.days';
  const CLINICIAN_SCOPE = 'reflect:clinician';
  const MAX_RETRIES = 6;

  const LEVELS = {
    STEADY: {
      title: 'Steady',
      explain: 'Your recent days look much like your usual weeks.'
    },
    ELEVATED: {
      title: 'Things look more intense lately',
      explain: 'Some patterns have picked up compared with your usual weeks. That is worth noticing, gently; '
        + 'it is not a setback.'
    },
    HIGH: {
      title: 'A heavier stretch than usual',
      explain: 'The past week has asked a lot of you. Talking it through with your therapist or someone you '
        + 'trust may help.'
    },
    SEVERE: {
      title: 'This looks like a really hard time',
      explain: 'The past week shows a lot of strain. You do not have to hold this alone: reaching out to your '
        + 'therapist or someone you trust can help.'
    }
  };

  // The caseload says where each person is in a few calm words; their page says the rest.
  const CASELOAD_WORDS = {
    STEADY: 'Steady',
    ELEVATED: 'More intense lately',
    HIGH: 'A heavier stretch',
    SEVERE: 'A really hard time'
  };

  const $ = (id) => document.getElementById(id);
  let requestNumber = 0;
  let caseloadNumber = 0;
  let retryTimer = 0;
  let retries = 0;

  // Only to decide what to offer (the caseload); the server checks the token on every request.
  function claims(token) {
    try {
      const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const json = decodeURIComponent(Array.from(atob(part + '==='.slice((part.length + 3) % 4)),
        (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
      return JSON.parse(json) || {};
    } catch (e) {
      return {};
    }
  }

  function isClinician(token) {
    const scope = claims(token).scope;
    const scopes = Array.isArray(scope) ? scope : String(scope || '').split(' ');
    return scopes.includes(CLINICIAN_SCOPE);
  }

  // #token=<JWT> is for the demo's links: read it, keep it for this tab, and take it out of the
  // address bar and the history at once so it is not bookmarked, shared or left on screen.
  function takeTokenFromFragment() {
    if (!location.hash) {
      return;
    }
    const params = new URLSearchParams(location.hash.slice(1));
    const token = params.get('token');
    if (token === null) {
      return;
    }
    if (token.trim()) {
      sessionStorage.setItem(TOKEN_KEY, token.trim());
    }
    history.replaceState(null, '', location.pathname + location.search);
  }

  function setStatus(text, canRetry) {
    $('status-text').textContent = text || '';
    $('retry').hidden = !canRetry;
  }

  function showAccess(reason) {
    $('view').hidden = true;
    $('access').hidden = false;
    $('access-reason').hidden = !reason;
    $('access-reason').textContent = reason || '';
    $('content').hidden = true;
    window.ReflectCharts.clear();
  }

  function selectedDays() {
    return document.querySelector('input[name="days"]:checked').value;
  }

  function forget(reason) {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(PERSON_KEY);
    $('caseload').hidden = true;
    $('caseload-list').replaceChildren();
    requestNumber++;
    clearTimeout(retryTimer);
    setStatus('');
    showAccess(reason);
  }

  function retryAfter(response) {
    const seconds = parseInt(response.headers.get('Retry-After'), 10);
    return Number.isFinite(seconds) ? Math.min(Math.max(seconds, 1), 30) : 5;
  }

  async function load() {
    clearTimeout(retryTimer);
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) {
      showAccess(null);
      return;
    }
    $('access').hidden = true;
    $('view').hidden = false;
    const clinician = isClinician(token);
    $('caseload').hidden = !clinician;
    // A clinician reads other people's reflections, never their own here.
    const title = clinician ? 'Reflections shared with you' : 'Your reflections';
    $('page-title').textContent = title;
    $('view').setAttribute('aria-label', title);
    document.title = title + ' · Reflect';
    $('page-lede').textContent = clinician
      ? 'A quiet look at what the check-ins of the people who share with you have noticed over time.'
      : 'A quiet look at what your check-ins have noticed over time. Nothing here is a score, and every week is a new one.';
    if (clinician) {
      loadCaseload(token);
    }
    const person = clinician ? (sessionStorage.getItem(PERSON_KEY) || '') : '';
    if (clinician && !person) {
      requestNumber++;
      $('content').hidden = true;
      window.ReflectCharts.clear();
      setStatus('Choose someone from the list to see their reflections.');
      return;
    }
    const days = selectedDays();
    const base = person ? '/v1/users/' + encodeURIComponent(person) : '/v1/me';
    const path = base + '/progress?days=' + days;
    const number = ++requestNumber;
    setStatus(person ? 'Loading their reflections…' : 'Loading your reflections…');
    document.body.setAttribute('aria-busy', 'true');
    let response;
    let body = null;
    try {
      response = await fetch(path, { headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' },
        cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
      if (response.ok) {
        body = await response.json();
      }
    } catch (e) {
      if (number === requestNumber) {
        document.body.removeAttribute('aria-busy');
        $('content').hidden = true;
        setStatus('Reflect could not be reached just now. Check the connection and try again.', true);
      }
      return;
    }
    if (number !== requestNumber) {
      return; // a newer request (another period or person) has taken over
    }
    document.body.removeAttribute('aria-busy');
    if (response.ok) {
      retries = 0;
      setStatus('');
      render(body, person);
      if (body.measures && body.measures.GAD7) {
        loadMeasures(token, base, number, person);
      }
      return;
    }
    $('content').hidden = true;
    window.ReflectCharts.clear();
    switch (response.status) {
      case 401:
        forget('That token was not accepted, or it has expired. Please paste a new one.');
        break;
      case 403:
        // They stopped sharing (or never did): the list no longer offers them.
        sessionStorage.removeItem(PERSON_KEY);
        setStatus('This person does not share their reflections with you at the moment.');
        loadCaseload(token);
        break;
      case 404:
        setStatus(person
          ? 'There are no reflections for this person yet. Once their check-ins arrive, they will appear here.'
          : 'No reflections yet. Once your first check-ins arrive, your patterns will appear here.');
        break;
      case 503:
        if (retries < MAX_RETRIES) {
          retries++;
          const wait = retryAfter(response);
          setStatus('Reflect is catching up. Trying again in ' + wait + (wait === 1 ? ' second…' : ' seconds…'));
          retryTimer = setTimeout(load, wait * 1000);
        } else {
          retries = 0;
          setStatus('Reflect is still catching up. Please try again in a little while.', true);
        }
        break;
      default:
        setStatus('Something went wrong while loading. Please try again.', true);
    }
  }

  function span(className, text) {
    const element = document.createElement('span');
    element.className = className;
    element.textContent = text;
    return element;
  }

  function day(text) {
    return window.ReflectCharts.formatDay(window.ReflectCharts.parseDay(text));
  }

  // The clinician's caseload (GET /v1/caseload), already in order of urgency. A failed load keeps
  // the list as it was; a 401 asks for a new token.
  async function loadCaseload(token) {
    const number = ++caseloadNumber;
    let response;
    try {
      response = await fetch('/v1/caseload', { headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' },
        cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
    } catch (e) {
      return;
    }
    if (number !== caseloadNumber || sessionStorage.getItem(TOKEN_KEY) !== token) {
      return;
    }
    if (response.status === 401) {
      forget('That token was not accepted, or it has expired. Please paste a new one.');
      return;
    }
    if (response.ok) {
      renderCaseload((await response.json()).people || []);
    }
  }

  function renderCaseload(people) {
    const selected = sessionStorage.getItem(PERSON_KEY) || '';
    $('caseload-empty').hidden = people.length > 0;
    $('caseload-list').replaceChildren(...people.map((person) => {
      const item = document.createElement('li');
      item.dataset.user = person.userId;
      item.dataset.level = person.level;
      if (person.userId === selected) {
        item.setAttribute('aria-current', 'true');
      }
      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'open';
      open.textContent = person.userId;
      open.addEventListener('click', () => openPerson(person));
      const parts = [open, span('level-word', CASELOAD_WORDS[person.level] || person.level)];
      if (person.since) {
        parts.push(span('since', 'since ' + day(person.since)));
      }
      const checkIns = person.window7d.checkIns;
      parts.push(span('week', checkIns + (checkIns === 1 ? ' check-in' : ' check-ins') + ' in their last 7 days'));
      if (person.lastCheckInDay) {
        parts.push(span('last', 'last check-in ' + day(person.lastCheckInDay)));
      }
      const gad7 = person.measures && person.measures.GAD7;
      if (gad7) {
        parts.push(span('measure', 'GAD-7 ' + gad7.latestScore + ', ' + gad7.band + caseloadChange(gad7)));
      }
      if (person.unseenAlerts > 0) {
        parts.push(span('unseen', person.unseenAlerts + (person.unseenAlerts === 1 ? ' new alert' : ' new alerts')));
      }
      item.replaceChildren(...parts);
      return item;
    }));
  }

  // The change from the first score of the 90 days, said only when it is more than everyday ups
  // and downs (4 points or more, contract section 10).
  function caseloadChange(gad7) {
    const points = Math.abs(gad7.points);
    switch (gad7.change) {
      case 'reliable_deterioration':
        return ', ' + points + ' points higher than their first in 90 days';
      case 'reliable_improvement':
        return ', ' + points + ' points lower than their first in 90 days';
      default:
        return '';
    }
  }

  // Opens a person's reflections; their alerts so far count as seen by this clinician.
  async function openPerson(person) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    sessionStorage.setItem(PERSON_KEY, person.userId);
    retries = 0;
    load();
    if (person.unseenAlerts > 0 && token) {
      try {
        await fetch('/v1/caseload/' + encodeURIComponent(person.userId) + '/alerts/seen', { method: 'POST',
          headers: { Authorization: 'Bearer ' + token }, cache: 'no-store', credentials: 'omit',
          referrerPolicy: 'no-referrer' });
      } catch (e) {
        return;
      }
      // The mark travels through Kafka; look again once it has had a moment to arrive.
      setTimeout(() => loadCaseload(token), 1500);
    }
  }

  // The GAD-7 scores over time, from the same API and token as the progress. Without them the
  // card stays hidden; the rest of the page does not depend on them.
  async function loadMeasures(token, base, number, person) {
    let view = null;
    try {
      const response = await fetch(base + '/measures', { headers: { Authorization: 'Bearer ' + token,
        Accept: 'application/json' }, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
      if (response.ok) {
        view = await response.json();
      }
    } catch (e) {
      view = null;
    }
    if (number === requestNumber) {
      window.ReflectCharts.drawGad7(view, person ? 'Their' : 'Your');
    }
  }

  function figure(id, number, unit, note) {
    const dd = $(id);
    const parts = [];
    const num = document.createElement('span');
    num.className = 'num';
    num.textContent = number === null || number === undefined ? '–' : String(number);
    parts.push(num);
    if (unit) {
      const u = document.createElement('span');
      u.className = 'unit';
      u.textContent = ' ' + unit;
      parts.push(u);
    }
    if (note) {
      const n = document.createElement('span');
      n.className = 'note';
      n.textContent = note;
      parts.push(n);
    }
    dd.replaceChildren(...parts);
  }

  function render(progress, person) {
    const level = LEVELS[progress.escalation.level] || LEVELS.STEADY;
    const card = $('level-card');
    card.dataset.level = progress.escalation.level;
    $('level-for').textContent = person ? 'Where things are now for ' + person : 'Where things are now';
    $('level-title').textContent = level.title;
    $('level-explain').textContent = level.explain;
    const message = progress.escalation.message;
    $('level-message').textContent = message ? 'What was noticed: ' + message : '';
    $('level-message').hidden = !message;
    const since = progress.escalation.since;
    $('level-since').textContent = since
      ? 'Since ' + window.ReflectCharts.formatDay(window.ReflectCharts.parseDay(since))
        + '. Your latest check-in is from ' + window.ReflectCharts.formatDay(window.ReflectCharts.parseDay(progress.asOf)) + '.'
      : '';

    const w = progress.window7d;
    const baseline = progress.baselineWeekly;
    const asOf = window.ReflectCharts.parseDay(progress.asOf);
    const from = new Date(asOf.getFullYear(), asOf.getMonth(), asOf.getDate() - 6);
    $('week-range').textContent = window.ReflectCharts.formatDay(from) + ' to ' + window.ReflectCharts.formatDay(asOf);
    figure('fig-checkins', w.checkIns);
    figure('fig-reassurance', w.reassuranceAsks, w.reassuranceAsks === 1 ? 'time' : 'times',
      (baseline.established ? 'usual week: about ' : 'usual week, for now: ') + Math.round(baseline.reassuranceAsks * 10) / 10);
    figure('fig-device', w.deviceChecks, w.deviceChecks === 1 ? 'time' : 'times');
    figure('fig-distress', w.distressAvg, w.distressAvg === null ? '' : 'of 10');
    figure('fig-coping', w.copingRatio, '', w.copingRatio === null ? 'no triggers this week' : null);
    if (w.beliefShiftAvg === null) {
      figure('fig-belief', null, '', 'no thought records this week');
    } else {
      figure('fig-belief', Math.abs(w.beliefShiftAvg), 'points', w.beliefShiftAvg <= 0 ? 'eased after reflecting'
        : 'stronger after reflecting');
    }

    $('content').hidden = false;
    window.ReflectCharts.draw(progress);
    if (!progress.measures || !progress.measures.GAD7) {
      window.ReflectCharts.drawGad7(null, '');
    }
  }

  // Shown as part of the web app (at /progress/ of the app's address, see the web module): the
  // app's navigation, and signing in happens in the app.
  function joinTheApp() {
    if (!location.pathname.startsWith('/progress/')) {
      return;
    }
    $('app-nav').hidden = false;
    $('app-sign-in').hidden = false;
  }

  function start() {
    joinTheApp();
    takeTokenFromFragment();
    const days = sessionStorage.getItem(DAYS_KEY);
    if (days === '28' || days === '84') {
      $('days-' + days).checked = true;
    }

    $('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const value = $('token-input').value.trim().replace(/^bearer\s+/i, '');
      $('token-input').value = '';
      if (value) {
        sessionStorage.setItem(TOKEN_KEY, value);
        retries = 0;
        load();
      }
    });
    $('view-form').addEventListener('submit', (event) => event.preventDefault());
    document.querySelectorAll('input[name="days"]').forEach((radio) => radio.addEventListener('change', () => {
      sessionStorage.setItem(DAYS_KEY, selectedDays());
      retries = 0;
      load();
    }));
    // A demo link opened in a tab that already shows the page changes only the fragment.
    window.addEventListener('hashchange', () => {
      if (new URLSearchParams(location.hash.slice(1)).has('token')) {
        takeTokenFromFragment();
        retries = 0;
        load();
      }
    });
    $('forget').addEventListener('click', () => forget(null));
    $('retry').addEventListener('click', () => {
      retries = 0;
      load();
    });
    load();
  }

  start();
}());
