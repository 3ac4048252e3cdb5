/**
 * A parser that reads a string as `new java.net.URI(text)` does (the operator parses a session job's jarURI so):
 * what it accepts, the scheme, authority and host it finds, and the URISyntaxException message and index where it
 * refuses. Also maskCredentials, which every message that repeats a URI goes through.
 */
import { parseIPv6 } from "./inet-address";

/*
 * The operator parses jarURI with java.net.URI (RFC 2396 with Java's deviations: empty authorities as in
 * file:///x, RFC 2732 IPv6 hosts, visible non-ASCII characters). WHATWG `new URL` is far more lenient (it
 * percent-encodes spaces and `{|}` itself), so the parse below follows java.net.URI's Parser step by step, with
 * its messages and indexes.
 */

/** The characters java.net.URI allows in a component, and whether %XX escapes (and visible non-ASCII) may appear. */
interface CharClass {
    readonly chars: string;
    readonly escaped: boolean;
}
const cls = (chars: string, escaped = true): CharClass => ({ chars, escaped });

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const ALPHA_CHARS = LOWER + LOWER.toUpperCase();
const DIGIT_CHARS = "0123456789";
const HEX_CHARS = DIGIT_CHARS + "abcdefABCDEF";
const UNRESERVED = ALPHA_CHARS + DIGIT_CHARS + "-_.!~*'()";
const USERINFO_CHARS = UNRESERVED + ";:&=+$,";
const SERVER_CHARS = USERINFO_CHARS + "-.:@[]";
const ALNUM_CHARS = ALPHA_CHARS + DIGIT_CHARS;

const ALPHA = cls(ALPHA_CHARS, false);
const ALPHANUM = cls(ALNUM_CHARS, false);
const ALPHANUM_DASH = cls(ALPHANUM.chars + "-", false);
const DIGIT = cls(DIGIT_CHARS, false);
const DIGIT_DOT = cls(DIGIT_CHARS + ".", false);
const HEX_COLON_DOT = cls(HEX_CHARS + ":.", false);
const SCHEME_CHARS = cls(ALNUM_CHARS + "+-.", false);
const SCOPE_ID = cls(ALNUM_CHARS + "_.", false);
const URIC = cls(";/?:@&=+$,[]" + UNRESERVED);
const PATH = cls(UNRESERVED + ":@&=+$,;/");
const USERINFO = cls(USERINFO_CHARS);
const REG_NAME = cls(UNRESERVED + "$,;:@&=+");
const SERVER = cls(SERVER_CHARS);
const SERVER_PERCENT = cls(SERVER_CHARS + "%");

/** What java.net.URI makes of a string; host is undefined where Java's getHost() is null (e.g. https:///x.jar). */
export interface JavaUri {
    scheme?: string;
    authority?: string;
    host?: string;
}

/**
 * java.net.URISyntaxException: getMessage() is "<reason> at index <i>: <input>", here with credentials and the query
 * masked (a presigned URL's signature or user:password must not reach error output, the jarURI may be a secret).
 */
export class UriSyntaxError extends Error {
    constructor(
        readonly input: string,
        readonly reason: string,
        readonly index: number,
    ) {
        super(`${reason}${index > -1 ? ` at index ${index}` : ""}: ${maskCredentials(input)}`);
    }
}

/**
 * A URI (or an authority) with every user info, query and fragment replaced by "***", for messages: user info
 * after any "//" (scheme-relative URIs and nested ones such as jar:https://user:pw@host/... too), up to the last "@"
 * of that authority (a password may contain "@"); a presigned URL's signature lives in the query, a token may live
 * in the fragment.
 */
