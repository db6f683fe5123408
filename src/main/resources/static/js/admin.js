// The admin page at /admin: add, edit and delete shirts through the REST API, with the session of
// the login form (and its CSRF token), and a live list of the catalog.

import { ApiError, request } from './api.js';
import { CatalogModel, DEFAULT_QUERY, SIZES, readSnapshot } from './catalog.js';
import { LiveCatalog } from './live.js';
import { showLiveStatus, showNotice } from './notices.js';
import { el, formatPrice, paint, reconcile } from './render.js';

const PAGE_SIZE = 50;
const FIELDS = ['name', 'color', 'sizes', 'price', 'description'];

const form = document.getElementById('shirt-form');
const formTitle = document.getElementById('form-title');
const formMessage = document.getElementById('form-message');
const saveButton = document.getElementById('save');
const cancelButton = document.getElementById('cancel-edit');
const rows = document.getElementById('rows');
const listMessage = document.getElementById('list-message');
const adminCount = document.getElementById('admin-count');
const more = document.getElementById('more');
const confirmDialog = document.getElementById('confirm-delete');
const colorPreview = document.getElementById('color-preview');

const model = new CatalogModel();
let wanted = PAGE_SIZE;
/** The shirt being edited: {id, etag, version, name}, or null when the form adds a new shirt. */
let editing = null;
let saving = false;
/** The Idempotency-Key of the create being attempted, and the body it was first sent with. */
let attempt = { key: null, body: null };

// ----- Messages -----

function say(target, kind, text, action) {
  target.replaceChildren();
  target.dataset.kind = kind;
  if (!text) {
    return;
  }
  target.append(el('span', '', text));
  if (action) {
    const button = el('button', 'button button--secondary button--small', action.label);
    button.type = 'button';
    button.addEventListener('click', action.run);
    target.append(document.createElement('br'), button);
  }
}

function fieldElement(field) {
  return document.getElementById(`shirt-${field}`);
}

function clearErrors() {
  for (const field of FIELDS) {
    fieldElement(field).removeAttribute('aria-invalid');
    document.getElementById(`shirt-${field}-error`).textContent = '';
  }
}

