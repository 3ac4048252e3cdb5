/**
 * Resource sizes read as the operator (1.15.0) reads each field; the fields differ:
 *
 * - `resource.memory` (DefaultValidator.validateResources → FlinkConfigBuilder.parseResourceMemoryString): first
 *   Flink's MemorySize.parse ("2048m", "2 gb", "1g", units b/k/m/g/t and their long names, any case, 64-bit bytes).
 *   If that fails, the text is trimmed, stripped of every ASCII space, upper-cased, one trailing "B" dropped and a
 *   trailing "I" made "i" ("2gi", "2GiB", "2 Gi", "512mib" all become Gi/Mi), then read as a fabric8 Quantity; its
 *   numerical amount (a BigDecimal) is printed and must parse as a MemorySize again, so it has to come out as a
 *   whole, non-negative number of bytes with no decimal point: "1.5Gi" and "1.5G" are refused by the operator
 *   ("1610612736.0"), so is "0.5Ki" ("512.0"), a lowercase "k" or "m" never reaches this path (MemorySize reads it).
 * - `resource.ephemeralStorage` (Quantity.parse + Quantity.getAmountInBytes, nothing else): case-sensitive suffixes
 *   Ki Mi Gi Ti Pi Ei n u m k M G T P E, a decimal exponent (1e3), any decimal amount ("1.5Gi", "-1Gi"); no spaces,
 *   no "B", no trimming.
 *
 * The fabric8 Quantity here is fabric8's own reading (kubernetes-model-core 7.3.1), not Kubernetes' grammar: it
 * splits at the first unit letter and reads the amount with java.math.BigDecimal, and the scale arithmetic of its
 * BigDecimal multipliers (DECIMAL64 powers) is reproduced, since it decides whether a memory amount prints whole.
 */
import { JavaException, illegalArgument, isJavaAlphabetic, isJavaDigit, javaDigit, javaParseInt, javaTrim, numberFormat } from "./lang";

const LONG_MAX = 2n ** 63n - 1n;

/** A java.math.BigDecimal: unscaled × 10^-scale. */
interface Decimal {
    unscaled: bigint;
    scale: number;
}

const FLINK_UNITS: [readonly string[], bigint][] = [
    [["b", "bytes"], 1n],
    [["k", "kb", "kibibytes"], 1024n],
    [["m", "mb", "mebibytes"], 1024n ** 2n],
    [["g", "gb", "gibibytes"], 1024n ** 3n],
    [["t", "tb", "tebibytes"], 1024n ** 4n],
];
const ALL_FLINK_UNITS = "(b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)";

/** Flink's MemorySize.parseBytes: the size in bytes, or a thrown IllegalArgumentException with Flink's message. */
export function flinkMemoryBytes(text: string): bigint {
    const trimmed = javaTrim(text);
    if (trimmed === "") throw illegalArgument("argument is an empty- or whitespace-only string");
    let pos = 0;
    while (pos < trimmed.length && trimmed[pos] >= "0" && trimmed[pos] <= "9") pos++;
    const number = trimmed.slice(0, pos);
    const unit = javaTrim(trimmed.slice(pos)).toLowerCase();
    if (number === "") throw numberFormat("text does not start with a number");
    const value = BigInt(number);
    if (value > LONG_MAX) throw illegalArgument(`The value '${number}' cannot be re represented as 64bit number (numeric overflow).`);
    let multiplier = 1n;
    if (unit !== "") {
        const match = FLINK_UNITS.find(([names]) => names.includes(unit));
        if (!match) throw illegalArgument(`Memory size unit '${unit}' does not match any of the recognized units: ${ALL_FLINK_UNITS}`);
        multiplier = match[1];
    }
    if (value * multiplier > LONG_MAX) throw illegalArgument(`The value '${text}' cannot be re represented as 64bit number of bytes (numeric overflow).`);
    return value * multiplier;
}

/** new BigDecimal(text) for text without an exponent (fabric8 cuts the amount before the first e/E). */
function bigDecimal(text: string): Decimal {
    let i = 0;
    let negative = false;
    if (text[0] === "+" || text[0] === "-") {
        negative = text[0] === "-";
        i = 1;
    }
    let digits = "";
    let scale = 0;
    let dot = false;
    for (; i < text.length; i++) {
        const c = text[i];
        if (c === ".") {
            if (dot) throw numberFormat("Character array contains more than one decimal point.");
            dot = true;
        } else if (isJavaDigit(c)) {
            digits += String(javaDigit(c));
            if (dot) scale++;
        } else {
            throw numberFormat(`Character ${c} is neither a decimal digit number, decimal point, nor "e" notation exponential mark.`);
        }
    }
    if (digits === "") throw numberFormat("No digits found.");
    const unscaled = BigInt(digits);
    return { unscaled: negative ? -unscaled : unscaled, scale };
}

const UNIT_CHARS = "eEinumkKMGTP";

/** fabric8 Quantity.parse: the amount up to the first unit character, the format after it. */
function splitQuantity(text: string): { amount: string; format: string } {
    if (text === "") throw illegalArgument("Invalid quantity string format passed.");
    let index = 0;
    while (index < text.length && !UNIT_CHARS.includes(text[index])) index++;
    const format = text.slice(index);
    if ([...format].some(isJavaDigit) && isJavaAlphabetic(format[format.length - 1])) {
        throw illegalArgument("Invalid quantity string format passed");
    }
    return { amount: text.slice(0, index), format };
}

