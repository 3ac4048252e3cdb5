/**
 * The ingress template check of the operator (IngressUtils.getIngressUrl, 1.15.0): "http://" is put in front unless
 * the template starts with http:// or https:// (any case), every {{name}} and {{namespace}} is filled in (any case),
 * and the result must construct a java.net.URL (JDK 17). That constructor is lenient: for http and https it refuses
 * only a port that is not a number ("example.com:port") or below -1, and a bracketed IPv6 host that is not a valid
 * literal or is followed by anything but a port. Spaces, braces and placeholders it does not know ({{foo}}) pass, as
 * does an empty host; the operator then builds the Ingress from whatever host and path the URL holds.
 */
import { JavaException, javaDigit, numberFormat, illegalArgument } from "./lang";

const hexDigit = (c: string) => ("0123456789abcdefABCDEF".includes(c) && c !== "" ? parseInt(c, 16) : -1);
const asciiDigit = (c: string) => (c >= "0" && c <= "9" && c.length === 1 ? c.charCodeAt(0) - 48 : -1);

/** IPAddressUtil.textToNumericFormatV4 (ASCII digits, as JDK 17 updates read them): whether it is a literal. */
function isIPv4Literal(src: string): boolean {
    if (src.length === 0 || src.length > 15) return false;
    let value = 0;
    let octet = 0;
    let fresh = true;
    for (const c of src) {
        if (c === ".") {
            if (fresh || value > 0xff || octet === 3) return false;
            octet++;
            value = 0;
            fresh = true;
        } else {
            const d = asciiDigit(c);
            if (d < 0) return false;
            value = value * 10 + d;
            fresh = false;
        }
    }
    return !fresh && value < 2 ** ((4 - octet) * 8);
}

/** IPAddressUtil.isIPv6LiteralAddress (textToNumericFormatV6): hex groups, one "::", a dotted IPv4 tail, a %scope. */
export function isJavaIPv6Literal(src: string): boolean {
    if (src.length < 2) return false;
    let length = src.length;
    const percent = src.indexOf("%");
    if (percent === length - 1) return false;
    if (percent !== -1) length = percent;
    let i = 0;
    let j = 0;
    let colon = -1;
    if (src[0] === ":" && src[++i] !== ":") return false;
    let token = i;
    let sawDigit = false;
    let value = 0;
    while (i < length) {
        const ch = src[i++];
        const d = hexDigit(ch);
        if (d !== -1) {
            value = (value << 4) | d;
            if (value > 0xffff) return false;
            sawDigit = true;
            continue;
        }
        if (ch === ":") {
            token = i;
            if (!sawDigit) {
                if (colon !== -1) return false;
                colon = j;
                continue;
            } else if (i === length) {
                return false;
            }
            if (j + 2 > 16) return false;
            j += 2;
            sawDigit = false;
            value = 0;
            continue;
        }
        if (ch === "." && j + 4 <= 16) {
            const v4 = src.slice(token, length);
            if (v4.split(".").length - 1 !== 3 || !isIPv4Literal(v4)) return false;
            j += 4;
            sawDigit = false;
            break;
        }
        return false;
    }
    if (sawDigit) {
        if (j + 2 > 16) return false;
        j += 2;
    }
    if (colon !== -1) {
        if (j === 16) return false;
        j = 16;
    }
    return j === 16;
}

/** Integer.parseInt(CharSequence, begin, end, 10), with its "Error at index N in: ..." messages. */
function parsePort(text: string): number {
    const fail = (index: number) => numberFormat(`Error at index ${index} in: "${text}"`);
    let i = 0;
    let negative = false;
    const first = text[0];
    if (first < "0") {
        if (first === "-") negative = true;
        else if (first !== "+") throw fail(0);
        i++;
        if (i === text.length) throw fail(i);
    }
    let value = 0;
    for (; i < text.length; i++) {
        const d = javaDigit(text[i]);
        if (d < 0) throw fail(i);
        value = value * 10 + d;
        if (value > 2 ** 31 - (negative ? 0 : 1)) throw fail(i);
    }
    return negative ? -value : value;
}

/** The authority part of URLStreamHandler.parseURL: only its failures matter here. */
function checkAuthority(authority: string): void {
    const at = authority.indexOf("@");
    // More than one '@': not server-based, no host; nothing else is checked.
    if (at !== -1 && at !== authority.lastIndexOf("@")) return;
    const host = at === -1 ? authority : authority.slice(at + 1);
    let port = -1;
    if (host.length > 0 && host[0] === "[") {
        const close = host.indexOf("]");
        if (close <= 2) throw illegalArgument(`Invalid authority field: ${authority}`);
        if (!isJavaIPv6Literal(host.slice(1, close))) throw illegalArgument(`Invalid host: ${host.slice(0, close + 1)}`);
        if (host.length > close + 1) {
            if (host[close + 1] !== ":") throw illegalArgument(`Invalid authority field: ${authority}`);
            if (host.length > close + 2) port = parsePort(host.slice(close + 2));
        }
    } else {
        const colon = host.indexOf(":");
        if (colon >= 0 && host.length > colon + 1) port = parsePort(host.slice(colon + 1));
    }
    if (port < -1) throw illegalArgument(`Invalid port number :${port}`);
}

/**
 * Why `new java.net.URL(spec)` (JDK 17) throws MalformedURLException for an http or https spec, or undefined when
 * it does not. Other protocols are outside what the operator can produce and are reported as unknown.
 */
export function javaHttpUrlError(spec: string): string | undefined {
    let limit = spec.length;
    let start = 0;
    while (limit > 0 && spec.charCodeAt(limit - 1) <= 0x20) limit--;
    while (start < limit && spec.charCodeAt(start) <= 0x20) start++;
    if (spec.slice(start, start + 4).toLowerCase() === "url:") start += 4;
    const protocolMatch = /^([a-zA-Z][a-zA-Z0-9.+-]*):/.exec(spec.slice(start, limit));
    const protocol = protocolMatch?.[1].toLowerCase();
    if (protocol !== "http" && protocol !== "https") return protocol === undefined ? `no protocol: ${spec}` : `unknown protocol: ${protocol}`;
    start += protocolMatch![0].length;
    const hash = spec.indexOf("#", start);
    if (hash >= 0) limit = hash;
    let body = spec;
    if (start < limit) {
        const query = spec.indexOf("?");
        if (query !== -1 && query < limit) {
            limit = query;
            body = spec.slice(0, query);
        }
    }
    const unc = start <= limit - 4 && body.slice(start, start + 4) === "////";
    if (!unc && start <= limit - 2 && body[start] === "/" && body[start + 1] === "/") {
        start += 2;
        let end = body.indexOf("/", start);
        if (end < 0 || end > limit) {
            end = body.indexOf("?", start);
            if (end < 0 || end > limit) end = limit;
        }
        try {
            checkAuthority(body.slice(start, end));
        } catch (err) {
            if (err instanceof JavaException) return err.message;
            throw err;
        }
    }
    return undefined;
}

const NAME = /\{\{name\}\}/gi;
const NAMESPACE = /\{\{namespace\}\}/gi;

/** Why the operator refuses an ingress template for a deployment of that name and namespace, or undefined. */
export function ingressTemplateError(template: string, name: string, namespace: string): string | undefined {
    let url = /^https?:\/\//i.test(template) ? template : `http://${template}`;
    url = url.replace(NAME, () => name).replace(NAMESPACE, () => namespace);
    return javaHttpUrlError(url);
}
