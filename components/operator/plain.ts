/** Reading and writing chart values as plain data (maps and arrays), keeping Outputs and secrets as they are. */

/** A plain map (not an array, and not an Output, secret or other object, which are values in their own right). */
export { isPlainObject as isObject } from "../core/values";
import { isPlainObject as isObject, readSegments } from "../core/values";
import { isUnknown } from "../core/unknown";

/** A deep copy of plain maps and arrays; anything else (Outputs, secrets) is kept as it is, so nothing is lost. */
export function clone<T>(v: T): T {
    if (Array.isArray(v)) return v.map(clone) as unknown as T;
    if (!isObject(v)) return v;
    const out: { [key: string]: any } = {};
    for (const [k, x] of Object.entries(v)) out[k] = clone(x);
    return out as T;
}

/** How a value is shown in a message: JSON for plain data, a word for what has none. */
export function show(v: unknown): string {
    if (v !== null && typeof v === "object" && !Array.isArray(v) && !isObject(v)) return "an Output or other non-plain value (not known at construction)";
    return JSON.stringify(v);
}

/** obj[keys...], or undefined where a map is missing on the way. */
export function get(obj: unknown, keys: readonly string[]): any {
    const value = readSegments(obj, keys);
    return isUnknown(value) ? undefined : value;
}

/** Sets obj[keys...] = value, creating (or replacing non-object) intermediate maps: the typed value replaces the raw one at its path. */
export function set(obj: { [key: string]: any }, keys: readonly string[], value: unknown): void {
    let cur = obj;
    for (const k of keys.slice(0, -1)) {
        if (!isObject(cur[k])) cur[k] = {};
        cur = cur[k];
    }
    cur[keys[keys.length - 1]] = clone(value);
}
