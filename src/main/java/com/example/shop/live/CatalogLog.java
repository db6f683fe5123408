package com.example.shop.live;

import org.springframework.stereotype.Component;

import com.example.shop.catalog.Catalog;
import com.example.shop.catalog.HistoryGoneException;
import com.example.shop.catalog.ShirtChanged;
import com.example.shop.live.feed.OrderedLog;

/**
 * The catalog's change log as the live core reads it: every committed {@link ShirtChanged}, by its
 * seq, within the change log's epoch. No keys: everyone follows the whole catalog.
 */
@Component
class CatalogLog implements OrderedLog {

    private final Catalog catalog;

    CatalogLog(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String epoch() {
        // Read again: asked when the feed starts and when it lost its place (a replaced database).
        return catalog.readEpoch();
    }

    @Override
    public long latestSeq() {
        return catalog.currentSeq();
    }

    @Override
    public Page after(long seq, int limit) {
        try {
            Catalog.Changes changes = catalog.changesAfter(seq, limit);
            return new Page(changes.events().stream().map(CatalogLog::entry).toList(), changes.seq());
        }
        catch (HistoryGoneException ex) {
            throw new GoneException(ex.getMessage(), ex.ahead());
        }
    }

    static Entry entry(ShirtChanged change) {
        return Entry.of(change.seq(), change.type(), change);
    }

}
