package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;

/** Small builders for the API server's answers. */
final class Responses {

    private Responses() {
    }

    static MockResponse json(int code, Object body) {
        String text = body instanceof String ? (String) body : Serialization.asJson(body);
        return new MockResponse().setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(text);
    }

    static Status statusObject(int code, String reason, String message) {
        return new StatusBuilder().withStatus(code < 400 ? "Success" : "Failure")
                .withCode(code).withReason(reason).withMessage(message).withNewMetadata().endMetadata().build();
    }

    static MockResponse status(int code, String reason, String message) {
        return json(code, statusObject(code, reason, message));
    }

    /** A 409 as Kubernetes' {@code errors.NewConflict} writes it. */
    static MockResponse conflict(String resource, String group, String name, String why) {
        Status s = new StatusBuilder().withStatus("Failure").withCode(409).withReason("Conflict")
                .withMessage("Operation cannot be fulfilled on " + (group.isEmpty() ? resource : resource + "." + group)
                        + " \"" + name + "\": " + why)
                .withNewDetails().withName(name).withGroup(group).withKind(resource).endDetails()
                .withNewMetadata().endMetadata().build();
        return json(409, s);
    }

    static MockResponse notFound(String resource, String group, String name) {
        String qualified = group.isEmpty() ? resource : resource + "." + group;
        Status s = new StatusBuilder().withStatus("Failure").withCode(404).withReason("NotFound")
                .withMessage(qualified + " \"" + name + "\" not found")
                .withNewDetails().withName(name).withGroup(group).withKind(resource).endDetails()
                .withNewMetadata().endMetadata().build();
        return json(404, s);
    }

    static MockResponse badRequest(String message) {
        return status(400, "BadRequest", message);
    }
}
