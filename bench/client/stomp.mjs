// What the browser-like load clients share: STOMP frames as text, and heart-beats as
// @stomp/stompjs sends them: CONNECT offers heart-beat:10000,10000 and, once CONNECTED answers
// heart-beat:sx,sy, the client sends one every max(10000, sy) ms (none if sy is 0).
import WebSocket from "ws";

export const OFFER = "10000,10000";

/** A STOMP frame as one text message. */
export function frame(command, headers, body = "") {
  return command + "\n" + Object.entries(headers).map(([k, v]) => `${k}:${v}`).join("\n") + "\n\n" + body + "\0";
}

/** The interval (ms) at which the client sends heart-beats, from CONNECTED's heart-beat header value. */
export function sendEvery(value) {
  const [, serverWants] = String(value ?? "0,0").split(",").map(Number);
  return serverWants > 0 ? Math.max(10000, serverWants) : 0;
}

/** The same, from the head of a raw CONNECTED frame. */
export function sendEveryFromHead(head) {
  const m = /\nheart-beat:([0-9]+,[0-9]+)/.exec(head);
  return sendEvery(m ? m[1] : "0,0");
}

/**
 * Sends each open connection of {@code conns} ({ ws, beatEvery, lastSent }) its heart-beat when
 * due, checked every second; answers the timer, for clearInterval.
 */
export function sendHeartBeats(conns, now = Date.now) {
  return setInterval(() => {
    const t = now();
    for (const c of conns) {
      if (c.beatEvery && c.ws.readyState === WebSocket.OPEN && t - c.lastSent >= c.beatEvery - 500) { c.ws.send("\n"); c.lastSent = t; }
    }
  }, 1000);
}
