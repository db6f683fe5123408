package com.example.shop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.1 request over a socket bound to a local address of the test's choice (127.0.0.2,
 * 127.0.0.3, ...: all of 127/8 reaches the loopback), so that the shop sees a client other than
 * 127.0.0.1, its trusted proxy in the test profile. Java 17's HTTP client cannot choose its local
 * address.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** A response: its status, its head as sent, and its body (de-chunked). */
    public record Response(int status, String head, String body) {

        /** The values of header {@code name}, in order. */
        public List<String> headers(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return head.lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(line -> line.substring(prefix.length()).strip())
                .toList();
        }

    }

    /**
     * Sends {@code method path} from {@code from} to the shop on {@code port}, with {@code headers}
     * ("Name: value" each) and {@code body} (none if null, else a form), and reads the whole response.
     */
    public static Response send(String from, int port, String method, String path, List<String> headers,
            String body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nConnection: close\r\n");
            headers.forEach(header -> request.append(header).append("\r\n"));
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                request.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
                    .append(content.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            byte[] all = socket.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String head = text.substring(0, end + 2);
            byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
            Response response = new Response(Integer.parseInt(head.split(" ")[1]), head, "");
            boolean chunked = response.headers("Transfer-Encoding").stream().anyMatch(value -> value.equalsIgnoreCase("chunked"));
            byte[] payload = chunked ? dechunk(new java.io.ByteArrayInputStream(rest)) : rest;
            return new Response(response.status(), head, new String(payload, StandardCharsets.UTF_8));
        }
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        while (true) {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                line.append((char) b);
            }
            String size = line.toString().strip();
            int semicolon = size.indexOf(';');
            int length = size.isEmpty() ? 0 : Integer.parseInt(semicolon < 0 ? size : size.substring(0, semicolon), 16);
            if (length == 0) {
                return payload.toByteArray();
            }
            payload.write(in.readNBytes(length));
            in.readNBytes(2);
        }
    }

}
