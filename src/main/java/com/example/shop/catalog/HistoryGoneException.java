package com.example.shop.catalog;

/**
 * The changes after the asked-for seq are no longer kept (pruned), or the seq is ahead of the
 * catalog (a client of another database): nobody can be brought up to date change by change from
 * there, and a client starts over from the current catalog.
 */
public class HistoryGoneException extends RuntimeException {

    private final long after;

    private final long oldestKept;

    private final long latest;

    public HistoryGoneException(long after, long oldestKept, long latest) {
        super(after > latest ? "seq " + after + " is ahead of the catalog, whose latest seq is " + latest
                : "the changes after seq " + after + " are no longer kept; the oldest kept is " + oldestKept);
        this.after = after;
        this.oldestKept = oldestKept;
        this.latest = latest;
    }

    public long after() {
        return after;
    }

    public long oldestKept() {
        return oldestKept;
    }

    public long latest() {
        return latest;
    }

    /** Whether the asked-for seq is ahead of the catalog, rather than pruned. */
    public boolean ahead() {
        return after > latest;
    }

}
