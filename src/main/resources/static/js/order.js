// The order page at /orders/{id}: the same address as the order's JSON, read here with Accept JSON.
// Its status follows the shop live: the shopper's /user/queue/orders sends every change of their
// orders, and the page shows those of this order. A message is shown only if its order's version
// is newer than the one shown, so the first read and the messages can meet in any order.

import { ApiError, request } from './api.js';
import { OwnChannels } from './own.js';
import { el, formatPrice } from './render.js';

const id = decodeURIComponent(location.pathname.split('/').pop());
const status = document.getElementById('order-status');
let shownVersion = -1;

function render(order, version) {
  if (version <= shownVersion) {
    return;
  }
  shownVersion = version;
  status.textContent = `Status: ${order.status}`;
  status.dataset.status = order.status;
  document.getElementById('order-placed').textContent =
    `Order ${order.id}, placed ${new Date(order.placedAt).toLocaleString()}`;
  const currency = 'EUR';
  document.getElementById('order-lines').replaceChildren(...order.lines.map((line) =>
    el('li', '', `${line.quantity} × ${line.name}, ${line.color}, size ${line.size}: ${formatPrice(line.lineTotal, currency)}`)));
  document.getElementById('order-total').textContent = `Total ${formatPrice(order.total, currency)}`;
  document.getElementById('order-buyer').textContent = `${order.name}, ${order.address} (${order.email})`;
}

async function show() {
  try {
    const response = await request('GET', `/orders/${encodeURIComponent(id)}`);
    // The ETag is the order's version: "3".
    const version = Number((response.headers.get('ETag') || '"0"').replace(/\D/g, '') || 0);
    render(await response.json(), version);
    return true;
  } catch (error) {
    status.textContent = error instanceof ApiError && error.status === 404
      ? 'No such order here. Orders are shown to the browser that placed them.'
      : 'The order could not be loaded.';
    return false;
  }
}

const live = new OwnChannels([{
  destination: '/user/queue/orders',
  onMessage: (message) => {
    if (message.order && message.order.id === id) {
      render(message.order, message.order.version);
    }
  },
}], {
  // Read once more when the subscription is in place: a change made before it is not missed.
  onLive: () => { show(); },
});

show().then((found) => {
  if (found) {
    live.start();
  }
});
