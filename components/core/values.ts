/**
 * The package's one reading of plain values: what counts as a map, as blank, and how a path is read. Every layer
 * judges manifests and args with these, so "set", "blank" and "missing" mean the same everywhere.
 */
import { UNKNOWN, isUnknown } from "./unknown";

/** A plain map: an object literal (or null-prototype object), not an array, Output, secret or class instance. */
export function isPlainObject(v: unknown): v is { [key: string]: any } {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
}

/** Unset for a rule: undefined, null, or a string of white space only. */
export function isBlank(v: unknown): boolean {
    return v === undefined || v === null || (typeof v === "string" && v.trim() === "");
}

/** Set for a rule: the opposite of isBlank. */
export function isNonBlank(v: unknown): boolean {
    return !isBlank(v);
}

/**
 * The value at a path given as segments (keys may hold dots, e.g. "flink-conf.yaml"), reading own properties only
 * (a field named "constructor" is a field, not Object's constructor). UNKNOWN when the path passes through an
 * unknown value; undefined where it leaves the data.
 */
export function readSegments(root: unknown, segments: readonly string[]): unknown {
    let current: any = root;
    for (let i = 0; i < segments.length; i++) {
        if (isUnknown(current)) return UNKNOWN;
        if (current === null || typeof current !== "object" || !Object.prototype.hasOwnProperty.call(current, segments[i])) return undefined;
        current = current[segments[i]];
    }
    return current;
}

/** Dotted paths split once: rules read the same few dozen paths on every document. Bounded for arbitrary callers. */
const SPLIT_PATHS = new Map<string, readonly string[]>();
const MAX_SPLIT_PATHS = 1000;

/** The value at a dotted path ("spec.job.upgradeMode"): readSegments of its segments. */
export function readPath(root: unknown, path: string): unknown {
    let segments = SPLIT_PATHS.get(path);
    if (segments === undefined) {
        segments = path.split(".");
        if (SPLIT_PATHS.size < MAX_SPLIT_PATHS) SPLIT_PATHS.set(path, segments);
    }
    return readSegments(root, segments);
}
