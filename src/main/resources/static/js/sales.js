// Buying on the storefront: sizes with what is available on every card (live), add to cart, the
// cart panel with its hold time, and the checkout form. Cards are built by storefront.js; this
// module adds a purchase part to each card it finds in the grid, and keeps it up to date.
// Every value from the API is set as text, never as HTML.

import { ApiError, request } from './api.js';
import { LiveAvailability } from './availability.js';
import { OwnChannels } from './own.js';
import { el, formatPrice } from './render.js';

const LOW_STOCK = 5;

const grid = document.getElementById('grid');
const cartPanel = document.getElementById('cart');
const cartItems = document.getElementById('cart-items');
const cartTotal = document.getElementById('cart-total');
const cartHold = document.getElementById('cart-hold');
const cartEmpty = document.getElementById('cart-empty');
const cartCount = document.getElementById('cart-count');
const checkout = document.getElementById('checkout');
const checkoutMessage = document.getElementById('checkout-message');

const availability = new LiveAvailability();
let cart = { items: [], total: 0, currency: 'EUR', holdExpiresAt: null };
// One key per order the shopper means to place: a retry of the same submit places it once.
let idempotencyKey = crypto.randomUUID();

function sizesOf(card) {
  return [...card.querySelectorAll('.sizes .size')].map((item) => item.textContent);
}

/** Adds the purchase part to a card, or rebuilds it when the shirt's sizes changed. */
function decorate(card) {
  const id = card.dataset.id;
  const sizes = sizesOf(card);
  let buy = card.querySelector('.buy');
  if (buy && buy.dataset.sizes === sizes.join(',')) {
    return;
  }
  const chosen = buy?.querySelector('input:checked')?.value;
  const name = card.querySelector('.card__name')?.textContent || `shirt ${id}`;
  const fresh = el('fieldset', 'buy');
  fresh.dataset.sizes = sizes.join(',');
  fresh.append(el('legend', 'buy__legend', 'Choose a size'));
  const options = el('div', 'buy__sizes');
  for (const size of sizes) {
    const label = el('label', 'buy__size');
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = `size-${id}`;
    input.value = size;
    input.checked = size === chosen;
    const note = el('span', 'buy__left');
    note.id = `left-${id}-${size}`;
    input.setAttribute('aria-describedby', note.id);
    label.append(input, el('span', 'buy__size-name', size), note);
    options.append(label);
  }
  const add = el('button', 'button buy__add', 'Add to cart');
  add.type = 'button';
  add.setAttribute('aria-label', `Add ${name} to cart`);
  const message = el('p', 'buy__message');
  message.setAttribute('role', 'status');
  fresh.append(options, add, message);
  add.addEventListener('click', () => addToCart(card, fresh));
  if (buy) {
    buy.replaceWith(fresh);
  } else {
    card.classList.add('has-buy');
    card.querySelector('.card__body').append(fresh);
  }
  showAvailability(card);
}

/** Sold out sizes cannot be chosen; five or fewer say how many are left. */
function showAvailability(card) {
  const id = card.dataset.id;
  for (const label of card.querySelectorAll('.buy__size')) {
    const input = label.querySelector('input');
    const note = label.querySelector('.buy__left');
    const units = availability.units(id, input.value);
    const soldOut = units === 0;
    input.disabled = soldOut;
    label.classList.toggle('is-sold-out', soldOut);
    label.dataset.units = units === undefined ? '' : String(units);
    note.textContent = units === undefined ? '' : soldOut ? 'Sold out' : units <= LOW_STOCK ? `Only ${units} left` : '';
  }
}

async function addToCart(card, buy) {
  const message = buy.querySelector('.buy__message');
  const chosen = buy.querySelector('input:checked');
  if (!chosen) {
    message.textContent = 'Choose a size first.';
    return;
  }
  const id = Number(card.dataset.id);
  const inCart = cart.items.find((item) => item.shirtId === id && item.size === chosen.value)?.quantity ?? 0;
  message.textContent = '';
  try {
    await setLine(id, chosen.value, inCart + 1);
    message.textContent = `Added to cart: size ${chosen.value}.`;
  } catch (error) {
    message.textContent = reason(error);
  }
}

/** What went wrong, in the shop's own words (the problem's title and detail). */
function reason(error) {
  if (error instanceof ApiError) {
    const { title, detail } = error.problem;
    return [title, detail].filter(Boolean).join(': ');
  }
  return 'The shop could not be reached. Try again.';
}

async function setLine(shirtId, size, quantity) {
  const response = await request('PUT', `/cart/items/${encodeURIComponent(shirtId)}/${encodeURIComponent(size)}`,
    { body: { quantity } });
  showCart(await response.json());
  cartChanged();
}

// Every tab of this shopper, on any shop, shows the same cart: the shop sends the cart after each
// change on /user/queue/cart. That needs a session with a cart, so the channel starts once the
// cart has something in it, and connects again after the change that gave this browser its cart.
// Other tabs of this browser that opened before it had a cart learn of it through localStorage
// (its 'storage' event fires in every other tab of this origin), and connect then; the cart
// itself always comes from the channel.
const ownCart = new OwnChannels([{ destination: '/user/queue/cart', onMessage: (message) => showCart(message.cart) }]);
const CART_SIGNAL = 'shop.cart.changed';

