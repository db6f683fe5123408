package com.example.shop.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import com.sun.management.HotSpotDiagnosticMXBean;

class HeapSizingTests {

    private final HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void setsTheRunningJvmsFreeRatios() {
        assertThat(new HeapSizing(true, 10, 20).apply()).isTrue();
        assertThat(hotSpot.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo("10");
        assertThat(hotSpot.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("20");
    }

    @Test
    void leavesThemAloneWhenToldNotTo() {
        assertThat(new HeapSizing(false, 5, 6).apply()).isFalse();
        assertThat(hotSpot.getVMOption("MaxHeapFreeRatio").getValue()).isNotEqualTo("6");
    }

    @Test
    void refusedValuesLeaveTheJvmsAndStartUpGoesOn() {
        new HeapSizing(true, 10, 20).apply();
        // A minimum above the maximum is refused by the JVM: a warning, not a failed start.
        assertThat(new HeapSizing(true, 90, 20).apply()).isFalse();
        assertThat(hotSpot.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo("10");
    }

}
