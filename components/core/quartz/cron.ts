/**
 * Which strings Quartz 2.4.0's `new CronExpression(expr)` accepts (what `new CronCalendar(expr)` runs, and so what
 * the operator's autoscaler accepts in job.autoscaler.excluded.periods), and the ParseException message it gives.
 *
 * Quartz's parser is lenient in places and strict in others, and the operator follows it to the letter, so this
 * module reproduces its observable behaviour rather than the cron syntax its documentation describes:
 * - the expression is upper-cased; fields are split on spaces and tabs only; a seventh field is the year and anything
 *   after it is ignored; fewer than six fields is "Unexpected end of expression.";
 * - each field is split on commas (empty pieces skipped) and each piece is read from its start: ranges per field
 *   (seconds and minutes 0-59, hours 0-23, day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 1-7 or SUN-SAT),
 *   `*`, `?` (day-of-month or day-of-week only), `/` increments (bounded per field), `L`, `W`, `#` (1-5);
 * - characters after a complete value are often ignored (`5X` reads as 5, `*X` as every value), as in Quartz;
 * - exactly one of day-of-month and day-of-week must be `?`;
 * - Java runtime errors inside the parser (an index out of range on `JA`, a number too large) become
 *   "Illegal cron expression format (...)", as Quartz wraps them.
 * The sets of matching times are not built: only what decides acceptance is tracked (which fields hold `?` or `*`,
 * which are empty, whether day-of-month is `L`), so a year range of any size costs nothing.
 */
import { JavaException, illegalArgument, javaCharAt, javaParseInt, javaSubstring, javaTrim, tokenize } from "../java/lang";

const SECOND = 0;
const MINUTE = 1;
const HOUR = 2;
const DAY_OF_MONTH = 3;
const MONTH = 4;
const DAY_OF_WEEK = 5;
const YEAR = 6;
const ALL_SPEC = 99; // '*'
const NO_SPEC = 98; // '?'

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** org.quartz's ParseException: the message Quartz gives for an expression it refuses. */
export class CronParseError extends Error {}

const isAsciiDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/** What the parser keeps of one field's value set: enough to answer Quartz's later questions about it. */
interface FieldSet {
    empty: boolean;
    noSpec: boolean;
    all: boolean;
}

class CronReader {
    private readonly sets: FieldSet[] = Array.from({ length: 7 }, () => ({ empty: true, noSpec: false, all: false }));
    private lastDayOfMonth = false;
    /** Quartz's MAX_YEAR: the current year plus 100 (it reads the clock when the class loads). */
    private readonly maxYear = new Date().getUTCFullYear() + 100;

    read(expression: string): void {
        let field = SECOND;
        const tokens = tokenize(expression, " \t");
        for (let t = 0; t < tokens.length && field <= YEAR; t++) {
            const expr = javaTrim(tokens[t]);
            if (field === DAY_OF_MONTH && expr.includes("L") && expr.length > 1 && expr.includes(",")) {
                throw new CronParseError("Support for specifying 'L' and 'LW' with other days of the month is not implemented");
            }
            if (field === DAY_OF_WEEK && expr.includes("L") && expr.length > 1 && expr.includes(",")) {
                throw new CronParseError("Support for specifying 'L' with other days of the week is not implemented");
            }
            if (field === DAY_OF_WEEK && expr.indexOf("#") !== -1 && expr.indexOf("#", expr.indexOf("#") + 1) !== -1) {
                throw new CronParseError(`Support for specifying multiple "nth" days is not implemented.`);
            }
            for (const piece of tokenize(expr, ",")) this.storeValues(piece, field);
            field++;
        }
        if (field <= DAY_OF_WEEK) throw new CronParseError("Unexpected end of expression.");
        if (field <= YEAR) this.storeValues("*", YEAR);
        const dayOfMonthSpecified = !this.sets[DAY_OF_MONTH].noSpec;
        const dayOfWeekSpecified = !this.sets[DAY_OF_WEEK].noSpec;
        if (dayOfMonthSpecified === dayOfWeekSpecified) {
            throw new CronParseError("Support for specifying both a day-of-week AND a day-of-month parameter is not implemented.");
        }
    }

