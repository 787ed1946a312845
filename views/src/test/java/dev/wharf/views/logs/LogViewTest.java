package dev.wharf.views.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogLine;
import dev.wharf.inventory.LogRequest;
import dev.wharf.inventory.LogStream;
import dev.wharf.inventory.LogStreams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Logs tab in a headless window: what is shown, in which colours, search, filter, ring, markers, save. */
class LogViewTest {
    static final Item WEB = Item.builder("k|pod/shop/web", "k", Kind.POD, "web").namespace("shop")
            .facet(new LogStreams(List.of(new LogStream("app", LogStream.Type.CONTAINER),
                    new LogStream("envoy", LogStream.Type.CONTAINER)), "app", "")).build();

    @TempDir
    Path dir;
    private final List<LogRequest> requests = new CopyOnWriteArrayList<>();
    private final List<HandFeed> feeds = new CopyOnWriteArrayList<>();
    private LogView view;
    private Stage stage;

    @BeforeAll
    static void toolkit() {
        FxLogs.start();
    }

    private HandFeed show(int capacity) throws Exception {
        stage = FxLogs.call(() -> {
            view = new LogView(WEB, r -> {
                requests.add(r);
                HandFeed f = new HandFeed();
                feeds.add(f);
                return CompletableFuture.completedFuture((LogFeed) f);
            }, Platform::runLater, capacity);
            Stage s = new Stage();
            s.setScene(new Scene(view, 1000, 500));
            s.show();
            return s;
        });
        while (feeds.isEmpty() || !feeds.get(feeds.size() - 1).started()) {
            Thread.sleep(20);
        }
        return feeds.get(feeds.size() - 1);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (stage != null) {
            FxLogs.run(() -> {
                view.close();
                stage.close();
            });
        }
    }

    /** The visible cells' TextFlows, top to bottom. */
    private List<TextFlow> flows() {
        return view.list.lookupAll(".list-cell").stream().map(n -> (ListCell<?>) n)
                .filter(c -> !c.isEmpty() && c.getGraphic() instanceof TextFlow)
                .sorted(java.util.Comparator.comparingInt(ListCell::getIndex))
                .map(c -> (TextFlow) c.getGraphic()).toList();
    }

    private static String textOf(TextFlow f) {
        StringBuilder s = new StringBuilder();
        for (Node n : f.getChildren()) {
            s.append(n instanceof Text t ? t.getText() : ((Label) n).getText());
        }
        return s.toString();
    }

    @Test
    void ansiColoursAreRenderedAsStylesAndEscapesAreNotShown() throws Exception {
        HandFeed feed = show(LogRing.DEFAULT_CAPACITY);
        assertThat(requests.get(0)).isEqualTo(new LogRequest("app", false, true, false, null, null, 1000, true));
        feed.line(1, "\u001b[31mERROR\u001b[0m disk full on /var/lib/data");
        feed.line(2, "plain line");
        FxLogs.await(() -> flows().size() == 2);
        FxLogs.run(() -> {
            TextFlow first = flows().get(0);
            assertThat(textOf(first)).isEqualTo("ERROR disk full on /var/lib/data");
            Text error = (Text) first.getChildren().get(0);
            assertThat(error.getText()).isEqualTo("ERROR");
            assertThat(error.getUserData()).isEqualTo("ansi-fg-1");
            assertThat(error.getFill()).isEqualTo(javafx.scene.paint.Color.web("#ef5f5f"));
            Text rest = (Text) first.getChildren().get(1);
            assertThat(rest.getUserData()).isNull();
            assertThat(rest.getFill()).isEqualTo(LogCell.TEXT);
            assertThat(textOf(flows().get(1))).isEqualTo("plain line");
            view.timestamps.fire();
        });
        FxLogs.await(() -> textOf(flows().get(1)).equals("2026-12-02T10:00:02Z plain line"));
    }

