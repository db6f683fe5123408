package com.example.shop.storefront;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.example.shop.Externals;
import com.example.shop.ShopFixture;
import com.example.shop.ShopTest;
import com.example.shop.catalog.Catalog;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.http.MediaType.APPLICATION_JSON;

/**
 * The storefront and the admin page in a real headless Chromium against the shop on a real port:
 * what shoppers see, that changes arrive without reloading, that hostile data stays text, and that
 * a page cut off from the WebSocket comes back and misses nothing.
 */
@ShopTest
// A context of its own: FlakyWebSocket cuts every WebSocket of the shop on demand, and pruning here
// empties the change log, which would pull the history from under the live tests sharing a shop.
@TestPropertySource(properties = {
        // History is kept until pruned, and the one test that prunes wants it all gone.
        "shop.catalog.events-retention=0s" })
@Import(FlakyWebSocket.class)
class StorefrontBrowserTests {

    static final String PASSWORD = ShopTest.PASSWORD;

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    // How long a page may take to show what a test waits for: a browser, a server and a database on
    // two cores shared with other work. A wait ends as soon as the page shows it.
    private static final Duration WAIT = Duration.ofSeconds(20);

    // From the admin's click to the card on another window, on the same busy machine. What the test
    // proves is that the card arrives live, without a reload; how fast the shop is, is measured in
    // docs/benchmarks.md.
    private static final Duration LIVE_DEADLINE = Duration.ofSeconds(20);

    // A page cut off from the WebSocket retries with growing pauses (1 s, 2 s, 4 s, ... plus up to
    // a second at random, live.js), so after an outage it may take one more pause to come back.
    private static final Duration RECONNECT = Duration.ofSeconds(30);

    // Runs before every page's own scripts: records CSP violations and script errors, so a test can
    // say "nothing was blocked, nothing failed", and counts alert() calls without blocking on them.
    private static final String PAGE_PROBE = """
            window.__probe = { csp: [], errors: [], alerts: 0 };
            document.addEventListener('securitypolicyviolation',
                (e) => window.__probe.csp.push(e.violatedDirective + ' ' + e.blockedURI));
            window.addEventListener('error', (e) => window.__probe.errors.push(String(e.message)));
            window.addEventListener('unhandledrejection', (e) => window.__probe.errors.push(String(e.reason)));
            """;

    private static final AtomicInteger names = new AtomicInteger();

    private static ChromeDriver browser;

    @LocalServerPort
    int port;

    @Autowired
    FlakyWebSocket webSocket;

    @Autowired
    Catalog catalog;

    @Autowired
    JsonMapper json;

    private final List<String> extraWindows = new ArrayList<>();

    /** The API as curl would use it, to set up and check what the pages show. */
    private RestTestClient api;

    /** The same, as the admin. */
    private RestTestClient adminApi;

    private String storefrontWindow;

    @BeforeAll
    static void startBrowser() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing = "The browser tests need Chromium at " + CHROMIUM + " and its driver at " + CHROMEDRIVER
                + " (apt-get install chromium chromium-driver)";
        Externals.require(installed, missing);
        // Both paths are given, so Selenium Manager has nothing to look up or download.
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--lang=en-US", "--window-size=1280,1000");
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void api() {
        api = ShopFixture.client(port, json);
        adminApi = ShopFixture.asAdmin(api, PASSWORD);
    }