    private mark(type: number, value: number): void {
        const set = this.sets[type];
        set.empty = false;
        if (value === NO_SPEC) set.noSpec = true;
        if (value === ALL_SPEC) set.all = true;
    }

    /** One comma-separated piece of a field, read from its first character (the rest may be ignored, as in Quartz). */
    private storeValues(s: string, type: number): void {
        let i = 0;
        while (i < s.length && (s[i] === " " || s[i] === "\t")) i++;
        if (i >= s.length) return;
        let c = s[i];
        if (c >= "A" && c <= "Z" && s !== "L" && s !== "LW" && !/^L-[0-9]*W?$/.test(s)) {
            this.storeName(s, i, type);
            return;
        }
        if (c === "?") {
            i++;
            if (i + 1 < s.length && s[i] !== " " && s[i + 1] !== "\t") throw new CronParseError(`Illegal character after '?': ${s[i]}`);
            if (type !== DAY_OF_WEEK && type !== DAY_OF_MONTH) throw new CronParseError("'?' can only be specified for Day-of-Month or Day-of-Week.");
            if (type === DAY_OF_WEEK && !this.lastDayOfMonth) {
                const dom = this.sets[DAY_OF_MONTH];
                // TreeSet.last(): the largest value; '*' (99) outranks '?' (98), which outranks every day.
                if (dom.empty) throw new JavaException("java.util.NoSuchElementException", "");
                if (dom.noSpec && !dom.all) throw new CronParseError("'?' can only be specified for Day-of-Month -OR- Day-of-Week.");
            }
            this.addToSet(NO_SPEC, -1, 0, type);
            return;
        }
        if (c === "*" || c === "/") {
            if (c === "*" && i + 1 >= s.length) {
                this.addToSet(ALL_SPEC, -1, 0, type);
                return;
            }
            if (c === "/" && (i + 1 >= s.length || s[i + 1] === " " || s[i + 1] === "\t")) throw new CronParseError("'/' must be followed by an integer.");
            if (c === "*") i++;
            c = javaCharAt(s, i);
            let increment: number;
            if (c === "/") {
                i++;
                if (i >= s.length) throw new CronParseError("Unexpected end of string.");
                // Quartz's findNextWhiteSpace never stops early: the increment is the rest of the piece.
                increment = javaParseInt(javaSubstring(s, i));
                this.checkIncrementRange(increment, type);
            } else {
                increment = 1;
            }
            this.addToSet(ALL_SPEC, -1, increment, type);
            return;
        }
        if (c === "L") {
            i++;
            if (type === DAY_OF_MONTH) this.lastDayOfMonth = true;
            if (type === DAY_OF_WEEK) this.addToSet(7, 7, 0, type);
            if (type === DAY_OF_MONTH && s.length > i) {
                if (s[i] === "-") {
                    const offset = this.getValue(0, s, i + 1);
                    if (offset.value > 30) throw new CronParseError("Offset from last day must be <= 30");
                }
                // A 'W' after the offset sets nearest-weekday; nothing else is read.
            }
            return;
        }
        if (isAsciiDigit(c)) {
            let value = Number(c);
            i++;
            if (i >= s.length) {
                this.addToSet(value, -1, -1, type);
                return;
            }
            if (isAsciiDigit(s[i])) {
                const read = this.getValue(value, s, i);
                value = read.value;
                i = read.pos;
            }
            this.checkNext(i, s, value, type);
            return;
        }
        throw new CronParseError(`Unexpected character: ${c}`);
    }

