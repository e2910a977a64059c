// The login page of both parts: email and password, then the authenticator code when the
// account has MFA, then on to the part of MDME the account's role works in.
import { api } from './api.js';
import { currentSession, homeOf, startSession } from './session.js';
import { onSubmit } from './ui.js';

const existing = currentSession();
if (existing) location.replace(homeOf(existing.user.role));

const form = document.getElementById('login');
const totpField = document.getElementById('totp-field');
if (new URLSearchParams(location.search).has('udlobet')) {
  document.getElementById('expired').hidden = false;
}

onSubmit(form, async (data) => {
  const body = { email: data.get('email').trim(), password: data.get('password') };
  const totp = (data.get('totp') ?? '').trim();
  if (!totpField.hidden && totp) body.totp = totp;
  try {
    const login = await api('POST', '/auth/login', { body });
    startSession(login);
    location.assign(login.mfa_enrollment_required ? '/terapeut/#/sikkerhed' : homeOf(login.user.role));
  } catch (error) {
    if (error.code === 'mfa_required' && totpField.hidden) {
      // The password was right; the account wants its second factor.
      totpField.hidden = false;
      document.getElementById('totp').focus();
      return;
    }
    throw error;
  }
});
