package io.jivohub.ui;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.jivohub.store.EventHours;

/**
 * Events per day as bars for an SVG the page draws itself (no script, no library): one bar per day of the reader's
 * time zone, ending today, stacked by event type. Immutable.
 *
 * @param width  the drawing's width, in its own units
 * @param height its height
 * @param bars   the bars' pieces
 * @param types  the event types, in the order of their colours ({@code t0}, {@code t1}, …)
 * @param days   every day drawn, with its total, oldest first
 */
public record Chart(int width, int height, List<Bar> bars, List<String> types, List<Day> days) {
    /** How many colours the style sheet has; more types share them. */
    private static final int COLOURS = 8;

    /** A piece of a day's bar: one type's events that day. */
    public record Bar(int x, int y, int width, int height, String colour, String title) {
    }

    /** A day and its events. */
    public record Day(LocalDate date, long events) {
    }

    /**
     * The bars of {@code counts} (one connection's) over the {@code dayCount} days up to today in {@code zone}.
     *
     * @param barWidth   each day's width
     * @param height     the tallest day's height
     * @param titleOf    a bar's tooltip, from its date, type and count
     */
    static Chart of(List<EventHours.Count> counts, ZoneId zone, int dayCount, int barWidth, int height,
                    TitleOf titleOf) {
        LocalDate today = LocalDate.now(zone);
        LocalDate first = today.minusDays(dayCount - 1L);
        TreeSet<String> typeSet = new TreeSet<>();
        Map<LocalDate, Map<String, Long>> byDay = new TreeMap<>();
        for (EventHours.Count count : counts) {
            LocalDate day = Instant.ofEpochMilli(count.hour() * 3_600_000L).atZone(zone).toLocalDate();
            if (!day.isBefore(first) && !day.isAfter(today)) {
                typeSet.add(count.eventName());
                byDay.computeIfAbsent(day, d -> new TreeMap<>()).merge(count.eventName(), count.events(), Long::sum);
            }
        }
        List<String> types = List.copyOf(typeSet);
        long most = byDay.values().stream().mapToLong(day -> day.values().stream().mapToLong(Long::longValue).sum())
                .max().orElse(0);
        List<Bar> bars = new ArrayList<>();
        List<Day> days = new ArrayList<>();
        for (int d = 0; d < dayCount; d++) {
            LocalDate day = first.plusDays(d);
            Map<String, Long> ofDay = byDay.getOrDefault(day, Map.of());
            long total = 0;
            int top = height;
            for (Map.Entry<String, Long> type : ofDay.entrySet()) {
                total += type.getValue();
                int piece = (int) Math.max(1, Math.round((double) type.getValue() * height / most));
                top -= piece;
                bars.add(new Bar(d * barWidth, top, Math.max(1, barWidth - 1), piece,
                        colour(types.indexOf(type.getKey())), titleOf.title(day, type.getKey(),
                        type.getValue())));
            }
            days.add(new Day(day, total));
        }
        return new Chart(dayCount * barWidth, height, bars, types, days);
    }

    /** A bar's tooltip. */
    @FunctionalInterface
    interface TitleOf {
        String title(LocalDate day, String type, long events);
    }

    /** The colour of type {@code index} of {@link #types}: its class in the style sheet. */
    public String colourOf(int index) {
        return colour(index);
    }

    private static String colour(int index) {
        return "t" + index % COLOURS;
    }

    /** Events over all the days drawn. */
    public long total() {
        return days.stream().mapToLong(Day::events).sum();
    }
}