    /** A month or day name (three letters), a range of names, or a day name with #n or L. */
    private storeName(s: string, i: number, type: number): void {
        let sub = javaSubstring(s, i, i + 3);
        let start: number;
        let end = -1;
        if (type === MONTH) {
            start = MONTHS.indexOf(sub) + 1;
            if (start <= 0) throw new CronParseError(`Invalid Month value: '${sub}'`);
            if (s.length > i + 3 && s[i + 3] === "-") {
                i += 4;
                sub = javaSubstring(s, i, i + 3);
                end = MONTHS.indexOf(sub) + 1;
                if (end <= 0) throw new CronParseError(`Invalid Month value: '${sub}'`);
            }
        } else if (type === DAY_OF_WEEK) {
            start = DAYS.indexOf(sub) + 1;
            if (start <= 0) throw new CronParseError(`Invalid Day-of-Week value: '${sub}'`);
            if (s.length > i + 3) {
                const next = s[i + 3];
                if (next === "-") {
                    i += 4;
                    sub = javaSubstring(s, i, i + 3);
                    end = DAYS.indexOf(sub) + 1;
                    if (end <= 0) throw new CronParseError(`Invalid Day-of-Week value: '${sub}'`);
                } else if (next === "#") {
                    this.nthDay(javaSubstring(s, i + 4));
                }
            }
        } else {
            throw new CronParseError(`Illegal characters for this position: '${sub}'`);
        }
        this.addToSet(start, end, end !== -1 ? 1 : 0, type);
    }

    private nthDay(text: string): void {
        let nth: number;
        try {
            nth = javaParseInt(text);
        } catch {
            nth = 0;
        }
        if (nth < 1 || nth > 5) throw new CronParseError("A numeric value between 1 and 5 must follow the '#' option");
    }

    private checkIncrementRange(increment: number, type: number): void {
        if (increment > 59 && (type === SECOND || type === MINUTE)) throw new CronParseError(`Increment > 60 : ${increment}`);
        if (increment > 23 && type === HOUR) throw new CronParseError(`Increment > 24 : ${increment}`);
        if (increment > 31 && type === DAY_OF_MONTH) throw new CronParseError(`Increment > 31 : ${increment}`);
        if (increment > 7 && type === DAY_OF_WEEK) throw new CronParseError(`Increment > 7 : ${increment}`);
        if (increment > 12 && type === MONTH) throw new CronParseError(`Increment > 12 : ${increment}`);
    }

    /** What follows a number: L, W, #n, a range (with an increment), an increment; anything else is ignored. */
    private checkNext(pos: number, s: string, value: number, type: number): void {
        let i = pos;
        if (i >= s.length) {
            this.addToSet(value, -1, -1, type);
            return;
        }
        let c = s[i];
        if (c === "L") {
            if (type !== DAY_OF_WEEK) throw new CronParseError(`'L' option is not valid here. (pos=${i})`);
            if (value < 1 || value > 7) throw new CronParseError("Day-of-Week values must be between 1 and 7");
            this.mark(type, value);
            return;
        }
        if (c === "W") {
            if (type !== DAY_OF_MONTH) throw new CronParseError(`'W' option is not valid here. (pos=${i})`);
            if (value > 31) throw new CronParseError("The 'W' option does not make sense with values larger than 31 (max number of days in a month)");
            this.mark(type, value);
            return;
        }
        if (c === "#") {
            if (type !== DAY_OF_WEEK) throw new CronParseError(`'#' option is not valid here. (pos=${i})`);
            this.nthDay(javaSubstring(s, i + 1));
            this.mark(type, value);
            return;
        }
        if (c === "-") {
            i++;
            c = javaCharAt(s, i);
            const first = javaParseInt(c);
            let end = first;
            i++;
            if (i >= s.length) {
                this.addToSet(value, end, 1, type);
                return;
            }
            if (isAsciiDigit(s[i])) {
                const read = this.getValue(first, s, i);
                end = read.value;
                i = read.pos;
            }
            if (i < s.length && s[i] === "/") {
                i++;
                c = javaCharAt(s, i);
                const step = javaParseInt(c);
                i++;
                if (i >= s.length) {
                    this.addToSet(value, end, step, type);
                    return;
                }
                if (isAsciiDigit(s[i])) {
                    this.addToSet(value, end, this.getValue(step, s, i).value, type);
                } else {
                    this.addToSet(value, end, step, type);
                }
                return;
            }
            this.addToSet(value, end, 1, type);
            return;
        }
        if (c === "/") {
            if (i + 1 >= s.length || s[i + 1] === " " || s[i + 1] === "\t") throw new CronParseError("'/' must be followed by an integer.");
            i++;
            const step = javaParseInt(javaCharAt(s, i));
            i++;
            if (i >= s.length) {
                this.checkIncrementRange(step, type);
                this.addToSet(value, -1, step, type);
                return;
            }
            c = s[i];
            if (!isAsciiDigit(c)) throw new CronParseError(`Unexpected character '${c}' after '/'`);
            const longer = this.getValue(step, s, i).value;
            this.checkIncrementRange(longer, type);
            this.addToSet(value, -1, longer, type);
            return;
        }
        this.addToSet(value, -1, 0, type);
    }

