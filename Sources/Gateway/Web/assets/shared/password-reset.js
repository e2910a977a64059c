// Password reset, both halves: without a token the page asks for the email and sends a link
// (the answer is the same whether or not the address is known); with the link's token it
// sets the new password.
import { api } from './api.js';
import { onSubmit } from './ui.js';
import { insertNewPasswordFields, passwordPair } from './password.js';

const token = new URLSearchParams(location.hash.slice(1)).get('token');
// A link opened over this page changes only the fragment: start again with its token.
window.addEventListener('hashchange', () => location.reload());
const request = document.getElementById('request');
const complete = document.getElementById('complete');
insertNewPasswordFields(complete.querySelector('.new-password'));
request.hidden = Boolean(token);
complete.hidden = !token;

onSubmit(request, async (data) => {
  await api('POST', '/auth/password-reset', { body: { email: data.get('email').trim() } });
  request.hidden = true;
  document.getElementById('requested').hidden = false;
  document.getElementById('requested-heading').focus();
});

onSubmit(complete, async (data) => {
  const password = passwordPair(complete, data);
  await api('POST', '/auth/password-reset/complete', { body: { token, password } });
  history.replaceState(null, '', location.pathname);
  complete.hidden = true;
  document.getElementById('done').hidden = false;
  document.getElementById('done-heading').focus();
});
