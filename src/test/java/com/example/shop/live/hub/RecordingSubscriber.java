package com.example.shop.live.hub;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A subscriber that keeps what it is sent, with room for a replay only when told so. */
final class RecordingSubscriber implements Subscriber {

    final List<Prepared> messages = new CopyOnWriteArrayList<>();

    final List<String> reloads = new CopyOnWriteArrayList<>();

    volatile boolean open = true;

    volatile boolean room = true;

    @Override
    public void send(Prepared message) {
        messages.add(message);
    }

    @Override
    public void reload(LiveChannel.Log channel, long seq, String epoch, String why) {
        reloads.add(epoch + ":" + seq + " " + why);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean canTakeMore() {
        return room;
    }

    List<Long> seqs() {
        return messages.stream().map(Prepared::seq).toList();
    }

}
