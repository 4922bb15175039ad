// One submission at a time. A second click (or Enter) while a form's request is on its way would
// send it twice: a second webhook whose secret is never shown, a second edition, a second device
// waiting for a code no one has. While the handler runs, the form's submit buttons are disabled
// and the form says it is busy; a submit meanwhile is ignored.

/** Listens for the form's submits, running `handler(event)` for one at a time. */
export function onSubmitOnce(form, handler) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') {
      return;
    }
    const buttons = Array.from(form.querySelectorAll('button[type=submit], button:not([type])'));
    form.setAttribute('aria-busy', 'true');
    buttons.forEach((button) => {
      button.disabled = true;
    });
    try {
      await handler(event);
    } finally {
      form.removeAttribute('aria-busy');
      buttons.forEach((button) => {
        button.disabled = false;
      });
    }
  });
}
