// Keeps a page's copy of the catalog in step with the shop: a snapshot from GET /shirts, then every
// change from /topic/shirts, in seq order, each exactly once.
//
// The rules (the catalog numbers its changes 1, 2, 3, ... without gaps):
// - `last` is the seq of the newest change the page shows; a snapshot sets it to its own seq.
// - A message with seq <= last is old news and dropped; seq === last + 1 is applied; a larger seq
//   waits while the changes in between are read from /shirts/events?after=last.
// - On every (re)connect the page subscribes with the headers `after: last` and `epoch` (the change
//   log's id, which GET /shirts reports beside its seq): the shop first sends every change it
//   missed, then the live ones, on the same subscription. A `catalog.reload` message means the
//   shop no longer remembers that far back, or its change log is another one (another epoch): load
//   a fresh snapshot. So does a message or a catch-up page of another epoch than the snapshot's.
// - Before the first snapshot there is no `last`: the page then reads /shirts/events?after=seq
//   once the snapshot is shown (410 Gone there, too, means reload).
// - Snapshots, catch-ups and messages run one at a time, in order (`#run`), so none of them can see
//   the model half-updated by another.
//
// StompJs is the global of the STOMP library's UMD bundle, loaded by the page before its modules.

import { ApiError, getJson } from './api.js';

const RETRY_CATCH_UP_MS = 2000;

/** ws://host:port/ws or wss://..., from where the page itself came from, so proxies and https work. */
export function webSocketUrl(path = '/ws') {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}

export class LiveCatalog {
  #apply;
  #loadSnapshot;
  #onStatus;
  #topic;
  #client;
  #last = null;
  #epoch = null;
  #pending = new Map();
  #needsCatchUp = false;
  #queue = Promise.resolve();
  #retryTimer = null;
  #everConnected = false;
  #receipts = 0;

