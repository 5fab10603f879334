package io.jivohub;

import static io.jivohub.support.TestEvents.chatFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import io.jivohub.support.Http;
import io.jivohub.support.Response;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import tools.jackson.databind.JsonNode;

/** The dashboard in a real browser: Debian's headless Chromium, driven by Selenium. */
class DashboardTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TOKEN = "dashboard-admin-token-0123456789";

    /** Headless Chromium that sends {@code token} as the admin password, as a signed-in browser does. */
    private static ChromeDriver browser(Path folder, String token) {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are installed (.ci/run installs them)");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + folder.resolve("chromium-profile"));
        ChromeDriver driver = new ChromeDriver(options);
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders",
                Map.of("headers", Map.of("Authorization", basic("admin:" + token))));
        return driver;
    }

    @Test
    void theDashboardShowsEachConnectionAndRunsNothingAnyoneTyped(@TempDir Path folder) {
        String hostile = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">'\"&amp;";
        try (TestHub hub = TestHub.start(folder)) {
            JsonNode connection = hub.connection(hostile, "all");
            String url = connection.get("url").asString();
            hub.post(url, chatFinished(1));
            hub.post(url, chatFinished(1));
            ChromeDriver driver = browser(folder, hub.adminToken());
            try {
                driver.get(hub.url("/jivo/admin"));

                assertThat(driver.getTitle()).isEqualTo("jivohub: connections");
                WebElement row = driver.findElement(By.cssSelector("tbody tr"));
                assertThat(row.findElement(By.className("account")).getText()).isEqualTo(hostile);
                assertThat(row.findElement(By.className("url")).getText()).isEqualTo(url);
                assertThat(row.findElement(By.className("data-url")).getText())
                        .isEqualTo(connection.get("data_url").asString());
                assertThat(row.findElement(By.className("stored")).getText()).isEqualTo("1");
                assertThat(row.findElement(By.className("duplicate")).getText()).isEqualTo("1");
                assertThat(driver.executeScript("return window.pwned")).as("no script ran").isNull();
                assertThat(driver.findElements(By.tagName("script"))).isEmpty();
                assertThat(driver.findElements(By.tagName("img"))).isEmpty();
                assertThat(driver.findElement(By.tagName("th")).getCssValue("background-color"))
                        .as("the policy lets the page's own style apply").isEqualTo("rgba(244, 244, 244, 1)");
            } finally {
                driver.quit();
            }

            Response page = hub.get(hub.url("/jivo/admin"));
            assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(page.header("Content-Security-Policy")).startsWith("default-src 'none'; style-src 'sha256-")
                    .contains("frame-ancestors 'none'");
            assertThat(page.headers().allValues("Content-Security-Policy")).hasSize(1);
            assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(page.text()).doesNotContain("<script", "<img");
        }
    }

    @Test
    void withAnAdminTokenABrowserIsAskedForIt(@TempDir Path folder) {
        try (TestHub hub = TestHub.start(folder, "--admin-token", TOKEN)) {
            Response refused = Http.get(hub.url("/jivo/admin"));
            Response wrong = hub.get(hub.url("/jivo/admin"), "Authorization", basic("admin:not-the-token"));
            Response allowed = hub.get(hub.url("/jivo/admin"), "Authorization", basic("anyone:" + TOKEN));

            assertThat(refused.status()).isEqualTo(401);
            assertThat(String.join(", ", refused.headers().allValues("WWW-Authenticate"))).contains("Basic realm=");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(allowed.text()).contains("<h1>Connections</h1>");
        }
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
