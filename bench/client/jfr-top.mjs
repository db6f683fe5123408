// Summarises the execution samples of a JFR recording: where the shop's CPU went.
// jfr print --events jdk.ExecutionSample --stack-depth 96 rec.jfr | node jfr-top.mjs
// Prints the top frames by own samples, and every sample attributed to the first (innermost)
// frame that matches one of the named activities below.
import { createInterface } from "node:readline";

const activities = [
  ["password check (Basic auth on each write)", /org\.springframework\.security\.crypto/],
  ["connection timeouts scan (Tomcat, every second)", /NioEndpoint\$Poller\.timeout|startAsyncTimeout|timeoutAsync/],
  ["compress (permessage-deflate)", /java\.util\.zip\.(Deflater|Inflater)|PerMessageDeflate/],
  ["socket write (syscall)", /sun\.nio\.ch\.(SocketDispatcher|FileDispatcherImpl|IOUtil)\.write|SocketChannelImpl\.write/],
  ["socket read/poll (syscall)", /sun\.nio\.ch\.(SocketDispatcher|FileDispatcherImpl|IOUtil)\.read|EPoll/],
  ["Tomcat WebSocket frame/UTF-8 encode", /org\.apache\.tomcat\.websocket\.WsRemoteEndpoint|CharsetEncoder|org\.apache\.tomcat\.websocket\.Util/],
  ["STOMP encode", /org\.springframework\.messaging\.simp\.stomp\.StompEncoder/],
  ["STOMP header copy (per subscriber)", /MessageHeaderAccessor|SimpMessageHeaderAccessor|StompHeaderAccessor|NativeMessageHeaderAccessor|MessageHeaders/],
  ["JSON (Jackson)", /tools\.jackson|com\.fasterxml\.jackson/],
  ["String/byte conversion", /java\.lang\.String(Coding|UTF16|Latin1)?\.|java\.lang\.StringCoding/],
  ["send queue/locks (session decorator)", /ConcurrentWebSocketSessionDecorator|ErrorFirstWebSocketHandler|java\.util\.concurrent\.locks/],
  ["outbound channel/executor", /ExecutorSubscribableChannel|OrderedMessageChannelDecorator|ThreadPoolExecutor/],
  ["simple broker (subscriber lookup)", /org\.springframework\.messaging\.simp\.broker/],
  ["Tomcat NIO/HTTP other", /org\.apache\.(tomcat\.util\.net|coyote)/],
  ["database/JPA", /org\.h2|org\.hibernate|com\.zaxxer/],
];

const own = new Map();
const by = new Map();
let total = 0;
let stack = null;
const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  const t = line.trim();
  if (t.startsWith("stackTrace = [")) { stack = []; continue; }
  if (stack && t === "]") {
    total++;
    const top = stack[0] ?? "";
    own.set(top, (own.get(top) ?? 0) + 1);
    let name = "other";
    outer: for (const f of stack) for (const [n, re] of activities) if (re.test(f)) { name = n; break outer; }
    by.set(name, (by.get(name) ?? 0) + 1);
    stack = null;
    continue;
  }
  if (stack && t && t !== "...") stack.push(t.replace(/\s+line:.*$/, ""));
}
const pct = n => (100 * n / Math.max(1, total)).toFixed(1).padStart(5) + " %";
console.log(`execution samples: ${total}`);
console.log("by activity (innermost matching frame):");
for (const [n, c] of [...by.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(c)}  ${n}`);
console.log("top frames (own samples):");
for (const [f, c] of [...own.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${pct(c)}  ${f}`);
