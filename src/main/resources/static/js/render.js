// Building the DOM for shirts. Every value from the API is set with textContent or as a DOM
// property, never parsed as HTML: a shirt named "<img src=x onerror=...>" shows those characters.

const priceFormats = new Map();

/** "€19.99" in the shopper's language, for the shop's ISO 4217 currency. */
export function formatPrice(price, currency) {
  const key = currency || 'EUR';
  if (!priceFormats.has(key)) {
    try {
      priceFormats.set(key, new Intl.NumberFormat(undefined, { style: 'currency', currency: key }));
    } catch {
      priceFormats.set(key, { format: (value) => `${Number(value).toFixed(2)} ${key}` });
    }
  }
  return priceFormats.get(key).format(price);
}

// How common shirt colors look as dyed cotton; CSS's own "red" or "green" are far too loud.
const FABRIC_COLORS = {
  white: '#fbfbf8', 'off white': '#f1ede3', ivory: '#f4efe1', cream: '#efe6cf', beige: '#ddcfb4',
  sand: '#d6c3a0', khaki: '#b8a77f', tan: '#c19a6b', brown: '#6f4e37', chocolate: '#5a3b2a',
  black: '#1f1f1f', charcoal: '#3b3f45', grey: '#8d9096', gray: '#8d9096', 'heather grey': '#a9abaf',
  'light grey': '#c9cbce', silver: '#c4c6c9', navy: '#1f2b4a', blue: '#2f5fb3', 'royal blue': '#2d4fc4',
  'sky blue': '#8cbfe6', 'light blue': '#a9cbe8', teal: '#1f7a7a', turquoise: '#3fb8b0', mint: '#a8dcc3',
  green: '#2f7d4f', 'forest green': '#27493a', olive: '#6b6b3a', sage: '#9caf88', lime: '#a4c639',
  yellow: '#f2c94c', mustard: '#d4a72c', gold: '#d9a84e', orange: '#e67e33', coral: '#f08068',
  red: '#c0392b', burgundy: '#7a2231', maroon: '#6d2330', wine: '#6e2a3a', pink: '#f2a7bd',
  'hot pink': '#e0508a', rose: '#d98695', purple: '#6c4a9e', lavender: '#b9a7dc', lilac: '#c8a2c8',
};

/**
 * A CSS color for a color name: the fabric tone of a common name, else the CSS color of that name,
 * or null when there is none. Names are free text ("forest green", "off-white"), so case, spaces
 * and hyphens do not matter.
 */
export function cssColor(name) {
  const key = name.trim().toLowerCase().replace(/[\s-]+/g, ' ');
  if (Object.hasOwn(FABRIC_COLORS, key)) {
    return FABRIC_COLORS[key];
  }
  const candidates = [name, name.replace(/[\s-]+/g, '')];
  for (const candidate of candidates) {
    if (candidate && CSS.supports('color', candidate)) {
      return candidate;
    }
  }
  return null;
}

/** Paints a swatch element in the shirt's color (through the CSSOM: the CSP forbids style attributes). */
export function paint(element, colorName) {
  if (!colorName) {
    element.classList.remove('is-unknown-color');
    element.style.backgroundColor = '';
    return;
  }
  const color = cssColor(colorName);
  element.classList.toggle('is-unknown-color', color === null);
  element.style.backgroundColor = color ?? '';
}

/** A new element with classes and, optionally, its text. */
export function el(tag, className, text) {
  const element = document.createElement(tag);
  if (className) {
    element.className = className;
  }
  if (text !== undefined) {
    element.textContent = text;
  }
  return element;
}

/** The card of a shirt in the storefront grid: an <li> holding an <article>. */
export function createCard(shirt) {
  const item = el('li', 'card');
  item.dataset.id = String(shirt.id);
  const article = el('article', 'card__inner');
  const nameId = `shirt-${shirt.id}-name`;
  article.setAttribute('aria-labelledby', nameId);

  const stage = el('div', 'card__stage');
  const outline = el('div', 'tee-outline');
  const tee = el('div', 'tee');
  tee.setAttribute('role', 'img');
  outline.append(tee);
  stage.append(outline);

  const body = el('div', 'card__body');
  const name = el('h2', 'card__name');
  name.id = nameId;
  const color = el('p', 'card__color');
  const swatch = el('span', 'swatch');
  swatch.setAttribute('aria-hidden', 'true');
  color.append(swatch, el('span', 'card__color-name'));
  const description = el('p', 'card__description');
  const sizes = el('ul', 'sizes');
  sizes.setAttribute('aria-label', 'Sizes');
  const price = el('p', 'card__price');
  body.append(name, color, description, sizes, price);

  article.append(stage, body);
  item.append(article);
  updateCard(item, shirt);
  return item;
}

/** Brings a card up to date with a (possibly changed) shirt. */
export function updateCard(item, shirt) {
  item.dataset.version = String(shirt.version);
  const tee = item.querySelector('.tee');
  paint(tee, shirt.color);
  tee.setAttribute('aria-label', `${shirt.color} t-shirt`);
  paint(item.querySelector('.swatch'), shirt.color);
  item.querySelector('.card__name').textContent = shirt.name;
  item.querySelector('.card__color-name').textContent = shirt.color;
  const description = item.querySelector('.card__description');
  description.textContent = shirt.description || '';
  description.hidden = !shirt.description;
  const sizes = item.querySelector('.sizes');
  sizes.replaceChildren(...shirt.sizes.map((size) => el('li', 'size', size)));
  item.querySelector('.card__price').textContent = formatPrice(shirt.price, shirt.currency);
}

/**
 * Makes `list` hold one element per item, in order, reusing the element of each key that is
 * already there, so that unchanged cards are not rebuilt and nothing flickers.
 */
export function reconcile(list, items, keyOf, create, update) {
  const existing = new Map();
  for (const child of list.children) {
    existing.set(child.dataset.id, child);
  }
  let cursor = list.firstElementChild;
  for (const item of items) {
    const key = String(keyOf(item));
    let element = existing.get(key);
    if (element) {
      existing.delete(key);
      update(element, item);
    } else {
      element = create(item);
    }
    if (element === cursor) {
      cursor = cursor.nextElementSibling;
    } else {
      list.insertBefore(element, cursor);
    }
  }
  for (const stale of existing.values()) {
    stale.remove();
  }
}
