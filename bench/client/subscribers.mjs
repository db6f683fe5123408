// A browser-like STOMP load client: N WebSockets from one loopback address, each offering
// permessage-deflate (as every browser does; `ws` offers it by default), sending an Origin,
// CONNECTing with heart-beats 10000,10000 and sending them, SUBSCRIBing to /topic/shirts with a
// receipt. It records, for every MESSAGE on every connection, the time from the change's
// occurredAt (its commit, same machine, same clock) to its arrival, and checks that each
// connection sees every seq once and in order.
//
// node subscribers.mjs --url ws://127.0.0.1:18080/ws --bind 127.0.0.2 --connections 5000 \
//   --expect 11 --max-seconds 600 --out result.json
// Prints "subscribed=N" while connecting; ends when every subscribed connection has --expect
// messages, after --max-seconds, or on SIGTERM/SIGINT, writing its result to --out.
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import { OFFER, frame, sendEvery, sendHeartBeats } from "./stomp.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const url = args.url;
const bind = args.bind ?? "127.0.0.2";
const total = Number(args.connections ?? 1000);
const expect = Number(args.expect ?? 1);
const maxSeconds = Number(args["max-seconds"] ?? 600);
const inFlight = Number(args["in-flight"] ?? 64);
const deflate = (args.deflate ?? "true") === "true";
const out = args.out ?? "result.json";
const origin = new URL(url.replace(/^ws/, "http")).origin;

const now = () => performance.timeOrigin + performance.now();

// "2026-11-26T10:56:16.462146Z" to milliseconds since the epoch, keeping the microseconds.
function instantMillis(text) {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(text);
  const fraction = (m[2] ?? "").padEnd(9, "0");
  return Date.parse(m[1] + "Z") + Number(fraction.slice(0, 3)) + Number(fraction.slice(3, 9)) / 1e6;
}

const stats = {
  bind, connections: total, opened: 0, subscribed: 0, failed: 0, closedEarly: 0, stompErrors: 0,
  duplicates: 0, outOfOrder: 0, gaps: 0, deliveries: 0, complete: 0, extensions: {}, bytesIn: 0, bytesOut: 0,
};
const perSeq = new Map(); // seq -> { occurredAt, lat: [] }
const conns = [];
let finished = false;

function parse(text) { // one WebSocket message may carry several frames, or just a heart-beat
  const frames = [];
  for (const raw of text.split("\0")) {
    const chunk = raw.replace(/^[\r\n]+/, "");
    if (!chunk) continue;
    const split = chunk.indexOf("\n\n");
    const head = (split < 0 ? chunk : chunk.slice(0, split)).split("\n");
    const headers = {};
    for (const line of head.slice(1)) {
      const colon = line.indexOf(":");
      if (colon > 0 && !(line.slice(0, colon) in headers)) headers[line.slice(0, colon)] = line.slice(colon + 1);
    }
    frames.push({ command: head[0], headers, body: split < 0 ? "" : chunk.slice(split + 2) });
  }
  return frames;
}

// The common case, one MESSAGE frame per WebSocket message, read without splitting it into
// headers: its seq (the first seq header, as STOMP reads repeated headers) and its body. Anything
// else goes through parse(). The client stands in for thousands of browsers on one event loop:
// work a browser does on its own core would otherwise queue here and count as the shop's delay.
function changeMessage(text) {
  if (!text.startsWith("MESSAGE\n")) return null;
  const split = text.indexOf("\n\n");
  if (split < 0 || text.indexOf("\0", split) !== text.length - 1) return null;
  const at = text.indexOf("\nseq:");
  if (at < 0 || at > split) return null;
  return { seq: Number(text.slice(at + 5, text.indexOf("\n", at + 5))), body: text.slice(split + 2, -1) };
}

