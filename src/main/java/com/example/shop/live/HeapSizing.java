package com.example.shop.live;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * How much free heap the JVM keeps resident after a collection: by default G1 keeps up to 70% of
 * the heap free, and free heap once used stays resident, so a shop holding thousands of
 * subscribers (about 25 KB of live heap each) would cost half as much again in resident memory.
 * The shop sets {@code MinHeapFreeRatio} and {@code MaxHeapFreeRatio}, which HotSpot lets a running
 * JVM change (they are "manageable" flags), to {@code shop.live.heap.min-free-ratio} and
 * {@code shop.live.heap.max-free-ratio} at start-up, so that {@code java -jar} needs no tuning
 * flags; the same flags given on the command line win, and {@code shop.live.heap.tune=false}
 * leaves the JVM's defaults. docs/live.md weighs the cost (more frequent collections while the heap
 * grows).
 *
 * @param tune whether to set the ratios at all
 * @param minFreeRatio the least free heap, in percent, G1 keeps after a collection
 * @param maxFreeRatio the most free heap, in percent, G1 keeps after a collection
 */
@ConfigurationProperties("shop.live.heap")
record HeapSizing(@DefaultValue("true") boolean tune, @DefaultValue("10") int minFreeRatio,
        @DefaultValue("20") int maxFreeRatio) {

    private static final Logger log = LoggerFactory.getLogger(HeapSizing.class);

    /** Sets the ratios unless told not to or given on the command line; answers whether it did. */
    boolean apply() {
        if (!tune) {
            return false;
        }
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (arguments.stream().anyMatch(a -> a.startsWith("-XX:MinHeapFreeRatio") || a.startsWith("-XX:MaxHeapFreeRatio"))) {
            return false;
        }
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hotSpot == null) {
                return false;
            }
            // Min first: each must stay at or below Max (defaults 40 and 70) when it is set.
            hotSpot.setVMOption("MinHeapFreeRatio", Integer.toString(minFreeRatio));
            hotSpot.setVMOption("MaxHeapFreeRatio", Integer.toString(maxFreeRatio));
            log.info("Heap free ratios set to {}-{}% (shop.live.heap.*): free heap beyond that is given back after a collection",
                    minFreeRatio, maxFreeRatio);
            return true;
        }
        catch (RuntimeException ex) {
            // Another JVM, or values it refuses (min above max): its defaults stay.
            log.warn("Could not set the heap's free ratios to {}-{}%: {}", minFreeRatio, maxFreeRatio, ex.getMessage());
            return false;
        }
    }

}
