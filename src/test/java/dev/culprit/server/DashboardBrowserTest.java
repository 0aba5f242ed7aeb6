package dev.culprit.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.culprit.testing.TestRepo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium) on the dashboard of a real
 * {@code culprit serve} with no worker attached, so the server runs the job itself: the job page refreshes itself
 * until the job is done, then shows the culprit, whose commit message holds a {@code <script>} (shown as text,
 * never run), and the posterior plot as SVG. Without the browser packages the test is skipped, except on CI
 * (CI=true), where it fails: .ci/install-browser.sh installs them.
 */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final String EVIL = "records: <script>window.pwned=1</script> release the buffer early";

    @TempDir
    Path tmp;

    @Test
    void theDashboardShowsAJobFinishingWithItsCulpritAndPlot() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed: .ci/install-browser.sh");
        }
        assertThat(installed).as("chromium and chromium-driver (run .ci/install-browser.sh)").isTrue();

        TestRepo.Imported repo = ServerFixtures.history(tmp.resolve("repo"), 8, 5, 100, EVIL);
        try (LocalFleet fleet = new LocalFleet(tmp.resolve("fleet"))) {
            fleet.startServer(List.of("--public-read", "--slots", "1"));
            Path events = tmp.resolve("events");
            var spec = ServerFixtures.bisectSpec(repo);
            // The server's own worker runs the job; its commands write events to a file the variable would name.
            spec.put("build", ServerFixtures.BUILD.replace("\"$CULPRIT_EVENTS\"", events.toString()));
            spec.put("test", ServerFixtures.TEST.replace("\"$CULPRIT_EVENTS\"", events.toString()));
            long id = fleet.client().post("/api/jobs", spec).json().path("id").asLong();

            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + Files.createDirectories(tmp.resolve("chrome-profile")));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort().build();
            WebDriver browser = new ChromeDriver(service, options);
            try {
                browser.get(fleet.server() + "/");
                assertThat(browser.findElement(By.id("jobs")).getText()).contains("cause from main");
                browser.findElement(By.linkText(Long.toString(id))).click();
                // The page reloads itself (meta refresh) while the job runs; no script of ours drives it.
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                String state = "";
                while (System.nanoTime() < deadline) {
                    state = stateOf(browser);
                    if (!state.equals("queued") && !state.equals("running")) {
                        break;
                    }
                    Thread.sleep(250);
                }
                JsonNode job = fleet.client().get("/api/jobs/" + id).json();
                assertThat(state).as("job %s", job).isEqualTo("done");
                assertThat(browser.findElement(By.id("verdict")).getText()).isEqualTo("found");
                assertThat(browser.findElement(By.id("culprit")).getText()).isEqualTo(repo.hash("c5"));
                assertThat(browser.findElement(By.id("culprit-title")).getText()).isEqualTo(EVIL);
                assertThat(browser.findElement(By.id("report")).getText()).contains("is the first bad commit");
                assertThat(((JavascriptExecutor) browser).executeScript("return typeof window.pwned"))
                        .as("the commit message's script never ran").isEqualTo("undefined");
                WebElement plot = browser.findElement(By.cssSelector("svg.posterior"));
                assertThat(plot.isDisplayed()).isTrue();
                assertThat(plot.getSize().getWidth()).isGreaterThan(100);
                assertThat(plot.findElements(By.tagName("polyline"))).isNotEmpty();
                assertThat(plot.getText()).contains(repo.hash("c5").substring(0, 12));
                assertThat(browser.findElements(By.cssSelector("#steps tr.step"))).hasSizeGreaterThan(2);
                assertThat(job.path("worker").asText()).as("the server ran it itself").startsWith("server:");
            } finally {
                browser.quit();
            }
        }
    }

    private static String stateOf(WebDriver browser) {
        try {
            return browser.findElement(By.id("state")).getText();
        } catch (org.openqa.selenium.WebDriverException e) {
            return "running"; // caught mid-reload
        }
    }
}
