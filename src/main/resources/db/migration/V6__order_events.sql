-- The order-events log behind /user/queue/orders and /topic/orders: every order placed and every
-- change of status, written in the transaction that makes it. Written in the SQL that H2 and
-- PostgreSQL share.

-- One row: the last seq of the log and its epoch, the log's own (not the catalog's: the two logs
-- number different things, and either may be reset without the other). Writers lock the row, so
-- seqs follow commit order without gaps, across every shop on one database.
CREATE TABLE order_sequence (
    id       INT         PRIMARY KEY,
    last_seq BIGINT      NOT NULL,
    epoch    VARCHAR(32) NOT NULL
);

INSERT INTO order_sequence (id, last_seq, epoch)
VALUES (1, 0, LPAD(CAST(CAST(FLOOR(random() * 100000000) AS BIGINT) AS VARCHAR(8)), 8, '0')
           || LPAD(CAST(CAST(FLOOR(random() * 100000000) AS BIGINT) AS VARCHAR(8)), 8, '0'));

-- seq counts every order event; owner_seq counts only the events of the owner (the shopper's cart
-- id, as shop_order.owner), so what a shopper is sent reveals nothing about other shoppers.
-- payload is the order as the API shows it, at that moment.
CREATE TABLE order_event (
    seq         BIGINT                   PRIMARY KEY,
    owner       VARCHAR(36)              NOT NULL,
    owner_seq   BIGINT                   NOT NULL,
    type        VARCHAR(20)              NOT NULL,
    order_id    VARCHAR(36)              NOT NULL,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    payload     VARCHAR(200000)          NOT NULL,
    UNIQUE (owner, owner_seq)
);
