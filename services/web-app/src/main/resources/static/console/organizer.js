// The organizer signed in to the console: the shared session module (shared/session.js), under the
// console's own key (expo.console.session), so a browser used for the scanner or the dashboard keeps
// those signed in while the organizer uses the console, and the reverse. Only an account with the
// ORGANIZER role is kept: the console would meet nothing but refusals with any other.

import { createSession } from '../shared/session.js';

/** The account is not the organizer's: the console would only meet refusals. */
export class NotOrganizer extends Error {}

const session = createSession('console', {
  accept(who) {
    if (!who.roles.includes('ORGANIZER')) {
      throw new NotOrganizer();
    }
  },
});

export const { current, isSignedIn, authorized, signIn, signOut, keepLanguage } = session;