    @BeforeEach
    void firstWindow() {
        storefrontWindow = browser.getWindowHandle();
        // Every test starts signed out (all windows share the browser's cookies).
        browser.manage().deleteAllCookies();
        probeEveryPage();
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    @AfterEach
    void closeExtraWindows() {
        webSocket.reset();
        for (String window : extraWindows) {
            browser.switchTo().window(window).close();
        }
        browser.switchTo().window(storefrontWindow);
    }

    @Test
    void theStorefrontListsTheCatalogAndFiltersSortsAndSearchesItLikeTheApi() {
        openStorefront();

        assertThat(cardNames()).containsExactlyElementsOf(apiNames("sort=createdAt,desc&size=12"));
        assertThat(text(By.id("count"))).matches("\\d+ shirts|Showing 12 of \\d+ shirts");
        WebElement basic = card("Basic");
        assertThat(basic.findElement(By.className("card__color-name")).getText()).isEqualToIgnoringCase("white");
        assertThat(basic.findElements(By.cssSelector(".sizes li"))).extracting(WebElement::getText)
            .containsExactly("XS", "S", "M", "L", "XL", "XXL");
        assertThat(basic.findElement(By.className("card__price")).getText()).isEqualTo("€19.99");
        assertThat(basic.findElement(By.className("tee")).getCssValue("background-color")).isNotEqualTo("rgba(0, 0, 0, 0)");

        new Select(browser.findElement(By.id("color"))).selectByValue("white");
        awaitCardNames(apiNames("color=white&sort=createdAt,desc&size=12"));
        new Select(browser.findElement(By.id("color"))).selectByValue("");
        new Select(browser.findElement(By.id("size"))).selectByValue("XS");
        new Select(browser.findElement(By.id("sort"))).selectByValue("price-asc");
        awaitCardNames(apiNames("sizes=XS&sort=price,asc&size=12"));
        assertThat(browser.getCurrentUrl()).contains("size=XS").contains("sort=price-asc");

        browser.findElement(By.id("q")).sendKeys("cotton");
        awaitCardNames(apiNames("sizes=XS&q=cotton&sort=price,asc&size=12"));
        browser.findElement(By.id("q")).sendKeys("-nothing-like-this");
        wait(WAIT).until(driver -> browser.findElement(By.id("empty")).isDisplayed());
        browser.findElement(By.id("clear")).click();
        awaitCardNames(apiNames("sort=createdAt,desc&size=12"));

        assertNothingBlockedOrBroken();
    }

    @Test
    void moreShirtsThanAPageShowTwelveAndLoadMoreOnRequest() throws Exception {
        for (int i = 0; i < 13; i++) {
            post(shirtJson(uniqueName("Many"), "lime", 40 + i));
        }
        openStorefront();
        int total = json.readTree(get("/shirts?size=1")).get("page").get("totalElements").asInt();

        assertThat(cardNames()).hasSize(12);
        assertThat(text(By.id("count"))).isEqualTo("Showing 12 of " + total + " shirts");
        browser.findElement(By.id("more")).click();
        awaitCardNames(apiNames("sort=createdAt,desc&size=24"));

        // A shirt created now is the newest: it goes on top even though not everything is shown.
        String newest = uniqueName("Newest");
        post(shirtJson(newest, "lime", 99));
        wait(WAIT).until(driver -> !cardNames().isEmpty() && cardNames().get(0).equals(newest));
        assertNothingBlockedOrBroken();
    }

    @Test
    void theStorefrontFitsANarrowPhoneScreen() {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 360, "height", 800, "deviceScaleFactor", 2, "mobile", true));
        try {
            openStorefront();

            assertThat(js("return window.innerWidth")).isEqualTo(360L);
            assertThat(js("return document.documentElement.scrollWidth")).as("no sideways scrolling").isEqualTo(360L);
            for (String control : List.of("q", "color", "size", "sort")) {
                WebElement field = browser.findElement(By.id(control));
                assertThat(field.isDisplayed()).isTrue();
                assertThat(field.getRect().getX() + field.getRect().getWidth()).as(control).isLessThanOrEqualTo(360);
            }
            assertThat(browser.findElement(By.cssSelector("#grid .card")).getRect().getWidth()).isGreaterThan(120);
        }
        finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Test
    void whatTheAdminChangesAppearsOnAnOpenStorefrontWithoutReloadRespectingItsFilters() {
        openStorefront();
        String admin = openAdminWindow();
        signIn();
        String name = uniqueName("Breeze");

        fillShirtForm(name, "sky blue", List.of("S", "M"), "24.50", "Light and airy.");
        Instant submitted = Instant.now();
        browser.findElement(By.id("save")).click();
        wait(WAIT).until(driver -> text(By.id("form-message")).equals("Added " + name + "."));

        browser.switchTo().window(storefrontWindow);
        Duration left = LIVE_DEADLINE.minus(Duration.between(submitted, Instant.now()));
        assertThat(left).as("time left of the deadline").isPositive();
        wait(left).until(driver -> cards(name).size() == 1);
        awaitNotice("New: " + name + ", sky blue");
        assertNotReloaded();

        // Filtered to its color, the shirt stays while it matches ...
        new Select(browser.findElement(By.id("color"))).selectByValue("sky blue");
        awaitCardNames(List.of(name));
        WebElement card = card(name);

        browser.switchTo().window(admin);
        editInAdmin(name, form -> replace(form.findElement(By.id("shirt-price")), "26"));
        browser.switchTo().window(storefrontWindow);
        wait(WAIT).until(driver -> card.findElement(By.className("card__price")).getText().equals("€26.00"));
        assertThat(cards(name)).containsExactly(card);

        // ... and disappears when it no longer does.
        browser.switchTo().window(admin);
        editInAdmin(name, form -> replace(form.findElement(By.id("shirt-color")), "navy"));
        browser.switchTo().window(storefrontWindow);
        wait(WAIT).until(driver -> cards(name).isEmpty());
        assertThat(text(By.id("count"))).isEqualTo("0 shirts");

        new Select(browser.findElement(By.id("color"))).selectByValue("");
        wait(WAIT).until(driver -> cards(name).size() == 1);
        assertThat(card(name).findElement(By.className("card__color-name")).getText()).isEqualToIgnoringCase("navy");

        browser.switchTo().window(admin);
        adminRow(name).findElement(By.className("delete")).click();
        browser.findElement(By.id("confirm-yes")).click();
        wait(WAIT).until(driver -> adminRows(name).isEmpty());
        browser.switchTo().window(storefrontWindow);
        wait(WAIT).until(driver -> cards(name).isEmpty());
        assertNotReloaded();
        assertNothingBlockedOrBroken();
    }

