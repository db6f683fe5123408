package com.example.shop.live;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.client.ResourceAccessException;

import com.example.shop.PostgresDatabase;
import com.example.shop.ShopApplication;
import com.example.shop.ShopFixture;

import static org.awaitility.Awaitility.await;

/**
 * A shop in a JVM of its own, started as an operator would start it (the datasource and the admin
 * password from the environment): from the test's classes on the {@code postgres} profile, or
 * from the executable jar. A test can kill it as
 * the operating system would: {@link #kill()} is SIGKILL, with no shutdown hook, no graceful
 * shutdown, nothing flushed. Its output goes to {@code target/shop-process-<port>.log}.
 */
final class ShopProcess implements AutoCloseable {

    /** A JVM on a busy two-core machine takes a while to start a shop. */
    static final Duration STARTUP = Duration.ofMinutes(3);

    private final Process process;

    private final int port;

    private final Path log;

    private ShopProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a shop on a free port and waits until it is ready to take requests. */
    static ShopProcess start(PostgresDatabase database, String adminPassword, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(),
                // A short-lived JVM: start fast rather than optimize for the long run.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), ShopApplication.class.getName(),
                "--spring.profiles.active=postgres"));
        command.addAll(List.of(arguments));
        return launch(command, Map.of("POSTGRES_URL", database.url(), "POSTGRES_USER", database.username(),
                "POSTGRES_PASSWORD", database.password(), "SHOP_ADMIN_PASSWORD", adminPassword));
    }

    /**
     * Starts the shop's executable jar as an operator runs it, {@code java [jvmOptions] -jar jar
     * [arguments]}, on a free port, and waits until it is ready to take requests.
     */
    static ShopProcess startJar(Path jar, List<String> jvmOptions, String adminPassword, String... arguments)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(arguments));
        return launch(command, Map.of("SHOP_ADMIN_PASSWORD", adminPassword));
    }

    private static ShopProcess launch(List<String> command, Map<String, String> environment) throws IOException {
        int port = freePort();
        Path log = Path.of("target", "shop-process-" + port + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        List<String> withPort = new ArrayList<>(command);
        withPort.addAll(List.of("--server.port=" + port, "--spring.main.banner-mode=off"));
        ProcessBuilder builder = new ProcessBuilder(withPort).redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        ShopProcess shop = new ShopProcess(builder.start(), port, log);
        try {
            shop.awaitReady();
        }
        catch (RuntimeException | Error ex) {
            shop.close();
            throw ex;
        }
        return shop;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void awaitReady() {
        RestTestClient http = ShopFixture.client(port);
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("The shop exited with " + process.exitValue() + " before it was ready:\n" + log());
            }
            try {
                return http.get().uri("/actuator/health/readiness").exchange().returnResult().getStatus().value() == 200;
            }
            catch (ResourceAccessException ex) {
                // Not listening yet.
                return false;
            }
        });
    }

    int port() {
        return port;
    }

    /** Kills the shop with SIGKILL and answers its exit status, 137 (128 + 9) when the signal killed it. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("The shop outlived SIGKILL by 30 s");
        }
        return process.exitValue();
    }

    /** What the shop wrote, for a failure message. */
    String log() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= 20_000 ? text : "..." + text.substring(text.length() - 20_000);
        }
        catch (IOException ex) {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

}
