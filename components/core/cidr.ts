/**
 * IP filter CIDRs read as leniently as any parser an allow-list might go through, and the coverage of a whole list:
 * whether the entries together admit every IPv4 or every IPv6 address. Used by the policy pack's
 * aiven-ip-filter-not-open and by AivenFlink's own aiven-ip-filter-open warning, so both answer the same.
 *
 * Why lenient: the question is "could this list let the whole Internet in", so an entry counts for everything it
 * could mean. Each entry is read as:
 * - whitespace anywhere removed (`" 0.0.0.0 / 0 "`), optional brackets around an IPv6 address, a `%scope` ignored;
 * - a prefix length with leading zeros (`/00` is `/0`), a dotted netmask (`/0.0.0.0`) or hostmask
 *   (`/255.255.255.255`, as Python's ipaddress reads one), or none (a single address);
 * - an IPv4 address in one to four parts (`0`, `10.1`, as inet_aton and Java do), every part decimal — and, when a
 *   part has a leading `0` or `0x`, also as inet_aton's octal/hex: an entry that two parsers read differently
 *   counts as both readings;
 * - an IPv6 address in any spelling (`::`, `0:0::`, `0000::0000`, an embedded dotted IPv4 tail);
 * - host bits below the prefix ignored (`10.1.2.3/0` is `0.0.0.0/0`, as non-strict parsers do);
 * - an IPv6 network inside `::ffff:0:0/96` (IPv4-mapped, which a dual-stack listener sees IPv4 clients as) also
 *   admits the IPv4 addresses it maps.
 * An entry that no reading makes a CIDR is not counted (the service refuses it; AivenFlink's aiven-ip-filter rule
 * reports it).
 */
import { parseIPv6 } from "./java/inet-address";

export type IpFamily = 4 | 6;

/** One reading of an entry: the closed range [start, end] of addresses of one family it admits. */
export interface CidrRange {
    family: IpFamily;
    start: bigint;
    end: bigint;
    /** The reading as a canonical CIDR, e.g. "0.0.0.0/1". */
    cidr: string;
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };
const SPACE_END: Record<IpFamily, bigint> = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n };
const MAPPED_START = 0xffffn << 32n; // ::ffff:0.0.0.0
const MAPPED_END = MAPPED_START + SPACE_END[4];

/** An IPv4 part read in decimal (leading zeros kept as decimal) or, with `aton`, as inet_aton does (0x hex, 0 octal). */
function ipv4Part(part: string, aton: boolean): bigint | undefined {
    if (aton && /^0x[0-9a-f]*$/i.test(part)) {
        const digits = part.slice(2).replace(/^0+/, "");
        return digits.length > 8 ? undefined : digits === "" ? 0n : BigInt("0x" + digits);
    }
    if (!/^\d+$/.test(part)) return undefined;
    // Leading zeros do not make a part long: "0000000000000" is 0 however many there are.
    const significant = part.replace(/^0+/, "");
    if (significant.length > 12) return undefined;
    if (aton && part.length > 1 && part.startsWith("0"))
        return /^[0-7]*$/.test(significant) ? (significant === "" ? 0n : BigInt("0o" + significant)) : undefined;
    return significant === "" ? 0n : BigInt(significant);
}

/** The IPv4 address of a 1-4 part literal (the last part fills the bytes left), or undefined. */
function ipv4Value(text: string, aton: boolean): bigint | undefined {
    const parts = text.split(".");
    if (parts.length < 1 || parts.length > 4) return undefined;
    const values = parts.map((p) => ipv4Part(p, aton));
    if (values.some((v) => v === undefined)) return undefined;
    const nums = values as bigint[];
    const last = nums.pop() as bigint;
    if (nums.some((n) => n > 255n) || last >= 1n << BigInt(8 * (4 - nums.length))) return undefined;
    let value = 0n;
    nums.forEach((n, i) => (value |= n << BigInt(8 * (3 - i))));
    return value | last;
}

