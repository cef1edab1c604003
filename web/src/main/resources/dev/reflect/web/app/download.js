// "Download my data": GET /v1/me/export with the person's token (contract section 9), saved as the
// file the query service names. Nothing of it is kept by this app: the file goes to the browser's
// downloads, and the object URL is let go once the download has started.

import { Unreachable } from './api.js';

/** The file name of a Content-Disposition header, or the export's own pattern for today. */
export function fileNameOf(disposition, today) {
  const match = /filename="([^"\\/]+)"/.exec(disposition || '');
  return match ? match[1] : 'reflect-export-' + today + '.json';
}

/**
 * Fetches the export and hands it to the browser as a download. Returns {status, fileName,
 * retryAfter}; throws Unreachable when there is no answer, or the file broke off on the way.
 */
export async function downloadExport(token) {
  let response;
  let file;
  try {
    response = await fetch('/v1/me/export', {
      method: 'GET',
      headers: { Accept: 'application/json', Authorization: 'Bearer ' + token },
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer'
    });
    if (response.ok) {
      file = await response.blob();
    }
  } catch (e) {
    throw new Unreachable();
  }
  if (response.status === 502 || response.status === 504) {
    throw new Unreachable();
  }
  const retry = Number(response.headers.get('Retry-After'));
  const answer = { status: response.status, fileName: null, retryAfter: Number.isFinite(retry) && retry > 0 ? retry : 5 };
  if (!response.ok) {
    return answer;
  }
  answer.fileName = fileNameOf(response.headers.get('Content-Disposition'), new Date().toISOString().slice(0, 10));
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = answer.fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return answer;
}
