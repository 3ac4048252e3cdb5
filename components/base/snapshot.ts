/**
 * Plain views of args that may hold Outputs and Promises, for validation at construction: every component checks
 * what is known now and validates the rest when it resolves.
 */
import * as pulumi from "@pulumi/pulumi";
import { UNKNOWN } from "../core/unknown";

/** A synchronous copy of `value` with every Output and Promise replaced by UNKNOWN. */
export function plainSnapshot(value: unknown): unknown {
    return snapshot(value, { unknown: false });
}

/** plainSnapshot that also notes whether it put an UNKNOWN anywhere, so callers need no second walk. */
export function snapshot(value: unknown, seen: { unknown: boolean }): unknown {
    if (value === null || typeof value !== "object") {
        if (value === UNKNOWN) seen.unknown = true;
        return value;
    }
    if (pulumi.Output.isInstance(value) || typeof (value as any).then === "function") {
        seen.unknown = true;
        return UNKNOWN;
    }
    if (Array.isArray(value)) {
        const out = new Array(value.length);
        for (let i = 0; i < value.length; i++) out[i] = snapshot(value[i], seen);
        return out;
    }
    if (pulumi.Resource.isInstance(value)) return value;
    const out: { [k: string]: unknown } = {};
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) out[keys[i]] = snapshot((value as any)[keys[i]], seen);
    return out;
}

/** Whether `value` holds an Output, a Promise or UNKNOWN anywhere (Resources are not looked into). */
export function holdsDeferred(value: unknown): boolean {
    if (value === null || typeof value !== "object") return value === UNKNOWN;
    if (pulumi.Output.isInstance(value) || typeof (value as any).then === "function") return true;
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (holdsDeferred(value[i])) return true;
        return false;
    }
    if (pulumi.Resource.isInstance(value)) return false;
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) if (holdsDeferred((value as any)[keys[i]])) return true;
    return false;
}

/**
 * The value as validation sees it now: the caller's own object when everything in it is known (no copy: most specs
 * are plain, and a copy per component costs memory for the whole deployment), else a snapshot with UNKNOWNs.
 */
export function knownNow(value: unknown, seen: { unknown: boolean }): unknown {
    return holdsDeferred(value) ? snapshot(value, seen) : value;
}