// One change on one connection: counted, its latency kept, its order checked. The body is read in
// full once per change and process, for its commit time; every other copy is only checked to carry
// the same seq as its header.
function received(c, seq, body, arrival) {
  let s = perSeq.get(seq);
  if (!s) {
    const change = JSON.parse(body);
    if (seq !== change.seq) stats.gaps++;
    perSeq.set(seq, s = { occurredAt: instantMillis(change.occurredAt), lat: [] });
  }
  else if (!body.includes(`"seq":${seq},`) && !body.includes(`"seq":${seq}}`)) stats.gaps++;
  s.lat.push(arrival - s.occurredAt);
  stats.deliveries++;
  if (c.last >= 0) {
    if (seq === c.last) stats.duplicates++;
    else if (seq < c.last) stats.outOfOrder++;
    else if (seq > c.last + 1) stats.gaps++;
  }
  c.last = Math.max(c.last, seq);
  if (++c.count === expect) maybeFinish();
}

function open(index) {
  return new Promise(resolve => {
    const c = { index, count: 0, last: -1, subscribed: false, lastSent: now(), ws: null };
    const ws = new WebSocket(url, ["v12.stomp"], {
      localAddress: bind, origin, perMessageDeflate: deflate ? { concurrencyLimit: 32 } : false,
      handshakeTimeout: 60_000,
    });
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
      const change = changeMessage(text);
      if (change) {
        received(c, change.seq, change.body, arrival);
        return;
      }
      for (const f of parse(text)) {
        if (f.command === "CONNECTED") {
          c.beatEvery = sendEvery(f.headers["heart-beat"]);
          ws.send(frame("SUBSCRIBE", { id: "sub-0", destination: "/topic/shirts", receipt: `r-${index}` }));
        }
        else if (f.command === "RECEIPT") {
          c.subscribed = true;
          stats.subscribed++;
          settle();
        }
        else if (f.command === "MESSAGE") {
          received(c, Number(f.headers.seq), f.body, arrival);
        }
        else if (f.command === "ERROR") {
          stats.stompErrors++;
        }
      }
    });
    ws.on("error", () => {});
    ws.on("close", () => {
      if (ws._socket) { stats.bytesIn += ws._socket.bytesRead; stats.bytesOut += ws._socket.bytesWritten; }
      c.closedBytesCounted = true;
      if (!finished) {
        if (c.subscribed) stats.closedEarly++; else stats.failed++;
      }
      settle();
    });
    conns.push(c);
  });
}


const beat = sendHeartBeats(conns, now);

let lastPrinted = -1;
const progress = setInterval(() => {
  if (stats.subscribed !== lastPrinted) { console.log(`subscribed=${stats.subscribed}`); lastPrinted = stats.subscribed; }
}, 500);

function maybeFinish() {
  if (conns.length < total) return;
  const waiting = conns.some(c => c.subscribed && c.ws.readyState === WebSocket.OPEN && c.count < expect);
  if (!waiting) finish("all changes arrived");
}

function finish(why) {
  if (finished) return;
  finished = true;
  clearInterval(beat);
  clearInterval(progress);
  console.log(`subscribed=${stats.subscribed}`);
  for (const c of conns) {
    if (c.count >= expect && c.subscribed) stats.complete++;
    const socket = c.ws._socket;
    if (socket && !c.closedBytesCounted) { stats.bytesIn += socket.bytesRead; stats.bytesOut += socket.bytesWritten; }
  }
  const seqs = {};
  for (const [seq, s] of [...perSeq.entries()].sort((a, b) => a[0] - b[0])) {
    seqs[seq] = { occurredAt: s.occurredAt, lat: s.lat.map(v => Math.round(v * 100) / 100) };
  }
  // The connections stay open until the process ends: closing them here would make the shop
  // handle hundreds of closes while the other client processes still receive the last change.
  writeFileSync(out, JSON.stringify({ ...stats, expect, why, seqs }));
  console.log(`done: ${why}; deliveries=${stats.deliveries} complete=${stats.complete}`);
  // Stays until told to stop (SIGTERM), so that its CPU time can still be read; but never longer
  // than a minute.
  if (why === "stopped") setTimeout(() => process.exit(0), 200).unref();
  else setTimeout(() => process.exit(0), 60_000);
}

const stop = () => { if (finished) process.exit(0); else finish("stopped"); };
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
setTimeout(() => finish("time limit"), maxSeconds * 1000).unref();

// Open the connections, at most inFlight handshakes at a time.
let next = 0;
await Promise.all(Array.from({ length: Math.min(inFlight, total) }, async () => {
  while (next < total && !finished) await open(next++);
}));
console.log(`subscribed=${stats.subscribed}`);
maybeFinish();
