// Browser-like subscribers of /topic/availability for bench/flash-sale.sh: N WebSockets from one
// loopback address, each offering permessage-deflate (as browsers do), CONNECTing with heart-beats
// 10000,10000 and sending them, SUBSCRIBing with a receipt. Each connection keeps the availability
// it was told (the snapshot, then every change with a larger seq) and when each number arrived.
//
// node availability-subscribers.mjs --url ws://127.0.0.1:18631/ws --bind 127.0.0.2 --connections 5000 \
//   --max-seconds 300 --out result.json --sale sale.txt
// Prints "subscribed=N" while connecting. On SIGTERM (or after --max-seconds) it reads the sale
// file that bench/FlashSale.java wrote (shirt, size, units stocked, the database's final
// availability, then the wall-clock time of every successful hold's answer) and writes its result:
//   - the final availability of that size on every connection, against the database's;
//   - change messages per connection, and per connection and second of the sale;
//   - hold-to-arrival: for the k-th hold answered, at least k holds had committed, so availability
//     was at most stocked - k; the time from that answer to the arrival of the first message with
//     at most that many units, per connection and hold (0 if it came before the answer).
import { readFileSync, writeFileSync } from "node:fs";
import WebSocket from "ws";
import { OFFER, frame, sendEveryFromHead, sendHeartBeats } from "./stomp.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const url = args.url;
const bind = args.bind ?? "127.0.0.2";
const total = Number(args.connections ?? 1000);
const maxSeconds = Number(args["max-seconds"] ?? 300);
const inFlight = Number(args["in-flight"] ?? 64);
const out = args.out ?? "result.json";
const saleFile = args.sale;
const origin = new URL(url.replace(/^ws/, "http")).origin;

const stats = { bind, connections: total, opened: 0, subscribed: 0, failed: 0, closedEarly: 0, stompErrors: 0, extensions: {} };
const conns = [];
const bodies = new Map(); // the same body reaches every connection: parsed once per process
let finished = false;

function parsed(body) {
  let p = bodies.get(body);
  if (!p) {
    p = JSON.parse(body);
    bodies.set(body, p);
  }
  return p;
}

// One message on one connection: a snapshot replaces what it knew, a change with a larger seq
// updates it. Every number is kept with its arrival time (a few dozen per connection).
function received(c, body, arrival) {
  const m = parsed(body);
  const snapshot = m.type === "availability.snapshot";
  if (!snapshot && m.seq <= c.seq) return;
  c.seq = m.seq;
  if (snapshot) c.snapshots++; else c.changes.push(arrival);
  for (const [shirt, sizes] of Object.entries(m.shirts ?? {})) {
    for (const [size, units] of Object.entries(sizes)) {
      const key = shirt + "/" + size;
      let list = c.seen.get(key);
      if (!list) c.seen.set(key, list = []);
      list.push([arrival, units]);
    }
  }
}

function open(index) {
  return new Promise(resolve => {
    const c = { index, seq: -1, snapshots: 0, changes: [], seen: new Map(), subscribed: false, lastSent: Date.now(), ws: null };
    const ws = new WebSocket(url, ["v12.stomp"], { localAddress: bind, origin, perMessageDeflate: { concurrencyLimit: 32 }, handshakeTimeout: 60_000 });
    c.ws = ws;
    let settled = false;
    const settle = () => { if (!settled) { settled = true; resolve(); } };
    ws.on("open", () => {
      stats.opened++;
      const ext = ws.extensions || "none";
      stats.extensions[ext] = (stats.extensions[ext] ?? 0) + 1;
      ws.send(frame("CONNECT", { "accept-version": "1.2", host: "127.0.0.1", "heart-beat": OFFER }));
    });
    ws.on("message", (data, isBinary) => {
      const arrival = Date.now();
      const text = isBinary ? data.toString("utf8") : data.toString();
      for (const raw of text.split("\0")) {
        const chunk = raw.replace(/^[\r\n]+/, "");
        if (!chunk) continue;
        const split = chunk.indexOf("\n\n");
        const command = chunk.slice(0, chunk.indexOf("\n"));
        if (command === "CONNECTED") {
          c.beatEvery = sendEveryFromHead(chunk);
          ws.send(frame("SUBSCRIBE", { id: "sub-0", destination: "/topic/availability", receipt: `r-${index}` }));
        }
        else if (command === "RECEIPT") {
          c.subscribed = true;
          stats.subscribed++;
          settle();
        }
        else if (command === "MESSAGE") {
          received(c, chunk.slice(split + 2), arrival);
        }
        else if (command === "ERROR") {
          stats.stompErrors++;
        }
      }
    });
    ws.on("error", () => {});
    ws.on("close", () => {
      if (!finished) { if (c.subscribed) stats.closedEarly++; else stats.failed++; }
      settle();
    });
    conns.push(c);
  });
}


