package com.example.shop.live.outbound;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The way out to one client, with a real writer pool and a sink that can be made to stop reading:
 * order, the bounded queue, stalls, heart-beats, the error frame and idle clients. No server.
 */
class ConnectionTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ExecutorService writers = Executors.newFixedThreadPool(2);

    private final RecordingSink sink = new RecordingSink();

    private final AtomicInteger forgotten = new AtomicInteger();

    @AfterEach
    void stop() {
        sink.release();
        writers.shutdownNow();
    }

    private Connections connections(Duration sendTimeLimit, int bufferSizeLimit, int maxFrames, Duration idle,
            Duration connect) {
        return new Connections(writers, new Connections.Settings(sendTimeLimit, bufferSizeLimit, maxFrames, idle, connect, 2),
                Duration.ofMinutes(1));
    }

    private Connection open(Connections connections) {
        return connections.open("c1", sink, forgotten::incrementAndGet);
    }

    private static Connection.Frame frame(String text) {
        return new Connection.Frame(text, text.length());
    }

    @Test
    void framesAreWrittenInTheOrderTheyWereHandedOver() {
        Connection connection = open(connections(Duration.ofSeconds(10), 1 << 20, 1000, Duration.ZERO, Duration.ZERO));
        for (int i = 0; i < 500; i++) {
            connection.send(frame("f" + i));
        }
        await().atMost(WAIT).until(() -> sink.written.size() == 500);
        assertThat(sink.written).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 500).mapToObj(i -> "f" + i).toList());
        assertThat(sink.maxConcurrentWrites.get()).isOne();
    }

    @Test
    void aClientThatLetsMoreThanTheBufferLimitWaitIsClosedAsTooSlow() {
        Connections connections = connections(Duration.ofSeconds(10), 100, 1000, Duration.ZERO, Duration.ZERO);
        Connection connection = open(connections);
        sink.stall();
        connection.send(frame("x".repeat(10)));
        await().atMost(WAIT).until(() -> sink.writing.get() == 1);
        for (int i = 0; i < 4; i++) {
            connection.send(frame("y".repeat(20)));
        }
        assertThat(connection.hasRoom()).isFalse();
        assertThat(sink.closes).isEmpty();
        connection.send(frame("z".repeat(30)));
        await().atMost(WAIT).until(() -> sink.closes.contains(Connection.Reason.TOO_SLOW));
        assertThat(connection.isOpen()).isFalse();
        assertThat(forgotten).hasValue(1);
        assertThat(connections.size()).isZero();
    }

    @Test
    void theMostFramesWaitingAreBoundedToo() {
        Connection connection = open(connections(Duration.ofSeconds(10), 1 << 20, 4, Duration.ZERO, Duration.ZERO));
        sink.stall();
        connection.send(frame("first"));
        await().atMost(WAIT).until(() -> sink.writing.get() == 1);
        for (int i = 0; i < 5; i++) {
            connection.send(frame("more"));
        }
        await().atMost(WAIT).until(() -> sink.closes.contains(Connection.Reason.TOO_SLOW));
    }

    @Test
    void aWriteStalledPastTheSendTimeLimitIsGivenUp() {
        Connections connections = connections(Duration.ofMillis(200), 1 << 20, 1000, Duration.ZERO, Duration.ZERO);
        sink.stall();
        open(connections).send(frame("never taken"));
        await().atMost(WAIT).until(() -> sink.writing.get() == 1);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            connections.tick();
            return sink.aborted.get() > 0;
        });
        await().atMost(WAIT).until(() -> sink.closes.contains(Connection.Reason.TOO_SLOW));
        assertThat(connections.size()).isZero();
    }

    @Test
    void anIdleConnectionGetsAHeartBeatAndABusyOneNone() throws InterruptedException {
        Connections connections = connections(Duration.ofSeconds(10), 1 << 20, 1000, Duration.ZERO, Duration.ZERO);
        Connection connection = open(connections);
        connection.heartBeatEvery(Duration.ofMillis(100), frame("\n"));
        connections.tick();
        assertThat(sink.written).isEmpty();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
            connections.tick();
            return sink.written.contains("\n");
        });
        sink.written.clear();
        connection.send(frame("change"));
        connections.tick();
        await().atMost(WAIT).until(() -> sink.written.contains("change"));
        assertThat(sink.written).doesNotContain("\n");
    }

    @Test
    void anErrorFrameIsTheLastAndTheConnectionClosesOnceItIsWritten() {
        Connection connection = open(connections(Duration.ofSeconds(10), 1 << 20, 1000, Duration.ZERO, Duration.ZERO));
        connection.send(frame("before"));
        connection.sendError(frame("ERROR"));
        connection.send(frame("after"));
        await().atMost(WAIT).until(() -> sink.closes.contains(Connection.Reason.PROTOCOL_ERROR));
        assertThat(sink.written).containsExactly("before", "ERROR");
    }

    @Test
    void aClientThatAgreedToSendHeartBeatsMayMissTwoEvenPastTheIdleTimeoutButNoMore() {
        Duration idleTimeout = Duration.ofSeconds(60);
        Connections connections = connections(Duration.ofSeconds(10), 1 << 20, 1000, idleTimeout, Duration.ofSeconds(30));
        Connection beating = connections.open("beating", sink, () -> { });
        beating.connected();
        beating.received();
        long heard = beating.lastReceived();
        long idle = idleTimeout.toNanos();
        long connect = Duration.ofSeconds(30).toNanos();
        assertThat(beating.idle(heard + Duration.ofSeconds(61).toNanos(), idle, connect)).isEqualTo(Connection.Reason.IDLE);

        // Heart-beats every 25 s: three missed take 75 s, longer than the idle timeout.
        beating.expectHeartBeats(Duration.ofSeconds(25));
        assertThat(beating.idle(heard + Duration.ofSeconds(61).toNanos(), idle, connect)).isNull();
        assertThat(beating.idle(heard + Duration.ofSeconds(76).toNanos(), idle, connect)).isEqualTo(Connection.Reason.IDLE);
        assertThat(beating.allowedSilence(idleTimeout)).isEqualTo(Duration.ofSeconds(75));

        // Frequent heart-beats never make the idle timeout shorter.
        beating.expectHeartBeats(Duration.ofSeconds(5));
        assertThat(beating.idle(heard + Duration.ofSeconds(59).toNanos(), idle, connect)).isNull();
        assertThat(beating.allowedSilence(idleTimeout)).isEqualTo(idleTimeout);
    }

    @Test
    void aClientThatSendsNothingIsClosedAndOneWithoutConnectToo() {
        Connections connections = connections(Duration.ofSeconds(10), 1 << 20, 1000, Duration.ofMillis(100), Duration.ofMillis(100));
        Connection silent = connections.open("silent", sink, () -> { });
        RecordingSink other = new RecordingSink();
        Connection talking = connections.open("talking", other, () -> { });
        talking.connected();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
            talking.received();
            connections.tick();
            return !sink.closes.isEmpty();
        });
        assertThat(sink.closes).containsExactly(Connection.Reason.NO_CONNECT);
        assertThat(silent.isOpen()).isFalse();
        assertThat(other.closes).isEmpty();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
            connections.tick();
            return !other.closes.isEmpty();
        });
        assertThat(other.closes).containsExactly(Connection.Reason.IDLE);
    }

    /** A client: writes are recorded, and block while it has stopped reading. */
    static final class RecordingSink implements Connection.Sink {

        final List<String> written = new CopyOnWriteArrayList<>();

        final List<Connection.Reason> closes = new CopyOnWriteArrayList<>();

        final AtomicInteger writing = new AtomicInteger();

        final AtomicInteger maxConcurrentWrites = new AtomicInteger();

        final AtomicInteger aborted = new AtomicInteger();

        private volatile @Nullable CountDownLatch reading;

        void stall() {
            reading = new CountDownLatch(1);
        }

        void release() {
            CountDownLatch latch = reading;
            if (latch != null) {
                latch.countDown();
            }
        }

        @Override
        public void write(Connection.Frame frame) throws IOException {
            maxConcurrentWrites.accumulateAndGet(writing.incrementAndGet(), Math::max);
            try {
                CountDownLatch latch = reading;
                if (latch != null && !latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IOException("timed out");
                }
                written.add((String) frame.message());
            }
            catch (InterruptedException ex) {
                throw new InterruptedIOException("write given up");
            }
            finally {
                writing.decrementAndGet();
            }
        }

        @Override
        public void close(Connection.Reason reason) {
            closes.add(reason);
        }

        @Override
        public void abort(Thread writer) {
            aborted.incrementAndGet();
            Connection.Sink.super.abort(writer);
        }

    }

}
