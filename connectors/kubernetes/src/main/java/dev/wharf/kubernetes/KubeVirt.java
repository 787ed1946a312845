package dev.wharf.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** KubeVirt's API as Wharf uses it: no typed model exists, so generic resources. */
final class KubeVirt {
    static final String GROUP = "kubevirt.io";
    static final String VERSION = "v1";
    static final String SUBRESOURCES = "/apis/subresources.kubevirt.io/v1/namespaces/";

    static final ResourceDefinitionContext VMS = context("VirtualMachine", "virtualmachines");
    static final ResourceDefinitionContext VMIS = context("VirtualMachineInstance", "virtualmachineinstances");
    static final ResourceDefinitionContext MIGRATIONS =
            context("VirtualMachineInstanceMigration", "virtualmachineinstancemigrations");

    private KubeVirt() {
    }

    private static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(GROUP).withVersion(VERSION).withKind(kind).withPlural(plural).withNamespaced(true)
                .build();
    }
}
