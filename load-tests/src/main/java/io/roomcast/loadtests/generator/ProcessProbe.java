package io.roomcast.loadtests.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a server process's CPU time (utime + stime) and RSS from /proc, and for a JVM its used heap after a full GC
 * through {@code jcmd}. The generator runs on the same machine as the servers (loopback only), so it can.
 */
public final class ProcessProbe {
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final long CLOCK_TICKS = clockTicks();

    private ProcessProbe() {
    }

    /**
     * Point-in-time reading of one process. User and system time are kept apart: on loopback the kernel's TCP work
     * for both ends is charged to the writer's system time, the same for every server, while user time is the
     * server's own code.
     */
    public record Reading(long pid, long userNanos, long systemNanos, long rssKb) {
        public long cpuNanos() {
            return userNanos + systemNanos;
        }
    }

    public static Reading read(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After "pid (comm) ", fields[0] is state (field 3); utime and stime are fields 14 and 15.
            long userTicks = Long.parseLong(fields[11]);
            long systemTicks = Long.parseLong(fields[12]);
            return new Reading(pid, userTicks * 1_000_000_000L / CLOCK_TICKS,
                    systemTicks * 1_000_000_000L / CLOCK_TICKS, rssKb(pid));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + " (is the server running?)", e);
        }
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Used heap in KiB after a full GC for a JVM; -1 for other processes or when jcmd is unavailable. */
    public static long heapUsedAfterGcKb(long pid) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
            if (!cmdline.contains("java")) {
                return -1;
            }
            run("jcmd", Long.toString(pid), "GC.run");
            Matcher matcher = HEAP_USED.matcher(run("jcmd", Long.toString(pid), "GC.heap_info"));
            return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Soft limit of open files of this process, from /proc/self/limits. */
    public static long openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException e) {
            // not Linux: no limit known
        }
        return Long.MAX_VALUE;
    }

    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static long clockTicks() {
        try {
            String value = run("getconf", "CLK_TCK").trim();
            return Long.parseLong(value);
        } catch (IOException | NumberFormatException e) {
            return 100;
        }
    }
}