    @Test
    void theAdminFormShowsTheApisValidationErrorsNextToTheirFields() throws Exception {
        openAdminWindow();
        browser.get(url("/admin"));
        wait(WAIT).until(driver -> driver.getCurrentUrl().endsWith("/login"));
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys("not-the-password");
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
        wait(WAIT).until(driver -> text(By.id("login-message")).equals("Wrong user name or password."));
        signIn();

        fillShirtForm(" ", "", List.of(), "1.999", "");
        browser.findElement(By.id("save")).click();
        wait(WAIT).until(driver -> !text(By.id("shirt-name-error")).isEmpty());

        JsonNode problem = json.readTree(post("{\"name\":\" \",\"color\":\"\",\"sizes\":[],\"price\":1.999}"));
        assertThat(problem.get("errors")).isNotEmpty();
        for (JsonNode error : problem.get("errors")) {
            String field = error.get("field").asString();
            assertThat(browser.findElement(By.id("shirt-" + field + "-error")).getDomProperty("textContent")).as(field)
                .contains(error.get("detail").asString());
            WebElement input = browser.findElement(By.id("shirt-" + field));
            assertThat(input.getDomAttribute("aria-invalid")).as(field).isEqualTo("true");
        }
        assertThat(browser.findElement(By.id("shirt-description-error")).getDomProperty("textContent")).isEmpty();
        assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("shirt-name");

        // A stale edit: someone else changes the shirt after the form was filled from it.
        String name = uniqueName("Stale");
        long id = json.readTree(post(shirtJson(name, "olive", 30))).get("id").asLong();
        wait(WAIT).until(driver -> adminRows(name).size() == 1);
        adminRow(name).findElement(By.className("edit")).click();
        wait(WAIT).until(driver -> browser.findElement(By.id("shirt-name")).getDomProperty("value").equals(name));
        put("/shirts/" + id, shirtJson(name, "olive", 31));
        replace(browser.findElement(By.id("shirt-price")), "35");
        browser.findElement(By.id("save")).click();
        wait(WAIT).until(driver -> text(By.id("form-message")).startsWith("Someone else changed this shirt"));
        assertThat(json.readTree(get("/shirts/" + id)).get("price").asDouble()).isEqualTo(31.0);
        assertNothingBlockedOrBroken();
    }

    @Test
    void aHostileNameIsShownAsTextAndRunsNothing() throws Exception {
        String hostile = "<img src=x onerror=alert(1)>";
        openStorefront();

        post("{\"name\":\"" + hostile + "\",\"color\":\"white\",\"sizes\":[\"M\"],\"price\":13.37,"
                + "\"description\":\"<script>alert(2)</script><b>bold</b>\"}");

        wait(WAIT).until(driver -> cards(hostile).size() == 1);
        assertHostileShirtIsText(hostile);
        awaitNotice("New: " + hostile + ", white");
        assertThat(browser.findElements(By.cssSelector("#notices img"))).isEmpty();

        browser.navigate().refresh();
        awaitLive();
        wait(WAIT).until(driver -> cards(hostile).size() == 1);
        assertHostileShirtIsText(hostile);

        openAdminWindow();
        signIn();
        wait(WAIT).until(driver -> adminRows(hostile).size() == 1);
        assertThat(browser.findElements(By.cssSelector("#rows img"))).isEmpty();
        assertNoAlert();
        assertNothingBlockedOrBroken();
    }

