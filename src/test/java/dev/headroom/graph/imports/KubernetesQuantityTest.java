package dev.headroom.graph.imports;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubernetesQuantityTest {
    @Test
    void cpuInMillicores() {
        assertThat(KubernetesQuantity.millicores("100m")).isEqualTo(100.0);
        assertThat(KubernetesQuantity.millicores("0.5")).isEqualTo(500.0);
        assertThat(KubernetesQuantity.millicores("2")).isEqualTo(2000.0);
        assertThat(KubernetesQuantity.millicores("1.5e-1")).isEqualTo(150.0);
        assertThat(KubernetesQuantity.millicores("250000u")).isEqualTo(250.0);
    }

    @Test
    void memoryInMebibytesWithBinaryAndDecimalSuffixes() {
        assertThat(KubernetesQuantity.mebibytes("64Mi")).isEqualTo(64.0);
        assertThat(KubernetesQuantity.mebibytes("1Gi")).isEqualTo(1024.0);
        assertThat(KubernetesQuantity.mebibytes("512Ki")).isEqualTo(0.5);
        assertThat(KubernetesQuantity.mebibytes("512M")).isEqualTo(488.28125);
        assertThat(KubernetesQuantity.mebibytes("1e9")).isEqualTo(1e9 / 1048576);
        assertThat(KubernetesQuantity.mebibytes("1048576")).isEqualTo(1.0);
    }

    @Test
    void malformedQuantitiesAreRejected() {
        for (String bad : new String[] {"", "lots", "-1", "1MB", "1 Gi", "1e"}) {
            assertThatThrownBy(() -> KubernetesQuantity.mebibytes(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Kubernetes quantity");
        }
    }
}
