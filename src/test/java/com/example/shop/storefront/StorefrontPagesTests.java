package com.example.shop.storefront;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import com.example.shop.ShopFixture;
import com.example.shop.ShopTest;

import static com.example.shop.ShopFixture.ADMIN;
import static com.example.shop.ShopFixture.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.CONTENT_TYPE;
import static org.springframework.http.HttpHeaders.LOCATION;

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

    /** Without cookies, and following no redirect. */
    RestTestClient client;

    @BeforeEach
    void client() {
        client = ShopFixture.client(port);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/", "/login" })
    void publicPagesAreHtmlUnderTheContentSecurityPolicy(String path) {
        client.get().uri(path).exchange()
            .expectStatus().isOk()
            .expectHeader().value(CONTENT_TYPE, type -> assertThat(type).startsWith("text/html"))
            .expectHeader().value("Content-Security-Policy",
                    csp -> assertThat(csp).contains("script-src 'self'").contains("style-src 'self'"))
            .expectBody(String.class).value(page -> assertThat(page).contains("<main"));
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
            assertThat(status(client.get().uri(src.group(1)).exchange())).as(src.group(1)).isEqualTo(200);
        }
        assertThat(count).isPositive();
        Matcher stylesheet = STYLESHEET.matcher(html);
        assertThat(stylesheet.find()).isTrue();
        client.get().uri(stylesheet.group(1)).exchange().expectStatus().isOk();
    }

    @Test
    void javaScriptIsServedAsJavaScriptSoModulesLoad() {
        for (String module : List.of("api", "catalog", "live", "render", "notices", "storefront", "admin", "login")) {
            ResponseSpec script = client.get().uri("/js/" + module + ".js").exchange();
            assertThat(status(script)).as(module).isEqualTo(200);
            script.expectHeader().value(CONTENT_TYPE, type -> assertThat(type).as(module).contains("javascript"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "/admin", "/admin.html" })
    void theAdminPageSendsStrangersToTheLogin(String path) {
        client.get().uri(path).exchange()
            .expectStatus().isFound()
            .expectHeader().value(LOCATION, location -> assertThat(location).endsWith("/login"))
            .expectHeader().doesNotExist("WWW-Authenticate");
    }

    @Test
    void theAdminSignsInWithTheCsrfCookieAndThenWritesWithTheSession() {
        var cookies = new CookieManager();
        // A browser keeps cookies: RestTestClient on a JDK client with a cookie handler, following no redirect.
        RestTestClient browser = RestTestClient.bindToServer(new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build()))
            .baseUrl("http://localhost:" + port)
            .build();
        browser.get().uri("/login").exchange();
        String token = cookie(cookies, "XSRF-TOKEN");

        login(browser, token, "wrong")
            .expectStatus().isUnauthorized()
            .expectHeader().value(CONTENT_TYPE, type -> assertThat(type).startsWith("application/problem+json"))
            .expectBody(String.class).value(body -> assertThat(body).contains("Wrong user name or password"));

        login(browser, cookie(cookies, "XSRF-TOKEN"), PASSWORD)
            .expectStatus().isFound()
            .expectHeader().value(LOCATION, location -> assertThat(location).endsWith("/admin"));

        browser.get().uri("/admin").exchange()
            .expectStatus().isOk()
            .expectBody(String.class).value(page -> assertThat(page).contains("/js/admin.js"));

        String shirt = "{\"name\":\"Session\",\"color\":\"teal\",\"sizes\":[\"M\"],\"price\":20}";
        browser.post().uri("/shirts").header(CONTENT_TYPE, "application/json")
            .header("X-Requested-With", "XMLHttpRequest").body(shirt).exchange()
            .expectStatus().isForbidden();

        browser.post().uri("/shirts").header(CONTENT_TYPE, "application/json")
            .header("X-Requested-With", "XMLHttpRequest").header("X-XSRF-TOKEN", cookie(cookies, "XSRF-TOKEN"))
            .body(shirt).exchange()
            .expectStatus().isCreated();
    }

    @Test
    void curlStillWritesWithBasicAndNoCsrfToken() {
        client.post().uri("/shirts").headers(basic(ADMIN, PASSWORD))
            .header(CONTENT_TYPE, "application/json")
            .body("{\"name\":\"Curl\",\"color\":\"red\",\"sizes\":[\"S\"],\"price\":9.5}")
            .exchange()
            .expectStatus().isCreated();
    }

    private static ResponseSpec login(RestTestClient browser, String token, String password) {
        return browser.post().uri("/login").header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("X-Requested-With", "XMLHttpRequest").header("X-XSRF-TOKEN", token)
            .body("username=admin&password=" + password)
            .exchange();
    }

    private static String cookie(CookieManager cookies, String name) {
        return cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals(name))
            .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new AssertionError("no cookie " + name));
    }

    private static int status(ResponseSpec response) {
        return response.returnResult().getStatus().value();
    }

}
