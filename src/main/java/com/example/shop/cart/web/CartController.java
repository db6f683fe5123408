package com.example.shop.cart.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.DirectFieldBindingResult;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.example.shop.cart.CartView;
import com.example.shop.cart.Carts;
import com.example.shop.web.ClientAddress;
import com.example.shop.web.InvalidRequestException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.UUID;

/**
 * {@code /cart}: the session's cart. The cart's id is created on the first write and kept in the
 * session, so a shopper without a session has an empty cart and gets a session only by adding to
 * it. A browser's writes carry the CSRF token, as every write with a session cookie does.
 */
@RestController
@RequestMapping(path = "/cart", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Cart", description = "The shopper's cart; a shopper is their session (cookie)")
class CartController {

    // The width of cart.address.
    private static final int MAX_ADDRESS_KEY = 64;

    private final Carts carts;

    private final ClientAddress clientAddress;

    CartController(Carts carts, ClientAddress clientAddress) {
        this.carts = carts;
        this.clientAddress = clientAddress;
    }

    /**
     * The key the per-address cart limit counts under: an IPv6 client by its /64, so that it cannot
     * take a new address for each cart. Text a trusted proxy forwarded that is no address at all is
     * cut to what the column holds.
     */
    private String addressKey(HttpServletRequest request) {
        String key = clientAddress.key(request.getRemoteAddr());
        return key.length() <= MAX_ADDRESS_KEY ? key : key.substring(0, MAX_ADDRESS_KEY);
    }

    @GetMapping
    @Operation(summary = "Get the cart", description = "At the catalog's current prices, with when the holds expire.")
    @ApiResponse(responseCode = "200", description = "The cart")
    ResponseEntity<CartView> get(HttpServletRequest request) {
        return answer(carts.view(cartId(request, false)));
    }

    @PutMapping(path = "/items/{shirtId}/{size}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Set a line of the cart", description = """
            Sets the units of a shirt in a size, holds them for `shop.cart.hold` (15 minutes by \
            default) and renews the hold of the whole cart. Quantity 0 removes the line.""")
    @ApiResponse(responseCode = "200", description = "The cart after the change")
    @ApiResponse(responseCode = "400", description = "A size the shirt is not offered in, or a quantity outside 0 to `shop.cart.max-quantity`")
    @ApiResponse(responseCode = "403", description = "A browser request without the CSRF token")
    @ApiResponse(responseCode = "404", description = "No such shirt")
    @ApiResponse(responseCode = "409", description = """
            Fewer units are free (`available` says how many this line can have), or a limit is reached: \
            `limit` names it (`shop.cart.max-units`, `shop.cart.max-holding-carts-per-address`)""")
    @ApiResponse(responseCode = "429", description = """
            Without a session, from an address that started             `shop.cart.max-new-sessions-per-address-per-minute` sessions this minute; `Retry-After` says when to try again""")
    ResponseEntity<CartView> put(@PathVariable long shirtId, @Parameter(example = "M") @PathVariable String size,
            @Valid @RequestBody CartLineRequest body, HttpServletRequest request) {
        int max = carts.properties().maxQuantity();
        java.math.BigDecimal asked = body.quantity() == null ? java.math.BigDecimal.ZERO : body.quantity();
        if (asked.signum() < 0 || asked.compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
            var errors = new DirectFieldBindingResult(body, "cartLine");
            errors.rejectValue("quantity", "range", "must be between 0 and " + max);
            throw new InvalidRequestException(errors);
        }
        int quantity = asked.intValueExact();
        String cartId = cartId(request, quantity > 0);
        if (cartId == null) {
            // Removing a line from a cart that does not exist: still check the shirt and size.
            cartId = UUID.randomUUID().toString();
        }
        return answer(carts.setLine(cartId, addressKey(request), shirtId, size, quantity));
    }

    @DeleteMapping("/items/{shirtId}/{size}")
    @Operation(summary = "Remove a line", description = "Releases its units.")
    @ApiResponse(responseCode = "200", description = "The cart after the change")
    @ApiResponse(responseCode = "400", description = "A size the shirt is not offered in")
    @ApiResponse(responseCode = "404", description = "No such shirt")
    ResponseEntity<CartView> remove(@PathVariable long shirtId, @Parameter(example = "M") @PathVariable String size, HttpServletRequest request) {
        String cartId = cartId(request, false);
        return answer(carts.setLine(cartId == null ? UUID.randomUUID().toString() : cartId, addressKey(request),
                shirtId, size, 0));
    }

    @DeleteMapping
    @Operation(summary = "Empty the cart", description = "Releases every unit it holds.")
    @ApiResponse(responseCode = "200", description = "The empty cart")
    ResponseEntity<CartView> empty(HttpServletRequest request) {
        return answer(carts.empty(cartId(request, false)));
    }

    /** The session's cart id; with {@code create}, a new session and cart id if there are none. */
    static @Nullable String cartId(HttpServletRequest request, boolean create) {
        HttpSession session = request.getSession(create);
        if (session == null) {
            return null;
        }
        Object id = session.getAttribute(Carts.SESSION_ATTRIBUTE);
        if (id == null && create) {
            id = UUID.randomUUID().toString();
            session.setAttribute(Carts.SESSION_ATTRIBUTE, id);
        }
        return (String) id;
    }

    private static ResponseEntity<CartView> answer(CartView cart) {
        // Private: a cart is the shopper's alone, and changes with every hold.
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(cart);
    }

}
