// The logged-in session: the token and who it belongs to, kept in sessionStorage so it lives
// only as long as the browser tab and is never shared between tabs or written to disk.
const key = 'mdme.session';

/** @returns {{token: string, expiresAt: string, user: {id: string, role: string, tenant_id: string, name: string}} | null} */
export function currentSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(key) ?? 'null');
    if (!session || Date.parse(session.expiresAt) <= Date.now()) return null;
    return session;
  } catch {
    return null;
  }
}

export function startSession(login) {
  sessionStorage.setItem(key, JSON.stringify({
    token: login.token,
    expiresAt: login.expires_at,
    user: login.user,
    // The tenant requires a second factor this account has not set up: the session may only
    // set it up (the gateway refuses everything else) until activation widens it.
    mfaEnrollmentRequired: Boolean(login.mfa_enrollment_required),
  }));
}

/** After activating MFA: the same session may now do everything its role allows. */
export function liftEnrollmentRestriction() {
  const session = currentSession();
  if (!session) return;
  session.mfaEnrollmentRequired = false;
  sessionStorage.setItem(key, JSON.stringify(session));
}

/** Forgets the session and returns to the login page (saying why when it simply ran out). */
export function endSession({ expired = false } = {}) {
  sessionStorage.removeItem(key);
  location.assign(expired ? '/?udlobet=1' : '/');
}

/** The part of MDME a role works in. */
export function homeOf(role) {
  return role === 'client' ? '/klient/' : '/terapeut/';
}

/**
 * For the pages of one part: the session if its role belongs here; otherwise sends the user
 * to the login page or to their own part, and returns null.
 */
export function requireSession(roles) {
  const session = currentSession();
  if (!session) {
    location.replace('/');
    return null;
  }
  if (!roles.includes(session.user.role)) {
    location.replace(homeOf(session.user.role));
    return null;
  }
  return session;
}
