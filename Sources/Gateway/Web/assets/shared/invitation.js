// Accepting an invitation: the token comes in the link's fragment (never sent to a server
// log), the invitee chooses a password, then logs in.
import { api } from './api.js';
import { onSubmit } from './ui.js';
import { insertNewPasswordFields, passwordPair } from './password.js';

const token = new URLSearchParams(location.hash.slice(1)).get('token');
// A link opened over this page changes only the fragment: start again with its token.
window.addEventListener('hashchange', () => location.reload());
const form = document.getElementById('accept');
insertNewPasswordFields(form.querySelector('.new-password'));
if (!token) {
  document.getElementById('missing-token').hidden = false;
  form.hidden = true;
}

onSubmit(form, async (data) => {
  const password = passwordPair(form, data);
  await api('POST', '/auth/invitations/accept', { body: { token, password } });
  history.replaceState(null, '', location.pathname);
  form.hidden = true;
  document.getElementById('done').hidden = false;
  document.getElementById('done-heading').focus();
});
