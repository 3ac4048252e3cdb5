/**
 * Checks a document against the operator's CRD schema the way the API server would, but louder: where the API
 * server silently prunes an unknown field (a typo such as `jobManger`), this reports it.
 */
import type { CrdSchemas, SchemaNode } from "../core/crd/generate";
import { isUnknown } from "../core/unknown";

export type SchemaIssueKind = "unknown-field" | "type" | "enum" | "required";
export interface SchemaIssue {
    kind: SchemaIssueKind;
    path: string;
    message: string;
}

let schemas: CrdSchemas | undefined;
/** Loaded on first use: keeps the 55 kB JSON out of import time. */
export function crdSchemas(): CrdSchemas {
    return (schemas ??= require("../core/crd/schemas.json") as CrdSchemas);
}

const TOP_LEVEL_FIELDS = ["apiVersion", "kind", "metadata", "spec", "status"];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Appends a key to a dotted path, bracketing keys that are not plain identifiers. */
export function joinPath(base: string, key: string | number): string {
    if (typeof key === "number") return `${base}[${key}]`;
    if (IDENTIFIER.test(key)) return base ? `${base}.${key}` : key;
    return `${base}[${JSON.stringify(key)}]`;
}

function capitalize(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

function typeName(value: unknown): string {
    if (Array.isArray(value)) return "an array";
    if (value === null) return "null";
    if (typeof value === "object") return "an object";
    if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 37) + "..." : value)}`;
    return `the ${typeof value} ${String(value)}`;
}

const EXPECTED: { [type: string]: string } = {
    object: "an object",
    array: "an array",
    string: "a string",
    integer: "an integer",
    number: "a number",
    boolean: "true or false",
};

function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const tmp = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = tmp;
        }
    }
    return row[b.length];
}

/** The closest known field name, if one is close enough to be a likely typo. */
export function suggest(field: string, known: string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of known) {
        const d = candidate.toLowerCase() === field.toLowerCase() ? 0 : editDistance(field, candidate);
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best !== undefined && bestDistance <= Math.max(2, Math.floor(field.length / 4)) ? best : undefined;
}

class Walker {
    readonly issues: SchemaIssue[] = [];
    constructor(private readonly definitions: { [name: string]: SchemaNode }) {}

    /** Checks `value` at `key` of `base` (the path itself when key is undefined); paths are joined only when needed. */
    walk(value: unknown, node: SchemaNode, base: string, key?: string | number): void {
        if (node.$ref) node = this.definitions[node.$ref];
        // The API server drops nulls of non-nullable fields before validating: same as unset.
        if (value === undefined || value === null || isUnknown(value)) return;
        if (node["x-kubernetes-int-or-string"]) {
            if (!(typeof value === "string" || (typeof value === "number" && Number.isInteger(value)))) {
                this.issues.push({ kind: "type", path: at(base, key), message: `Expected an integer or a string, got ${typeName(value)}.` });
            }
            return;
        }
        if (node.type && !this.typeMatches(value, node.type)) {
            this.issues.push({
                kind: "type",
                path: at(base, key),
                message: `Expected ${EXPECTED[node.type] ?? node.type}, got ${typeName(value)}; the API server would refuse it.`,
            });
            return;
        }
        if (node.enum && !node.enum.includes(value)) {
            this.issues.push({
                kind: "enum",
                path: at(base, key),
                message: `${capitalize(typeName(value))} is not allowed; use one of ${node.enum.map((e) => JSON.stringify(e)).join(", ")}.`,
            });
            return;
        }
        if (Array.isArray(value)) {
            if (node.items) {
                const path = at(base, key);
                for (let i = 0; i < value.length; i++) this.walk(value[i], node.items, path, i);
            }
            return;
        }
        if (typeof value === "object") this.walkObject(value as { [k: string]: unknown }, node, at(base, key));
    }

    private typeMatches(value: unknown, type: string): boolean {
        switch (type) {
            case "object":
                return typeof value === "object" && !Array.isArray(value);
            case "array":
                return Array.isArray(value);
            case "string":
                return typeof value === "string";
            case "integer":
                return typeof value === "number" && Number.isInteger(value);
            case "number":
                return typeof value === "number" && Number.isFinite(value);
            case "boolean":
                return typeof value === "boolean";
            default:
                return true;
        }
    }

    private walkObject(value: { [k: string]: unknown }, node: SchemaNode, path: string): void {
        for (const field of node.required ?? []) {
            if (value[field] === undefined || value[field] === null) {
                this.issues.push({ kind: "required", path: joinPath(path, field), message: `${joinPath(path, field)} is required here; set it.` });
            }
        }
        const properties = node.properties;
        const additional = node.additionalProperties;
        const preserve = additional === true || node["x-kubernetes-preserve-unknown-fields"];
        const keys = Object.keys(value);
        for (let i = 0; i < keys.length; i++) {
            const key = keys[i];
            // Own properties only: a field named "constructor" or "toString" is not in the schema, whatever Object.prototype says.
            if (properties && Object.prototype.hasOwnProperty.call(properties, key)) this.walk(value[key], properties[key], path, key);
            else if (typeof additional === "object") this.walk(value[key], additional, path, key);
            else if (preserve) continue;
            else this.unknownField(key, joinPath(path, key), properties ? Object.keys(properties) : []);
        }
    }

    unknownField(key: string, path: string, known: string[]): void {
        const hint = suggest(key, known);
        const message =
            known.length === 0
                ? `Unknown field "${key}": this object takes no fields, and the API server would silently drop it.`
                : `Unknown field "${key}": the API server would silently drop it.${hint ? ` Did you mean "${hint}"?` : ` Known fields: ${known.join(", ")}`}`;
        this.issues.push({ kind: "unknown-field", path, message });
    }
}

function at(base: string, key: string | number | undefined): string {
    return key === undefined ? base : joinPath(base, key);
}

const cache = new WeakMap<object, SchemaIssue[]>();

/** ObjectMeta's schema with its type, built once per loaded schema set. */
let objectMetaNode: { definitions: object; node: SchemaNode } | undefined;
function objectMeta(definitions: { [name: string]: SchemaNode }): SchemaNode {
    if (objectMetaNode?.definitions !== definitions) objectMetaNode = { definitions, node: { ...definitions.ObjectMeta, type: "object" } };
    return objectMetaNode.node;
}

/** All schema issues of one document (memoised: the three schema rules share one walk). */
export function schemaIssues(doc: { [k: string]: unknown }, kind: string): SchemaIssue[] {
    const cached = cache.get(doc);
    if (cached) return cached;
    const { kinds, definitions } = crdSchemas();
    const walker = new Walker(definitions);
    for (const key of Object.keys(doc)) {
        if (!TOP_LEVEL_FIELDS.includes(key)) walker.unknownField(key, joinPath("", key), TOP_LEVEL_FIELDS);
    }
    if (doc.spec === undefined || doc.spec === null) {
        walker.issues.push({ kind: "required", path: "spec", message: `spec is required; a ${kind} without a spec does nothing.` });
    }
    walker.walk(doc.metadata, objectMeta(definitions), "metadata");
    if (kinds[kind]) walker.walk(doc.spec, kinds[kind].schema, "spec");
    cache.set(doc, walker.issues);
    return walker.issues;
}
