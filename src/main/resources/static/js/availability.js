// Availability live: a snapshot, then only what changed, from /topic/availability.
//
// The rule (docs/live.md): keep the snapshot's seq; apply a change only if its seq is larger.
// Every (re)connect subscribes again and starts with a new snapshot, so nothing is missed.

import { webSocketUrl } from './live.js';

export class LiveAvailability {
  #units = new Map();
  #seq = -1;
  #listeners = [];
  #client;

  constructor(url = webSocketUrl()) {
    this.#client = new StompJs.Client({
      brokerURL: url,
      heartbeatIncoming: 10000,
      heartbeatOutgoing: 10000,
      reconnectDelay: 1000,
      maxReconnectDelay: 30000,
      reconnectTimeMode: StompJs.ReconnectionTimeMode.EXPONENTIAL,
      onConnect: () => {
        this.#client.subscribe('/topic/availability', (message) => this.#apply(JSON.parse(message.body)));
      },
    });
  }

  start() {
    this.#client.activate();
  }

  /** Calls `listener(shirtIds)` whenever availability of those shirts (null: of all) changed. */
  onChange(listener) {
    this.#listeners.push(listener);
  }

  /** Units available of a shirt in a size; undefined while not known. */
  units(shirtId, size) {
    return this.#units.get(`${shirtId}/${size}`);
  }

  #apply(message) {
    if (message.type === 'availability.snapshot') {
      this.#units.clear();
      this.#seq = message.seq;
      this.#put(message.shirts);
      this.#listeners.forEach((listener) => listener(null));
    } else if (message.type === 'availability' && this.#seq >= 0 && message.seq > this.#seq) {
      this.#seq = message.seq;
      this.#put(message.shirts);
      const ids = Object.keys(message.shirts);
      this.#listeners.forEach((listener) => listener(ids));
    }
  }

  #put(shirts) {
    for (const [id, sizes] of Object.entries(shirts)) {
      for (const [size, units] of Object.entries(sizes)) {
        this.#units.set(`${id}/${size}`, units);
      }
    }
  }
}
