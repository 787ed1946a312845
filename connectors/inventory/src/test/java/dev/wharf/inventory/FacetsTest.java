package dev.wharf.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The explaining facets: a diagnosis read at a moment, the new actions' wire names. */
class FacetsTest {
    static final Instant AT = Instant.parse("2026-11-01T12:00:00Z");

    @Test
    void aDiagnosisSaysHowLongAgoWhenItIsRead() {
        Diagnosis d = new Diagnosis("Container app keeps crashing: exited with code 137 (OOMKilled)", AT,
                "; restarted 14 times, back-off 5m.");
        assertThat(d.sentence(AT.plusSeconds(125))).isEqualTo(
                "Container app keeps crashing: exited with code 137 (OOMKilled) 2 minutes ago; restarted 14 times, back-off 5m.");
        assertThat(d.sentence(AT.plusSeconds(3 * 3600))).contains("3 hours ago");
        assertThat(Diagnosis.of("Not scheduled: no node fits.").sentence(AT)).isEqualTo("Not scheduled: no node fits.");
    }

    @Test
    void agoInWords() {
        assertThat(Diagnosis.ago(AT, AT.plusSeconds(3))).isEqualTo("just now");
        assertThat(Diagnosis.ago(AT, AT.plusSeconds(45))).isEqualTo("45 seconds ago");
        assertThat(Diagnosis.ago(AT, AT.plusSeconds(60))).isEqualTo("1 minute ago");
        assertThat(Diagnosis.ago(AT, AT.plusSeconds(3600))).isEqualTo("1 hour ago");
        assertThat(Diagnosis.ago(AT, AT.plusSeconds(3 * 86400))).isEqualTo("3 days ago");
        assertThat(Diagnosis.ago(AT, AT.minusSeconds(30))).as("a clock behind the server").isEqualTo("just now");
    }

    @Test
    void newActionsHaveWireNamesForTheCommandLine() {
        assertThat(List.of(Action.CORDON, Action.UNCORDON, Action.DRAIN, Action.CANCEL_MIGRATION, Action.RESTART_WORKLOAD))
                .extracting(Action::wire)
                .containsExactly("cordon", "uncordon", "drain", "cancel-migration", "restart-workload");
        assertThat(Action.fromWire("cancel-migration")).isEqualTo(Action.CANCEL_MIGRATION);
    }

    @Test
    void facetsAreFoundByTheirType() {
        Item pod = Item.builder("s|pod/ns/p", "s", Kind.POD, "p")
                .facet(new Controller("Deployment", "payments", "ReplicaSet payments-7f6c9d8b5"))
                .facet(new Conditions(List.of(new Condition(null, "PodScheduled", "False", "Unschedulable", "0/4", null))))
                .build();
        assertThat(pod.facet(Controller.class).orElseThrow().label()).isEqualTo("Deployment payments");
        assertThat(pod.facet(Conditions.class).orElseThrow().get("PodScheduled").orElseThrow().isTrue()).isFalse();
        assertThat(pod.facet(Diagnosis.class)).isEmpty();
    }
}