    /** Reads the ASCII digits at i after a first digit v; pos is one past the string when they run to its end. */
    private getValue(v: number, s: string, i: number): { value: number; pos: number } {
        let c = javaCharAt(s, i);
        let digits = String(v);
        while (isAsciiDigit(c)) {
            digits += c;
            i++;
            if (i >= s.length) break;
            c = s[i];
        }
        return { value: javaParseInt(digits), pos: i < s.length ? i : i + 1 };
    }

    private addToSet(value: number, end: number, increment: number, type: number): void {
        const outside = (min: number, max: number) => value < min || value > max || end > max;
        if ((type === SECOND || type === MINUTE) && outside(0, 59) && value !== ALL_SPEC) {
            throw new CronParseError("Minute and Second values must be between 0 and 59");
        } else if (type === HOUR && outside(0, 23) && value !== ALL_SPEC) {
            throw new CronParseError("Hour values must be between 0 and 23");
        } else if (type === DAY_OF_MONTH && outside(1, 31) && value !== ALL_SPEC && value !== NO_SPEC) {
            throw new CronParseError("Day of month values must be between 1 and 31");
        } else if (type === MONTH && outside(1, 12) && value !== ALL_SPEC) {
            throw new CronParseError("Month values must be between 1 and 12");
        } else if (type === DAY_OF_WEEK && (value === 0 || value > 7 || end > 7) && value !== ALL_SPEC && value !== NO_SPEC) {
            throw new CronParseError("Day-of-Week values must be between 1 and 7");
        }
        if ((increment === 0 || increment === -1) && value !== ALL_SPEC) {
            this.mark(type, value === -1 ? NO_SPEC : value);
            return;
        }
        if (value === ALL_SPEC && increment <= 0) this.mark(type, ALL_SPEC);
        if (type === YEAR) {
            const startAt = value === -1 || value === ALL_SPEC ? 1970 : value;
            const stopAt = end === -1 ? this.maxYear : end;
            if (stopAt < startAt) throw illegalArgument("Start year must be less than stop year");
        }
        // Every other range yields at least one value (a range that runs backwards wraps around), none of them ? or *.
        this.sets[type].empty = false;
    }
}

/**
 * Why Quartz 2.4.0 refuses `expression` as a cron expression (its ParseException message), or undefined when it
 * accepts it.
 */
export function quartzCronError(expression: string): string | undefined {
    try {
        new CronReader().read(expression.toUpperCase());
        return undefined;
    } catch (err) {
        if (err instanceof CronParseError) return err.message;
        if (err instanceof JavaException) return `Illegal cron expression format (${err.toJavaString()})`;
        throw err;
    }
}
