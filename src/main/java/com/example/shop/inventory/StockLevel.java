package com.example.shop.inventory;

/**
 * One size of one shirt in the stock room.
 *
 * @param stock units on hand, held ones included
 * @param held units carts hold
 * @param available units a shopper can still put in a cart: {@code stock - held}, never negative
 */
public record StockLevel(int stock, int held, int available) {

    static StockLevel of(int stock, int held) {
        return new StockLevel(stock, held, Math.max(0, stock - held));
    }

}