/** A power of ten as BigDecimal("10").pow(n, MathContext.DECIMAL64) leaves it: 16 significant digits at most. */
function powerOfTen(n: number): Decimal {
    if (n < -999999999 || n > 999999999) throw new JavaException("java.lang.ArithmeticException", "Invalid operation");
    if (n < 0) return { unscaled: 1n, scale: -n };
    if (n <= 15) return { unscaled: 10n ** BigInt(n), scale: 0 };
    return { unscaled: 10n ** 15n, scale: 15 - n };
}

const MULTIPLES: { [format: string]: Decimal } = {
    "": { unscaled: 1n, scale: 0 },
    Ki: { unscaled: 2n ** 10n, scale: 0 },
    Mi: { unscaled: 2n ** 20n, scale: 0 },
    Gi: { unscaled: 2n ** 30n, scale: 0 },
    Ti: { unscaled: 2n ** 40n, scale: 0 },
    Pi: { unscaled: 2n ** 50n, scale: 0 },
    // 2^60 has 19 digits: DECIMAL64 rounds it (half-even) to 16.
    Ei: { unscaled: 1152921504606847n, scale: -3 },
    n: { unscaled: 1n, scale: 9 },
    u: { unscaled: 1n, scale: 6 },
    m: { unscaled: 1n, scale: 3 },
    k: { unscaled: 10n ** 3n, scale: 0 },
    M: { unscaled: 10n ** 6n, scale: 0 },
    G: { unscaled: 10n ** 9n, scale: 0 },
    T: { unscaled: 10n ** 12n, scale: 0 },
    P: { unscaled: 10n ** 15n, scale: 0 },
    E: { unscaled: 10n ** 15n, scale: -3 },
};

/** fabric8 Quantity.getAmountInBytes(Quantity.parse(text)): the amount as a BigDecimal, or a thrown Java exception. */
export function quantityAmount(text: string): Decimal {
    let value = text;
    splitQuantity(value);
    if (value.startsWith(".")) value = `0${value}`;
    const { amount, format } = splitQuantity(value);
    const digit = bigDecimal(amount);
    let multiple: Decimal;
    if ([...format].some(isJavaDigit) && format.length > 1) {
        multiple = powerOfTen(javaParseInt(format.slice(1)));
    } else {
        if (!Object.prototype.hasOwnProperty.call(MULTIPLES, format)) throw illegalArgument("Invalid quantity format passed to parse");
        multiple = MULTIPLES[format];
    }
    return { unscaled: digit.unscaled * multiple.unscaled, scale: digit.scale + multiple.scale };
}

/** BigDecimal.toString: plain when the scale is 0 or a small positive, scientific otherwise. */
function decimalString(d: Decimal): string {
    const negative = d.unscaled < 0n;
    const digits = (negative ? -d.unscaled : d.unscaled).toString();
    const sign = negative ? "-" : "";
    if (d.scale === 0) return sign + digits;
    const adjusted = -d.scale + (digits.length - 1);
    if (d.scale > 0 && adjusted >= -6) {
        const padded = digits.padStart(d.scale + 1, "0");
        return `${sign}${padded.slice(0, padded.length - d.scale)}.${padded.slice(padded.length - d.scale)}`;
    }
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}E${adjusted >= 0 ? "+" : ""}${adjusted}`;
}

function reason(err: unknown): string {
    if (err instanceof JavaException) return err.message === "" ? err.javaClass : err.message;
    throw err;
}

/**
 * Why the operator refuses `value` as spec.<role>.resource.memory (the reason it would give after "resource memory
 * parse error: "), or undefined when it accepts it.
 */
export function resourceMemoryError(value: string): string | undefined {
    try {
        flinkMemoryBytes(value);
        return undefined;
    } catch {
        // Not a Flink size: the operator retries it as a Kubernetes quantity.
    }
    let quantity = javaTrim(value)
        .replace(/[ \t\n\x0B\f\r]/g, "")
        .toUpperCase();
    if (quantity.endsWith("B")) quantity = quantity.slice(0, -1);
    if (quantity.endsWith("I")) quantity = `${quantity.slice(0, -1)}i`;
    let printed: string;
    try {
        printed = decimalString(quantityAmount(quantity));
    } catch (err) {
        return `"${value}" is neither a Flink memory size nor a Kubernetes quantity (read as "${quantity}": ${reason(err)})`;
    }
    try {
        flinkMemoryBytes(printed);
        return undefined;
    } catch (err) {
        return `"${value}" is ${printed} bytes as a Kubernetes quantity, which the operator cannot read back as a memory size (it needs a whole, non-negative number of bytes printed without a decimal point or exponent, e.g. 1536Mi rather than 1.5Gi): ${reason(err)}`;
    }
}

/** Why the operator refuses `value` as spec.<role>.resource.ephemeralStorage, or undefined when it accepts it. */
export function ephemeralStorageError(value: string): string | undefined {
    try {
        quantityAmount(value);
        return undefined;
    } catch (err) {
        return `"${value}" is not a Kubernetes quantity as the operator reads it: ${reason(err)}`;
    }
}
