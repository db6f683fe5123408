// The order page at /orders/{id}: the same address as the order's JSON, read here with Accept JSON.

import { ApiError, getJson } from './api.js';
import { el, formatPrice } from './render.js';

const id = decodeURIComponent(location.pathname.split('/').pop());
const status = document.getElementById('order-status');

async function show() {
  try {
    const order = await getJson(`/orders/${encodeURIComponent(id)}`);
    status.textContent = `Status: ${order.status}`;
    document.getElementById('order-placed').textContent =
      `Order ${order.id}, placed ${new Date(order.placedAt).toLocaleString()}`;
    const currency = 'EUR';
    document.getElementById('order-lines').replaceChildren(...order.lines.map((line) =>
      el('li', '', `${line.quantity} × ${line.name}, ${line.color}, size ${line.size}: ${formatPrice(line.lineTotal, currency)}`)));
    document.getElementById('order-total').textContent = `Total ${formatPrice(order.total, currency)}`;
    document.getElementById('order-buyer').textContent = `${order.name}, ${order.address} (${order.email})`;
  } catch (error) {
    status.textContent = error instanceof ApiError && error.status === 404
      ? 'No such order here. Orders are shown to the browser that placed them.'
      : 'The order could not be loaded.';
  }
}

show();
