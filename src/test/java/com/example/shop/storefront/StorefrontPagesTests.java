package com.example.shop.storefront;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.shop.ShopTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages over plain HTTP: served at their addresses, under the CSP, without anything inline the
 * CSP would block, the admin page behind the login, and the login working with the CSRF cookie the
 * way the login page's script uses it.
 */
@ShopTest
class StorefrontPagesTests {

    static final String PASSWORD = ShopTest.PASSWORD;

    private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    private static final Pattern SRC = Pattern.compile("\\bsrc=\"([^\"]+)\"");

    private static final Pattern STYLESHEET = Pattern.compile("<link rel=\"stylesheet\" href=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @ParameterizedTest
    @ValueSource(strings = { "/", "/login" })
    void publicPagesAreHtmlUnderTheContentSecurityPolicy(String path) throws Exception {
        HttpResponse<String> page = get(path);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy"))
            .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'").contains("style-src 'self'"));
        assertThat(page.body()).contains("<main");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/index.html", "/admin.html", "/login.html" })
    void pagesHaveNothingInlineAndEverythingTheyLoadExists(String file) throws Exception {
        String html = new String(getClass().getResourceAsStream("/static" + file).readAllBytes(), StandardCharsets.UTF_8);

        assertThat(html).doesNotContainPattern("(?i)\\sstyle\\s*=").doesNotContainPattern("(?i)<style")
            .doesNotContainPattern("(?i)\\son[a-z]+\\s*=").doesNotContainPattern("(?i)javascript:");
        Matcher scripts = SCRIPT.matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(2)).as("inline script in %s", file).isBlank();
            Matcher src = SRC.matcher(scripts.group(1));
            assertThat(src.find()).as("script without src in %s", file).isTrue();
            assertThat(get(src.group(1)).statusCode()).as(src.group(1)).isEqualTo(200);
        }
        assertThat(count).isPositive();
        Matcher stylesheet = STYLESHEET.matcher(html);
        assertThat(stylesheet.find()).isTrue();
        assertThat(get(stylesheet.group(1)).statusCode()).isEqualTo(200);
    }

    @Test
    void javaScriptIsServedAsJavaScriptSoModulesLoad() throws Exception {
        for (String module : List.of("api", "catalog", "live", "render", "notices", "storefront", "admin", "login")) {
            HttpResponse<String> script = get("/js/" + module + ".js");
            assertThat(script.statusCode()).as(module).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type")).as(module)
                .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "/admin", "/admin.html" })
    void theAdminPageSendsStrangersToTheLogin(String path) throws Exception {
        HttpResponse<String> page = get(path);

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
        assertThat(page.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void theAdminSignsInWithTheCsrfCookieAndThenWritesWithTheSession() throws Exception {
        var cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
        browser.send(request("/login").GET().build(), HttpResponse.BodyHandlers.discarding());
        String token = cookie(cookies, "XSRF-TOKEN");

        HttpResponse<String> wrong = browser.send(loginRequest(token, "wrong"), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(wrong.body()).contains("Wrong user name or password");

        HttpResponse<String> right = browser.send(loginRequest(cookie(cookies, "XSRF-TOKEN"), PASSWORD), HttpResponse.BodyHandlers.ofString());
        assertThat(right.statusCode()).isEqualTo(302);
        assertThat(right.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/admin"));

        HttpResponse<String> admin = browser.send(request("/admin").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("/js/admin.js");

        String shirt = "{\"name\":\"Session\",\"color\":\"teal\",\"sizes\":[\"M\"],\"price\":20}";
        HttpResponse<String> withoutToken = browser.send(request("/shirts").header("Content-Type", "application/json")
            .header("X-Requested-With", "XMLHttpRequest").POST(HttpRequest.BodyPublishers.ofString(shirt)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withoutToken.statusCode()).isEqualTo(403);

        HttpResponse<String> withToken = browser.send(request("/shirts").header("Content-Type", "application/json")
            .header("X-Requested-With", "XMLHttpRequest").header("X-XSRF-TOKEN", cookie(cookies, "XSRF-TOKEN"))
            .POST(HttpRequest.BodyPublishers.ofString(shirt)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).isEqualTo(201);
    }

    @Test
    void curlStillWritesWithBasicAndNoCsrfToken() throws Exception {
        String basic = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> created = http.send(request("/shirts").header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Curl\",\"color\":\"red\",\"sizes\":[\"S\"],\"price\":9.5}"))
            .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(created.statusCode()).isEqualTo(201);
    }

    private HttpRequest loginRequest(String token, String password) {
        return request("/login").header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Requested-With", "XMLHttpRequest").header("X-XSRF-TOKEN", token)
            .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + password))
            .build();
    }

    private static String cookie(CookieManager cookies, String name) {
        return cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals(name))
            .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new AssertionError("no cookie " + name));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

}
