/** What the Aiven rules share: the shape walker, small parsers, and range and length checks. */
import * as net from "net";
import type { RuleContext } from "../../engine";
import { isUnknown } from "../../../core/unknown";
import { Shape, displayPath } from "./kinds";

export { isBlank } from "../../../core/values";

/** Fields the components add to the validated document besides the args (not user input). */
const INTERNAL_FIELDS = new Set(["$service"]);

export function typeName(v: unknown): string {
    return v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v)}`;
}

export interface ShapeVisitor {
    unknownField(path: string, key: string, known: string[]): void;
    wrongType(path: string, expected: string, value: unknown): void;
}

/** Walks a value against a shape (own properties only), skipping unknown parts (they are checked again once resolved). */
export function walkShape(value: unknown, shape: Shape, path: string, visit: ShapeVisitor): void {
    if (value === undefined || value === null || isUnknown(value)) return;
    if (typeof value !== "object" || Array.isArray(value)) return visit.wrongType(path, "an object", value);
    for (const key of Object.keys(value)) {
        const v = (value as { [k: string]: unknown })[key];
        const p = path ? `${path}.${key}` : key;
        if (!path && INTERNAL_FIELDS.has(key)) continue;
        const expected = Object.prototype.hasOwnProperty.call(shape, key) ? shape[key] : undefined;
        if (expected === undefined) {
            visit.unknownField(p, key, Object.keys(shape));
            continue;
        }
        // Unset is unset: null (given, or an Output resolved to it) is no value, as undefined.
        if (v === undefined || v === null || isUnknown(v)) continue;
        if (Array.isArray(expected)) {
            if (!Array.isArray(v)) {
                visit.wrongType(p, "a list", v);
                continue;
            }
            v.forEach((item, i) => {
                if (item === undefined || isUnknown(item)) return;
                if (expected[0] === "string") {
                    if (typeof item !== "string") visit.wrongType(`${p}[${i}]`, "a string", item);
                } else {
                    walkShape(item, expected[0], `${p}[${i}]`, visit);
                }
            });
        } else if (typeof expected === "object") {
            walkShape(v, expected, p, visit);
        } else if (expected === "stringMap") {
            if (typeof v !== "object" || Array.isArray(v)) {
                visit.wrongType(p, "a map of strings", v);
                continue;
            }
            for (const k of Object.keys(v)) {
                const mv = (v as { [k: string]: unknown })[k];
                if (!isUnknown(mv) && typeof mv !== "string") visit.wrongType(`${p}.${k}`, "a string", mv);
            }
        } else if (expected === "integer") {
            if (typeof v !== "number" || !Number.isInteger(v)) visit.wrongType(p, "an integer", v);
        } else if (typeof v !== expected) {
            visit.wrongType(p, `a ${expected}`, v);
        }
    }
}

/** Why `value` is not a CIDR block (or a single address), or undefined if it is. */
export function cidrError(value: string): string | undefined {
    const [address, prefix, ...rest] = value.split("/");
    const family = net.isIP(address);
    if (rest.length > 0 || family === 0) return `"${value}" is not a CIDR block such as 10.20.0.0/16`;
    if (prefix === undefined) return undefined;
    const max = family === 4 ? 32 : 128;
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return `"${value}" has an invalid prefix length (0 to ${max} for IPv${family})`;
    return undefined;
}

/** A path of the model as the checked document spells it, for messages. */
export function at(ctx: RuleContext, path: string): string {
    return displayPath(ctx.kind, path);
}

/** Reports an integer outside [min, max] (non-integers are the field-type rule's). */
export function range(ctx: RuleContext, path: string, min: number, max: number, what: string): void {
    const v = ctx.get(path);
    if (typeof v === "number" && Number.isInteger(v) && (v < min || v > max)) {
        ctx.report(path, `${at(ctx, path)} is ${v}; ${what} must be from ${min} to ${max}. Set an integer in that range or remove it for Aiven's default.`);
    }
}

export function maxLength(ctx: RuleContext, path: string, max: number, hint: string): void {
    const v = ctx.get(path);
    if (typeof v === "string" && v.length > max) ctx.report(path, `${at(ctx, path)} is ${v.length} characters long; at most ${max} are allowed. ${hint}`);
}

export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
