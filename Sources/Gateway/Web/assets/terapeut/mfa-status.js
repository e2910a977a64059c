// Whether this therapist's two-factor login is known to be active. GET /me does not say, so
// the page remembers what it learnt (activation, or the API's "already active") — for this
// login only: an admin may reset it meanwhile, which ends the session, and the next login
// starts from "unknown" again. Kept in sessionStorage, never on disk.
const key = 'mdme.mfa-active';

/** The current login: the same account and the same session expiry. */
function loginOf(session) {
  return `${session.user.id} ${session.expiresAt}`;
}

export function mfaKnownActive(session) {
  return sessionStorage.getItem(key) === loginOf(session);
}

export function rememberMfaActive(session) {
  sessionStorage.setItem(key, loginOf(session));
}
