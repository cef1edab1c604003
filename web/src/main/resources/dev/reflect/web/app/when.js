// Times as the contract wants them (ISO-8601 with the device's UTC offset, so an entry lands on the
// local day it happened) and as a person reads them (the wall-clock time where it happened).

function pad(number) {
  return String(number).padStart(2, '0');
}

/** "2026-11-26T21:14:00+01:00" for this moment, in the device's offset at that moment. */
export function withOffset(date) {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate())
    + 'T' + pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds())
    + sign + pad(Math.floor(abs / 60)) + ':' + pad(abs % 60);
}

/** The value of an <input type="datetime-local"> ("2026-11-26T21:14") as a Date, or null. */
export function fromLocalInput(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value || '');
  if (!match) {
    return null;
  }
  const [, y, m, d, h, min] = match.map(Number);
  return new Date(y, m - 1, d, h, min, 0, 0);
}

/**
 * The occurredAt of a form: now, or the time given in its "It happened earlier" field. A value the
 * field cannot hold adds a problem to errors.
 */
export function occurredAtOf(inputValue, errors) {
  if (!inputValue) {
    return withOffset(new Date());
  }
  const date = fromLocalInput(inputValue);
  if (!date) {
    errors.push({ field: 'occurredAt', message: 'Give a date and a time, or leave it empty for now.', own: true });
    return null;
  }
  return withOffset(date);
}

/** A Date as the value of an <input type="datetime-local">. */
export function toLocalInput(date) {
  return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate())
    + 'T' + pad(date.getHours()) + ':' + pad(date.getMinutes());
}

const DAY = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric',
  timeZone: 'UTC' });
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

/**
 * "Thu, 26 Nov 2026, 21:14" for "2026-11-26T21:14:00+01:00": the day and time on the clock where
 * and when it happened, which is what the person remembers, whatever the device's zone is now.
 */
export function formatWhen(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso || '');
  if (!match) {
    return iso || '';
  }
  const [, y, m, d, h, min] = match.map(Number);
  const wallClock = new Date(Date.UTC(y, m - 1, d, h, min));
  return DAY.format(wallClock) + ', ' + TIME.format(wallClock);
}

/** "YYYY-MM-DD" of a Date in the device's zone. */
export function localDay(date) {
  return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate());
}
