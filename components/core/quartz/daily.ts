/**
 * Quartz 2.4.0's `new DailyCalendar(start, end)` as the operator's autoscaler calls it for a daily excluded period
 * (CalendarUtils.interpretAsDaily): the sub-expression is split on "-" (Java's String.split, so a trailing "-" is
 * dropped) into exactly two times; each time is "HH:MM[:SS[:mmm]]" split on ":" by a StringTokenizer (empty parts
 * skipped), every part read by Integer.parseInt (a sign is allowed, spaces are not), hours 0-23, minutes and seconds
 * 0-59, milliseconds 0-999; and the start must be strictly before the end (a range cannot cross midnight).
 */
import { javaParseInt, javaSplit, tokenize } from "../java/lang";

export interface TimeOfDay {
    hour: number;
    minute: number;
    second: number;
    millis: number;
}

function readTime(text: string): TimeOfDay {
    const parts = tokenize(text, ":");
    if (parts.length < 2 || parts.length > 4) throw new Error(`Invalid time string '${text}'`);
    let numbers: number[];
    try {
        numbers = parts.map(javaParseInt);
    } catch {
        throw new Error(`Invalid time string '${text}': each of hours, minutes, seconds and milliseconds must be a whole number, without spaces`);
    }
    const [hour, minute, second = 0, millis = 0] = numbers;
    if (hour < 0 || hour > 23) throw new Error(`Invalid hour of day: ${hour}`);
    if (minute < 0 || minute > 59) throw new Error(`Invalid minute: ${minute}`);
    if (second < 0 || second > 59) throw new Error(`Invalid second: ${second}`);
    if (millis < 0 || millis > 999) throw new Error(`Invalid millis: ${millis}`);
    return { hour, minute, second, millis };
}

const asMillis = (t: TimeOfDay) => ((t.hour * 60 + t.minute) * 60 + t.second) * 1000 + t.millis;
const show = (t: TimeOfDay) => `${t.hour}:${t.minute}:${t.second}:${t.millis}`;

/**
 * Why `expression` is not a daily period for the operator, or undefined when it is. `notDaily` is true when the text
 * does not even have the start-end shape (so it is more likely meant as a cron expression).
 */
export function quartzDailyError(expression: string): { reason: string; notDaily: boolean } | undefined {
    const halves = javaSplit(expression, "-");
    if (halves.length !== 2) return { reason: "a daily period is two times joined by a single '-'", notDaily: true };
    try {
        const start = readTime(halves[0]);
        const end = readTime(halves[1]);
        if (asMillis(start) >= asMillis(end)) {
            return { reason: `Invalid time range: ${show(start)} - ${show(end)}: the start must be before the end, within one day`, notDaily: false };
        }
        return undefined;
    } catch (err) {
        return { reason: (err as Error).message, notDaily: !/^\s*[+-]?\d/.test(halves[0]) };
    }
}
