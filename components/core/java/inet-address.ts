/**
 * Host literals as java.net.InetAddress.getByName reads them, without DNS, and the operator's "restricted address"
 * test on the result (isLoopbackAddress, isLinkLocalAddress, isSiteLocalAddress, isAnyLocalAddress,
 * isMulticastAddress). Following Java rather than RFC 6890 matters both ways: every spelling of a restricted
 * address is caught (IPv6 in any zero-compression, IPv4-mapped forms, which Java turns into IPv4 addresses, scope
 * ids), and nothing Java lets through is refused (unique-local fc00::/7 and 0.x.y.z other than 0.0.0.0 are not
 * restricted for Java; neither are IPv4-compatible forms such as ::127.0.0.1, which Java keeps as IPv6).
 */

/** The bytes of an address literal: 4 (IPv4) or 16 (IPv6). */
export type AddressBytes = number[];

/**
 * An IPv4 literal as Java reads it (IPAddressUtil.textToNumericFormatV4): one to four decimal parts; the last part
 * fills the bytes left (a = 32 bits, a.b = 8.24, a.b.c = 8.8.16).
 */
export function parseIPv4(text: string): AddressBytes | undefined {
    if (!/^\d+(\.\d+){0,3}$/.test(text) || text.length > 15) return undefined;
    const parts = text.split(".").map(Number);
    const last = parts.pop() as number;
    if (parts.some((b) => b > 255) || last >= 2 ** (8 * (4 - parts.length))) return undefined;
    for (let i = parts.length; i < 4; i++) parts.push(Math.floor(last / 2 ** (8 * (3 - i))) % 256);
    return parts;
}

/**
 * An IPv6 literal (IPAddressUtil.textToNumericFormatV6): up to eight groups of 1-4 hex digits, at most one "::",
 * optionally ending in a dotted IPv4 quad; a "%scope" suffix names the interface and does not change the bytes.
 */
export function parseIPv6(text: string): AddressBytes | undefined {
    const scope = text.indexOf("%");
    const address = scope === -1 ? text : text.slice(0, scope);
    if (scope !== -1 && !/^[A-Za-z0-9_.-]+$/.test(text.slice(scope + 1))) return undefined;
    if (!/^[0-9A-Fa-f:.]+$/.test(address) || !address.includes(":")) return undefined;
    const halves = address.split("::");
    if (halves.length > 2) return undefined;
    const groups = (half: string): number[] | undefined => {
        if (half === "") return [];
        const out: number[] = [];
        const parts = half.split(":");
        for (let i = 0; i < parts.length; i++) {
            const part = parts[i];
            if (i === parts.length - 1 && part.includes(".")) {
                const quad = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(part) ? parseIPv4(part) : undefined;
                if (!quad) return undefined;
                out.push((quad[0] << 8) | quad[1], (quad[2] << 8) | quad[3]);
            } else if (/^[0-9A-Fa-f]{1,4}$/.test(part)) {
                out.push(parseInt(part, 16));
            } else {
                return undefined;
            }
        }
        return out;
    };
    const head = groups(halves[0]);
    const tail = halves.length === 2 ? groups(halves[1]) : [];
    if (!head || !tail) return undefined;
    const missing = 8 - head.length - tail.length;
    if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
    const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill(0), ...tail];
    return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/** What getByName makes of a literal host (brackets allowed); IPv4-mapped IPv6 becomes IPv4, as in Java. */
export function parseInetLiteral(host: string): AddressBytes | undefined {
    const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
    const v4 = parseIPv4(bare);
    if (v4) return v4;
    const v6 = parseIPv6(bare);
    if (!v6) return undefined;
    const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
    return mapped ? v6.slice(12) : v6;
}

/** Inet4Address / Inet6Address is{Loopback,LinkLocal,SiteLocal,AnyLocal,Multicast}Address, as one test. */
export function isRestrictedBytes(bytes: AddressBytes): boolean {
    if (bytes.length === 4) {
        const [a, b] = bytes;
        return (
            bytes.every((x) => x === 0) || // any
            a === 127 || // loopback
            (a === 169 && b === 254) || // link-local
            a === 10 ||
            (a === 172 && (b & 0xf0) === 16) ||
            (a === 192 && b === 168) || // site-local
            (a & 0xf0) === 0xe0
        ); // multicast 224/4
    }
    const zeroUpTo15 = bytes.slice(0, 15).every((x) => x === 0);
    return (
        (zeroUpTo15 && (bytes[15] === 0 || bytes[15] === 1)) || // any, loopback
        (bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0x80) || // link-local fe80::/10
        (bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0xc0) || // site-local fec0::/10
        bytes[0] === 0xff
    ); // multicast
}

/**
 * Whether the operator refuses this jarURI host. Literals are classified as Java does; of names, only `localhost`
 * and `*.localhost` (with or without the root's trailing dot) are known without a DNS look-up (RFC 6761).
 */
export function restrictedAddress(host: string): boolean {
    const name = host.toLowerCase().replace(/\.$/, "");
    if (name === "localhost" || name.endsWith(".localhost")) return true;
    const bytes = parseInetLiteral(host);
    return bytes !== undefined && isRestrictedBytes(bytes);
}
