package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.jivohub.support.Http;
import io.jivohub.support.Receiver;
import io.jivohub.support.Response;
import io.jivohub.support.Samples;
import io.jivohub.support.TestEvents;
import io.jivohub.support.TestHub;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real browser, Debian's headless Chromium driven by Selenium, used as a person would: sign in,
 * make a connection, send Jivo's sample events to the URL it shows and a test event with its button, see them
 * arrive in the tables and the chart, read one, download chats as CSV and offline messages as xlsx (read back by
 * real parsers), switch language, rotate and revoke the URL, erase a visitor, delete the connection, sign out;
 * filter the tables by day and type; do the first steps and copy a URL with the keyboard alone.
 * Markup anyone typed stays text, forms without their token are refused, an expired session signs out, failed
 * sign-ins count as guesses. A failing test saves a screenshot under {@code target/screenshots}.
 */
class DashboardTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TOKEN = "dashboard-admin-token-0123456789";
    private static final String HOSTILE = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">"
            + " Магазин «Ромашка» & Co";

    /** Work in the browser; on failure, a screenshot of where it stopped. */
    @FunctionalInterface
    private interface Walk {
        void walk(ChromeDriver browser) throws Exception;
    }

    private static void inBrowser(Path folder, TestInfo test, Walk walk) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are installed (.ci/run installs them)");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--lang=en-US", "--user-data-dir=" + folder.resolve("chromium-profile"));
        ChromeDriver browser = new ChromeDriver(options);
        // what a page shows is looked for until it is there (a click's new page may still be loading)
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        try {
            walk.walk(browser);
        } catch (Exception | AssertionError e) {
            Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(),
                    screenshots.resolve(test.getDisplayName().replaceAll("\\W+", "_") + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
            throw e;
        } finally {
            browser.quit();
        }
    }

    private static void signIn(ChromeDriver browser, TestHub hub, String token) {
        browser.get(hub.url("/jivo/admin"));
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.cssSelector("form[action='/jivo/admin/sign-in'] button")).click();
    }

    private static String text(ChromeDriver browser, String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    /** Waits until the page has navigated to one whose {@code css} element says {@code expected}. */
    private static void shows(ChromeDriver browser, String css, String expected) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(text(browser, css)).contains(expected));
    }

    /** Picks a table and a format in the download form and sends it. */
    private static void download(ChromeDriver browser, String dataset, String format) {
        browser.findElement(By.cssSelector("#dl-dataset option[value='" + dataset + "']")).click();
        browser.findElement(By.cssSelector("#dl-format option[value='" + format + "']")).click();
        browser.findElement(By.cssSelector("form.download button")).click();
    }

    /** A downloaded CSV's rows by column, read by Commons CSV. */
    private static List<Map<String, String>> csvRows(Path file) throws IOException {
        String text = Files.readString(file);
        if (!text.startsWith("\uFEFF")) {
            return List.of();
        }
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text.substring(1))).getRecords().stream().map(CSVRecord::toMap).toList();
    }

    /** Every text cell of a downloaded workbook, read by fastexcel's reader. */
    private static List<String> xlsxTexts(Path file) throws IOException {
        try (ReadableWorkbook workbook = new ReadableWorkbook(file.toFile())) {
            return workbook.getFirstSheet().read().stream().flatMap(Row::stream)
                    .filter(cell -> cell != null && cell.getType() == CellType.STRING).map(Cell::getRawValue).toList();
        } catch (IOException | RuntimeException e) {
            return List.of(); // not all written yet
        }
    }

    @Test
    void aPersonSetsUpWatchesAndManagesAConnection(@TempDir Path folder, TestInfo test) throws Exception {
        try (TestHub hub = TestHub.start(folder, "--admin-token", TOKEN)) {
            inBrowser(folder, test, browser -> {
                browser.get(hub.url("/jivo/admin"));
                assertThat(browser.getCurrentUrl()).endsWith("/jivo/admin/sign-in");
                signIn(browser, hub, "not-the-token");
                shows(browser, ".error", "not the admin token");

                signIn(browser, hub, TOKEN);
                shows(browser, "h1", "Connections");
                browser.findElement(By.id("account_name")).sendKeys(HOSTILE);
                browser.findElement(By.id("type-all")).click();
                browser.findElement(By.cssSelector("form[action='/jivo/admin/new'] button")).click();

                shows(browser, ".events h2", "Latest events");
                assertThat(text(browser, "h1")).as("what was typed, as text").isEqualTo(HOSTILE);
                assertThat(browser.executeScript("return window.pwned")).as("no script anyone typed ran").isNull();
                assertThat(browser.findElements(By.tagName("img"))).isEmpty();
                String webhookUrl = browser.findElement(By.id("webhook-url")).getDomProperty("value");
                assertThat(webhookUrl).startsWith(hub.url("/jivo/all/"));
                assertThat(text(browser, ".steps")).contains("Manage → Channels", "Webhooks URL");
                assertThat(text(browser, ".events")).contains("No events yet");

                for (String sample : List.of("chat_accepted", "chat_finished", "offline_message")) {
                    assertThat(Http.post(webhookUrl, Samples.resource("jivo/samples/" + sample + ".json")).status())
                            .isEqualTo(200);
                }
                browser.navigate().refresh();
                List<String> types = browser.findElements(By.cssSelector(".events tbody tr td:nth-child(2)"))
                        .stream().map(WebElement::getText).toList();
                assertThat(types).as("newest first").containsExactly("offline_message", "chat_finished",
                        "chat_accepted");
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    browser.navigate().refresh();
                    assertThat(browser.findElements(By.cssSelector("table.chats tbody tr"))).as("the chats table")
                            .hasSize(2);
                });
                assertThat(text(browser, "table.offline_messages")).contains("Message text", "email@example.com");
                assertThat(browser.findElements(By.cssSelector(".activity svg.bars rect"))).as("today's bar, by type")
                        .hasSize(3);
                assertThat(browser.findElements(By.cssSelector(".legend code")).stream().map(WebElement::getText))
                        .containsExactly("chat_accepted", "chat_finished", "offline_message");
                assertThat(text(browser, "table.messages thead")).contains("Text", "From");
                browser.findElement(By.cssSelector(".events tbody tr a")).click();
                assertThat(text(browser, "pre.json")).contains("\"event_name\" : \"offline_message\"",
                        "\"message\" : \"Message text\"");
                browser.navigate().back();

                browser.findElement(By.cssSelector(".test-event button")).click();
                shows(browser, ".notice", "arrived");
                assertThat(text(browser, ".events tbody tr td:nth-child(2)")).isEqualTo("offline_message");

                Path downloads = Files.createDirectories(folder.resolve("downloads"));
                browser.executeCdpCommand("Browser.setDownloadBehavior",
                        Map.of("behavior", "allow", "downloadPath", downloads.toString()));
                download(browser, "chats", "csv");
                Path chats = downloads.resolve("chats.csv");
                await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(chats)
                        && csvRows(chats).size() == 2);
                assertThat(csvRows(chats)).extracting(row -> row.get("chat_id")).contains("7636");
                download(browser, "offline_messages", "xlsx");
                Path offline = downloads.resolve("offline_messages.xlsx");
                await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(offline)
                        && xlsxTexts(offline).contains("Test event sent from the jivohub dashboard"));
                assertThat(xlsxTexts(offline)).contains("Message text", "jivohub test");

                browser.findElement(By.cssSelector("a[lang='ru']")).click();
                shows(browser, ".events h2", "Последние события");
                assertThat(text(browser, ".steps")).contains("Управление → Каналы связи", "URL для Webhooks");
                browser.findElement(By.cssSelector("a[lang='en']")).click();
                shows(browser, ".events h2", "Latest events");

                browser.findElement(By.id("silent_after_hours")).clear();
                browser.findElement(By.id("silent_after_hours")).sendKeys("48");
                browser.findElement(By.cssSelector("form.silence button")).click();
                await().atMost(Duration.ofSeconds(10)).until(() -> hub.get(hub.url("/jivo/admin/connections")).json()
                        .get("connections").get(0).get("silent_after_hours").asInt() == 48);

                browser.findElement(By.linkText("Give it a new webhook URL")).click();
                assertThat(text(browser, ".confirm p")).contains("old one keeps working");
                browser.findElement(By.id("overlap_hours")).clear();
                browser.findElement(By.id("overlap_hours")).sendKeys("2");
                browser.findElement(By.cssSelector(".confirm button")).click();
                shows(browser, ".old", webhookUrl);
                String rotated = browser.findElement(By.id("webhook-url")).getDomProperty("value");
                assertThat(rotated).isNotEqualTo(webhookUrl);
                assertThat(text(browser, ".old")).contains(webhookUrl);
                assertThat(Http.post(webhookUrl, Samples.resource("jivo/samples/chat_updated.json")).status())
                        .as("the old URL during its overlap").isEqualTo(200);

                browser.findElement(By.linkText("Revoke")).click();
                assertThat(text(browser, ".confirm p")).contains("stop working at once");
                browser.findElement(By.cssSelector(".confirm button")).click();
                shows(browser, ".status-line", "revoked");
                assertThat(Http.post(rotated, Samples.resource("jivo/samples/chat_updated.json")).status())
                        .isEqualTo(404);

                browser.findElement(By.linkText("Connections")).click();
                assertThat(browser.findElement(By.cssSelector("table.connections svg.bars"))
                        .getDomAttribute("aria-label"))
                        .as("the week's sparkline: three samples, the test event, one to the old URL")
                        .startsWith("5 events");
                browser.findElement(By.id("erase-email")).sendKeys("email@example.com");
                browser.findElement(By.cssSelector(".erase-form button")).click();
                shows(browser, ".confirm p", "email@example.com");
                browser.findElement(By.cssSelector(".confirm button")).click();
                shows(browser, ".notice", "were deleted");
                assertThat(text(browser, ".notice")).doesNotStartWith("0 ");
                browser.get(hub.url("/jivo/admin"));
                browser.findElement(By.cssSelector("table.connections a")).click();

                browser.findElement(By.linkText("Delete")).click();
                browser.findElement(By.cssSelector(".confirm button")).click();
                shows(browser, "main", "No connections yet");

                browser.findElement(By.cssSelector(".sign-out button")).click();
                shows(browser, "h1", "Sign in");
                browser.get(hub.url("/jivo/admin"));
                assertThat(browser.getCurrentUrl()).as("signed out").endsWith("/jivo/admin/sign-in");
            });
        }
    }

    /**
     * The tables and the latest events show the days chosen (in the reader's zone), the events the type chosen;
     * older ones are a link away, keeping the choice; the download form takes the same days.
     */
    @Test
    void theTablesAndEventsShowTheDaysAndTheTypeChosen(@TempDir Path folder, TestInfo test) throws Exception {
        try (TestHub hub = TestHub.start(folder, "--admin-token", TOKEN)) {
            JsonNode connection = hub.connection("Фильтры", "all", "Authorization", "Bearer " + TOKEN);
            String url = connection.get("url").asString();
            for (String sample : List.of("chat_accepted", "chat_finished", "offline_message")) {
                assertThat(Http.post(url, Samples.resource("jivo/samples/" + sample + ".json")).status())
                        .isEqualTo(200);
            }
            for (int n = 0; n < 22; n++) {
                assertThat(Http.post(url, TestEvents.chatFinished(n)).status()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> TestHub.tableRows(hub.get(connection.get("data_url")
                    .asString() + "?dataset=offline_messages").json()).size() == 1);
            long threeDays = Duration.ofDays(3).toMillis();
            hub.sql("UPDATE events SET received_at = received_at - " + threeDays
                            + " WHERE event_name = 'offline_message'",
                    "UPDATE table_rows SET last_event_at = last_event_at - " + threeDays
                            + " WHERE dataset = 'offline_messages'");
            String today = LocalDate.now(ZoneOffset.UTC).toString();
            inBrowser(folder, test, browser -> {
                signIn(browser, hub, TOKEN);
                shows(browser, "h1", "Connections");
                browser.findElement(By.cssSelector("table.connections a")).click();
                shows(browser, ".events h2", "Latest events");
                assertThat(eventTypes(browser)).as("the newest 20 of 25").hasSize(20).containsOnly("chat_finished");
                browser.findElement(By.cssSelector(".events a[href*='events_before']")).click();
                assertThat(eventTypes(browser)).containsExactly("chat_finished", "chat_finished", "offline_message",
                        "chat_finished", "chat_accepted");

                browser.get(hub.url("/jivo/admin/connection/1"));
                setDate(browser, "f-from", today);
                browser.findElement(By.cssSelector("form.filter button")).click();
                shows(browser, "#offline_messages + p", "None in the period chosen");
                assertThat(browser.findElements(By.cssSelector("table.chats tbody tr"))).isNotEmpty();
                assertThat(browser.findElement(By.id("dl-from")).getDomProperty("value"))
                        .as("the download takes the same days").isEqualTo(today);
                assertThat(eventTypes(browser)).hasSize(20);
                browser.findElement(By.cssSelector(".events a[href*='events_before']")).click();
                assertThat(browser.getCurrentUrl()).as("older, of the same days").contains("from=" + today);
                assertThat(eventTypes(browser)).containsExactly("chat_finished", "chat_finished", "chat_finished",
                        "chat_accepted");

                setDate(browser, "f-from", "");
                browser.findElement(By.cssSelector("#f-type option[value='offline_message']")).click();
                browser.findElement(By.cssSelector("form.filter button")).click();
                await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("type="));
                assertThat(eventTypes(browser)).containsExactly("offline_message");
                assertThat(browser.findElements(By.cssSelector("table.offline_messages tbody tr"))).hasSize(1);

                browser.get(hub.url("/jivo/admin/connection/1?from=" + today + "&to=2020-01-01"));
                shows(browser, ".error", "is before the first");
            });
        }
    }

    /**
     * Without a mouse: sign in, make a connection and copy its webhook URL with the keyboard alone; every control
     * reached shows where the focus is, and every field of every page has a label.
     */
    @Test
    void aKeyboardAloneSignsInMakesAConnectionAndCopiesItsUrl(@TempDir Path folder, TestInfo test) throws Exception {
        try (TestHub hub = TestHub.start(folder, "--admin-token", TOKEN)) {
            inBrowser(folder, test, browser -> {
                browser.executeCdpCommand("Browser.grantPermissions", Map.of("origin", hub.url(""),
                        "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
                browser.get(hub.url("/jivo/admin"));
                assertThat(unlabelledFields(browser)).as("the sign-in page's fields without a label").isEmpty();
                assertThat(browser.switchTo().activeElement().getDomAttribute("id")).as("focused at once")
                        .isEqualTo("token");
                browser.switchTo().activeElement().sendKeys(TOKEN, Keys.ENTER);
                shows(browser, "h1", "Connections");
                assertThat(unlabelledFields(browser)).as("the list's fields without a label").isEmpty();

                tabTo(browser, "#account_name");
                browser.switchTo().activeElement().sendKeys("Keyboard shop", Keys.ENTER);
                shows(browser, "h1", "Keyboard shop");
                assertThat(unlabelledFields(browser)).as("the connection's fields without a label").isEmpty();
                String webhookUrl = browser.findElement(By.id("webhook-url")).getDomProperty("value");

                tabTo(browser, "button[data-copy='webhook-url']");
                new Actions(browser).sendKeys(Keys.ENTER).perform();
                Object copied = browser.executeAsyncScript(
                        "navigator.clipboard.readText().then(arguments[0], e => arguments[0]('refused: ' + e))");
                assertThat(copied).as("the clipboard").isEqualTo(webhookUrl);
            });
        }
    }

    /**
     * Forwarding from the browser: add a destination with a header, see its secret and masked header, watch a
     * delivery fail for good, send it again, pause and resume it, delete it.
     */
    @Test
    void aDestinationIsAddedWatchedSentAgainAndDeletedInTheBrowser(@TempDir Path folder, TestInfo test)
            throws Exception {
        try (TestHub hub = TestHub.start(folder, "--admin-token", TOKEN, "--forward-allow-private",
                "--forward-retries", "0s,200ms"); Receiver crm = Receiver.start()) {
            crm.thenAnswer(Receiver.Answer.status(500), Receiver.Answer.status(500));
            String url = hub.connection("Пересылка", "all", "Authorization", "Bearer " + TOKEN).get("url")
                    .asString();
            inBrowser(folder, test, browser -> {
                signIn(browser, hub, TOKEN);
                shows(browser, "h1", "Connections");
                browser.findElement(By.cssSelector("table.connections a")).click();
                shows(browser, ".forwarding", "Its events go nowhere else yet.");
                browser.findElement(By.id("destination-url")).sendKeys(crm.url("/jivo"));
                browser.findElement(By.id("forward-offline_message")).click();
                browser.findElement(By.id("header-name")).sendKeys("Authorization");
                browser.findElement(By.id("header-value")).sendKeys("Bearer crm-token-0123456789");
                browser.findElement(By.cssSelector("form.destination-new button")).click();

                shows(browser, "h1", crm.url("/jivo"));
                assertThat(browser.findElement(By.id("signing-secret")).getDomProperty("value")).startsWith("whsec_");
                assertThat(text(browser, "dl.facts")).contains("offline_message", "Authorization: ****6789")
                        .doesNotContain("crm-token");

                assertThat(Http.post(url, Samples.resource("jivo/samples/chat_finished.json")).status())
                        .isEqualTo(200);
                byte[] offline = Samples.resource("jivo/samples/offline_message.json");
                assertThat(Http.post(url, offline).status()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    browser.navigate().refresh();
                    assertThat(browser.findElements(By.cssSelector(".failed tbody tr"))).hasSize(1);
                });
                assertThat(text(browser, ".failed tbody")).contains("the receiver answered 500");
                browser.findElement(By.cssSelector(".failed form button")).click();
                await().atMost(Duration.ofSeconds(20)).until(() -> crm.requests().size() == 3);
                assertThat(crm.requests()).extracting(Receiver.Request::body).as("only the offline message")
                        .containsOnly(offline);
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    browser.navigate().refresh();
                    assertThat(text(browser, ".failed")).contains("None: every event got there");
                });

                browser.findElement(By.cssSelector(".manage form.inline button")).click();
                shows(browser, ".status-line", "paused");
                browser.findElement(By.cssSelector(".manage form.inline button")).click();
                shows(browser, ".status-line", "delivering");

                browser.findElement(By.cssSelector(".manage details summary")).click();
                browser.findElement(By.cssSelector(".manage details button")).click();
                shows(browser, ".forwarding", "Its events go nowhere else yet.");
            });
        }
    }

    /** Presses Tab until the control {@code css} selects has the focus, each one passed showing its focus. */
    private static void tabTo(ChromeDriver browser, String css) {
        WebElement target = browser.findElement(By.cssSelector(css));
        for (int presses = 0; presses < 60; presses++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            WebElement focused = browser.switchTo().activeElement();
            assertThat(focused.getCssValue("outline-style")).as("the focus on %s is visible",
                    focused.getDomAttribute("id") + " " + focused.getText()).isNotEqualTo("none");
            if (focused.equals(target)) {
                return;
            }
        }
        throw new AssertionError("Tab never reached " + css);
    }

    /** The fields of the page a person can fill in that have no label, by their name. */
    @SuppressWarnings("unchecked")
    private static List<String> unlabelledFields(ChromeDriver browser) {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "'input:not([type=hidden]), select, textarea')).filter(f => f.labels.length === 0"
                + " && !f.getAttribute('aria-label')).map(f => f.name || f.id)");
    }

    private static List<String> eventTypes(ChromeDriver browser) {
        return browser.findElements(By.cssSelector(".events tbody tr td:nth-child(2)")).stream()
                .map(WebElement::getText).toList();
    }

    /** Sets a date field as its calendar would (typing into one depends on the browser's locale). */
    private static void setDate(ChromeDriver browser, String id, String isoDate) {
        browser.executeScript("arguments[0].value = arguments[1]", browser.findElement(By.id(id)), isoDate);
    }

    @Test
    void aFormWithoutItsTokenIsRefusedAndAnExpiredSessionSignsOut(@TempDir Path folder, TestInfo test)
            throws Exception {
        try (TestHub hub = TestHub.start(folder, "--admin-token", TOKEN)) {
            inBrowser(folder, test, browser -> {
                signIn(browser, hub, TOKEN);
                String session = "jivohub_session=" + browser.manage().getCookieNamed("jivohub_session").getValue();

                Response forged = hub.post(hub.url("/jivo/admin/new"), "account_name=Forged&event_name=all",
                        "Cookie", session, "Content-Type", "application/x-www-form-urlencoded");
                assertThat(forged.status()).isEqualTo(403);
                assertThat(forged.header("Content-Type")).startsWith("text/html");
                assertThat(forged.text()).contains("was not sent by a page of this dashboard");
                assertThat(hub.get(hub.url("/jivo/admin/connections")).json().get("connections"))
                        .as("nothing was made").isEmpty();

                hub.sql("UPDATE dashboard_sessions SET expires_at = 0");
                browser.navigate().refresh();
                assertThat(browser.getCurrentUrl()).endsWith("/jivo/admin/sign-in");
            });
        }
    }

    /** On a phone, 375 px wide, no page is wider than the screen: wide tables scroll inside their box. */
    @Test
    void everyPageFitsAPhonesWidth(@TempDir Path folder, TestInfo test) throws Exception {
        try (TestHub hub = TestHub.start(folder, "--admin-token", TOKEN, "--forward-allow-private");
             Receiver receiver = Receiver.start()) {
            String url = hub.connection("Интернет-магазин «Ромашка» с очень длинным названием", "all",
                    "Authorization", "Bearer " + TOKEN).get("url").asString();
            assertThat(hub.post(hub.url("/jivo/admin/connections/1/destinations"), "{\"url\": \""
                    + receiver.url("/a/very/long/path/that/a/phone/must/wrap/" + "x".repeat(80)) + "\"}",
                    "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json").status()).isEqualTo(201);
            for (String sample : List.of("chat_accepted", "chat_finished", "offline_message")) {
                assertThat(Http.post(url, Samples.resource("jivo/samples/" + sample + ".json")).status())
                        .isEqualTo(200);
            }
            inBrowser(folder, test, browser -> {
                browser.manage().window().setSize(new Dimension(375, 800));
                signIn(browser, hub, TOKEN);
                shows(browser, "h1", "Connections");
                for (String path : List.of("/jivo/admin", "/jivo/admin/connection/1",
                        "/jivo/admin/connection/1/confirm/rotate", "/jivo/admin/connection/1/destination/1",
                        "/jivo/admin/sign-in")) {
                    browser.get(hub.url(path));
                    Object overflow = browser.executeScript(
                            "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                    assertThat(((Number) overflow).intValue()).as("%s is wider than the screen by", path)
                            .isLessThanOrEqualTo(0);
                }
            });
        }
    }

    /** Guessing the token on the sign-in page is as limited as guessing any key: failed sign-ins count. */
    @Test
    void failedSignInsCountAgainstTheGuessLimit(@TempDir Path folder) {
        try (TestHub hub = TestHub.start(folder, "--admin-token", TOKEN, "--not-found-limit", "3")) {
            Response form = Http.get(hub.url("/jivo/admin/sign-in"));
            String cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            String token = cookie.substring(cookie.indexOf('=') + 1);
            List<Integer> statuses = new ArrayList<>();
            for (int attempt = 0; attempt < 5; attempt++) {
                statuses.add(Http.post(hub.url("/jivo/admin/sign-in"), "form_token=" + token
                        + "&token=guess" + attempt, "Cookie", cookie,
                        "Content-Type", "application/x-www-form-urlencoded").status());
            }
            assertThat(statuses.subList(0, 3)).containsOnly(401);
            assertThat(statuses.getLast()).as("past the allowance").isEqualTo(429);

            // refused before the dashboard's code runs, and still a page in the reader's language
            Response limited = Http.get(hub.url("/jivo/admin/sign-in"), "Accept-Language", "ru-RU,ru;q=0.9");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(limited.text()).contains("Ошибка 429", "Слишком много попыток");
        }
    }

    @Test
    void pagesAllowOnlyTheirOwnStyleAndScriptAndBrowserRoutesAnswerInHtml(@TempDir Path folder) throws IOException {
        try (TestHub hub = TestHub.start(folder, "--admin-token", TOKEN)) {
            Response signInPage = Http.get(hub.url("/jivo/admin/sign-in"));
            assertThat(signInPage.header("Content-Security-Policy")).isEqualTo("default-src 'none';"
                    + " style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self';"
                    + " frame-ancestors 'none'; base-uri 'none'");
            assertThat(signInPage.headers().allValues("Content-Security-Policy")).hasSize(1);
            assertThat(signInPage.text()).contains("<script src=\"/jivo/admin/assets/app.js\" defer></script>")
                    .doesNotContain("<script>", "style=\"", "onclick");
            String cookies = String.join(" | ", signInPage.headers().allValues("Set-Cookie"));
            assertThat(cookies).contains("HttpOnly", "SameSite=Strict", "Path=/jivo/admin");

            Response missing = Http.get(hub.url("/jivo/admin/no-such-page"));
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(missing.text()).contains("There is no such page.");

            // problems found before the dashboard's code runs are pages too, with the dashboard's policy
            Response unreadable = Http.get(hub.url("/jivo/admin"), "X-Padding", "x".repeat(70_000));
            assertThat(unreadable.status()).as("Helidon's answer to headers too long").isEqualTo(400);
            assertThat(unreadable.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(unreadable.text()).contains("Error 400", "The request could not be read.");
            assertThat(unreadable.header("Content-Security-Policy")).isEqualTo(signInPage.header(
                    "Content-Security-Policy"));
            Response misspelt = Http.get(hub.url("/jivo/admin//sign-in"));
            assertThat(misspelt.status()).isEqualTo(404);
            assertThat(misspelt.text()).contains("There is no such page.");

            // the JSON API and the webhooks keep answering JSON, and load nothing
            for (String path : List.of("/jivo/admin/connections/999", "/jivo/chat_finished/no-such-key")) {
                Response json = Http.get(hub.url(path), "X-Padding", "x".repeat(70_000));
                assertThat(json.status()).as(path).isEqualTo(400);
                assertThat(json.header("Content-Type")).as(path).isEqualTo("application/json; charset=utf-8");
                assertThat(json.header("Content-Security-Policy")).as(path)
                        .isEqualTo("default-src 'none'; frame-ancestors 'none'");
            }
            Response api = Http.get(hub.url("/jivo/admin/connections/999"), "Authorization", "Bearer " + TOKEN);
            assertThat(api.status()).isEqualTo(404);
            assertThat(api.json().get("error").asString()).isNotBlank();

            Response style = Http.get(hub.url("/jivo/admin/assets/app.css"));
            Response script = Http.get(hub.url("/jivo/admin/assets/app.js"));
            assertThat(style.header("Content-Type")).startsWith("text/css");
            assertThat(script.header("Content-Type")).startsWith("text/javascript");
            assertThat(style.body().length + script.body().length).as("all assets together").isLessThan(200_000);
        }
    }
}