  /**
   * @param apply called with each change ({type, seq, occurredAt, shirt}) in seq order, and a flag
   *   telling whether it came from a catch-up (so the page may skip animations)
   * @param loadSnapshot async: reads the catalog as the page shows it and answers the snapshot's
   *   {seq, epoch} (or only its seq)
   * @param onStatus called with 'connecting', 'live' or 'reconnecting'
   */
  constructor({ apply, loadSnapshot, onStatus = () => {}, topic = '/topic/shirts', url = webSocketUrl() }) {
    this.#apply = apply;
    this.#loadSnapshot = loadSnapshot;
    this.#onStatus = onStatus;
    this.#topic = topic;
    this.#client = new StompJs.Client({
      brokerURL: url,
      heartbeatIncoming: 10000,
      heartbeatOutgoing: 10000,
      connectionTimeout: 10000,
      reconnectDelay: 1000,
      maxReconnectDelay: 30000,
      reconnectTimeMode: StompJs.ReconnectionTimeMode.EXPONENTIAL,
      // After an outage every open page reconnects; a random pause spreads them out.
      beforeConnect: () => (this.#everConnected ? pause(Math.random() * 1000) : undefined),
      onConnect: () => this.#connected(),
      onWebSocketClose: () => this.#disconnected(),
      onStompError: (frame) => console.warn('STOMP error:', frame.headers.message, frame.body),
    });
  }

  /** The seq of the newest change applied, or null before the first snapshot. */
  get lastSeq() {
    return this.#last;
  }

  /** Loads the first snapshot and starts listening; answers when the snapshot is shown. */
  start() {
    this.#onStatus('connecting');
    this.#client.activate();
    return this.resync();
  }

  /**
   * Loads a fresh snapshot (the filters changed, more was asked for) and goes on from its seq.
   * Messages arriving meanwhile wait and are applied after it if they are newer.
   */
  resync() {
    return this.#run(async () => {
      await this.#snapshot();
      await this.#drain();
    });
  }

  #run(task) {
    const result = this.#queue.then(task);
    this.#queue = result.catch(() => {});
    return result;
  }

  async #snapshot() {
    const previous = this.#last;
    const previousEpoch = this.#epoch;
    const loaded = await this.#loadSnapshot();
    const seq = typeof loaded === 'number' ? loaded : loaded.seq;
    this.#epoch = typeof loaded === 'number' ? null : loaded.epoch ?? null;
    this.#last = seq;
    // A snapshot older than what was shown (another database node behind?) must replay the rest;
    // seqs of another epoch say nothing about each other.
    if (previous !== null && seq < previous && previousEpoch === this.#epoch) {
      this.#needsCatchUp = true;
    }
  }

  #connected() {
    this.#everConnected = true;
    const headers = { receipt: `sub-${++this.#receipts}` };
    if (this.#last !== null) {
      // Resume: the shop replays what happened since `last` on this subscription, then goes on live.
      headers.after = String(this.#last);
      if (this.#epoch) {
        headers.epoch = this.#epoch;
      }
    } else {
      // The first snapshot is still loading: catch up right after it, for what happened in between.
      this.#needsCatchUp = true;
    }
    this.#client.subscribe(this.#topic, (message) => this.#received(message), headers);
    this.#onStatus('live');
  }

  #disconnected() {
    if (this.#client.active && this.#everConnected) {
      this.#onStatus('reconnecting');
    }
  }

  #received(message) {
    let change;
    try {
      change = JSON.parse(message.body);
    } catch {
      console.warn('Ignored a message that is not JSON');
      return;
    }
    const epoch = message.headers.epoch;
    if ((change.type === 'catalog.reload' && Number.isSafeInteger(change.seq))
        || (epoch && this.#epoch && epoch !== this.#epoch)) {
      // Too far behind for a replay, or another change log: start over from a fresh snapshot.
      this.#pending.clear();
      this.resync();
      return;
    }
    if (!Number.isSafeInteger(change.seq) || !change.shirt) {
      console.warn('Ignored a message without seq or shirt');
      return;
    }
    if (this.#last !== null && change.seq <= this.#last) {
      return;
    }
    this.#pending.set(change.seq, change);
    this.#run(() => this.#drain());
  }

  #catchUpSoon() {
    this.#needsCatchUp = true;
    this.#run(() => this.#drain());
  }

  /** Applies what can be applied in order; reads the change log where a gap (or a reconnect) says so. */
  async #drain() {
    if (this.#last === null) {
      return;
    }
    for (;;) {
      for (const seq of this.#pending.keys()) {
        if (seq <= this.#last) {
          this.#pending.delete(seq);
        }
      }
      const next = this.#pending.get(this.#last + 1);
      if (next) {
        this.#pending.delete(next.seq);
        this.#applyOne(next, false);
        continue;
      }
      if (this.#pending.size === 0 && !this.#needsCatchUp) {
        return;
      }
      this.#needsCatchUp = false;
      let progressed;
      try {
        progressed = await this.#catchUp();
      } catch (error) {
        console.warn('Catching up failed; will retry', error);
        this.#retryLater();
        return;
      }
      if (!progressed && this.#pending.size > 0) {
        // The log does not have the missing changes yet: try again shortly.
        this.#retryLater();
        return;
      }
    }
  }

  /** Reads /shirts/events after `last` until there is no more; answers whether anything changed. */
  async #catchUp() {
    const before = this.#last;
    for (;;) {
      let page;
      try {
        page = await getJson(`/shirts/events?after=${this.#last}`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 410) {
          // Too far behind for the change log: start over from a fresh snapshot.
          await this.#snapshot();
          return true;
        }
        throw error;
      }
      if (page.epoch && this.#epoch && page.epoch !== this.#epoch) {
        // Another change log than the snapshot's: its seqs are not ours.
        await this.#snapshot();
        return true;
      }
      let applied = 0;
      for (const change of page.events) {
        if (change.seq === this.#last + 1) {
          this.#applyOne(change, true);
          applied++;
        }
      }
      if (applied === 0 || this.#last >= page.seq) {
        return this.#last !== before;
      }
    }
  }

  #applyOne(change, catchingUp) {
    this.#last = change.seq;
    try {
      this.#apply(change, catchingUp);
    } catch (error) {
      // One change the page cannot show must not stop the ones after it.
      console.error('Could not apply change', change.seq, error);
    }
  }

  #retryLater() {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#catchUpSoon(), RETRY_CATCH_UP_MS);
  }
}

function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
