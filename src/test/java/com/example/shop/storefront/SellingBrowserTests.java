package com.example.shop.storefront;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
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
 * Selling in two real headless Chromium browsers, each a shopper with a session of its own: A buys
 * the last M, and B's page shows M sold out without a reload, and tells B why when B tries anyway.
 */
@ShopTest
class SellingBrowserTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final Duration WAIT = Duration.ofSeconds(20);

    // Runs before the page's scripts: records CSP violations and script errors.
    private static final String PAGE_PROBE = """
            window.__probe = { csp: [], errors: [] };
            document.addEventListener('securitypolicyviolation',
                (e) => window.__probe.csp.push(e.violatedDirective + ' ' + e.blockedURI));
            window.addEventListener('error', (e) => window.__probe.errors.push(String(e.message)));
            window.addEventListener('unhandledrejection', (e) => window.__probe.errors.push(String(e.reason)));
            """;

    static ChromeDriver a;

    static ChromeDriver b;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowsers() {
        Externals.require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "The browser tests need Chromium at " + CHROMIUM + " and its driver at " + CHROMEDRIVER);
        a = browser();
        b = browser();
    }

    @AfterAll
    static void stopBrowsers() {
        for (ChromeDriver browser : new ChromeDriver[] { a, b }) {
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
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", PAGE_PROBE));
        return driver;
    }

    @Test
    void shopperABuysTheLastMAndShopperBSeesItSoldOutLive() {
        Shopper admin = SalesFixture.admin(HttpClient.newHttpClient(), port);
        String name = "Last-" + UUID.randomUUID().toString().substring(0, 6);
        long id = stockedShirt(admin, name, 5, 1);

        a.get("http://localhost:" + port + "/");
        b.get("http://localhost:" + port + "/");
        WebElement cardA = card(a, id);
        WebElement cardB = card(b, id);
        until(a, () -> note(cardA, "M").equals("Only 1 left"));
        until(b, () -> note(cardB, "M").equals("Only 1 left"));
        assertThat(sizeInput(cardB, "S").getAttribute("aria-describedby")).isNotBlank();

        // A has the shop open in a second tab too, which shows A's cart as it changes.
        String firstTab = a.getWindowHandle();
        a.switchTo().newWindow(org.openqa.selenium.WindowType.TAB).get("http://localhost:" + port + "/");
        String secondTab = a.getWindowHandle();
        until(a, () -> a.findElement(By.id("cart-count")).getText().equals("empty"));
        a.switchTo().window(firstTab);

        // B has chosen M, then A is quicker.
        sizeLabel(cardB, "M").click();
        sizeLabel(cardA, "M").click();
        cardA.findElement(By.cssSelector(".buy__add")).click();
        until(a, () -> cardA.findElement(By.cssSelector(".buy__message")).getText().startsWith("Added to cart"));
        // The hold time left, counted down by the page (the test clock may run ahead of the browser).
        until(a, () -> a.findElement(By.id("cart-hold")).getText().matches("Held for you for \\d+:\\d\\d"));
        a.switchTo().window(secondTab);
        until(a, () -> a.findElement(By.id("cart-count")).getText().equals("1 item"));
        a.close();
        a.switchTo().window(firstTab);

        // Without a reload, B's page shows M sold out, and not choosable.
        until(b, () -> note(cardB, "M").equals("Sold out"));
        assertThat(sizeInput(cardB, "M").isEnabled()).isFalse();
        assertThat(note(cardB, "S")).isEqualTo("Only 5 left");

        // B tries anyway (M was chosen before it sold out): the shop's reason is shown.
        cardB.findElement(By.cssSelector(".buy__add")).click();
        until(b, () -> cardB.findElement(By.cssSelector(".buy__message")).getText().startsWith("Sold out"));

        // A checks out and lands on the order page.
        a.findElement(By.id("checkout-name")).sendKeys("Ada Lovelace");
        a.findElement(By.id("checkout-email")).sendKeys("ada@example.com");
        a.findElement(By.id("checkout-address")).sendKeys("12 St James Square, London");
        a.findElement(By.cssSelector("#checkout button[type=submit]")).click();
        until(a, () -> a.getCurrentUrl().contains("/orders/"));
        until(a, () -> a.findElement(By.id("order-status")).getText().equals("Status: PLACED"));
        assertThat(a.findElement(By.id("order-lines")).getText()).contains(name, "size M");

        for (ChromeDriver browser : List.of(a, b)) {
            Object probe = ((JavascriptExecutor) browser).executeScript("return window.__probe");
            assertThat(probe).asString().contains("csp=[]", "errors=[]");
        }
    }

    private static WebElement card(ChromeDriver browser, long id) {
        By selector = By.cssSelector(".card[data-id='" + id + "'] .buy");
        new WebDriverWait(browser, WAIT).until(driver -> !driver.findElements(selector).isEmpty());
        return browser.findElement(By.cssSelector(".card[data-id='" + id + "']"));
    }

    private static WebElement sizeLabel(WebElement card, String size) {
        return sizeInput(card, size).findElement(By.xpath(".."));
    }

    private static WebElement sizeInput(WebElement card, String size) {
        return card.findElement(By.cssSelector(".buy__size input[value='" + size + "']"));
    }

    private static String note(WebElement card, String size) {
        return sizeLabel(card, size).findElement(By.cssSelector(".buy__left")).getText();
    }

    private static void until(ChromeDriver browser, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
            .until(driver -> condition.getAsBoolean());
    }

}