export function maskCredentials(text: string): string {
    return text
        .replace(/^[^/?#]*@/, "***@")
        .replace(/\/\/[^/?#]*@/g, "//***@")
        .replace(/\?[^#]*/, "?***")
        .replace(/#.*$/s, "#***");
}

/** A visible non-ASCII character, which java.net.URI lets stand unescaped wherever escapes are allowed. */
function visibleNonAscii(c: string): boolean {
    const code = c.charCodeAt(0);
    return code > 0x9f && !/\p{Z}/u.test(c);
}

class JavaUriParser {
    readonly uri: JavaUri = {};

    constructor(private readonly s: string) {}

    private fail(reason: string, index = -1): never {
        throw new UriSyntaxError(this.s, reason, index);
    }

    private at(p: number, n: number, c: string): boolean {
        return p < n && this.s[p] === c;
    }

    /** The index of the first character of `stop` in [p, n), or n; -1 if a character of `err` comes first. */
    private find(p: number, n: number, stop: string, err = ""): number {
        for (; p < n; p++) {
            if (err.includes(this.s[p])) return -1;
            if (stop.includes(this.s[p])) break;
        }
        return p;
    }

    /** The index past the run of `k` characters (and escapes, where `k` allows them) from p. */
    private scan(p: number, n: number, k: CharClass): number {
        while (p < n) {
            const c = this.s[p];
            if (k.chars.includes(c)) p++;
            else if (k.escaped && c === "%") {
                if (!(p + 3 <= n && HEX_CHARS.includes(this.s[p + 1]) && HEX_CHARS.includes(this.s[p + 2]))) this.fail("Malformed escape pair", p);
                p += 3;
            } else if (k.escaped && visibleNonAscii(c)) p++;
            else break;
        }
        return p;
    }

    private check(p: number, n: number, k: CharClass, what: string): void {
        const q = this.scan(p, n, k);
        if (q < n) this.fail(`Illegal character in ${what}`, q);
    }

    parse(): JavaUri {
        const n = this.s.length;
        let p = this.find(0, n, ":", "/?#");
        if (p >= 0 && this.at(p, n, ":")) {
            if (p === 0) this.fail("Expected scheme name", 0);
            this.check(0, 1, ALPHA, "scheme name");
            this.check(1, p, SCHEME_CHARS, "scheme name");
            this.uri.scheme = this.s.slice(0, p++);
            if (this.at(p, n, "/")) {
                p = this.hierarchical(p, n);
            } else {
                const q = this.find(p, n, "#");
                if (q === p) this.fail("Expected scheme-specific part", p);
                this.check(p, q, URIC, "opaque part");
                p = q;
            }
        } else {
            p = this.hierarchical(0, n);
        }
        if (this.at(p, n, "#")) {
            this.check(p + 1, n, URIC, "fragment");
            p = n;
        }
        if (p < n) this.fail("end of URI", p);
        return this.uri;
    }

    private hierarchical(p: number, n: number): number {
        if (this.at(p, n, "/") && this.at(p + 1, n, "/")) {
            p += 2;
            const q = this.find(p, n, "/?#");
            if (q > p) p = this.authority(p, q);
            else if (q >= n) this.fail("Expected authority", p); // else an empty authority, as in file:///x
        }
        let q = this.find(p, n, "?#");
        this.check(p, q, PATH, "path");
        p = q;
        if (this.at(p, n, "?")) {
            q = this.find(++p, n, "#");
            this.check(p, q, URIC, "query");
            p = q;
        }
        return p;
    }

    /** A server (userinfo@host:port) if it parses as one, else a registry-based authority without a host. */
    private authority(p: number, n: number): number {
        const serverChars = this.scan(p, n, this.find(p, n, "]") > p ? SERVER_PERCENT : SERVER) === n;
        const regChars = this.scan(p, n, REG_NAME) === n;
        let q = p;
        let error: unknown;
        if (serverChars) {
            try {
                q = this.server(p, n);
                if (q < n) this.fail("Expected end of authority", q);
            } catch (err) {
                this.uri.host = undefined;
                error = err;
                q = p;
            }
        }
        if (q < n && !regChars) {
            if (error !== undefined) throw error;
            this.fail("Illegal character in authority", q);
        }
        this.uri.authority = this.s.slice(p, n);
        return n;
    }

    private server(p: number, n: number): number {
        let q = this.find(p, n, "@", "/?#");
        if (q >= p && this.at(q, n, "@")) {
            this.check(p, q, USERINFO, "user info");
            p = q + 1;
        }
        if (this.at(p, n, "[")) {
            q = this.find(++p, n, "]", "/?#");
            if (!(q > p && this.at(q, n, "]"))) this.fail("Expected closing bracket for IPv6 address", q);
            const r = this.find(p, q, "%");
            this.ipv6(p, r > p ? r : q);
            if (r > p && r < q) {
                if (r + 1 === q) this.fail("scope id expected");
                this.check(r + 1, q, SCOPE_ID, "scope id");
            }
            this.uri.host = this.s.slice(p - 1, q + 1);
            p = q + 1;
        } else {
            q = this.ipv4(p, n);
            p = q > p ? q : this.hostname(p, n);
        }
        if (this.at(p, n, ":")) {
            if (++p < n) {
                this.check(p, n, DIGIT, "port number");
                if (Number(this.s.slice(p, n)) > 0x7fffffff) this.fail("Malformed port number", p);
                p = n;
            }
        }
        if (p < n) this.fail("Expected port number", p);
        return p;
    }

    /** Four dotted bytes followed by the end or a port, else -1 (and the host is tried as a host name). */
    private ipv4(start: number, n: number): number {
        const m = this.scan(start, n, DIGIT_DOT);
        let p = start;
        for (let i = 0; i < 4; i++) {
            if (i > 0 && !this.at(p++, m, ".")) return -1;
            const q = this.scan(p, m, DIGIT);
            if (q <= p || Number(this.s.slice(p, q)) > 255) return -1;
            p = q;
        }
        if (p < m || (p < n && this.s[p] !== ":")) return -1;
        this.uri.host = this.s.slice(start, p);
        return p;
    }

    /** Dot-separated labels of alphanumerics and inner '-', the last starting with a letter. */
    private hostname(start: number, n: number): number {
        let p = start;
        let last = -1;
        do {
            let q = this.scan(p, n, ALPHANUM);
            if (q <= p) break;
            last = p;
            p = q;
            q = this.scan(p, n, ALPHANUM_DASH);
            if (q > p) {
                if (this.s[q - 1] === "-") this.fail("Illegal character in hostname", q - 1);
                p = q;
            }
            if (!this.at(p, n, ".")) break;
            p++;
        } while (p < n);
        if (p < n && !this.at(p, n, ":")) this.fail("Illegal character in hostname", p);
        if (last < 0) this.fail("Expected hostname", start);
        if (last > start && !ALPHA_CHARS.includes(this.s[last])) this.fail("Illegal character in hostname", last);
        this.uri.host = this.s.slice(start, p);
        return p;
    }

    /** Java names the fault in more detail (too short, too long, ...); what it accepts is an IPv6 literal. */
    private ipv6(p: number, n: number): void {
        if (this.scan(p, n, HEX_COLON_DOT) < n || !parseIPv6(this.s.slice(p, n))) this.fail("Malformed IPv6 address", p);
    }
}

/** Parses like `new java.net.URI(text)`; throws UriSyntaxError with Java's message where Java throws. */
export function parseJavaUri(text: string): JavaUri {
    return new JavaUriParser(text).parse();
}
