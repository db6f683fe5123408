// The storefront at /: the catalog as a grid, filtered, sorted and paged, kept live.

import { getJson } from './api.js';
import { API_MAX_PAGE_SIZE, CatalogModel, SIZES, paramsOf, queryFrom, readSnapshot } from './catalog.js';
import { LiveCatalog } from './live.js';
import { createCard, el, reconcile, updateCard } from './render.js';
import { showLiveStatus, showNotice } from './notices.js';

const PAGE_SIZE = 12;
const SEARCH_DELAY_MS = 250;

const form = document.getElementById('filters');
const grid = document.getElementById('grid');
const count = document.getElementById('count');
const more = document.getElementById('more');
const empty = document.getElementById('empty');
const failure = document.getElementById('failure');
const colorSelect = document.getElementById('color');

const model = new CatalogModel();
let wanted = PAGE_SIZE;
let requested = queryFrom(new URLSearchParams(location.search));
const knownColors = new Set();

function readForm() {
  const data = new FormData(form);
  return queryFrom(new URLSearchParams([...data.entries()].filter(([, value]) => value !== '')));
}

function writeForm(query) {
  form.elements.q.value = query.q;
  addColor(query.color);
  form.elements.color.value = query.color.toLowerCase();
  form.elements.size.value = query.size;
  form.elements.sort.value = query.sort;
}

function addColor(color) {
  const name = (color || '').trim().toLowerCase();
  if (!name || knownColors.has(name)) {
    return;
  }
  knownColors.add(name);
  const options = [...colorSelect.options].slice(1);
  const option = el('option', '', name);
  option.value = name;
  const before = options.find((existing) => existing.value.localeCompare(name) > 0);
  colorSelect.insertBefore(option, before ?? null);
}

/** Reads the shirts the shopper wants to see and shows them; answers the seq they reflect and its epoch. */
async function loadSnapshot() {
  const query = { ...requested };
  const snapshot = await readSnapshot(query, wanted);
  model.replace(query, snapshot.shirts, snapshot.total);
  snapshot.shirts.forEach((shirt) => addColor(shirt.color));
  failure.hidden = true;
  render();
  return { seq: snapshot.seq, epoch: snapshot.epoch };
}

function render() {
  reconcile(grid, model.shirts, (shirt) => shirt.id, createCard, (card, shirt) => {
    if (card.dataset.version !== String(shirt.version)) {
      updateCard(card, shirt);
    }
  });
  const shown = model.shirts.length;
  count.textContent = model.hasMore
    ? `Showing ${shown} of ${model.total} shirts`
    : `${shown} ${shown === 1 ? 'shirt' : 'shirts'}`;
  more.hidden = !model.hasMore;
  empty.hidden = shown > 0;
}

function applyChange(change, catchingUp) {
  const { type, shirt } = change;
  addColor(shirt.color);
  const effect = model.apply(change);
  if (effect !== 'none') {
    render();
  }
  if (type === 'shirt.created') {
    const visible = effect === 'added';
    showNotice(`New: ${shirt.name}, ${shirt.color}`, visible ? '' : 'not shown with the current filters');
    if (visible && !catchingUp) {
      highlight(shirt.id, 'is-new');
    }
  } else if (effect === 'updated' && !catchingUp) {
    highlight(shirt.id, 'is-updated');
  }
}

function highlight(id, className) {
  const card = grid.querySelector(`[data-id="${CSS.escape(String(id))}"]`);
  if (card) {
    card.classList.remove('is-new', 'is-updated');
    // Reading offsetWidth restarts the animation when the same card changes twice in a row.
    void card.offsetWidth;
    card.classList.add(className);
  }
}

const live = new LiveCatalog({ apply: applyChange, loadSnapshot, onStatus: showLiveStatus });

async function reload() {
  try {
    await live.resync();
  } catch (error) {
    console.error('Could not load the catalog', error);
    failure.hidden = false;
  }
}

function queryChanged() {
  const query = readForm();
  if (JSON.stringify(query) === JSON.stringify(requested)) {
    return;
  }
  requested = query;
  wanted = PAGE_SIZE;
  const params = paramsOf(query).toString();
  history.replaceState(null, '', params ? `?${params}` : location.pathname);
  reload();
}

let searchTimer;
form.addEventListener('input', (event) => {
  clearTimeout(searchTimer);
  if (event.target.name === 'q') {
    searchTimer = setTimeout(queryChanged, SEARCH_DELAY_MS);
  } else {
    queryChanged();
  }
});
// Not every way of choosing an option fires input; all fire change. Asking twice is harmless.
form.addEventListener('change', () => {
  clearTimeout(searchTimer);
  queryChanged();
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(searchTimer);
  queryChanged();
});
form.addEventListener('reset', () => {
  // The form has reset its fields once this runs.
  setTimeout(queryChanged);
});
document.getElementById('clear').addEventListener('click', () => form.reset());
document.getElementById('retry').addEventListener('click', reload);

more.addEventListener('click', async () => {
  const before = model.shirts.length;
  wanted = Math.max(wanted, before) + PAGE_SIZE;
  more.disabled = true;
  await reload();
  more.disabled = false;
  const added = model.shirts.length - before;
  if (added > 0) {
    showNotice(`${added} more ${added === 1 ? 'shirt' : 'shirts'} shown`);
  }
});

/** Fills the color filter from the whole catalog (up to a few pages), without waiting for it. */
async function loadColors() {
  try {
    for (let page = 0; page < 5; page++) {
      const answer = await getJson(`/shirts?size=${API_MAX_PAGE_SIZE}&page=${page}&sort=name,asc`);
      answer.shirts.forEach((shirt) => addColor(shirt.color));
      if (page + 1 >= answer.page.totalPages) {
        break;
      }
    }
  } catch (error) {
    console.warn('Could not read the colors of the catalog', error);
  }
}

for (const size of SIZES) {
  const option = el('option', '', size);
  option.value = size;
  form.elements.size.append(option);
}
writeForm(requested);
loadColors();
live.start().catch((error) => {
  console.error('Could not load the catalog', error);
  failure.hidden = false;
});