    @Test
    void aPageCutOffFromTheWebSocketReconnectsAndCatchesUpOnWhatItMissed() throws Exception {
        openStorefront();

        webSocket.beginOutage();
        wait(WAIT).until(driver -> "reconnecting".equals(liveState()));
        assertThat(text(By.cssSelector("#live-status .live__text"))).isEqualTo("Reconnecting…");
        String missed = uniqueName("Missed");
        long id = json.readTree(post(shirtJson(missed, "teal", 21))).get("id").asLong();
        webSocket.endOutage();

        wait(RECONNECT).until(driver -> "live".equals(liveState()) && cards(missed).size() == 1);
        assertNotReloaded();

        // Live again: the next change arrives as a message.
        put("/shirts/" + id, shirtJson(missed, "teal", 23));
        wait(WAIT).until(driver -> card(missed).findElement(By.className("card__price")).getText().equals("€23.00"));
        assertThat(cards(missed)).hasSize(1);
        assertNothingBlockedOrBroken();
    }

    @Test
    void aLostMessageIsNoticedByTheGapInSeqAndReadFromTheChangeLog() throws Exception {
        openStorefront();
        String lost = uniqueName("Lost");
        String next = uniqueName("Next");

        webSocket.loseNextMessageContaining(lost);
        post(shirtJson(lost, "maroon", 18));
        wait(WAIT).until(driver -> webSocket.lost());
        assertThat(cards(lost)).isEmpty();
        post(shirtJson(next, "maroon", 19));

        // The message of the second comes with seq = last + 2: the page reads the first from the log.
        awaitCardNames(apiNames("sort=createdAt,desc&size=12"));
        assertThat(cardNames().subList(0, 2)).containsExactly(next, lost);
        assertThat(js("return document.querySelectorAll('#notices .notice__text').length")).isEqualTo(2L);
        assertNotReloaded();
        assertNothingBlockedOrBroken();
    }

    @Test
    void aPageAwayLongerThanTheShopRemembersReloadsTheList() throws Exception {
        openStorefront();

        webSocket.beginOutage();
        wait(WAIT).until(driver -> "reconnecting".equals(liveState()));
        String missed = uniqueName("Forgotten");
        post(shirtJson(missed, "coral", 17));
        catalog.prune();
        webSocket.endOutage();

        // /shirts/events answers 410 for a seq it no longer has: the page reloads its list.
        wait(RECONNECT).until(driver -> "live".equals(liveState()) && cards(missed).size() == 1);
        assertNotReloaded();
        assertNothingBlockedOrBroken();
    }

    // ----- The storefront -----

    private void openStorefront() {
        browser.get(url("/"));
        awaitLive();
        wait(WAIT).until(driver -> !text(By.id("count")).startsWith("Loading"));
        js("window.__notReloaded = true");
    }

    private void awaitLive() {
        wait(WAIT).until(driver -> "live".equals(liveState()));
    }

    private String liveState() {
        return browser.findElement(By.id("live-status")).getDomAttribute("data-state");
    }

    /** Waits for a notice; its text is read from the DOM, as it fades in from transparent. */
    @SuppressWarnings("unchecked")
    private void awaitNotice(String text) {
        wait(WAIT).until(driver -> ((List<String>) js(
                "return [...document.querySelectorAll('#notices .notice__text')].map((notice) => notice.textContent)"))
            .contains(text));
    }

    private void assertNotReloaded() {
        assertThat(js("return window.__notReloaded === true")).as("the page was not reloaded").isEqualTo(true);
    }

    private List<String> cardNames() {
        return texts(By.cssSelector("#grid .card .card__name"));
    }

    private void awaitCardNames(List<String> expected) {
        wait(WAIT).withMessage(() -> "the cards are " + cardNames() + ", not " + expected)
            .until(driver -> cardNames().equals(expected));
    }

    @SuppressWarnings("unchecked")
    private List<WebElement> cards(String name) {
        return (List<WebElement>) js("""
                return [...document.querySelectorAll('#grid .card')]
                    .filter((card) => card.querySelector('.card__name').textContent === arguments[0]);""", name);
    }

    private WebElement card(String name) {
        List<WebElement> cards = cards(name);
        assertThat(cards).as("cards named %s", name).hasSize(1);
        return cards.get(0);
    }

    private void assertHostileShirtIsText(String hostile) {
        WebElement card = card(hostile);
        assertThat(card.findElement(By.className("card__name")).getText()).isEqualTo(hostile);
        assertThat(card.findElement(By.className("card__description")).getText())
            .isEqualTo("<script>alert(2)</script><b>bold</b>");
        assertThat(card.findElements(By.cssSelector("img, script, b"))).isEmpty();
        assertNoAlert();
    }

    // ----- The admin page -----

