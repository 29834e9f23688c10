package org.icsmap.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What one timed run measured, and the probes that measure it. */
final class Measurements {

    private static final Path PROC_STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private Measurements() {
    }

    /**
     * One run.
     *
     * @param seconds      wall-clock seconds
     * @param threadCpu    CPU seconds of the calling thread (the one thread doing the work)
     * @param processCpu   CPU seconds of the whole process (adds GC and JIT threads)
     * @param peakHeap     peak JVM heap in bytes (all heap pools, reset before the run); -1 if not measured
     * @param peakOld      of which the old generation's pool(s) ("Old", "Tenured"): what outlived young collections; -1 if not measured
     * @param rssGrowth    peak resident set size during the run minus the resident set size before it, bytes; -1 if unknown
     * @param allocated    bytes the calling thread allocated on the heap during the run; -1 if unknown
     */
    record Run(double seconds, double threadCpu, double processCpu, long peakHeap, long peakOld, long rssGrowth, long allocated) {
    }

    /** An engine's runs over the same file. */
    record Engine(String name, String does, long rows, long bytes, List<Run> runs) {
        Engine {
            runs = List.copyOf(runs);
        }

        Run best() {
            return runs.stream().min(java.util.Comparator.comparingDouble(Run::seconds)).orElseThrow();
        }

        double medianSeconds() {
            return median(runs.stream().map(Run::seconds).toList());
        }

        double bestRowsPerSecond() {
            return rows / best().seconds();
        }

        double medianRowsPerSecond() {
            return rows / medianSeconds();
        }

        long peakHeap() {
            return runs.stream().mapToLong(Run::peakHeap).max().orElse(-1);
        }

        long peakOld() {
            return runs.stream().mapToLong(Run::peakOld).max().orElse(-1);
        }

        long rssGrowth() {
            return runs.stream().mapToLong(Run::rssGrowth).max().orElse(-1);
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Starts measuring a run: collects garbage, resets the heap pools' and the resident set's peaks. */
    static Probe start(boolean heap) {
        if (heap) {
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        }
        long rssBefore = resetPeakRss() ? statusKb("VmRSS:") : -1;
        return new Probe(heap, rssBefore, threads().getCurrentThreadCpuTime(), processCpuNanos(), allocatedBytes(), System.nanoTime());
    }

    record Probe(boolean heap, long rssBeforeKb, long threadCpuStart, long processCpuStart, long allocatedStart, long wallStart) {
        Run stop() {
            long wall = System.nanoTime() - wallStart;
            long thread = threads().getCurrentThreadCpuTime() - threadCpuStart;
            long process = processCpuNanos() - processCpuStart;
            long allocated = allocatedStart < 0 ? -1 : allocatedBytes() - allocatedStart;
            long peakRss = rssBeforeKb < 0 ? -1 : statusKb("VmHWM:");
            return new Run(wall / 1e9, thread / 1e9, process < 0 ? -1 : process / 1e9, heap ? peakHeapBytes(false) : -1, heap ? peakHeapBytes(true) : -1,
                    rssBeforeKb < 0 || peakRss < 0 ? -1 : Math.max(0, peakRss - rssBeforeKb) * 1024, allocated);
        }
    }

    static long peakHeapBytes(boolean oldOnly) {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .filter(p -> !oldOnly || p.getName().contains("Old") || p.getName().contains("Tenured"))
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static ThreadMXBean threads() {
        return ManagementFactory.getThreadMXBean();
    }

    private static long allocatedBytes() {
        if (threads() instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()) {
            return sun.getCurrentThreadAllocatedBytes();
        }
        return -1;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Linux: resets the process's peak resident set size (VmHWM) to its current size. False where that is not possible. */
    private static boolean resetPeakRss() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
