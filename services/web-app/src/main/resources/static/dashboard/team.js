// The booth team (the exhibitor's admin only): seats used of the seats the organizer gave, staff
// invited by email (each accepts with a password of their own), invitations still open, and
// revocation, which frees the seat at once and stops that member's scanner within seconds. The staff
// list is drawn anew after each change; the keyboard stays in the member's row (keepingFocus).

// Named el here as it was, so this file's other changes merge cleanly.
import { dateTime, h as el, keepingFocus, problemFields } from '../shared/dom.js';
import { onSubmitOnce } from '../shared/forms.js';

/** Refusals of an invitation the server names by reason, said in the page's language. */
const INVITE_REFUSALS = {
  ACCOUNT_EXISTS: 'inviteAccountExists',
  ALREADY_INVITED: 'inviteAlreadyInvited',
  NOT_APPROVED: 'inviteNotApproved',
};

export function createTeamPage(ctx, parts) {
  async function show() {
    parts.status.textContent = ctx.t('loading');
    try {
      render(await ctx.call(`/api/exhibitors/${encodeURIComponent(ctx.exhibitorId)}/staff`));
      parts.status.textContent = '';
    } catch (error) {
      parts.status.textContent = ctx.problemText(error);
    }
  }

  function render(team) {
    const { t, language } = ctx;
    parts.seats.textContent = t('seatsUsed', { used: team.seatsUsed, seats: team.seats });
    parts.seats.dataset.used = String(team.seatsUsed);
    parts.meter.max = Math.max(1, team.seats);
    parts.meter.value = team.seatsUsed;
    parts.full.hidden = team.seatsUsed < team.seats;
    team.staff.forEach((member) => {
      ctx.names[member.staffId] = member.name;
    });
    // A revoked member's row loses its button: the focus that was on it lands on the row itself.
    keepingFocus(parts.staff, () => parts.staff.replaceChildren(...(team.staff.length ? team.staff.map((member) => el('tr', {
      'data-staff': member.staffId, 'data-focus-key': member.staffId }, [
      el('td', { 'data-label': t('column_member'), dir: 'auto', text: member.name }),
      el('td', { 'data-label': t('email'), text: member.email }),
      el('td', { 'data-label': t('column_status') }, el('span', {
        class: `pill ${member.status === 'ACTIVE' ? 'pill-ok' : 'pill-off'}`, text: t(`staff_${member.status}`) })),
      el('td', { 'data-label': t('column_since'), text: dateTime(member.status === 'ACTIVE' ? member.since : member.revokedAt, language) }),
      el('td', { class: 'actions' }, member.status === 'ACTIVE' ? el('button', {
        type: 'button', text: t('revoke'), 'aria-label': t('revokeWho', { name: member.name }),
        on: { click: () => revoke(member) },
      }) : null),
    ])) : [el('tr', {}, el('td', { colspan: 5, class: 'muted', text: t('noStaff') }))])));
    parts.pending.replaceChildren(...(team.pending.length ? team.pending.map((invitation) => el('li', {}, [
      el('span', { dir: 'auto', text: invitation.name }), ` · ${invitation.email} · `,
      el('span', { class: 'muted', text: t('invitationExpires', { time: dateTime(invitation.expiresAt, language) }) }),
    ])) : [el('li', { class: 'muted', text: t('noPendingInvitations') })]));
  }

  async function revoke(member) {
    if (!window.confirm(ctx.t('revokeConfirm', { name: member.name }))) {
      return;
    }
    try {
      render(await ctx.call(`/api/exhibitors/${encodeURIComponent(ctx.exhibitorId)}/staff/${encodeURIComponent(member.staffId)}`,
        { method: 'DELETE' }));
      parts.result.textContent = ctx.t('revoked', { name: member.name });
    } catch (error) {
      parts.result.textContent = ctx.problemText(error);
    }
  }

  onSubmitOnce(parts.invite, async (event) => {
    event.preventDefault();
    const { t } = ctx;
    const email = parts.invite.elements.email.value.trim();
    const name = parts.invite.elements.name.value.trim();
    parts.inviteErrors.email.textContent = '';
    parts.inviteErrors.name.textContent = '';
    try {
      await ctx.call(`/api/exhibitors/${encodeURIComponent(ctx.exhibitorId)}/staff`, { method: 'POST', body: { email, name } });
      parts.result.textContent = t('invited', { name, email });
      parts.invite.reset();
      await show();
      // The button pressed was disabled while the invitation went (the focus with it): the keyboard
      // is ready for the next invitation, the result said by its live region.
      parts.invite.elements.email.focus();
    } catch (error) {
      const fields = problemFields(error);
      parts.inviteErrors.email.textContent = fields.email || '';
      parts.inviteErrors.name.textContent = fields.name || '';
      const known = INVITE_REFUSALS[error.reason];
      parts.result.textContent = known ? t(known, { email }) : ctx.problemText(error);
      // On the field to correct: the name when only it was refused, else the address.
      (fields.name && !fields.email ? parts.invite.elements.name : parts.invite.elements.email).focus();
    }
  });

  return { show };
}