/** Every distinct value an IPv4 literal can be read as (decimal; inet_aton's octal/hex when that differs). */
export function ipv4Readings(text: string): bigint[] {
    if (!/^[0-9a-fx.]+$/i.test(text)) return [];
    const out = new Set<bigint>();
    for (const aton of [false, true]) {
        const v = ipv4Value(text, aton);
        if (v !== undefined) out.add(v);
    }
    return [...out];
}

/** An IPv6 literal (any zero compression, a dotted IPv4 tail, a %scope of any text), or undefined. */
export function ipv6Value(text: string): bigint | undefined {
    const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
    const scope = bare.indexOf("%");
    const bytes = parseIPv6(scope === -1 ? bare : bare.slice(0, scope));
    return bytes === undefined ? undefined : bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

/** The prefix lengths a "/..." suffix can mean for a family: digits (leading zeros allowed), a netmask or a hostmask. */
function prefixReadings(text: string, family: IpFamily): number[] {
    const max = BITS[family];
    if (/^\d+$/.test(text)) {
        const n = Number(text.length > 4 ? "9999" : text);
        return n <= max ? [n] : [];
    }
    if (family !== 4) return [];
    const out = new Set<number>();
    for (const mask of ipv4Readings(text)) {
        const ones = contiguousOnes(mask, 32);
        if (ones !== undefined)
            out.add(ones); // a netmask
        else {
            const inverted = contiguousOnes(SPACE_END[4] ^ mask, 32);
            if (inverted !== undefined) out.add(inverted); // a hostmask
        }
    }
    return [...out];
}

/** n when `value` is n one bits followed by zeros (a netmask), else undefined. */
function contiguousOnes(value: bigint, bits: number): number | undefined {
    for (let n = 0; n <= bits; n++) {
        const mask = n === 0 ? 0n : ((1n << BigInt(n)) - 1n) << BigInt(bits - n);
        if (mask === value) return n;
    }
    return undefined;
}

function formatIPv4(v: bigint): string {
    return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join(".");
}

function formatIPv6(v: bigint): string {
    const groups = Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(16 * (7 - i))) & 0xffffn));
    // The longest run of two or more zero groups becomes "::" (RFC 5952).
    let best = -1;
    let bestLen = 1;
    for (let i = 0; i < 8;) {
        if (groups[i] !== 0) {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && groups[j] === 0) j++;
        if (j - i > bestLen) {
            best = i;
            bestLen = j - i;
        }
        i = j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (best === -1) return hex.join(":");
    return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}

function range(family: IpFamily, address: bigint, prefix: number): CidrRange {
    const bits = BigInt(BITS[family]);
    const size = 1n << (bits - BigInt(prefix));
    const start = address & ~(size - 1n) & SPACE_END[family];
    return { family, start, end: start + size - 1n, cidr: `${family === 4 ? formatIPv4(start) : formatIPv6(start)}/${prefix}` };
}

/**
 * Every range an IP filter entry can be read as (see the module comment); empty when it is not a CIDR at all.
 * An IPv6 range within ::ffff:0:0/96 also yields the IPv4 range it maps.
 */
export function cidrReadings(entry: string): readonly CidrRange[] {
    const cached = READINGS.get(entry);
    if (cached) return cached;
    const readings = Object.freeze(readCidr(entry));
    if (READINGS.size >= MAX_CACHED) READINGS.clear();
    READINGS.set(entry, readings);
    return readings;
}

/** Entries repeat across services and stacks (the same office range everywhere): readings are kept, boundedly. */
const READINGS = new Map<string, readonly CidrRange[]>();
const MAX_CACHED = 4096;

