package dev.wharf.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the YAML fixtures under src/test/resources/fixtures. */
public final class Fixtures {
    private Fixtures() {
    }

    public static <T> T load(String name, Class<T> type) {
        try (InputStream in = open(name)) {
            return Serialization.unmarshal(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T extends HasMetadata> List<T> list(String name, Class<T> type) {
        KubernetesList list = load(name, KubernetesList.class);
        List<T> out = new ArrayList<>();
        for (HasMetadata h : list.getItems()) {
            out.add(type.cast(h));
        }
        return out;
    }

    public static <T extends HasMetadata> T named(String file, Class<T> type, String name) {
        return list(file, type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + file));
    }

    private static InputStream open(String name) {
        InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name);
        if (in == null) {
            throw new AssertionError("missing fixture " + name);
        }
        return in;
    }
}
