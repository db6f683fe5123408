package com.example.shop;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The steps sales tests set up with, through the API; each checks its own status. */
public final class SalesFixture {

    private SalesFixture() {
    }

    /** The admin, as a browser-like client with HTTP Basic credentials. */
    public static Shopper admin(HttpClient http, int port) {
        String credentials = Base64.getEncoder().encodeToString(("admin:" + ShopTest.PASSWORD).getBytes(StandardCharsets.UTF_8));
        return new Shopper(http, port).with("Authorization", "Basic " + credentials);
    }

    /**
     * A shopper with a client address of its own under {@code prefix} (such as {@code "10.9."}), as
     * forwarded by the test profile's trusted proxy: so the per-address cart limit counts this
     * shopper apart from every other test's.
     */
    public static Shopper shopperFrom(HttpClient http, int port, String prefix) {
        String address = prefix + (int) (Math.random() * 250) + (prefix.chars().filter(c -> c == '.').count() < 3
                ? "." + (int) (Math.random() * 250) : "");
        return new Shopper(http, port).with("X-Forwarded-For", address);
    }

    /** Creates a shirt offered in S and M at 20.00 and answers its id. */
    public static long shirt(Shopper admin, String name) {
        Shopper.Answer created = admin.post("/shirts",
                "{\"name\":\"" + name + "\",\"color\":\"blue\",\"sizes\":[\"S\",\"M\"],\"price\":20.00}", Map.of());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    /** Sets the stock of a shirt in S and M. */
    public static void stock(Shopper admin, long shirtId, int s, int m) {
        Shopper.Answer answer = admin.put("/shirts/" + shirtId + "/stock", "{\"S\":" + s + ",\"M\":" + m + "}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    /** The units of a shirt available in a size, as anyone sees them. */
    public static int available(Shopper anyone, long shirtId, String size) {
        Shopper.Answer answer = anyone.get("/shirts/" + shirtId + "/availability");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode sizes = answer.json();
        return sizes.get(size).asInt();
    }

    /** Puts {@code quantity} of a shirt in a size in the shopper's cart; answers the answer. */
    public static Shopper.Answer add(Shopper shopper, long shirtId, String size, int quantity) {
        return shopper.put("/cart/items/" + shirtId + "/" + size, "{\"quantity\":" + quantity + "}");
    }

    public static Shopper.Answer checkout(Shopper shopper) {
        return shopper.post("/orders", "{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"address\":\"12 St James's Square, London\"}", Map.of());
    }

    /** A new shirt named {@code name}, with {@code s} units of S and {@code m} of M in stock. */
    public static long stockedShirt(Shopper admin, String name, int s, int m) {
        long id = shirt(admin, name);
        stock(admin, id, s, m);
        return id;
    }

    /** One unit of {@code size} of the shirt added to the shopper's cart and checked out: the order's id. */
    public static String order(Shopper shopper, long shirtId, String size) {
        add(shopper, shirtId, size, 1);
        return checkout(shopper).json().get("id").asString();
    }

}
