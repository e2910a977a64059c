// The one way the pages talk to the gateway: JSON in and out, the session token attached, and
// every API error turned into an ApiError whose text is Danish (see messages.js).
import { currentSession, endSession } from './session.js';
import { danishMessage, danishProblem } from './messages.js';

const base = '/api/v1';

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status
   * @param {string} code the API's error code (`validation_failed`, …)
   * @param {string} message Danish text for the whole error
   * @param {{field: string, problem: string}[]} fields Danish text per field, API field names
   */
  constructor(status, code, message, fields = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

/**
 * Calls the API. `body` is sent as JSON; a POST gets an Idempotency-Key (given, or new) so a
 * retried click never does a thing twice. Resolves to the parsed JSON, or null for 204.
 */
export async function api(method, path, { body, query, idempotencyKey } = {}) {
  const response = await send(method, path, { body, query, idempotencyKey });
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** Fetches a file (a report PDF) with the session token and offers it to the user to save. */
export async function download(path, filename) {
  const response = await send('GET', path, {});
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function send(method, path, { body, query, idempotencyKey }) {
  const url = new URL(base + path, location.origin);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  }
  const headers = { Accept: 'application/json' };
  const session = currentSession();
  if (session) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method === 'POST') headers['Idempotency-Key'] = idempotencyKey ?? crypto.randomUUID();
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'Der er ingen forbindelse til MDME. Tjek dit netværk, og prøv igen.');
  }
  if (response.ok) return response;
  let error = {};
  try {
    error = (await response.json()).error ?? {};
  } catch {
    // Not JSON (a proxy's error page): the status alone decides the text.
  }
  const code = error.code ?? `http_${response.status}`;
  if (response.status === 401 && code !== 'invalid_credentials' && code !== 'mfa_required' && session) {
    // The session ended (expired, logged out elsewhere, idle): back to the login page.
    endSession({ expired: true });
  }
  const fields = (error.details ?? []).map((detail) => ({ field: detail.field, problem: danishProblem(detail.problem) }));
  throw new ApiError(response.status, code, danishMessage(code, response.status), fields);
}

/** Ends the session at the gateway (the token stops working at once), then locally. */
export async function logOut() {
  try {
    await api('POST', '/auth/logout');
  } catch {
    // Already ended or unreachable: the local session goes either way.
  } finally {
    endSession();
  }
}