    @Test
    void searchHighlightsEveryMatchCountsThemAndStepsThrough() throws Exception {
        HandFeed feed = show(LogRing.DEFAULT_CAPACITY);
        for (int i = 1; i <= 60; i++) {
            feed.line(i, i % 20 == 0 ? "line " + i + " timeout talking to db, timeout again" : "line " + i + " ok");
        }
        FxLogs.await(() -> view.list.getItems().size() == 60);
        FxLogs.run(() -> view.search.setText("TIMEOUT"));
        FxLogs.await(() -> view.matchCount.getText().equals("3 lines"));
        FxLogs.run(() -> view.step(1));
        FxLogs.await(() -> view.list.getSelectionModel().getSelectedIndex() == 19);
        assertThat(FxLogs.call(() -> view.matchCount.getText())).isEqualTo("1 of 3 lines");
        FxLogs.await(() -> flows().stream().anyMatch(f -> f.getChildren().stream()
                .filter(n -> n instanceof Label l && l.getStyleClass().contains("log-match")).count() == 2));
        FxLogs.run(() -> view.step(-1));
        FxLogs.await(() -> view.list.getSelectionModel().getSelectedIndex() == 59);
    }

    @Test
    void aSearchTypedBeforeTheLinesArriveCountsThemToo() throws Exception {
        HandFeed feed = show(LogRing.DEFAULT_CAPACITY);
        FxLogs.run(() -> view.search.setText("timeout"));
        for (int i = 1; i <= 10; i++) {
            feed.line(i, i % 5 == 0 ? "ERROR timeout " + i : "INFO ok " + i);
        }
        FxLogs.await(() -> view.list.getItems().size() == 10);
        FxLogs.await(() -> view.matchCount.getText().equals("2 lines"));
    }

    @Test
    void filterKeepsOrDropsMatchingLinesAsSubstringOrRegexAndInverted() throws Exception {
        HandFeed feed = show(LogRing.DEFAULT_CAPACITY);
        for (int i = 1; i <= 30; i++) {
            feed.line(i, (i % 3 == 0 ? "WARN " : "INFO ") + "event " + i);
        }
        FxLogs.await(() -> view.list.getItems().size() == 30);
        FxLogs.run(() -> view.filter.setText("warn"));
        FxLogs.await(() -> view.list.getItems().size() == 10);
        FxLogs.run(() -> view.invert.fire());
        FxLogs.await(() -> view.list.getItems().size() == 20);
        FxLogs.run(() -> {
            view.invert.fire();
            view.regex.fire();
            view.filter.setText("event [12]$");
        });
        FxLogs.await(() -> view.list.getItems().size() == 2);
        feed.line(40, "INFO event 2");
        FxLogs.await(() -> view.list.getItems().size() == 3);
        assertThat(FxLogs.call(() -> view.list.getItems().get(2).text())).isEqualTo("INFO event 2");
    }

    @Test
    void aFullRingDropsTheOldestLinesAndSaysSoOnTop() throws Exception {
        HandFeed feed = show(16);
        for (int i = 1; i <= 40; i++) {
            feed.line(i, "line " + i);
        }
        FxLogs.await(() -> view.list.getItems().size() == 17 && view.list.getItems().get(16).text().equals("line 40"));
        FxLogs.run(() -> {
            assertThat(view.list.getItems().get(0).text()).isEqualTo("… 24 older lines dropped (the viewer keeps the last 16)");
            assertThat(view.list.getItems().get(1).text()).isEqualTo("line 25");
        });
    }

