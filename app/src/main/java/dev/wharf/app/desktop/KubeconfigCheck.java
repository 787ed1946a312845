package dev.wharf.app.desktop;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Says in one sentence what is wrong with a kubeconfig file the user picked, before the
 * Kubernetes client reads it: a binary file ("Input length = 1" otherwise) or YAML that does not
 * parse, with the line.
 */
final class KubeconfigCheck {
    private KubeconfigCheck() {
    }

    /** The problem with {@code file}, or empty when it is readable YAML (whether it is a kubeconfig is the client's to say). */
    static Optional<String> problem(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return Optional.empty(); // missing or unreadable: the client says so with the path
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return Optional.of(binary(file));
        }
        if (text.indexOf('\0') >= 0) {
            return Optional.of(binary(file));
        }
        try {
            new YAMLMapper().readTree(text);
            return Optional.empty();
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() <= 0 ? "" : " at line " + at.getLineNr();
            String what = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
            return Optional.of("Kubeconfig " + file + " is not valid YAML" + where + (what.isEmpty() ? "" : ": " + what)
                    + ". Fix that line (kubectl config view shows what kubectl makes of the file).");
        }
    }

    private static String binary(Path file) {
        return "Kubeconfig " + file + " is not a text file (it holds binary data; a kubeconfig is YAML). "
                + "Pick your kubeconfig, usually ~/.kube/config.";
    }
}
