// The small things a page says on the side: short-lived notices and whether it is live.

import { el } from './render.js';

const NOTICE_MS = 6000;
const MAX_NOTICES = 3;

/** Shows a short notice in the page's notice area (#notices, a polite live region). */
export function showNotice(text, detail = '') {
  const area = document.getElementById('notices');
  if (!area) {
    return;
  }
  const notice = el('li', 'notice');
  notice.append(el('span', 'notice__text', text));
  if (detail) {
    notice.append(el('span', 'notice__detail', detail));
  }
  const close = el('button', 'notice__close');
  close.type = 'button';
  close.setAttribute('aria-label', 'Dismiss');
  close.textContent = '×';
  close.addEventListener('click', () => notice.remove());
  notice.append(close);
  area.append(notice);
  while (area.children.length > MAX_NOTICES) {
    area.firstElementChild.remove();
  }
  setTimeout(() => {
    notice.classList.add('is-leaving');
    notice.addEventListener('animationend', () => notice.remove(), { once: true });
    // Without animations (reduced motion) there is no animationend.
    setTimeout(() => notice.remove(), 500);
  }, NOTICE_MS);
}

const LABELS = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' };

/** Shows the state of the live connection in #live-status. */
export function showLiveStatus(state) {
  const status = document.getElementById('live-status');
  if (!status) {
    return;
  }
  status.dataset.state = state;
  status.querySelector('.live__text').textContent = LABELS[state] ?? state;
  status.title = state === 'live'
    ? 'Changes to the catalog appear here as they happen'
    : 'Changes made meanwhile will appear once the page is connected again';
}