    @Test
    void aRestartIsAMarkerAndEnablesPreviousWhichReopensThePreviousInstance() throws Exception {
        HandFeed feed = show(LogRing.DEFAULT_CAPACITY);
        assertThat(FxLogs.call(() -> view.previous.isDisabled())).isTrue();
        feed.line(1, "allocating");
        feed.marker(LogLine.Kind.RESTART, "container app restarted (restart count 1): exit code 137, OOMKilled");
        FxLogs.await(() -> !view.previous.isDisabled() && flows().size() == 2);
        FxLogs.run(() -> {
            assertThat(textOf(flows().get(1))).isEqualTo("⟳ container app restarted (restart count 1): exit code 137, OOMKilled");
            assertThat(flows().get(1).getChildren().get(0).getUserData()).isEqualTo("log-marker-text");
            assertThat(((Text) flows().get(1).getChildren().get(0)).getFill()).isEqualTo(LogCell.MARKER);
            view.previous.fire();
        });
        FxLogs.await(() -> requests.size() == 2);
        assertThat(requests.get(1).previous()).isTrue();
        assertThat(requests.get(1).follow()).isFalse();
        FxLogs.run(() -> view.container.setValue(LogView.ALL));
        FxLogs.await(() -> requests.size() == 3);
        assertThat(requests.get(2).allStreams()).isTrue();
    }

    @Test
    void saveWritesEveryHeldLineAsReceived() throws Exception {
        HandFeed feed = show(LogRing.DEFAULT_CAPACITY);
        feed.line(1, "\u001b[32mINFO\u001b[0m ready");
        feed.line(2, "done");
        FxLogs.await(() -> view.list.getItems().size() == 2);
        Path file = dir.resolve("web.log");
        view.save(file).get();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .isEqualTo("2026-12-02T10:00:01Z \u001b[32mINFO\u001b[0m ready\n2026-12-02T10:00:02Z done\n");
    }

    @Test
    void saveWritesEveryLineReceivedEvenThoseTheFullRingDropped() throws Exception {
        HandFeed feed = show(16);
        StringBuilder want = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            feed.line(i, "line " + i);
            want.append(java.time.Instant.parse("2026-12-02T10:00:00Z").plusSeconds(i)).append(" line ").append(i).append('\n');
        }
        FxLogs.await(() -> view.list.getItems().size() == 17 && view.list.getItems().get(16).text().equals("line 40"));
        Path file = dir.resolve("all.log");
        view.save(file).get();
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(want.toString());
        FxLogs.await(() -> view.status.getText().equals("saved to " + file));
    }

    @Test
    void jsonLinesArePrettyPrintedOnDemandAndBackAsReceived() throws Exception {
        HandFeed feed = show(LogRing.DEFAULT_CAPACITY);
        feed.line(1, "{\"level\":\"info\",\"msg\":\"ready\",\"ports\":[80,443]}");
        feed.line(2, "not json {");
        FxLogs.await(() -> flows().size() == 2);
        assertThat(FxLogs.call(() -> textOf(flows().get(0)))).isEqualTo("{\"level\":\"info\",\"msg\":\"ready\",\"ports\":[80,443]}");
        FxLogs.run(() -> view.json.fire());
        String pretty = "{\n  \"level\": \"info\",\n  \"msg\": \"ready\",\n  \"ports\": [\n    80,\n    443\n  ]\n}";
        FxLogs.await(() -> flows().size() == 2 && textOf(flows().get(0)).equals(pretty));
        FxLogs.run(() -> assertThat(textOf(flows().get(1))).isEqualTo("not json {"));
        // the pretty row is several lines high, the other one line (once the list has laid the rows out again)
        // (8 text lines against 1: over 2.5× with the cells' padding, whatever the font's metrics)
        FxLogs.await(() -> flows().get(0).getHeight() > flows().get(1).getHeight() * 2.5);
        feed.line(3, "{\"late\":true}"); // lines arriving while on are pretty too
        FxLogs.await(() -> flows().size() == 3 && textOf(flows().get(2)).equals("{\n  \"late\": true\n}"));
        FxLogs.run(() -> view.json.fire());
        FxLogs.await(() -> textOf(flows().get(0)).startsWith("{\"level\":\"info\""));
        Path file = dir.resolve("json.log");
        view.save(file).get();
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("Z {\"level\":\"info\",\"msg\"");
    }
}