function readCidr(entry: string): CidrRange[] {
    const text = entry.replace(/\s+/g, "");
    const slash = text.indexOf("/");
    const address = slash === -1 ? text : text.slice(0, slash);
    const prefixText = slash === -1 ? undefined : text.slice(slash + 1);
    if (prefixText === "") return [];
    const out: CidrRange[] = [];
    for (const v of ipv4Readings(address)) {
        for (const p of prefixText === undefined ? [32] : prefixReadings(prefixText, 4)) out.push(range(4, v, p));
    }
    const v6 = ipv6Value(address);
    if (v6 !== undefined) {
        for (const p of prefixText === undefined ? [128] : prefixReadings(prefixText, 6)) {
            const r = range(6, v6, p);
            out.push(r);
            const lo = r.start > MAPPED_START ? r.start : MAPPED_START;
            const hi = r.end < MAPPED_END ? r.end : MAPPED_END;
            if (lo <= hi) {
                const start = lo - MAPPED_START;
                const end = hi - MAPPED_START;
                const prefix = 32 - (end - start + 1n).toString(2).length + 1;
                out.push({ family: 4, start, end, cidr: `${formatIPv4(start)}/${prefix} (mapped from ${r.cidr})` });
            }
        }
    }
    const seen = new Set<string>();
    return out.filter((r) => {
        const key = `${r.family}:${r.start}:${r.end}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

/** Whether one entry alone admits every IPv4 or every IPv6 address (e.g. "0.0.0.0/0", "0/0", "::/0", "0.0.0.0/00"). */
export function isOpenToAll(entry: string): boolean {
    return cidrReadings(entry).some((r) => r.start === 0n && r.end === SPACE_END[r.family]);
}

/** A finding of `openFilters`: the families a list opens, and the indexes of the entries that do it. */
export interface OpenFilter {
    /** 4, 6 or both (an IPv6 entry such as ::/0 also admits every IPv4 client through IPv4-mapped addresses). */
    families: IpFamily[];
    /** Indexes into the list given to openFilters. */
    entries: number[];
    /** True when that one entry alone admits the whole family. */
    single: boolean;
}

/** Whether the union of ranges covers the whole address space of the family. */
export function coversAll(ranges: readonly CidrRange[], family: IpFamily): boolean {
    const sorted = ranges.filter((r) => r.family === family).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    let next = 0n; // the lowest address not covered yet
    for (const r of sorted) {
        if (r.start > next) return false;
        if (r.end + 1n > next) next = r.end + 1n;
        if (next > SPACE_END[family]) return true;
    }
    return next > SPACE_END[family];
}

/**
 * The ways a list of IP filter entries admits every address: each entry that does alone, and otherwise, per family,
 * the entries whose union does (e.g. ["0.0.0.0/1", "128.0.0.0/1"]). Entries that are not strings are skipped (their
 * indexes still count), so a list with unknown entries is reported when its known entries already open it.
 */
export function openFilters(entries: readonly unknown[]): OpenFilter[] {
    const readings = entries.map((e) => (typeof e === "string" ? cidrReadings(e) : []));
    const found: OpenFilter[] = [];
    const whole = (r: CidrRange) => r.start === 0n && r.end === SPACE_END[r.family];
    readings.forEach((rs, i) => {
        const families = ([4, 6] as const).filter((f) => rs.some((r) => r.family === f && whole(r)));
        if (families.length > 0) found.push({ families, entries: [i], single: true });
    });
    for (const family of [4, 6] as const) {
        if (found.some((f) => f.families.includes(family))) continue;
        if (coversAll(readings.flat(), family)) {
            const contributing = readings.flatMap((rs, i) => (rs.some((r) => r.family === family) ? [i] : []));
            found.push({ families: [family], entries: contributing, single: false });
        }
    }
    return found;
}

/** What a finding means, for messages: "every IPv4 address (0.0.0.0/0)" and/or "every IPv6 address (::/0)". */
export function familyText(families: IpFamily | readonly IpFamily[]): string {
    const list = typeof families === "number" ? [families] : families;
    return list.map((f) => (f === 4 ? "every IPv4 address (0.0.0.0/0)" : "every IPv6 address (::/0)")).join(" and ");
}
