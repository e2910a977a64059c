// Whether this therapist's two-factor login is known to be active. GET /me does not say, so
// the page remembers what it learnt (activation, or the API's "already active") for the rest
// of the tab's session — never on disk, and only per account.
const key = 'mdme.mfa-active';

export function mfaKnownActive(session) {
  return sessionStorage.getItem(key) === session.user.id;
}

export function rememberMfaActive(session) {
  sessionStorage.setItem(key, session.user.id);
}
