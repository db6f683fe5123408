// Clients that keep up to date by polling GET /shirts every --interval ms (each from a random
// phase, one keep-alive connection each, as a browser tab would), optionally sending the last
// ETag in If-None-Match. For each change (the catalog's seq) it records when each client first
// saw it, and at the end reads the changes' occurredAt from /shirts/events to turn that into the
// delay until a client knows of a change.
//
// node poller.mjs --base http://127.0.0.1:18431 --bind 127.0.0.2 --clients 1000 --seconds 60 \
//   --interval 1000 --etag true --out result.json
import http from "node:http";
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const base = new URL(args.base);
const bind = args.bind ?? "127.0.0.2";
const clients = Number(args.clients ?? 1000);
const seconds = Number(args.seconds ?? 60);
const interval = Number(args.interval ?? 1000);
const etag = args.etag === "true";
const out = args.out ?? "poll.json";
const now = () => performance.timeOrigin + performance.now();

function instantMillis(text) {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(text);
  const fraction = (m[2] ?? "").padEnd(9, "0");
  return Date.parse(m[1] + "Z") + Number(fraction.slice(0, 3)) + Number(fraction.slice(3, 9)) / 1e6;
}

function get(agent, path, headers) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: base.hostname, port: base.port, path, agent, localAddress: bind, headers }, res => {
      const chunks = [];
      res.on("data", c => chunks.push(c));
      res.on("end", () => resolve({ res, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("socket", s => sockets.add(s));
    req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

const sockets = new Set();
const statuses = {};
const seen = new Map(); // seq -> [time a client first saw it, ...]
let errors = 0;
let firstSeq = null;
const end = now() + seconds * 1000;
let stopped = false;
process.on("SIGTERM", () => { stopped = true; });

async function client() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let known = null;
  let tag = null;
  await new Promise(r => setTimeout(r, Math.random() * interval));
  // Once a second at most, and never past the end: a client whose answers come late polls less.
  for (let next = now(); now() < end && !stopped; next += interval) {
    try {
      const { res, body } = await get(agent, "/shirts", etag && tag ? { "If-None-Match": tag } : {});
      const t = now();
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      if (res.statusCode === 200) {
        tag = res.headers.etag ?? null;
        const seq = JSON.parse(body).seq;
        if (firstSeq === null || seq < firstSeq) firstSeq = seq;
        if (known !== null) for (let s = known + 1; s <= seq; s++) (seen.get(s) ?? seen.set(s, []).get(s)).push(t);
        known = Math.max(known ?? seq, seq);
      }
    }
    catch { errors++; }
    const wait = next + interval - now();
    if (wait > 0) await new Promise(r => setTimeout(r, wait));
  }
  agent.destroy();
}

await Promise.all(Array.from({ length: clients }, client));
let bytesIn = 0, bytesOut = 0;
for (const s of sockets) { bytesIn += s.bytesRead; bytesOut += s.bytesWritten; }
const seqs = {};
if (seen.size) {
  const from = Math.min(...seen.keys()) - 1;
  const { body } = await get(new http.Agent(), `/shirts/events?after=${from}`, {});
  for (const e of JSON.parse(body).events) {
    const times = seen.get(e.seq);
    if (!times) continue;
    const at = instantMillis(e.occurredAt);
    seqs[e.seq] = { occurredAt: at, lat: times.map(t => Math.round((t - at) * 100) / 100) };
  }
}
const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
writeFileSync(out, JSON.stringify({ clients, etag, requests, statuses, errors, bytesIn, bytesOut, connections: sockets.size, seqs }));
console.log(`done: requests=${requests} ${JSON.stringify(statuses)} errors=${errors} bytes=${bytesIn + bytesOut}`);
