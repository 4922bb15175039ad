// Joining a booth team from the invitation email: its link opens the scanner at
// #invitation=<code>. The page says who invites whom, the invitee chooses a password, and is signed
// in ready to scan. The code leaves the address bar at once (it stays in this page's memory only),
// so it is not kept in the history or shown to whoever looks at the phone next.

import { ApiError, NoAnswer, api } from '../shared/api.js';

const PREFIX = '#invitation=';
const CODE = /^[A-Za-z0-9_-]{20,100}$/;
const MIN_PASSWORD = 12;

/** The invitation code the address carries, removed from the address; null when there is none. */
export function takeInvitationCode() {
  if (!location.hash.startsWith(PREFIX)) {
    return null;
  }
  // A code is URL-safe base64: nothing to decode (a stray % escape must not break the page).
  const code = location.hash.slice(PREFIX.length).trim();
  history.replaceState(null, '', location.pathname + location.search);
  return CODE.test(code) ? code : '';
}

/**
 * The invitation screen. `elements` are its parts in the page; `accepted(email, password)` signs
 * the new staff member in once the server took the password.
 */
export function createInvitationPage({ t, elements, accepted, signInInstead }) {
  let code = null;
  let invitation = null;

  function say(text) {
    elements.problem.textContent = text;
  }

  function describe() {
    if (!invitation) {
      return;
    }
    elements.text.textContent = t(invitation.boothCode ? 'invitationTextBooth' : 'invitationText', {
      company: invitation.companyName, name: invitation.name, booth: invitation.boothCode || '',
    });
    elements.email.textContent = invitation.email;
    elements.username.value = invitation.email;
  }

  function showState() {
    const open = invitation && invitation.state === 'OPEN';
    elements.form.hidden = !open;
    elements.retry.hidden = true;
    elements.signIn.hidden = open;
    if (!invitation) {
      return;
    }
    if (invitation.state === 'ACCEPTED') {
      say(t('invitationUsed'));
    } else if (invitation.state === 'EXPIRED') {
      say(t('invitationExpired', { company: invitation.companyName }));
    } else {
      say('');
    }
  }

  async function load() {
    say('');
    elements.form.hidden = true;
    elements.retry.hidden = true;
    elements.signIn.hidden = true;
    if (!code) {
      say(t('invitationInvalid'));
      elements.signIn.hidden = false;
      return;
    }
    elements.text.textContent = t('invitationLoading');
    try {
      invitation = await api(`/api/invitations/${encodeURIComponent(code)}`);
    } catch (error) {
      elements.text.textContent = '';
      if (error instanceof NoAnswer) {
        say(t('invitationNoNetwork'));
        elements.retry.hidden = false;
      } else {
        say(error instanceof ApiError && error.status === 404 ? t('invitationInvalid') : t('invitationProblem', { detail: error.message }));
        elements.signIn.hidden = false;
      }
      return;
    }
    describe();
    showState();
    if (invitation.state === 'OPEN') {
      elements.password.focus();
    }
  }

  function passwordProblem() {
    const password = elements.password.value;
    if (password.length < MIN_PASSWORD) {
      return t('passwordTooShort', { count: MIN_PASSWORD });
    }
    if (password !== elements.again.value) {
      return t('passwordsDiffer');
    }
    return '';
  }

  async function submit(event) {
    event.preventDefault();
    say('');
    const problem = passwordProblem();
    elements.passwordError.textContent = problem;
    elements.password.setAttribute('aria-invalid', String(Boolean(problem)));
    if (problem) {
      elements.password.focus();
      return;
    }
    elements.submit.disabled = true;
    try {
      await api(`/api/invitations/${encodeURIComponent(code)}/accept`, { method: 'POST', body: { password: elements.password.value } });
    } catch (error) {
      elements.submit.disabled = false;
      if (error instanceof NoAnswer) {
        say(t('invitationNoNetwork'));
      } else if (error instanceof ApiError && error.status === 410) {
        // Used or expired since the page opened: the invitation as it is now says which.
        await load();
      } else if (error instanceof ApiError && error.reason === 'NO_SEAT_LEFT') {
        say(t('invitationNoSeat', { company: invitation.companyName }));
      } else if (error instanceof ApiError && error.reason === 'ACCOUNT_EXISTS') {
        say(t('invitationAccountExists', { email: invitation.email }));
        elements.signIn.hidden = false;
      } else {
        say(t('invitationProblem', { detail: error.message }));
      }
      return;
    }
    const password = elements.password.value;
    elements.password.value = '';
    elements.again.value = '';
    elements.submit.disabled = false;
    await accepted(invitation.email, password);
  }

  elements.form.addEventListener('submit', submit);
  elements.retry.addEventListener('click', () => load());
  elements.signIn.addEventListener('click', () => signInInstead(invitation ? invitation.email : ''));

  return {
    /** Opens the screen on this code (from takeInvitationCode). */
    open(invitationCode) {
      code = invitationCode;
      invitation = null;
      return load();
    },
    /** The language changed: the texts follow. */
    relabel() {
      describe();
      if (invitation) {
        showState();
      }
    },
  };
}
