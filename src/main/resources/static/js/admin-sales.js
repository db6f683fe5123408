// The admin's part of selling: stock per size (with If-Match, as the shirt form does), and the
// orders with the status moves each allows. Text only through textContent.

import { ApiError, getJson, request } from './api.js';
import { OwnChannels } from './own.js';
import { el, formatPrice } from './render.js';

const MOVES = { PLACED: [['PAID', 'Mark paid'], ['CANCELLED', 'Cancel']], PAID: [['SHIPPED', 'Mark shipped'], ['CANCELLED', 'Cancel']] };

const shirtSelect = document.getElementById('stock-shirt');
const stockSizes = document.getElementById('stock-sizes');
const stockForm = document.getElementById('stock-form');
const stockMessage = document.getElementById('stock-message');
const statusFilter = document.getElementById('orders-status');
const orderRows = document.getElementById('order-rows');
const ordersCount = document.getElementById('orders-count');
const ordersMessage = document.getElementById('orders-message');

let stockEtag = null;

function problemText(error) {
  return error instanceof ApiError ? [error.problem.title, error.problem.detail].filter(Boolean).join(': ') : 'The shop could not be reached.';
}

async function loadShirts() {
  const answer = await getJson('/shirts?size=100&sort=name,asc');
  shirtSelect.replaceChildren(...answer.shirts.map((shirt) => {
    const option = el('option', '', `${shirt.name} (${shirt.color})`);
    option.value = String(shirt.id);
    return option;
  }));
  if (answer.shirts.length) {
    await loadStock();
  }
}

async function loadStock() {
  const response = await request('GET', `/shirts/${encodeURIComponent(shirtSelect.value)}/stock`);
  stockEtag = response.headers.get('ETag');
  const stock = await response.json();
  stockSizes.replaceChildren(...Object.entries(stock).map(([size, level]) => {
    const field = el('div', 'field');
    const input = document.createElement('input');
    input.type = 'number';
    input.min = '0';
    input.max = '1000000';
    input.name = size;
    input.id = `stock-${size}`;
    input.value = String(level.stock);
    const label = el('label', '', `${size}`);
    label.htmlFor = input.id;
    const hint = el('p', 'field-hint', `${level.held} held, ${level.available} available`);
    hint.id = `stock-${size}-hint`;
    input.setAttribute('aria-describedby', hint.id);
    field.append(label, input, hint);
    return field;
  }));
}

stockForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const counts = {};
  for (const input of stockSizes.querySelectorAll('input')) {
    counts[input.name] = Number(input.value);
  }
  try {
    await request('PUT', `/shirts/${encodeURIComponent(shirtSelect.value)}/stock`,
      { body: counts, headers: stockEtag ? { 'If-Match': stockEtag } : {} });
    stockMessage.textContent = 'Stock saved.';
  } catch (error) {
    stockMessage.textContent = problemText(error);
  }
  await loadStock();
});
shirtSelect.addEventListener('change', () => {
  stockMessage.textContent = '';
  loadStock();
});

async function loadOrders() {
  const status = statusFilter.value;
  const answer = await getJson(`/orders?size=50${status ? `&status=${encodeURIComponent(status)}` : ''}`);
  ordersCount.textContent = `${answer.page.totalElements} ${answer.page.totalElements === 1 ? 'order' : 'orders'}`;
  orderRows.replaceChildren(...answer.orders.map((order) => {
    const row = el('tr');
    const placed = el('td');
    const link = el('a', '', new Date(order.placedAt).toLocaleString());
    link.href = `/orders/${encodeURIComponent(order.id)}`;
    placed.append(link);
    const actions = el('td');
    for (const [target, label] of MOVES[order.status] || []) {
      const button = el('button', 'button button--secondary button--small', label);
      button.type = 'button';
      button.setAttribute('aria-label', `${label}: order of ${order.name}, ${new Date(order.placedAt).toLocaleString()}`);
      button.addEventListener('click', () => move(order.id, target));
      actions.append(button);
    }
    row.append(placed, el('td', '', `${order.name} <${order.email}>`), el('td', '', formatPrice(order.total, 'EUR')),
      el('td', '', order.status), actions);
    return row;
  }));
}

async function move(id, status) {
  try {
    // The order's ETag first, so the move applies to the order as shown, not one changed since.
    const current = await request('GET', `/orders/${encodeURIComponent(id)}`);
    await request('PATCH', `/orders/${encodeURIComponent(id)}`, {
      body: { status }, contentType: 'application/merge-patch+json', headers: { 'If-Match': current.headers.get('ETag') },
    });
    ordersMessage.textContent = `Order marked ${status}.`;
  } catch (error) {
    ordersMessage.textContent = problemText(error);
  }
  await loadOrders();
}

statusFilter.addEventListener('change', loadOrders);

// Every order placed and every status change, through any shop, live on /topic/orders (the
// admin's): the list is read again, once for a burst of messages.
let reading = null;
function ordersChanged() {
  if (reading) {
    return;
  }
  reading = setTimeout(() => {
    reading = null;
    loadOrders().catch((error) => { ordersMessage.textContent = problemText(error); });
  }, 100);
}
new OwnChannels([{ destination: '/topic/orders', onMessage: ordersChanged }], { onLive: ordersChanged }).start();
loadShirts().catch((error) => { stockMessage.textContent = problemText(error); });
loadOrders().catch((error) => { ordersMessage.textContent = problemText(error); });
