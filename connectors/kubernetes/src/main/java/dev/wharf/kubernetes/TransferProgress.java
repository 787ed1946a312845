package dev.wharf.kubernetes;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * When the API server last sent something: an HTTP interceptor that notes every piece of a
 * response body. Waiting for a first listing times out on silence, not on the length of a
 * transfer: a large list that arrives slowly but steadily keeps the wait alive.
 */
final class TransferProgress implements Interceptor {
    private volatile long lastNanos = System.nanoTime();

    /** Something happened: bytes arrived, a kind listed. */
    void touch() {
        lastNanos = System.nanoTime();
    }

    /** Nanoseconds since the last sign of life. */
    long quietNanos() {
        return System.nanoTime() - lastNanos;
    }

    @Override
    public AsyncBody.Consumer<List<ByteBuffer>> consumer(AsyncBody.Consumer<List<ByteBuffer>> consumer, HttpRequest request) {
        return new AsyncBody.Consumer<>() {
            @Override
            public void consume(List<ByteBuffer> value, AsyncBody body) throws Exception {
                touch();
                consumer.consume(value, body);
            }

            @Override
            public <U> U unwrap(Class<U> target) {
                U self = AsyncBody.Consumer.super.unwrap(target);
                return self != null ? self : consumer.unwrap(target);
            }
        };
    }
}
