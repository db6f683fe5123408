package com.example.shop.inventory;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.example.shop.SalesFixture;
import com.example.shop.ShopTest;
import com.example.shop.Shopper;

import static com.example.shop.SalesFixture.available;
import static com.example.shop.SalesFixture.stockedShirt;
import static org.assertj.core.api.Assertions.assertThat;

/** The race on the embedded database: 200 shoppers, 10 units, one size. */
@ShopTest
class NeverOversellTests {

    static final HttpClient HTTP = Shopper.client();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void twoHundredShoppersRaceForTenUnitsAndExactlyTenGetOne() throws Exception {
        Shopper admin = SalesFixture.admin(HTTP, port);
        long id = stockedShirt(admin, "race-" + UUID.randomUUID().toString().substring(0, 8), 10, 10);

        Map<Integer, Integer> statuses = FlashSale.race(HTTP, 200, i -> port, id, "M");

        assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(200, 10, 409, 190));
        assertThat(available(new Shopper(HTTP, port), id, "M")).isZero();
        assertThat(available(new Shopper(HTTP, port), id, "S")).isEqualTo(10);
        assertThat(jdbc.queryForObject("SELECT held FROM stock WHERE shirt_id = ? AND size = 'M'", Integer.class, id)).isEqualTo(10);
        assertThat(jdbc.queryForObject("SELECT COALESCE(SUM(quantity), 0) FROM cart_line WHERE shirt_id = ? AND size = 'M'", Integer.class, id))
            .isEqualTo(10);
    }

}
