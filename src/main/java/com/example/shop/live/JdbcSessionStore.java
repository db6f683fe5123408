package com.example.shop.live;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sessions of Spring Session JDBC, read and renewed in their table directly, a chunk of ids
 * per statement: Spring Session's {@code JdbcIndexedSessionRepository} looks sessions up one at a
 * time, each with its attributes read and deserialised, which for the thousands of sessions with
 * live connections would be thousands of queries every check on the pool the shoppers' requests
 * need. The columns used ({@code SESSION_ID}, {@code LAST_ACCESS_TIME}, {@code MAX_INACTIVE_INTERVAL},
 * {@code EXPIRY_TIME}) are Spring Session's documented schema, and the expiry is judged as it judges
 * it: a session whose {@code MAX_INACTIVE_INTERVAL} is negative never expires, any other once
 * {@code EXPIRY_TIME} (its last access plus that interval) is not in the future.
 */
final class JdbcSessionStore implements SessionStore {

    /** Ids per statement: far below every database's limit of parameters, and a short statement. */
    static final int CHUNK = 1000;

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private final JdbcClient jdbc;

    private final String existing;

    private final String renew;

    /**
     * @param tableName Spring Session's table ({@code spring.session.jdbc.table-name}); it is written
     *        into the statements, so it must be a plain (optionally schema-qualified) name
     */
    JdbcSessionStore(JdbcClient jdbc, String tableName) {
        if (!TABLE_NAME.matcher(tableName).matches()) {
            throw new IllegalArgumentException("Not a table name: " + tableName);
        }
        this.jdbc = jdbc;
        this.existing = "SELECT SESSION_ID FROM " + tableName + " WHERE SESSION_ID IN (:ids)"
                + " AND (MAX_INACTIVE_INTERVAL < 0 OR EXPIRY_TIME > :now)";
        // Only rows that are there and not expired (a logout deleted the row: it stays deleted; an
        // expired one stays expired), and never backwards (a request on another shop may have
        // touched it later).
        this.renew = "UPDATE " + tableName + " SET LAST_ACCESS_TIME = :now,"
                + " EXPIRY_TIME = :now + CAST(MAX_INACTIVE_INTERVAL AS BIGINT) * 1000"
                + " WHERE SESSION_ID IN (:ids) AND MAX_INACTIVE_INTERVAL >= 0 AND EXPIRY_TIME > :now"
                + " AND LAST_ACCESS_TIME < :now";
    }

    @Override
    public Set<String> existing(Collection<String> sessionIds) {
        Set<String> existing = new HashSet<>();
        long now = System.currentTimeMillis();
        for (List<String> chunk : chunks(sessionIds)) {
            jdbc.sql(this.existing).param("ids", chunk).param("now", now)
                .query((row, number) -> row.getString(1))
                .list()
                // SESSION_ID is CHAR(36): a shorter id would come back padded.
                .forEach(id -> existing.add(id.stripTrailing()));
        }
        return existing;
    }

    @Override
    public int renew(Collection<String> sessionIds) {
        int renewed = 0;
        // Spring Session's own clock is the wall clock, and other shops' too.
        long now = System.currentTimeMillis();
        for (List<String> chunk : chunks(sessionIds)) {
            renewed += jdbc.sql(renew).param("ids", chunk).param("now", now).update();
        }
        return renewed;
    }

    /**
     * The ids in sorted chunks: two shops renewing the sessions of one shopper lock their rows in
     * the same order.
     */
    static List<List<String>> chunks(Collection<String> sessionIds) {
        List<String> sorted = new ArrayList<>(sessionIds);
        sorted.sort(null);
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < sorted.size(); from += CHUNK) {
            chunks.add(sorted.subList(from, Math.min(sorted.size(), from + CHUNK)));
        }
        return chunks;
    }

}
