/**
 * Flink 1.20.1's duration parser (org.apache.flink.util.TimeUtils.parseDuration), as the operator 1.15.0 reads a
 * Duration option through `Configuration.get`, followed by `Duration.toMillis()`: "<digits>[ ]<unit label>", the
 * whole text trimmed as Java's String.trim does (characters up to U+0020), the label lower-cased; no label means
 * milliseconds; no sign, no fraction, no ISO-8601 form (that fallback arrived with Flink 2.0). Overflows are errors,
 * as in Java: the number beyond a long (Long.parseLong), the duration's seconds beyond a long (Duration.of), the
 * milliseconds beyond a long (toMillis). Checked against the real classes: tests/unit/blue-green.spec.ts.
 */

const NANOS: { [label: string]: bigint } = {};
const UNITS: [string, bigint, string[]][] = [
    ["DAYS", 86_400_000_000_000n, ["d", "day", "days"]],
    ["HOURS", 3_600_000_000_000n, ["h", "hour", "hours"]],
    ["MINUTES", 60_000_000_000n, ["min", "m", "minute", "minutes"]],
    ["SECONDS", 1_000_000_000n, ["s", "sec", "secs", "second", "seconds"]],
    ["MILLISECONDS", 1_000_000n, ["ms", "milli", "millis", "millisecond", "milliseconds"]],
    ["MICROSECONDS", 1_000n, ["µs", "micro", "micros", "microsecond", "microseconds"]],
    ["NANOSECONDS", 1n, ["ns", "nano", "nanos", "nanosecond", "nanoseconds"]],
];
for (const [, nanos, labels] of UNITS) for (const label of labels) NANOS[label] = nanos;

/** Every unit label Flink accepts, as its error message lists them. */
export const DURATION_UNITS = UNITS.map(([name, , labels]) => `${name}: (${labels.join(" | ")})`).join(", ");

const LONG_MAX = 9_223_372_036_854_775_807n;

/** Java's String.trim: strips characters up to U+0020 from both ends. */
function javaTrim(text: string): string {
    let start = 0;
    let end = text.length;
    while (start < end && text.charCodeAt(start) <= 0x20) start++;
    while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
    return text.slice(start, end);
}

export type DurationReading = { millis: bigint; error?: undefined } | { millis?: undefined; error: string };

/** The duration in milliseconds as the operator gets it, or why Flink refuses the text. */
export function parseFlinkDuration(text: string): DurationReading {
    const trimmed = javaTrim(text);
    if (trimmed === "") return { error: "it is empty" };
    let pos = 0;
    while (pos < trimmed.length && trimmed.charCodeAt(pos) >= 0x30 && trimmed.charCodeAt(pos) <= 0x39) pos++;
    const digits = trimmed.slice(0, pos);
    const label = javaTrim(trimmed.slice(pos)).toLowerCase();
    if (digits === "") return { error: "it does not start with a number (no sign or fraction either)" };
    const value = BigInt(digits);
    if (value > LONG_MAX) return { error: `the value '${digits}' cannot be represented as a 64-bit number` };
    const unitNanos = label === "" ? 1_000_000n : NANOS[label];
    if (unitNanos === undefined)
        return {
            error: `the unit '${label}' is none of Flink's (d, h, min or m, s, ms, µs, ns, or their words: days, hours, minutes, seconds, millis, micros, nanos, ...)`,
        };
    // Duration.of keeps whole seconds in a long; toMillis() must fit a long too.
    const nanos = value * unitNanos;
    if (unitNanos >= 1_000_000_000n && nanos / 1_000_000_000n > LONG_MAX) return { error: "it overflows a Java Duration" };
    const millis = nanos / 1_000_000n;
    if (millis > LONG_MAX) return { error: "it overflows a long of milliseconds" };
    return { millis };
}
