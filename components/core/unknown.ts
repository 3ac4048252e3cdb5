/**
 * A value not known yet: a `pulumi.Output` or Promise inside component args, or a preview-time unknown seen by a
 * policy. The engine never reports a finding that depends on one; the check runs again once the value is known.
 */
export const UNKNOWN: unique symbol = Symbol.for("pulumi-flink.unknown");
export type Unknown = typeof UNKNOWN;

export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN;
}

/** True when the value, or anything nested in it, is unknown. */
export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value !== null && typeof value === "object") {
        for (const key of Object.keys(value)) if (containsUnknown((value as { [k: string]: unknown })[key])) return true;
    }
    return false;
}
