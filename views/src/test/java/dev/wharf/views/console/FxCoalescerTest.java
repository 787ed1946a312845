package dev.wharf.views.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

class FxCoalescerTest {

    @Test
    void manyTasksFromConnectorThreadsNeedOnePendingRunLaterAndKeepTheirOrder() throws Exception {
        ConcurrentLinkedQueue<Runnable> uiQueue = new ConcurrentLinkedQueue<>();
        FxCoalescer coalescer = new FxCoalescer(uiQueue::add);
        List<Integer> ran = new ArrayList<>();

        Thread connector = new Thread(() -> {
            for (int i = 0; i < 10_000; i++) {
                int n = i;
                coalescer.execute(() -> ran.add(n));
            }
        });
        connector.start();
        connector.join();

        assertThat(uiQueue).as("one runLater while the UI thread was busy").hasSize(1);
        uiQueue.poll().run(); // the UI thread gets to it
        assertThat(ran).hasSize(10_000);
        assertThat(ran.get(0)).isZero();
        assertThat(ran.get(9_999)).isEqualTo(9_999);

        coalescer.execute(() -> ran.add(-1));
        assertThat(uiQueue).as("a new batch schedules again").hasSize(1);
    }
}