    private String openAdminWindow() {
        browser.switchTo().newWindow(WindowType.WINDOW);
        String window = browser.getWindowHandle();
        extraWindows.add(window);
        probeEveryPage();
        return window;
    }

    private void signIn() {
        browser.get(url("/admin"));
        wait(WAIT).until(driver -> driver.getCurrentUrl().endsWith("/login"));
        replace(browser.findElement(By.id("username")), "admin");
        replace(browser.findElement(By.id("password")), PASSWORD);
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
        wait(WAIT).until(driver -> driver.getCurrentUrl().endsWith("/admin"));
        awaitLive();
        wait(WAIT).until(driver -> !browser.findElements(By.cssSelector("#rows tr")).isEmpty());
    }

    private void fillShirtForm(String name, String color, List<String> sizes, String price, String description) {
        replace(browser.findElement(By.id("shirt-name")), name);
        replace(browser.findElement(By.id("shirt-color")), color);
        for (WebElement size : browser.findElements(By.cssSelector("input[name=sizes]"))) {
            if (size.isSelected() != sizes.contains(size.getDomAttribute("value"))) {
                size.click();
            }
        }
        replace(browser.findElement(By.id("shirt-price")), price);
        replace(browser.findElement(By.id("shirt-description")), description);
    }

    private void editInAdmin(String name, java.util.function.Consumer<WebElement> change) {
        adminRow(name).findElement(By.className("edit")).click();
        wait(WAIT).until(driver -> browser.findElement(By.id("shirt-name")).getDomProperty("value").equals(name));
        change.accept(browser.findElement(By.id("shirt-form")));
        browser.findElement(By.id("save")).click();
        wait(WAIT).until(driver -> text(By.id("form-message")).equals("Saved " + name + "."));
    }

    @SuppressWarnings("unchecked")
    private List<WebElement> adminRows(String name) {
        return (List<WebElement>) js("""
                return [...document.querySelectorAll('#rows tr')]
                    .filter((row) => row.querySelector('.name').textContent === arguments[0]);""", name);
    }

    private WebElement adminRow(String name) {
        wait(WAIT).until(driver -> adminRows(name).size() == 1);
        return adminRows(name).get(0);
    }

    // ----- The browser -----

    /** Installs the probe in the current window for every document it loads from now on. */
    private void probeEveryPage() {
        browser.executeCdpCommand("Page.enable", Map.of());
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PAGE_PROBE));
    }

    private void assertNothingBlockedOrBroken() {
        for (String window : browser.getWindowHandles()) {
            browser.switchTo().window(window);
            assertThat(js("return window.__probe.csp")).as("CSP violations").asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();
            assertThat(js("return window.__probe.errors")).as("script errors").asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();
        }
        browser.switchTo().window(storefrontWindow);
    }

    private void assertNoAlert() {
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    private String text(By by) {
        return browser.findElement(by).getText();
    }

    private List<String> texts(By by) {
        List<String> texts = new ArrayList<>();
        for (WebElement element : browser.findElements(by)) {
            try {
                texts.add(element.getText());
            }
            catch (StaleElementReferenceException ex) {
                // Re-rendered while read; the wait asks again.
                texts.add("");
            }
        }
        return texts;
    }

    private static void replace(WebElement input, String value) {
        input.clear();
        if (!value.isEmpty()) {
            input.sendKeys(value);
        }
    }

    private Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private static WebDriverWait wait(Duration timeout) {
        var wait = new WebDriverWait(browser, timeout, Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    // ----- The API, as curl would use it -----

    private List<String> apiNames(String query) {
        List<String> names = new ArrayList<>();
        json.readTree(get("/shirts?" + query)).get("shirts").forEach(shirt -> names.add(shirt.get("name").asString()));
        return names;
    }

    private static String uniqueName(String prefix) {
        return prefix + " " + names.incrementAndGet();
    }

    private static String shirtJson(String name, String color, int price) {
        return "{\"name\":\"" + name + "\",\"color\":\"" + color + "\",\"sizes\":[\"M\",\"L\"],\"price\":" + price + "}";
    }

    /** The body of a GET. */
    private String get(String path) {
        return ShopFixture.text(api.get().uri(path).exchange());
    }

    /** The body of the answer to a POST of {@code body} to /shirts, as the admin. */
    private String post(String body) {
        return ShopFixture.text(adminApi.post().uri("/shirts").contentType(APPLICATION_JSON).body(body).exchange());
    }

    /** The body of the answer to a PUT of {@code body} to {@code path}, as the admin. */
    private String put(String path, String body) {
        return ShopFixture.text(adminApi.put().uri(path).contentType(APPLICATION_JSON).body(body).exchange());
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

}
