package com.example.shop.live;

import java.util.HashMap;
import java.util.Map;

import org.springframework.test.web.servlet.client.ExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.ShopFixture.getJson;
import static com.example.shop.ShopFixture.text;

/**
 * A live client written as {@code docs/live.md} tells frontend developers to write one: load the
 * catalog and its seq, then apply only changes with a larger seq; on a gap, fetch what is missing
 * from {@code /shirts/events}; on 410, load again. It refuses to apply a change out of order, so a
 * test that ends with its map equal to the server's proves the rule works.
 */
final class CatalogFollower {

    private final RestTestClient http;

    private final JsonMapper json;

    private Map<Long, JsonNode> shirts = new HashMap<>();

    private long last = -1;

    private int catchUps;

    private int reloads;

    private int appliedFromMessages;

    CatalogFollower(RestTestClient http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    /** Loads the whole catalog, every page from the same seq (again if a change slipped between pages). */
    void load() {
        while (true) {
            Map<Long, JsonNode> loaded = new HashMap<>();
            long seq = -1;
            boolean consistent = true;
            for (int page = 0;; page++) {
                JsonNode body = getJson(http, "/shirts?size=100&page=" + page);
                if (seq == -1) {
                    seq = body.get("seq").asLong();
                }
                else if (seq != body.get("seq").asLong()) {
                    consistent = false;
                    break;
                }
                body.get("shirts").forEach(shirt -> loaded.put(shirt.get("id").asLong(), shirt));
                if (page + 1 >= body.at("/page/totalPages").asInt()) {
                    break;
                }
            }
            if (consistent) {
                shirts = loaded;
                last = seq;
                return;
            }
        }
    }

    /** A message from {@code /topic/shirts}. */
    void onMessage(byte[] body) {
        JsonNode change = json.readTree(body);
        long seq = change.get("seq").asLong();
        if (seq <= last) {
            return;
        }
        if (seq > last + 1) {
            catchUp();
            if (seq <= last) {
                return;
            }
        }
        apply(change);
        appliedFromMessages++;
    }

    /** Fetches every change after the last one applied. */
    void catchUp() {
        catchUps++;
        while (true) {
            ExchangeResult response = http.get().uri("/shirts/events?after=" + last).exchange().returnResult();
            int status = response.getStatus().value();
            if (status == 410) {
                reloads++;
                load();
                return;
            }
            if (status != 200) {
                throw new IllegalStateException("/shirts/events answered " + status + ": " + text(response));
            }
            JsonNode page = json.readTree(text(response));
            for (JsonNode change : page.get("events")) {
                if (change.get("seq").asLong() > last) {
                    apply(change);
                }
            }
            if (page.get("events").isEmpty() || last >= page.get("seq").asLong()) {
                return;
            }
        }
    }

    private void apply(JsonNode change) {
        long seq = change.get("seq").asLong();
        if (seq != last + 1) {
            throw new IllegalStateException("Change " + seq + " applied after " + last);
        }
        JsonNode shirt = change.get("shirt");
        long id = shirt.get("id").asLong();
        switch (change.get("type").asString()) {
            case "shirt.created", "shirt.updated" -> shirts.put(id, shirt);
            case "shirt.deleted" -> shirts.remove(id);
            default -> throw new IllegalStateException("Unknown change " + change);
        }
        last = seq;
    }

    Map<Long, JsonNode> shirts() {
        return shirts;
    }

    long last() {
        return last;
    }

    int catchUps() {
        return catchUps;
    }

    int reloads() {
        return reloads;
    }

    int appliedFromMessages() {
        return appliedFromMessages;
    }

}
