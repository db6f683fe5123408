-- The order-events log is pruned (shop.orders.events-retention), so each owner's own seq can no
-- longer be read as the largest owner_seq of their events: once all of them are pruned it would
-- start again at 1, and a shopper's tab that saw seq 3 would take the new seq 1 for something it
-- already applied. Each owner's last seq is kept here instead, for good: one short row per shopper
-- who ever ordered, as lasting as their orders. Written under the order_sequence lock, like the log.
CREATE TABLE order_owner_sequence (
    owner    VARCHAR(36) PRIMARY KEY,
    last_seq BIGINT      NOT NULL
);

INSERT INTO order_owner_sequence (owner, last_seq)
SELECT owner, MAX(owner_seq) FROM order_event GROUP BY owner;

-- Pruning looks for the last event older than the retention.
CREATE INDEX order_event_occurred_at ON order_event (occurred_at);
