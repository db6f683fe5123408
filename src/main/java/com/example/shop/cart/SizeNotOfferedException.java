package com.example.shop.cart;

import java.util.Set;

import com.example.shop.catalog.ShirtSize;

/** A cart line for a size the shirt is not offered in. */
public class SizeNotOfferedException extends RuntimeException {

    private final Set<ShirtSize> offered;

    public SizeNotOfferedException(long shirtId, String size, Set<ShirtSize> offered) {
        super("Shirt " + shirtId + " is not offered in " + size + "; it is offered in " + offered + ".");
        this.offered = Set.copyOf(offered);
    }

    public Set<ShirtSize> offered() {
        return offered;
    }

}
