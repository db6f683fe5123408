// Client heart-beats as @stomp/stompjs sends them: CONNECT offers heart-beat:10000,10000 and, once
// CONNECTED answers heart-beat:sx,sy, the client sends one every max(10000, sy) ms (none if sy is 0).
export const OFFER = "10000,10000";

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
