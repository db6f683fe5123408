package com.example.shop.storefront;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.shop.Externals;
import com.example.shop.SalesFixture;
import com.example.shop.ShopTest;
import com.example.shop.Shopper;

import static com.example.shop.SalesFixture.stockedShirt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shopper's own channels in real headless Chromium: two tabs of one shopper keep one cart, the
 * order page turns PAID when the admin marks it, and another shopper's open order page receives
 * nothing of it (every WebSocket message a page receives is recorded and looked at).
 */
@ShopTest
class OwnChannelsBrowserTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final Duration WAIT = Duration.ofSeconds(20);

    // Runs before the page's scripts (of the browser's first tab): records CSP violations, script
    // errors, and every text message of every WebSocket the page opens.
    private static final String PAGE_PROBE = """
            window.__probe = { csp: [], errors: [] };
            window.__frames = [];
            document.addEventListener('securitypolicyviolation',
                (e) => window.__probe.csp.push(e.violatedDirective + ' ' + e.blockedURI));
            window.addEventListener('error', (e) => window.__probe.errors.push(String(e.message)));
            window.addEventListener('unhandledrejection', (e) => window.__probe.errors.push(String(e.reason)));
            (() => {
              const Native = window.WebSocket;
              const Recorded = function (url, protocols) {
                const socket = new Native(url, protocols);
                socket.addEventListener('message', (e) => { if (typeof e.data === 'string') window.__frames.push(e.data); });
                return socket;
              };
              Recorded.prototype = Native.prototype;
              Object.assign(Recorded, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
              window.WebSocket = Recorded;
            })();
            """;

    static ChromeDriver ada;

    static ChromeDriver bob;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowsers() {
        Externals.require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "The browser tests need Chromium at " + CHROMIUM + " and its driver at " + CHROMEDRIVER);
        ada = browser();
        bob = browser();
    }

    @AfterAll
    static void stopBrowsers() {
        for (ChromeDriver browser : new ChromeDriver[] { ada, bob }) {
            if (browser != null) {
                browser.quit();
            }
        }
    }

    private static ChromeDriver browser() {
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--lang=en-US", "--window-size=1280,1000");
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PAGE_PROBE));
        return driver;
    }

    @Test
    void twoTabsShareOneCartAndTheOrderPageTurnsPaidForItsShopperOnly() {
        Shopper admin = SalesFixture.admin(HttpClient.newHttpClient(), port);
        String name = "Own-" + UUID.randomUUID().toString().substring(0, 6);
        long id = stockedShirt(admin, name, 10, 10);
        String home = "http://localhost:" + port + "/";

        // Ada: two tabs of the storefront.
        ada.get(home);
        String firstTab = ada.getWindowHandle();
        ada.switchTo().newWindow(WindowType.TAB).get(home);
        String secondTab = ada.getWindowHandle();
        until(ada, () -> ada.findElement(By.id("cart-count")).getText().equals("empty"));

        ada.switchTo().window(firstTab);
        addOne(ada, id, "M");
        ada.switchTo().window(secondTab);
        until(ada, () -> ada.findElement(By.id("cart-count")).getText().equals("1 item"));

        // Now both follow the cart channel: a change in either shows in the other.
        addOne(ada, id, "S");
        ada.switchTo().window(firstTab);
        until(ada, () -> ada.findElement(By.id("cart-count")).getText().equals("2 items"));
        addOne(ada, id, "S");
        ada.switchTo().window(secondTab);
        until(ada, () -> ada.findElement(By.id("cart-count")).getText().equals("3 items"));

        // Ada checks out in the first tab (the one the probe watches); the second shows the cart emptied.
        ada.switchTo().window(firstTab);
        String adasOrder = checkOut(ada, "Ada Lovelace");
        ada.switchTo().window(secondTab);
        until(ada, () -> ada.findElement(By.id("cart-count")).getText().equals("empty"));
        ada.switchTo().window(firstTab);

        // Bob has an order of his own, its page open.
        bob.get(home);
        addOne(bob, id, "M");
        String bobsOrder = checkOut(bob, "Bob Smith");
        until(bob, () -> bob.findElement(By.id("order-status")).getText().equals("Status: PLACED"));
        until(ada, () -> ada.findElement(By.id("order-status")).getText().equals("Status: PLACED"));
        // The order pages follow the channel (its subscription in place) before the admin acts.
        until(ada, () -> frames(ada).stream().anyMatch(frame -> frame.startsWith("RECEIPT")));
        until(bob, () -> frames(bob).stream().anyMatch(frame -> frame.startsWith("RECEIPT")));

        Shopper.Answer paid = admin.patch("/orders/" + adasOrder, "{\"status\":\"PAID\"}", Map.of());
        assertThat(paid.status()).as(paid.body()).isEqualTo(200);
        until(ada, () -> ada.findElement(By.id("order-status")).getText().equals("Status: PAID"));

        // Bob's page showed nothing of it, and received nothing of it.
        assertThat(bob.findElement(By.id("order-status")).getText()).isEqualTo("Status: PLACED");
        assertThat(frames(bob)).noneMatch(frame -> frame.contains(adasOrder));
        assertThat(frames(ada)).noneMatch(frame -> frame.contains(bobsOrder));

        for (ChromeDriver browser : List.of(ada, bob)) {
            Object probe = ((JavascriptExecutor) browser).executeScript("return window.__probe");
            assertThat(probe).asString().contains("csp=[]", "errors=[]");
        }
    }

    private static void addOne(ChromeDriver browser, long id, String size) {
        By cardSelector = By.cssSelector(".card[data-id='" + id + "'] .buy");
        new WebDriverWait(browser, WAIT).until(driver -> !driver.findElements(cardSelector).isEmpty());
        WebElement card = browser.findElement(By.cssSelector(".card[data-id='" + id + "']"));
        card.findElement(By.cssSelector(".buy__size input[value='" + size + "']")).findElement(By.xpath("..")).click();
        WebElement message = card.findElement(By.cssSelector(".buy__message"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].textContent = ''", message);
        card.findElement(By.cssSelector(".buy__add")).click();
        until(browser, () -> message.getText().startsWith("Added to cart"));
    }

    private static String checkOut(ChromeDriver browser, String name) {
        browser.findElement(By.id("checkout-name")).sendKeys(name);
        browser.findElement(By.id("checkout-email")).sendKeys("shopper@example.com");
        browser.findElement(By.id("checkout-address")).sendKeys("1 High Street, London");
        browser.findElement(By.cssSelector("#checkout button[type=submit]")).click();
        until(browser, () -> browser.getCurrentUrl().contains("/orders/"));
        String url = browser.getCurrentUrl();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    @SuppressWarnings("unchecked")
    private static List<String> frames(ChromeDriver browser) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("return window.__frames");
    }

    private static void until(ChromeDriver browser, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
            .until(driver -> condition.getAsBoolean());
    }

}