/** Puts each of the problem's field errors next to its field; answers whether any had a field. */
function showFieldErrors(errors) {
  const general = [];
  for (const { field, detail } of errors) {
    // "sizes[]" or "sizes[0]" belong to the sizes; "" to the shirt as a whole.
    const name = String(field || '').split(/[.[]/)[0];
    if (!FIELDS.includes(name)) {
      general.push(detail);
      continue;
    }
    const message = document.getElementById(`shirt-${name}-error`);
    message.textContent = message.textContent ? `${message.textContent}; ${detail}` : detail;
    fieldElement(name).setAttribute('aria-invalid', 'true');
  }
  // Focus goes to the first field in the form's order, where the eye starts reading.
  const first = FIELDS.find((name) => fieldElement(name).getAttribute('aria-invalid') === 'true') ?? null;
  if (first) {
    const target = first === 'sizes' ? form.querySelector('input[name="sizes"]') : fieldElement(first);
    target.focus();
  }
  return { any: first !== null, general };
}

function handleFailure(error, target, action) {
  if (error instanceof ApiError) {
    if (error.status === 401) {
      say(target, 'error', 'Your session has ended. Sign in again to make changes.',
        { label: 'Sign in', run: () => location.assign('/login') });
      return;
    }
    if (error.status === 403) {
      say(target, 'error', 'The shop refused the change (the page may be outdated). Reload the page and try again.');
      return;
    }
    say(target, 'error', error.message, action);
    return;
  }
  console.error(error);
  say(target, 'error', 'The shop could not be reached. Check the connection and try again.');
}

// ----- The form -----

function buildSizeOptions() {
  const container = document.getElementById('size-options');
  for (const size of SIZES) {
    const label = el('label', 'size-option');
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.name = 'sizes';
    input.value = size;
    label.append(input, el('span', '', size));
    container.append(label);
  }
}

function priceValue(text) {
  const trimmed = text.trim();
  if (trimmed === '') {
    return null;
  }
  // A decimal comma is as good as a point; anything else goes to the API as typed, which says why not.
  const normalized = trimmed.replace(',', '.');
  return /^\d+(\.\d+)?$/.test(normalized) ? Number(normalized) : trimmed;
}

function readShirt() {
  return {
    name: form.elements.name.value,
    color: form.elements.color.value,
    sizes: [...form.querySelectorAll('input[name="sizes"]:checked')].map((input) => input.value),
    price: priceValue(form.elements.price.value),
    description: form.elements.description.value.trim() === '' ? null : form.elements.description.value,
  };
}

function fillForm(shirt) {
  form.elements.name.value = shirt.name;
  form.elements.color.value = shirt.color;
  for (const input of form.querySelectorAll('input[name="sizes"]')) {
    input.checked = shirt.sizes.includes(input.value);
  }
  form.elements.price.value = Number(shirt.price).toFixed(2);
  form.elements.description.value = shirt.description || '';
  paint(colorPreview, shirt.color);
}

function addMode() {
  editing = null;
  form.reset();
  paint(colorPreview, '');
  formTitle.textContent = 'Add a shirt';
  saveButton.textContent = 'Add shirt';
  cancelButton.hidden = true;
  clearErrors();
  markEditingRow();
}

async function editMode(id) {
  clearErrors();
  say(formMessage, '', '');
  let response;
  try {
    response = await request('GET', `/shirts/${encodeURIComponent(id)}`);
  } catch (error) {
    handleFailure(error, listMessage);
    return;
  }
  const shirt = await response.json();
  editing = { id: shirt.id, etag: response.headers.get('ETag') ?? `"${shirt.version}"`, version: shirt.version, name: shirt.name };
  fillForm(shirt);
  formTitle.textContent = 'Edit shirt';
  saveButton.textContent = 'Save changes';
  cancelButton.hidden = false;
  markEditingRow();
  form.scrollIntoView({ block: 'start', behavior: 'smooth' });
  form.elements.name.focus({ preventScroll: true });
}

function markEditingRow() {
  for (const row of rows.children) {
    row.classList.toggle('is-editing', editing !== null && row.dataset.id === String(editing.id));
  }
}

function idempotencyKey(body) {
  if (attempt.body !== body) {
    attempt = { key: randomKey(), body };
  }
  return attempt.key;
}

function randomKey() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  // randomUUID needs a secure context; getRandomValues does not (plain http on a LAN address).
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function save(event) {
  event.preventDefault();
  if (saving) {
    return;
  }
  clearErrors();
  say(formMessage, '', '');
  const shirt = readShirt();
  const body = JSON.stringify(shirt);
  saving = true;
  saveButton.disabled = true;
  try {
    if (editing) {
      const response = await request('PUT', `/shirts/${encodeURIComponent(editing.id)}`, {
        body, headers: { 'If-Match': editing.etag },
      });
      const saved = await response.json();
      addMode();
      say(formMessage, 'success', `Saved ${saved.name}.`);
    } else {
      const response = await request('POST', '/shirts', { body, headers: { 'Idempotency-Key': idempotencyKey(body) } });
      const created = await response.json();
      attempt = { key: null, body: null };
      addMode();
      say(formMessage, 'success', `Added ${created.name}.`);
      form.elements.name.focus();
    }
  } catch (error) {
    saveFailed(error);
  } finally {
    saving = false;
    saveButton.disabled = false;
  }
}

function saveFailed(error) {
  if (error instanceof ApiError && error.status === 400) {
    const { any, general } = showFieldErrors(error.fieldErrors);
    const text = general.length > 0 ? general.join(' ') : any ? 'Please correct the marked fields.' : error.message;
    say(formMessage, 'error', text);
  } else if (error instanceof ApiError && error.status === 412 && editing) {
    const id = editing.id;
    say(formMessage, 'error',
      'Someone else changed this shirt after you opened it, so your changes were not saved. '
      + 'Load the current version, then make your changes again.',
      { label: 'Load current version', run: () => editMode(id) });
  } else if (error instanceof ApiError && error.status === 404 && editing) {
    say(formMessage, 'error', 'This shirt was deleted meanwhile, so there is nothing to save.');
  } else {
    handleFailure(error, formMessage);
  }
}

// ----- The list -----

function createRow(shirt) {
  const row = el('tr');
  row.dataset.id = String(shirt.id);
  const name = el('td', 'name');
  const color = el('td');
  const colorCell = el('span', 'color-cell');
  const swatch = el('span', 'swatch');
  swatch.setAttribute('aria-hidden', 'true');
  colorCell.append(swatch, el('span', 'color-name'));
  color.append(colorCell);
  const sizes = el('td', 'sizes-cell hide-narrow');
  const price = el('td', 'price');
  const actions = el('td');
  const buttons = el('div', 'actions');
  const edit = el('button', 'button button--secondary button--small edit', 'Edit');
  edit.type = 'button';
  edit.addEventListener('click', () => editMode(Number(row.dataset.id)));
  const remove = el('button', 'button button--secondary button--small delete', 'Delete');
  remove.type = 'button';
  remove.addEventListener('click', () => confirmDelete(Number(row.dataset.id)));
  buttons.append(edit, remove);
  actions.append(buttons);
  row.append(name, color, sizes, price, actions);
  updateRow(row, shirt);
  return row;
}

function updateRow(row, shirt) {
  if (row.dataset.version === String(shirt.version)) {
    return;
  }
  row.dataset.version = String(shirt.version);
  row.querySelector('.name').textContent = shirt.name;
  paint(row.querySelector('.swatch'), shirt.color);
  row.querySelector('.color-name').textContent = shirt.color;
  row.querySelector('.sizes-cell').textContent = shirt.sizes.join(' · ');
  row.querySelector('.price').textContent = formatPrice(shirt.price, shirt.currency);
  row.querySelector('.edit').setAttribute('aria-label', `Edit ${shirt.name}`);
  row.querySelector('.delete').setAttribute('aria-label', `Delete ${shirt.name}`);
}

function render() {
  reconcile(rows, model.shirts, (shirt) => shirt.id, createRow, updateRow);
  markEditingRow();
  const shown = model.shirts.length;
  adminCount.textContent = model.hasMore
    ? `${shown} of ${model.total} shirts, newest first`
    : `${shown} ${shown === 1 ? 'shirt' : 'shirts'}, newest first`;
  more.hidden = !model.hasMore;
  const currency = model.shirts[0]?.currency;
  if (currency) {
    document.getElementById('currency').textContent = currency;
  }
  const colors = new Set(model.shirts.map((shirt) => shirt.color.toLowerCase()));
  const list = document.getElementById('color-names');
  list.replaceChildren(...[...colors].sort().map((color) => {
    const option = document.createElement('option');
    option.value = color;
    return option;
  }));
}

async function loadSnapshot() {
  const snapshot = await readSnapshot(DEFAULT_QUERY, wanted);
  model.replace(DEFAULT_QUERY, snapshot.shirts, snapshot.total);
  render();
  return { seq: snapshot.seq, epoch: snapshot.epoch };
}

function applyChange(change) {
  const effect = model.apply(change);
  if (effect !== 'none') {
    render();
  }
  if (effect === 'updated') {
    const row = rows.querySelector(`[data-id="${CSS.escape(String(change.shirt.id))}"]`);
    row?.classList.remove('is-updated');
    void row?.offsetWidth;
    row?.classList.add('is-updated');
  }
  if (editing && change.shirt.id === editing.id && !saving) {
    if (change.type === 'shirt.deleted') {
      say(formMessage, 'warning', 'This shirt was just deleted elsewhere.');
    } else if (change.shirt.version > editing.version) {
      const id = editing.id;
      say(formMessage, 'warning', 'This shirt was just changed elsewhere. Saving now would fail; load the current version first.',
        { label: 'Load current version', run: () => editMode(id) });
    }
  }
}

async function confirmDelete(id) {
  const shirt = model.shirts.find((candidate) => candidate.id === id);
  if (!shirt) {
    return;
  }
  document.getElementById('confirm-text').textContent = `“${shirt.name}” (${shirt.color}) disappears from the storefront at once.`;
  confirmDialog.returnValue = '';
  confirmDialog.showModal();
  const answer = await new Promise((resolve) => {
    confirmDialog.addEventListener('close', () => resolve(confirmDialog.returnValue), { once: true });
  });
  if (answer !== 'delete') {
    return;
  }
  say(listMessage, '', '');
  try {
    await request('DELETE', `/shirts/${encodeURIComponent(id)}`, { headers: { 'If-Match': `"${shirt.version}"` } });
    showNotice(`Deleted ${shirt.name}`);
    if (editing && editing.id === id) {
      addMode();
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 412) {
      say(listMessage, 'error', `${shirt.name} was changed by someone else just now; it was not deleted. Look at it again first.`);
    } else if (error instanceof ApiError && error.status === 404) {
      say(listMessage, 'warning', `${shirt.name} was already deleted.`);
    } else {
      handleFailure(error, listMessage);
    }
  }
}

// ----- Wiring -----

buildSizeOptions();
form.addEventListener('submit', save);
cancelButton.addEventListener('click', () => {
  addMode();
  say(formMessage, '', '');
});
form.elements.color.addEventListener('input', () => paint(colorPreview, form.elements.color.value.trim()));
form.addEventListener('input', (event) => {
  // An edited field's old error no longer applies.
  const name = event.target.name;
  if (FIELDS.includes(name)) {
    fieldElement(name).removeAttribute('aria-invalid');
    document.getElementById(`shirt-${name}-error`).textContent = '';
  }
});
more.addEventListener('click', async () => {
  wanted += PAGE_SIZE;
  await live.resync().catch((error) => handleFailure(error, listMessage));
});
document.getElementById('logout').addEventListener('click', async () => {
  try {
    await request('POST', '/logout');
  } catch (error) {
    console.warn('Logout failed', error);
  }
  location.assign('/');
});

const live = new LiveCatalog({ apply: applyChange, loadSnapshot, onStatus: showLiveStatus });
live.start().catch((error) => handleFailure(error, listMessage));
