package com.example.shop.inventory;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import com.example.shop.SalesFixture;
import com.example.shop.Shopper;

/**
 * Many shoppers, each a session of their own, asking for one unit of the same shirt and size at
 * the same moment. Answers how many got each status.
 */
public final class FlashSale {

    private FlashSale() {
    }

    /** {@code shoppers} shoppers, the i-th through {@code port.apply(i)}, each adding one unit of shirtId in size. */
    public static Map<Integer, Integer> race(HttpClient http, int shoppers, IntFunction<Integer> port, long shirtId, String size)
            throws Exception {
        List<Shopper> all = new ArrayList<>();
        for (int i = 0; i < shoppers; i++) {
            Shopper shopper = new Shopper(http, port.apply(i)).with("X-Forwarded-For", "10.200." + (i / 250) + "." + (i % 250));
            shopper.get("/cart"); // the CSRF token, before the start
            all.add(shopper);
        }
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(shoppers, 100));
        try {
            List<Future<?>> done = new ArrayList<>();
            AtomicInteger ready = new AtomicInteger();
            for (Shopper shopper : all) {
                done.add(pool.submit(() -> {
                    ready.incrementAndGet();
                    start.await();
                    int status = SalesFixture.add(shopper, shirtId, size, 1).status();
                    statuses.merge(status, 1, Integer::sum);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(2, TimeUnit.MINUTES);
            }
        }
        finally {
            pool.shutdownNow();
        }
        return statuses;
    }

}
