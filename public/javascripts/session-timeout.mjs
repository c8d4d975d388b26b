// The session timeout warning (views/partials/session-timeout.njk), as a
// govuk-frontend component. The server renders the seconds the session has
// left; before they run out the modal dialog opens and takes focus (first
// asking /session/status, which never extends the session, whether another
// tab has kept it going, and again before giving up). "Stay on
// this page", Escape or any other way of closing it asks /session/extend to
// move the session's expiry on (WCAG 2.2 SC 2.2.1: one simple action, with at
// least 20 seconds to take it). If the time runs out, the page goes to the
// session-expired page, in the page's language.
import { Component } from './govuk-frontend.min.js';

export class SessionTimeout extends Component {
  static moduleName = 'app-session-timeout';

  /** @param {Element} $root - the <dialog> */
  constructor($root) {
    super($root);
    const dialog = /** @type {HTMLDialogElement} */ ($root);
    const secondsLeft = Number(dialog.dataset.secondsLeft);
    this.warningMs = Number(dialog.dataset.warningSeconds) * 1000;
    this.extendUrl = dialog.dataset.extendUrl ?? '';
    this.statusUrl = dialog.dataset.statusUrl ?? '';
    this.expiredUrl = dialog.dataset.expiredUrl ?? '';
    this.$stay = dialog.querySelector('[data-session-timeout-stay]');
    this.timer = 0;
    this.endsAt = 0;
    this.ending = false;
    this.closingQuietly = false;
    if (typeof dialog.showModal !== 'function' || !this.$stay || !this.extendUrl || !this.statusUrl || !this.expiredUrl) return;
    if (!Number.isFinite(secondsLeft) || !Number.isFinite(this.warningMs)) return;

    this.$stay.addEventListener('click', () => dialog.close('stay'));
    // Escape closes a modal dialog (the cancel event, then close): that counts as staying too.
    dialog.addEventListener('close', () => {
      if (this.closingQuietly) this.closingQuietly = false;
      else if (!this.ending) this.stay();
    });
    dialog.addEventListener('keydown', (event) => this.keepFocusInside(event));
    this.schedule(secondsLeft * 1000, true);
  }

  /** The dialog as a dialog element. */
  get dialog() {
    return /** @type {HTMLDialogElement} */ (this.$root);
  }

  /**
   * @param {number} msLeft - until the session ends
   * @param {boolean} warn - whether to open the warning before then
   */
  schedule(msLeft, warn) {
    window.clearTimeout(this.timer);
    this.endsAt = Date.now() + msLeft;
    const untilWarning = msLeft - this.warningMs;
    if (!warn) this.timer = window.setTimeout(() => this.expire(), Math.max(0, msLeft));
    else if (untilWarning > 0) this.timer = window.setTimeout(() => this.warn(), untilWarning);
    else this.warn();
  }

  /**
   * The session's time left as the server has it, or what this page last knew
   * if the server cannot say.
   * @returns {Promise<number>} milliseconds
   */
  timeLeft() {
    const known = this.endsAt - Date.now();
    return fetch(this.statusUrl, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then((body) => {
        const seconds = Number(body && body.secondsLeft);
        return Number.isFinite(seconds) ? seconds * 1000 : known;
      })
      .catch(() => known);
  }

  warn() {
    void this.timeLeft().then((msLeft) => {
      if (msLeft <= 0) {
        this.end();
        return;
      }
      // Another tab has kept the session going: wait again.
      if (msLeft > this.warningMs + 1000) {
        this.schedule(msLeft, true);
        return;
      }
      this.endsAt = Date.now() + msLeft;
      if (!this.dialog.open) {
        this.dialog.showModal();
        this.dialog.focus();
      }
      this.timer = window.setTimeout(() => this.expire(), msLeft);
    });
  }

  /** The time is up on this page: unless another tab kept the session going, it has ended. */
  expire() {
    void this.timeLeft().then((msLeft) => {
      if (msLeft <= 1000) {
        this.end();
        return;
      }
      if (this.dialog.open) {
        this.closingQuietly = true;
        this.dialog.close();
      }
      this.schedule(msLeft, true);
    });
  }

  stay() {
    window.clearTimeout(this.timer);
    fetch(this.extendUrl, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then((body) => {
        const seconds = Number(body && body.secondsLeft);
        if (!(seconds > 0)) {
          this.end();
          return;
        }
        // Near the absolute limit the session cannot be extended: do not warn again, just end on time.
        this.schedule(seconds * 1000, seconds * 1000 > this.warningMs);
      })
      .catch(() => {
        // The server could not be reached: keep to the time the page already knew.
        this.schedule(this.endsAt - Date.now(), false);
      });
  }

  end() {
    window.clearTimeout(this.timer);
    this.ending = true;
    window.location.assign(this.expiredUrl);
  }

  /**
   * Tab and Shift+Tab go round the dialog's controls; focus never leaves it.
   * @param {KeyboardEvent} event
   */
  keepFocusInside(event) {
    if (event.key !== 'Tab') return;
    const controls = /** @type {HTMLElement[]} */ ([...this.dialog.querySelectorAll('a[href], button:not([disabled])')]);
    const first = controls[0];
    const last = controls[controls.length - 1];
    if (!first || !last) return;
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === this.dialog)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }
}
