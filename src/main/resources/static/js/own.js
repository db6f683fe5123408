// A connection for what belongs to this browser's session: the shopper's cart and orders
// (/user/queue/cart, /user/queue/orders) or, on the admin page, every order (/topic/orders).
//
// The shop binds a live connection to the session whose cookie came with its handshake, once. So a
// page that had no session yet (no cart) must connect again once it has one (`restart`), and a
// refused subscription (an ERROR frame: no cart, not the admin) stops the connection rather than
// retrying in a loop: nothing would change by retrying.
//
// StompJs is the global of the STOMP library's UMD bundle, loaded by the page before its modules.

import { webSocketUrl } from './live.js';

export class OwnChannels {
  #subscriptions;
  #client = null;
  #live = false;

  /**
   * @param subscriptions [{destination, onMessage(body), headers?: () => ({...})}]: subscribed on
   *   every (re)connect; `headers` is asked each time (for `after`)
   * @param onLive called once the subscriptions are in place, after every (re)connect
   */
  constructor(subscriptions, { onLive = () => {} } = {}) {
    this.#subscriptions = subscriptions;
    this.onLive = onLive;
  }

  /** Whether the subscriptions are in place now. */
  get live() {
    return this.#live;
  }

  start() {
    if (this.#client) {
      return;
    }
    const client = new StompJs.Client({
      brokerURL: webSocketUrl(),
      heartbeatIncoming: 10000,
      heartbeatOutgoing: 10000,
      reconnectDelay: 2000,
      onConnect: () => {
        let pending = this.#subscriptions.length;
        for (const { destination, onMessage, headers } of this.#subscriptions) {
          const receipt = `own-${destination}-${Date.now()}`;
          client.watchForReceipt(receipt, () => {
            pending -= 1;
            if (pending === 0) {
              this.#live = true;
              this.onLive();
            }
          });
          client.subscribe(destination, (message) => onMessage(JSON.parse(message.body)),
            { ...(headers ? headers() : {}), receipt });
        }
      },
      onWebSocketClose: () => { this.#live = false; },
      onStompError: (frame) => {
        // Refused: this session has no cart yet, or is not the admin's. Retrying would not help.
        console.info('Live channel refused:', frame.headers.message);
        this.stop();
      },
    });
    this.#client = client;
    client.activate();
  }

  stop() {
    this.#live = false;
    const client = this.#client;
    this.#client = null;
    return client ? client.deactivate() : Promise.resolve();
  }

  /** Connects again: the session changed (it got a cart, or logged in). */
  async restart() {
    await this.stop();
    this.start();
  }
}
