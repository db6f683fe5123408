// The page's copy of the catalog as the shopper filtered and sorted it: the shirts shown, in order,
// kept the same as the first shirts of GET /shirts with the same filters would be.

import { getJson } from './api.js';

/** The largest page GET /shirts answers. */
export const API_MAX_PAGE_SIZE = 100;

export const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];

/** The sorts offered, each with the API's sort parameter and the same order in JavaScript. */
export const SORTS = {
  newest: { label: 'Newest', param: 'createdAt,desc', compare: (a, b) => compareInstants(b.createdAt, a.createdAt) || a.id - b.id },
  'price-asc': { label: 'Price: low to high', param: 'price,asc', compare: (a, b) => a.price - b.price || a.id - b.id },
  'price-desc': { label: 'Price: high to low', param: 'price,desc', compare: (a, b) => b.price - a.price || a.id - b.id },
};

export const DEFAULT_QUERY = Object.freeze({ q: '', color: '', size: '', sort: 'newest' });

/** The query from URL parameters, with anything unknown replaced by the default. */
export function queryFrom(params) {
  const q = (params.get('q') || '').slice(0, 100);
  const color = (params.get('color') || '').slice(0, 30);
  const size = SIZES.includes(params.get('size')) ? params.get('size') : '';
  const sort = Object.hasOwn(SORTS, params.get('sort')) ? params.get('sort') : DEFAULT_QUERY.sort;
  return { q, color, size, sort };
}

/** The query as URL parameters, leaving out defaults so that addresses stay short. */
export function paramsOf(query) {
  const params = new URLSearchParams();
  for (const key of ['q', 'color', 'size']) {
    if (query[key].trim()) {
      params.set(key, query[key].trim());
    }
  }
  if (query.sort !== DEFAULT_QUERY.sort) {
    params.set('sort', query.sort);
  }
  return params;
}

/** GET /shirts for one page of a query. */
export function listUrl(query, page, size) {
  const params = new URLSearchParams();
  if (query.q.trim()) params.set('q', query.q.trim());
  if (query.color.trim()) params.set('color', query.color.trim());
  if (query.size) params.set('sizes', query.size);
  params.set('sort', SORTS[query.sort].param);
  params.set('page', String(page));
  params.set('size', String(size));
  return `/shirts?${params}`;
}

/**
 * Reads the first `wanted` shirts of a query: {shirts, total, seq, epoch}. More than 100 take several
 * pages, which are only consistent if no change came between the reads, so they are read again
 * (a few times) until they agree; otherwise the oldest seq is answered, and replaying the changes
 * after it sets right whatever the pages disagree on.
 */
export async function readSnapshot(query, wanted) {
  const size = Math.min(wanted, API_MAX_PAGE_SIZE);
  const pages = Math.ceil(wanted / size);
  for (let attempt = 1; ; attempt++) {
    const answers = [];
    for (let page = 0; page < pages; page++) {
      const answer = await getJson(listUrl(query, page, size));
      answers.push(answer);
      if (page + 1 >= answer.page.totalPages) {
        break;
      }
    }
    const seqs = answers.map((answer) => answer.seq);
    if (attempt >= 3 || seqs.every((seq) => seq === seqs[0])) {
      return {
        shirts: answers.flatMap((answer) => answer.shirts).slice(0, wanted),
        total: answers[answers.length - 1].page.totalElements,
        seq: Math.min(...seqs),
        // The change log the seq belongs to (the same for every page: it changes only with the database).
        epoch: answers[0].epoch,
      };
    }
  }
}

/** Does the shirt belong in the results of the query? The same test as the API's, in JavaScript. */
export function matches(query, shirt) {
  const color = query.color.trim().toLowerCase();
  if (color && shirt.color.toLowerCase() !== color) {
    return false;
  }
  if (query.size && !shirt.sizes.includes(query.size)) {
    return false;
  }
  const text = query.q.trim().toLowerCase();
  if (text && !shirt.name.toLowerCase().includes(text)
      && !(shirt.description || '').toLowerCase().includes(text)) {
    return false;
  }
  return true;
}

// Instants come as ISO-8601 in UTC with 0 to 9 fraction digits; Date would drop the nanoseconds.
function compareInstants(a, b) {
  const [wholeA, fractionA] = splitInstant(a);
  const [wholeB, fractionB] = splitInstant(b);
  if (wholeA !== wholeB) {
    return Date.parse(`${wholeA}Z`) - Date.parse(`${wholeB}Z`);
  }
  return fractionA < fractionB ? -1 : fractionA > fractionB ? 1 : 0;
}

function splitInstant(text) {
  const match = /^(.*?)(?:\.(\d+))?Z$/.exec(text || '');
  return match ? [match[1], (match[2] || '').padEnd(9, '0')] : [text, ''];
}

export class CatalogModel {
  /** The query the shown shirts answer. */
  query = { ...DEFAULT_QUERY };
  /** The shirts shown, in the query's order. */
  shirts = [];
  /** How many shirts match, as far as the page knows (exact once everything is shown). */
  total = 0;
  /** The newest version seen of each shirt; a deleted shirt's is Infinity. Keeps old news out. */
  #versions = new Map();

  get hasMore() {
    return this.total > this.shirts.length;
  }

  /** Replaces everything with a snapshot read for `query`. */
  replace(query, shirts, total) {
    this.query = { ...query };
    this.shirts = [];
    for (const shirt of shirts) {
      if (!this.shirts.some((shown) => shown.id === shirt.id)) {
        this.#versions.set(shirt.id, shirt.version);
        this.shirts.push(shirt);
      }
    }
    this.shirts.sort(SORTS[this.query.sort].compare);
    this.total = Math.max(total, this.shirts.length);
  }

  /**
   * Applies one change and answers what it did to the shirts shown: 'added', 'updated',
   * 'removed' or 'none' (a shirt that does not match, lies beyond what is shown, or old news).
   */
  apply({ type, shirt }) {
    const known = this.#versions.get(shirt.id);
    if (known !== undefined && known > shirt.version) {
      return 'none';
    }
    const index = this.shirts.findIndex((shown) => shown.id === shirt.id);
    if (type === 'shirt.deleted') {
      this.#versions.set(shirt.id, Infinity);
      return index >= 0 ? this.#removeAt(index) : 'none';
    }
    this.#versions.set(shirt.id, shirt.version);
    const fits = matches(this.query, shirt);
    if (index >= 0) {
      if (!fits) {
        return this.#removeAt(index);
      }
      this.shirts.splice(index, 1);
      this.#insert(shirt);
      return 'updated';
    }
    if (!fits) {
      return 'none';
    }
    const compare = SORTS[this.query.sort].compare;
    const last = this.shirts[this.shirts.length - 1];
    if (this.hasMore && last && compare(shirt, last) > 0) {
      // It belongs on a page not loaded yet: "Load more" will bring it.
      if (type === 'shirt.created') {
        this.total++;
      }
      return 'none';
    }
    this.total++;
    this.#insert(shirt);
    return 'added';
  }

  #removeAt(index) {
    this.shirts.splice(index, 1);
    this.total = Math.max(this.total - 1, this.shirts.length);
    return 'removed';
  }

  #insert(shirt) {
    const compare = SORTS[this.query.sort].compare;
    let at = this.shirts.findIndex((shown) => compare(shirt, shown) < 0);
    if (at < 0) {
      at = this.shirts.length;
    }
    this.shirts.splice(at, 0, shirt);
  }
}