function cartChanged() {
  if (!ownCart.live) {
    ownCart.restart();
  }
  try {
    localStorage.setItem(CART_SIGNAL, String(Date.now()));
  } catch {
    // Storage off (private mode): other tabs connect when they next load.
  }
}

window.addEventListener('storage', (event) => {
  if (event.key === CART_SIGNAL && !ownCart.live) {
    ownCart.restart();
  }
});

async function loadCart() {
  try {
    showCart(await (await request('GET', '/cart')).json());
    if (cart.items.length) {
      ownCart.start();
    }
  } catch (error) {
    console.warn('Could not read the cart', error);
  }
}

function showCart(answer) {
  cart = answer;
  const units = cart.items.reduce((sum, item) => sum + item.quantity, 0);
  cartCount.textContent = units === 0 ? 'empty' : `${units} ${units === 1 ? 'item' : 'items'}`;
  cartEmpty.hidden = cart.items.length > 0;
  checkout.hidden = cart.items.length === 0;
  cartItems.replaceChildren(...cart.items.map(cartLine));
  cartTotal.textContent = cart.items.length ? `Total ${formatPrice(cart.total, cart.currency)}` : '';
  showHold();
}

function cartLine(item) {
  const line = el('li', 'cart__line');
  const what = `${item.name}, ${item.color}, size ${item.size}`;
  line.append(el('span', 'cart__what', what));
  const quantity = document.createElement('input');
  quantity.type = 'number';
  quantity.min = '0';
  quantity.max = '10';
  quantity.value = String(item.quantity);
  quantity.className = 'cart__quantity';
  quantity.setAttribute('aria-label', `Quantity of ${what}`);
  const problem = el('span', 'cart__problem');
  problem.setAttribute('role', 'status');
  quantity.addEventListener('change', async () => {
    try {
      await setLine(item.shirtId, item.size, Number(quantity.value));
    } catch (error) {
      problem.textContent = reason(error);
      quantity.value = String(item.quantity);
    }
  });
  const remove = el('button', 'button button--secondary button--small', 'Remove');
  remove.type = 'button';
  remove.setAttribute('aria-label', `Remove ${what}`);
  remove.addEventListener('click', async () => {
    const response = await request('DELETE', `/cart/items/${encodeURIComponent(item.shirtId)}/${encodeURIComponent(item.size)}`);
    showCart(await response.json());
    cartChanged();
  });
  line.append(quantity, el('span', 'cart__price', formatPrice(item.lineTotal, cart.currency)), remove, problem);
  if (!item.held) {
    line.append(el('span', 'cart__unheld', 'No longer held: checking out holds it again if it is still there.'));
  }
  return line;
}

function showHold() {
  if (!cart.holdExpiresAt) {
    cartHold.textContent = '';
    return;
  }
  const left = Math.max(0, Math.floor((Date.parse(cart.holdExpiresAt) - Date.now()) / 1000));
  const minutes = Math.floor(left / 60);
  const seconds = String(left % 60).padStart(2, '0');
  cartHold.textContent = left > 0 ? `Held for you for ${minutes}:${seconds}` : 'Your hold has expired.';
}

checkout.addEventListener('submit', async (event) => {
  event.preventDefault();
  checkoutMessage.textContent = '';
  for (const error of checkout.querySelectorAll('.field-error')) {
    error.textContent = '';
  }
  const data = Object.fromEntries(new FormData(checkout).entries());
  const submit = checkout.querySelector('button[type=submit]');
  submit.disabled = true;
  try {
    const response = await request('POST', '/orders', { body: data, headers: { 'Idempotency-Key': idempotencyKey } });
    const order = await response.json();
    idempotencyKey = crypto.randomUUID();
    cartChanged();
    location.assign(`/orders/${encodeURIComponent(order.id)}`);
  } catch (error) {
    if (error instanceof ApiError && error.fieldErrors.length) {
      for (const fieldError of error.fieldErrors) {
        const target = document.getElementById(`checkout-${fieldError.field}-error`);
        if (target) {
          target.textContent = fieldError.detail;
        }
      }
    }
    checkoutMessage.textContent = reason(error);
    if (!(error instanceof ApiError) || error.status >= 500) {
      // Unknown whether it was placed: the same key makes the retry safe.
      return;
    }
    idempotencyKey = crypto.randomUUID();
    loadCart();
  } finally {
    submit.disabled = false;
  }
});

availability.onChange((ids) => {
  for (const card of grid.querySelectorAll('.card.has-buy')) {
    if (ids === null || ids.includes(card.dataset.id)) {
      showAvailability(card);
    }
  }
});

new MutationObserver(() => grid.querySelectorAll('.card').forEach(decorate))
  .observe(grid, { childList: true, subtree: true, characterData: true });
grid.querySelectorAll('.card').forEach(decorate);
setInterval(showHold, 1000);
cartPanel.hidden = false;
availability.start();
loadCart();
