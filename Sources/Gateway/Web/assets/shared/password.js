// Choosing a new password (invitation and reset pages): the two fields must agree, and the
// rules are the API's (PasswordPolicy), checked here first so the message comes at once.
import { ApiError } from './api.js';
import { field, h } from './ui.js';

export const minimumLength = 10;

/** The chosen password, or throws an ApiError naming the field to fix. */
export function passwordPair(form, data) {
  const password = data.get('password');
  if (password.length < minimumLength) {
    throw new ApiError(400, 'validation_failed', 'Adgangskoden skal rettes.', [{ field: 'password', problem: `Skal være mindst ${minimumLength} tegn.` }]);
  }
  if (password !== data.get('password_repeat')) {
    throw new ApiError(400, 'validation_failed', 'Adgangskoderne er ikke ens.', [{ field: 'password_repeat', problem: 'Skal være den samme adgangskode som ovenfor.' }]);
  }
  return password;
}

/** Puts the two fields of a new password, as both pages ask for it, in place of `placeholder`. */
export function insertNewPasswordFields(placeholder) {
  placeholder.replaceWith(
    field('Ny adgangskode', h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'new-password', required: true }),
      { hint: `Mindst ${minimumLength} tegn.` }),
    field('Gentag adgangskoden', h('input', { id: 'password_repeat', name: 'password_repeat', type: 'password', autocomplete: 'new-password', required: true })),
  );
}
