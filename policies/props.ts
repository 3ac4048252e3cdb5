/**
 * Turning what CrossGuard hands a policy into what the rule engine reads.
 *
 * At preview, @pulumi/policy (1.21) passes `args.props` wrapped in a Proxy that throws `UnknownValueError` on any
 * read of a value not known yet; the value itself is one of seven sentinel strings (proxy.js: unknownStringValue
 * and friends). A policy that touches such a field is reported by the pack as an advisory "can't run policy during
 * preview" instead of deciding. Here we read through the proxy to the raw object and replace every sentinel with the
 * engine's UNKNOWN, so a check that depends on an unknown value is withheld while the rest of the resource is still
 * checked. Values in the raw object are plain data (deserialized from the engine's gRPC struct); in remediation the
 * object may hold `Secret` wrappers, which are unwrapped for reading.
 */
import { FlinkDocument, UNKNOWN, isUnknown } from "../components/rules";

/** The sentinels @pulumi/policy/proxy.js uses for unknown values of each type. */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (what the engine sends for any computed value)
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** Property names @pulumi/policy's proxies answer to (proxy.js: isSpecialProxy, getSpecialProxyTarget). */
const IS_SPECIAL_PROXY = "__isSpecialProxy";
const GET_PROXY_TARGET = "__getSpecialProxyTarget";

/** The object under @pulumi/policy's unknown-checking and secret-preserving proxies (the value itself otherwise). */
export function unwrapProxies(value: unknown): unknown {
    let current: any = value;
    // Reading these two names never throws: both proxies answer them before looking at the target.
    while (current !== null && typeof current === "object" && current[IS_SPECIAL_PROXY] === true) {
        const target = current[GET_PROXY_TARGET];
        if (target === current || target === undefined) break;
        current = target;
    }
    return current;
}

function isSecretWrapper(value: any): boolean {
    return value !== null && typeof value === "object" && value.constructor?.name === "Secret" && "value" in value && Object.keys(value).length === 1;
}

/**
 * A plain copy of `value` with proxies and secret wrappers removed and unknown sentinels replaced by UNKNOWN.
 * Non-plain objects (assets, archives) are kept as they are.
 */
export function toEngineValue(value: unknown): unknown {
    const v: any = unwrapProxies(value);
    if (typeof v === "string") return UNKNOWN_SENTINELS.has(v) ? UNKNOWN : v;
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(toEngineValue);
    if (isSecretWrapper(v)) return toEngineValue(v.value);
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    const out: { [k: string]: unknown } = {};
    for (const key of Object.keys(v)) out[key] = toEngineValue(v[key]);
    return out;
}

/** The resource's inputs as a Flink manifest the engine can validate. */
export function toDocument(props: unknown, kind?: string): FlinkDocument {
    const doc = toEngineValue(props);
    const result: FlinkDocument = doc !== null && typeof doc === "object" && !Array.isArray(doc) && !isUnknown(doc) ? (doc as FlinkDocument) : {};
    if (kind !== undefined && result.kind === undefined) result.kind = kind;
    return result;
}

/** The stack name in a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
export function stackOfUrn(urn: string): string | undefined {
    const m = /^urn:pulumi:([^:]+)::/.exec(urn);
    return m ? m[1] : undefined;
}