const beat = sendHeartBeats(conns);

let lastPrinted = -1;
const progress = setInterval(() => {
  if (stats.subscribed !== lastPrinted) { console.log(`subscribed=${stats.subscribed}`); lastPrinted = stats.subscribed; }
}, 500);

function percentile(histogram, count, p) {
  let seen = 0;
  const rank = Math.ceil(p / 100 * count);
  for (let ms = 0; ms < histogram.length; ms++) {
    seen += histogram[ms];
    if (seen >= rank) return ms;
  }
  return Infinity;
}

function finish(why) {
  if (finished) return;
  finished = true;
  clearInterval(beat);
  clearInterval(progress);
  const result = { ...stats, why };
  if (saleFile) {
    const lines = readFileSync(saleFile, "utf8").trim().split("\n");
    const [shirt, size, stocked, available] = lines[0].split(" ");
    const holds = lines.slice(1).map(Number).sort((a, b) => a - b);
    const key = shirt + "/" + size;
    const finals = {};
    const histogram = new Uint32Array(60_001); // milliseconds, the last bucket for anything later
    let pairs = 0, missing = 0, changes = 0;
    const from = holds[0], to = holds[holds.length - 1];
    for (const c of conns) {
      if (!c.subscribed) continue;
      const seen = c.seen.get(key) ?? [];
      const last = seen.length ? seen[seen.length - 1][1] : "none";
      finals[last] = (finals[last] ?? 0) + 1;
      changes += c.changes.filter(t => t >= from && t <= to + 1000).length;
      // From the first message that shows the sale's stock (the new shirt had none before it), which
      // may already count the first holds: stocking and the first holds can share one message.
      let j = seen.findIndex(([, units]) => units > 0);
      if (j < 0) j = seen.length;
      for (let k = 1; k <= holds.length; k++) {
        const bound = Number(stocked) - k;
        while (j < seen.length && seen[j][1] > bound) j++;
        if (j === seen.length) { missing++; continue; }
        const ms = Math.max(0, Math.min(60_000, Math.round(seen[j][0] - holds[k - 1])));
        histogram[ms]++;
        pairs++;
      }
    }
    const seconds = Math.max(0.001, (to - from) / 1000 + 1);
    result.sale = {
      shirt, size, stocked: Number(stocked), databaseAvailable: Number(available), holds: holds.length, finals,
      allEqual: Object.keys(finals).length === 1 && Number(Object.keys(finals)[0]) === Number(available),
      changeMessagesPerConnection: changes / Math.max(1, stats.subscribed), saleSeconds: seconds,
      messagesPerConnectionPerSecond: changes / Math.max(1, stats.subscribed) / seconds,
      holdToArrival: { pairs, missing, p50: percentile(histogram, pairs, 50), p99: percentile(histogram, pairs, 99),
        max: percentile(histogram, pairs, 100) },
    };
  }
  writeFileSync(out, JSON.stringify(result));
  console.log(`done: ${why}`);
  process.exit(0);
}

process.on("SIGTERM", () => finish("stopped"));
process.on("SIGINT", () => finish("stopped"));
setTimeout(() => finish("max-seconds"), maxSeconds * 1000).unref();

let next = 0;
async function worker() {
  while (next < total) await open(next++);
}
await Promise.all(Array.from({ length: inFlight }, worker));
