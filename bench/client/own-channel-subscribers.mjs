// Browser-like shoppers for bench/own-channels.sh: one WebSocket per shopper, with that shopper's
// session cookie, offering permessage-deflate (as browsers do), CONNECTing with heart-beats
// 10000,10000 and sending them, and SUBSCRIBing to /topic/shirts, /topic/availability and
// /user/queue/orders (the last with a receipt). Each connection records every order message that
// reaches it: whose order, which status, when.
//
// node own-channel-subscribers.mjs --url ws://127.0.0.1:18731/ws --bind 127.0.1.2 \
//   --shoppers shoppers.txt --shop 0 --from 0 --count 5000 --max-seconds 900 --out result.json \
//   --drive paid.txt,shipped.txt
// The shoppers file has "<shop index> <order id> <Cookie header>" per line (bench/OwnChannels.java
// seed); this process takes lines --from .. --from+--count of those of --shop. Prints
// "subscribed=N" while connecting. On SIGTERM (or after --max-seconds) it reads the admin's
// changes (bench/OwnChannels.java drive: "<order> <status> <sent ms> <answered ms> <HTTP status>")
// and writes its result:
//   - delivered: per owner, the time from each change's answer (and from its request) to the
//     arrival of that order's message with that status on the owner's connection;
//   - misdelivered: order messages that reached a connection not of the order's shopper (must be 0);
//   - missing: changes answered 200 whose message never reached the owner.
import { readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import { OFFER, frame, sendEveryFromHead, sendHeartBeats } from "./stomp.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const url = args.url;
const bind = args.bind ?? "127.0.0.2";
const maxSeconds = Number(args["max-seconds"] ?? 900);
const inFlight = Number(args["in-flight"] ?? 64);
const out = args.out ?? "result.json";
const origin = new URL(url.replace(/^ws/, "http")).origin;
const shoppers = readFileSync(args.shoppers, "utf8").trim().split("\n")
  .map(line => { const [shop, order, ...cookie] = line.split(" "); return { shop: Number(shop), order, cookie: cookie.join(" ") }; })
  .filter(s => s.shop === Number(args.shop ?? 0))
  .slice(Number(args.from ?? 0), Number(args.from ?? 0) + Number(args.count ?? 1e9));

const now = () => performance.timeOrigin + performance.now();
const stats = { bind, connections: shoppers.length, opened: 0, subscribed: 0, failed: 0, closedEarly: 0, stompErrors: 0,
  orderMessages: 0, otherMessages: 0, misdelivered: 0, extensions: {} };
const conns = [];
let finished = false;

function header(head, name) {
  const at = head.indexOf("\n" + name + ":");
  return at < 0 ? null : head.slice(at + name.length + 2, head.indexOf("\n", at + 1) < 0 ? undefined : head.indexOf("\n", at + 1));
}

function open(shopper) {
  return new Promise(resolve => {
    const c = { shopper, arrivals: new Map(), subscribed: false, lastSent: Date.now(), ws: null };
    const ws = new WebSocket(url, ["v12.stomp"], { localAddress: bind, origin, headers: { Cookie: shopper.cookie },
      perMessageDeflate: { concurrencyLimit: 32 }, handshakeTimeout: 60_000 });
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
      const arrival = now();
      const text = isBinary ? data.toString("utf8") : data.toString();
      for (const raw of text.split("\0")) {
        const chunk = raw.replace(/^[\r\n]+/, "");
        if (!chunk) continue;
        const split = chunk.indexOf("\n\n");
        const head = split < 0 ? chunk : chunk.slice(0, split);
        const command = head.slice(0, head.indexOf("\n") < 0 ? undefined : head.indexOf("\n"));
        if (command === "CONNECTED") {
          c.beatEvery = sendEveryFromHead(head);
          ws.send(frame("SUBSCRIBE", { id: "sub-0", destination: "/topic/shirts" }));
          ws.send(frame("SUBSCRIBE", { id: "sub-1", destination: "/topic/availability" }));
          ws.send(frame("SUBSCRIBE", { id: "sub-2", destination: "/user/queue/orders", receipt: "orders" }));
        }
        else if (command === "RECEIPT") {
          c.subscribed = true;
          stats.subscribed++;
          settle();
        }
        else if (command === "MESSAGE") {
          if (header(head, "subscription") !== "sub-2") { stats.otherMessages++; continue; }
          stats.orderMessages++;
          const m = JSON.parse(chunk.slice(split + 2));
          const order = m.order ?? {};
          if (order.id !== shopper.order) { stats.misdelivered++; continue; }
          const key = order.status;
          if (!c.arrivals.has(key)) c.arrivals.set(key, arrival);
        }
        else if (command === "ERROR") {
          stats.stompErrors++;
          if (!stats.firstError) stats.firstError = chunk.slice(0, 300);
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
  if (args.drive) {
    const byOrder = new Map(conns.filter(c => c.subscribed).map(c => [c.shopper.order, c]));
    const fromAnswer = new Uint32Array(60_001), fromRequest = new Uint32Array(60_001); // ms; the last bucket for later
    let delivered = 0, missing = 0, changes = 0;
    for (const file of args.drive.split(",")) {
      for (const line of readFileSync(file, "utf8").trim().split("\n")) {
        const [order, status, sent, answered, code] = line.split(" ");
        const c = byOrder.get(order);
        if (!c || code !== "200") continue;
        changes++;
        const arrival = c.arrivals.get(status);
        if (arrival === undefined) { missing++; continue; }
        delivered++;
        fromAnswer[Math.max(0, Math.min(60_000, Math.round(arrival - Number(answered))))]++;
        fromRequest[Math.max(0, Math.min(60_000, Math.round(arrival - Number(sent))))]++;
      }
    }
    result.owners = {
      changes, delivered, missing,
      fromAnswer: { p50: percentile(fromAnswer, delivered, 50), p99: percentile(fromAnswer, delivered, 99), max: percentile(fromAnswer, delivered, 100) },
      fromRequest: { p50: percentile(fromRequest, delivered, 50), p99: percentile(fromRequest, delivered, 99), max: percentile(fromRequest, delivered, 100) },
      histogramFromAnswer: Array.from(fromAnswer.slice(0, 2001)),
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
  while (next < shoppers.length) await open(shoppers[next++]);
}
await Promise.all(Array.from({ length: inFlight }, worker));
