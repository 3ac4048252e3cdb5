/**
 * The few java.lang behaviours the operator's parsers lean on, so that the rules read values as the JVM does:
 * Integer.parseInt (a sign, then decimal digits of any script, 32-bit), String.trim (every char up to U+0020),
 * String.split with a literal separator (trailing empty strings dropped) and Character's digit and whitespace
 * classes. Each is small; they matter at the edges (`+9:30`, a trailing newline, a fullwidth digit).
 */

/** An exception as Java would throw it: the class name is kept so that messages can quote it as Java does. */
export class JavaException extends Error {
    constructor(
        readonly javaClass: string,
        message: string,
    ) {
        super(message);
    }

    /** `Throwable.toString()`: "java.lang.NumberFormatException: For input string: \"x\"". */
    toJavaString(): string {
        return this.message === "" ? this.javaClass : `${this.javaClass}: ${this.message}`;
    }
}

export const numberFormat = (message: string) => new JavaException("java.lang.NumberFormatException", message);
export const illegalArgument = (message: string) => new JavaException("java.lang.IllegalArgumentException", message);
export const indexOutOfBounds = (message: string) => new JavaException("java.lang.StringIndexOutOfBoundsException", message);

const ND = /^\p{Nd}$/u;

/** Character.isDigit: a decimal digit of any script (one UTF-16 unit, as Java's char). */
export function isJavaDigit(ch: string): boolean {
    return ch.length === 1 && ND.test(ch);
}

/** Character.digit(ch, 10): the value of a decimal digit of any script, or -1. Digits come in runs of ten from zero. */
export function javaDigit(ch: string): number {
    if (!isJavaDigit(ch)) return -1;
    let code = ch.charCodeAt(0);
    let steps = 0;
    while (steps < 100 && isJavaDigit(String.fromCharCode(code - 1))) {
        code--;
        steps++;
    }
    return steps % 10;
}

/** Character.isAlphabetic. */
export function isJavaAlphabetic(ch: string): boolean {
    return ch.length === 1 && /^\p{Alphabetic}$/u.test(ch);
}

/** Character.isWhitespace: Unicode space separators except the no-break ones, and the ASCII controls \t-\r, \x1c-\x1f. */
export function isJavaWhitespace(ch: string): boolean {
    if (ch.length !== 1) return false;
    const c = ch.charCodeAt(0);
    if ((c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f)) return true;
    if (c === 0xa0 || c === 0x2007 || c === 0x202f) return false;
    return /^[\p{Zs}\p{Zl}\p{Zp}]$/u.test(ch);
}

/** String.trim: drops every char <= U+0020 at both ends. */
export function javaTrim(text: string): string {
    let start = 0;
    let end = text.length;
    while (start < end && text.charCodeAt(start) <= 0x20) start++;
    while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
    return text.slice(start, end);
}

/** String.strip: drops Character.isWhitespace chars at both ends. */
export function javaStrip(text: string): string {
    let start = 0;
    let end = text.length;
    while (start < end && isJavaWhitespace(text[start])) start++;
    while (end > start && isJavaWhitespace(text[end - 1])) end--;
    return text.slice(start, end);
}

/**
 * String.split with a separator that has no regex meaning, limit 0: no match gives the text itself; otherwise
 * trailing empty strings are removed (possibly all of them).
 */
export function javaSplit(text: string, separator: string): string[] {
    if (!text.includes(separator)) return [text];
    const parts = text.split(separator);
    while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
    return parts;
}

/** java.util.StringTokenizer: the non-empty runs between any of the delimiter chars. */
export function tokenize(text: string, delimiters: string): string[] {
    const tokens: string[] = [];
    let current = "";
    for (const ch of text) {
        if (delimiters.includes(ch)) {
            if (current !== "") tokens.push(current);
            current = "";
        } else {
            current += ch;
        }
    }
    if (current !== "") tokens.push(current);
    return tokens;
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** Integer.parseInt(text): an optional sign then at least one decimal digit (any script), within 32 bits. */
export function javaParseInt(text: string): number {
    const fail = () => numberFormat(`For input string: "${text}"`);
    if (text.length === 0) throw numberFormat(`For input string: ""`);
    let i = 0;
    let negative = false;
    if (text[0] === "+" || text[0] === "-") {
        negative = text[0] === "-";
        i = 1;
        if (text.length === 1) throw fail();
    }
    let value = 0;
    for (; i < text.length; i++) {
        const d = javaDigit(text[i]);
        if (d < 0) throw fail();
        value = value * 10 + d;
        if (value > INT_MAX + 1) throw fail();
    }
    const result = negative ? -value : value;
    if (result < INT_MIN || result > INT_MAX) throw fail();
    return result === 0 ? 0 : result;
}

/** String.substring(begin, end) with Java's bounds check. */
export function javaSubstring(text: string, begin: number, end: number = text.length): string {
    if (begin < 0 || end > text.length || begin > end) {
        throw indexOutOfBounds(`begin ${begin}, end ${end}, length ${text.length}`);
    }
    return text.slice(begin, end);
}

/** String.charAt with Java's bounds check. */
export function javaCharAt(text: string, index: number): string {
    if (index < 0 || index >= text.length) throw indexOutOfBounds(`String index out of range: ${index}`);
    return text[index];
}
