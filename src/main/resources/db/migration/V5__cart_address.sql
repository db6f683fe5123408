-- One row per client address key (an IPv6 client by its /64) that has opened a cart: the row a
-- cart change locks to count, and change, how many carts hold stock from that address, so that
-- concurrent requests of several carts cannot pass shop.cart.max-holding-carts-per-address together.
CREATE TABLE cart_address (
    address VARCHAR(64) PRIMARY KEY
);
