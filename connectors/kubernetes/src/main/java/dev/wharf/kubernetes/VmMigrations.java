package dev.wharf.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** Small reads of VirtualMachineInstanceMigration objects. */
final class VmMigrations {
    private VmMigrations() {
    }

    static String vmiName(GenericKubernetesResource migration) {
        Object v = migration.get("spec", "vmiName");
        return v == null ? null : v.toString();
    }

    /** True if {@code a} was created after {@code b}. */
    static boolean newer(GenericKubernetesResource a, GenericKubernetesResource b) {
        String ta = a.getMetadata().getCreationTimestamp();
        String tb = b.getMetadata().getCreationTimestamp();
        return ta != null && (tb == null || ta.compareTo(tb) > 0);
    }
}
