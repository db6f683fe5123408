-- Selling: stock per shirt and size, carts whose lines hold units, orders. Written in the SQL that
-- H2 and PostgreSQL share. Every existing row stays; each size of each shirt starts with 25 units.

-- Units on hand per shirt and size. held counts the units carts hold; available is on_hand - held.
-- The checks make the database itself refuse to oversell: nothing can hold more than is on hand.
CREATE TABLE stock (
    shirt_id BIGINT     NOT NULL REFERENCES shirt (id) ON DELETE CASCADE,
    size     VARCHAR(3) NOT NULL,
    on_hand  INT        NOT NULL CHECK (on_hand >= 0),
    held     INT        NOT NULL CHECK (held >= 0),
    sold     BIGINT     NOT NULL CHECK (sold >= 0),
    CHECK (held <= on_hand),
    PRIMARY KEY (shirt_id, size)
);

INSERT INTO stock (shirt_id, size, on_hand, held, sold) SELECT shirt_id, size, 25, 0, 0 FROM shirt_size;

-- A shopper's cart. hold_expires_at is set while some line holds units, null when none does.
CREATE TABLE cart (
    id              VARCHAR(36)              PRIMARY KEY,
    address         VARCHAR(64)              NOT NULL,
    hold_expires_at TIMESTAMP WITH TIME ZONE,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX cart_hold_expires_at_idx ON cart (hold_expires_at);
CREATE INDEX cart_address_idx ON cart (address, hold_expires_at);

-- held is what the line holds of its quantity: all of it, or nothing once its hold was released.
CREATE TABLE cart_line (
    cart_id  VARCHAR(36) NOT NULL REFERENCES cart (id) ON DELETE CASCADE,
    shirt_id BIGINT      NOT NULL REFERENCES shirt (id) ON DELETE CASCADE,
    size     VARCHAR(3)  NOT NULL,
    quantity INT         NOT NULL CHECK (quantity > 0),
    held     INT         NOT NULL CHECK (held >= 0),
    added_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (cart_id, shirt_id, size)
);

-- An order. Its id is random; owner is the cart (and so the session) that placed it. The lines keep
-- the name, color and price at purchase, so they need no shirt to exist later.
CREATE TABLE shop_order (
    id              VARCHAR(36)              PRIMARY KEY,
    owner           VARCHAR(36)              NOT NULL,
    status          VARCHAR(10)              NOT NULL,
    placed_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    total           NUMERIC(12, 2)           NOT NULL,
    buyer_name      VARCHAR(100)             NOT NULL,
    email           VARCHAR(254)             NOT NULL,
    address         VARCHAR(500)             NOT NULL,
    version         BIGINT                   NOT NULL,
    idempotency_key VARCHAR(255),
    fingerprint     VARCHAR(64),
    UNIQUE (owner, idempotency_key)
);

CREATE INDEX shop_order_owner_idx ON shop_order (owner, placed_at);
CREATE INDEX shop_order_status_idx ON shop_order (status, placed_at);

CREATE TABLE order_line (
    order_id   VARCHAR(36)    NOT NULL REFERENCES shop_order (id) ON DELETE CASCADE,
    shirt_id   BIGINT         NOT NULL,
    size       VARCHAR(3)     NOT NULL,
    name       VARCHAR(100)   NOT NULL,
    color      VARCHAR(30)    NOT NULL,
    quantity   INT            NOT NULL CHECK (quantity > 0),
    unit_price NUMERIC(10, 2) NOT NULL,
    PRIMARY KEY (order_id, shirt_id, size)
);
