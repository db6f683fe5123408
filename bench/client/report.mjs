// Merges the result files of subscribers.mjs into one line of numbers for bench/fanout.sh.
// node report.mjs FIRST_MEASURED_SEQ CHANGES result1.json result2.json ...
// Latency is from each change's occurredAt to its arrival on a connection, over every delivery of
// the measured changes (seq FIRST_MEASURED_SEQ and the CHANGES - 1 after it); "last" is, per
// change, the arrival on the last connection to get it.
import { readFileSync } from "node:fs";

const [first, changes, ...files] = process.argv.slice(2);
const from = Number(first);
const to = from + Number(changes) - 1;
const results = files.map(f => JSON.parse(readFileSync(f, "utf8")));
const sum = key => results.reduce((n, r) => n + r[key], 0);
const lat = [];
const lastArrival = new Map();
let measured = 0;
for (const r of results) {
  for (const [seqText, s] of Object.entries(r.seqs)) {
    const seq = Number(seqText);
    if (seq < from || seq > to) continue;
    measured += s.lat.length;
    for (const v of s.lat) lat.push(v);
    lastArrival.set(seq, Math.max(lastArrival.get(seq) ?? -Infinity, ...s.lat.slice(-1), Math.max(...s.lat)));
  }
}
lat.sort((a, b) => a - b);
const pick = (sorted, q) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN;
const lasts = [...lastArrival.values()].sort((a, b) => a - b);
const extensions = {};
for (const r of results) for (const [k, v] of Object.entries(r.extensions)) extensions[k] = (extensions[k] ?? 0) + v;
const held = sum("subscribed") - sum("closedEarly");
console.log(JSON.stringify({
  subscribed: sum("subscribed"), held, failed: sum("failed"), closedEarly: sum("closedEarly"),
  stompErrors: sum("stompErrors"), duplicates: sum("duplicates"), outOfOrder: sum("outOfOrder"), gaps: sum("gaps"),
  complete: sum("complete"), expectedDeliveries: held * Number(changes), deliveries: measured,
  allDeliveries: sum("deliveries"), changesSeen: lastArrival.size,
  p50: +pick(lat, 0.5).toFixed(1), p99: +pick(lat, 0.99).toFixed(1), max: +(lat.at(-1) ?? NaN).toFixed(1),
  lastMedian: +pick(lasts, 0.5).toFixed(1), lastMax: +(lasts.at(-1) ?? NaN).toFixed(1),
  bytesIn: sum("bytesIn"), bytesOut: sum("bytesOut"), extensions,
}));
