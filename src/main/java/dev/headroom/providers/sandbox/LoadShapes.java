package dev.headroom.providers.sandbox;

import dev.headroom.providers.sandbox.SandboxCatalog.Profile;
import dev.headroom.providers.sandbox.SandboxCatalog.Region;

/**
 * The calendar side of the sandbox load: how demand moves with the region's local time of day
 * and day of week. Demand is relative, 1.0 being a weekday evening peak; trend, campaigns and
 * noise are applied by the generator on top.
 */
final class LoadShapes {
    private static final long DAY = 86_400;
    private static final long HOUR = 3_600;

    private LoadShapes() {
    }

    /** Customer demand on a service of the given profile at an instant. */
    static double demand(Profile profile, Region region, long epochSecond) {
        long local = epochSecond + region.utcOffsetHours() * HOUR;
        double hour = Math.floorMod(local, DAY) / (double) HOUR;
        boolean weekend = isWeekend(local);
        double shop = weekend ? weekendShop(hour) : weekdayShop(hour);
        return switch (profile) {
            case WEB, API, CACHE -> shop;
            // Orders trickle in all day; the queue smooths the evening peak a little.
            case WORKER -> 0.15 + 0.7 * shop;
            // Catalogue reads and order writes: the working set never goes cold.
            case DATABASE -> 0.2 + 0.8 * shop;
        };
    }

    /**
     * Intensity (0 to 1.5) of the service's own scheduled job at an instant: the email worker's
     * hourly digest run and its morning newsletter, the database's nightly vacuum and backup.
     */
    static double job(Profile profile, Region region, long epochSecond) {
        long local = epochSecond + region.utcOffsetHours() * HOUR;
        long secondOfDay = Math.floorMod(local, DAY);
        return switch (profile) {
            case WORKER -> {
                double newsletter = !isWeekend(local) && secondOfDay >= 9 * HOUR && secondOfDay < 9 * HOUR + 1800
                        ? 0.5 : 0;
                double digest = secondOfDay % HOUR < 600 ? 1 : 0;
                yield digest + newsletter;
            }
            case DATABASE -> secondOfDay >= 2 * HOUR && secondOfDay < 3 * HOUR + 1800 ? 1 : 0;
            default -> 0;
        };
    }

    /** Whether an instant falls in the cache's nightly purge, when expired carts are dropped. */
    static boolean cachePurge(Region region, long epochSecond) {
        long local = epochSecond + region.utcOffsetHours() * HOUR;
        return Math.floorMod(local, DAY) / HOUR == 4;
    }

    static boolean isWeekend(Region region, long epochSecond) {
        return isWeekend(epochSecond + region.utcOffsetHours() * HOUR);
    }

    private static boolean isWeekend(long localEpochSecond) {
        // Day 0 of the epoch was a Thursday; with Monday = 0, Saturday and Sunday are 5 and 6.
        long dayOfWeek = Math.floorMod(Math.floorDiv(localEpochSecond, DAY) + 3, 7);
        return dayOfWeek >= 5;
    }

    /** Night floor, morning commute, lunch break, and the evening peak when people shop. */
    private static double weekdayShop(double hour) {
        return 0.18 + 0.30 * bump(hour, 10.5, 2.5) + 0.25 * bump(hour, 13, 1.5) + 0.82 * bump(hour, 20.5, 2.2);
    }

    /** Later mornings, a long afternoon, and an evening peak a third above the weekday one. */
    private static double weekendShop(double hour) {
        return 0.20 + 0.22 * bump(hour, 11.5, 3) + 0.35 * bump(hour, 14.5, 2) + 1.10 * bump(hour, 20.5, 2.4);
    }

    /** A bell around {@code centre} on the 24-hour circle, so the evening peak spills past midnight. */
    private static double bump(double hour, double centre, double width) {
        double d = Math.abs(hour - centre);
        d = Math.min(d, 24 - d);
        return Math.exp(-0.5 * (d / width) * (d / width));
    }
}
