/**
 * The Flink Kubernetes Operator's real CRD OpenAPI v3 schemas as ajv validators (with pruning made visible), and the
 * record of every Flink custom resource the components render under the mocks of ./mocks.ts, checked against them.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import Ajv, { ErrorObject } from "ajv";
import * as pulumi from "@pulumi/pulumi";
import { CRDS_DIR } from "./fixtures";

let crds: any[] | undefined;
/** The CustomResourceDefinition of a kind, from the operator chart's crds directory. */
export function crd(kind: string): any {
    crds ??= fs.readdirSync(CRDS_DIR).map((file) => YAML.parse(fs.readFileSync(path.join(CRDS_DIR, file), "utf8")));
    const found = crds.find((doc) => doc.spec.names.kind === kind);
    if (!found) throw new Error(`no CRD for ${kind}`);
    return found;
}

/** The CRD schema as JSON Schema where every field the API server would prune is an error instead. */
function strictSchema(node: any): any {
    if (Array.isArray(node)) return node.map(strictSchema);
    if (node === null || typeof node !== "object") return node;
    const out: any = {};
    for (const [k, v] of Object.entries(node)) out[k] = k === "enum" ? v : strictSchema(v);
    if (out.type === "object" && !out.additionalProperties && !out["x-kubernetes-preserve-unknown-fields"]) out.additionalProperties = false;
    if (out["x-kubernetes-int-or-string"]) out.anyOf = [{ type: "integer" }, { type: "string" }];
    return out;
}

export const ajv = new Ajv({ strict: false, allErrors: true });
const validators = new Map<string, (doc: any) => boolean>();
export function crdValidator(kind: string): { (doc: any): boolean; errors?: ErrorObject[] | null } {
    let v = validators.get(kind);
    if (!v) {
        const schema = strictSchema(crd(kind).spec.versions.find((x: any) => x.storage).schema.openAPIV3Schema);
        // metadata is the API server's business, not the CRD's.
        schema.properties.metadata = { type: "object" };
        schema.properties.apiVersion = { type: "string" };
        schema.properties.kind = { type: "string" };
        v = ajv.compile(schema);
        validators.set(kind, v);
    }
    return v as any;
}

/**
 * A custom resource's inputs as the Kubernetes provider would send them, from what the mock monitor hands
 * newResource. The mocks deserialize the register request like the engine would, so:
 *   - a secret anywhere below a top-level input comes back as that whole input wrapped in a secret marker
 *     ({ [specialSigKey]: specialSecretSig, value }): the value is known, so it is unwrapped and checked;
 *   - a value that is genuinely not known (an unknown Output) comes back as `undefined` (as `pulumi.unknown` in
 *     preview). Explicitly undefined values never reach the mocks (serialization drops such keys, and turns undefined
 *     array elements into null), so an `undefined` here is always an unknown. Its path is returned so that only the
 *     schema errors about that value itself are withheld; everything around it is still checked.
 */
export function providerView(inputs: any): { body: any; unknownPaths: string[] } {
    const unknownPaths: string[] = [];
    const walk = (value: any, at: string): any => {
        if (value === undefined || pulumi.isUnknown(value)) {
            unknownPaths.push(at);
            return value;
        }
        if (value === null || typeof value !== "object") return value;
        if (value[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return walk(value.value, at);
        if (Array.isArray(value)) return value.map((v, i) => walk(v, `${at}/${i}`));
        const out: any = {};
        for (const [k, v] of Object.entries(value)) out[k] = walk(v, `${at}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`);
        return out;
    };
    return { body: walk(inputs, ""), unknownPaths };
}

/**
 * The CRD schema errors of a custom resource body (`status` excluded: the components declare it only to read it
 * back). Errors about a value listed in `unknownPaths` (its type, format, or its absence when required) are left out;
 * a field that is not in the schema stays an error even when its value is unknown.
 */
export function crdErrors(kind: string, body: any, unknownPaths: string[] = []): ErrorObject[] {
    const validator = crdValidator(kind);
    const { status, ...rest } = body;
    void status;
    if (validator(rest)) return [];
    const unknown = (p: string) => unknownPaths.some((u) => p === u || p.startsWith(`${u}/`));
    return (validator.errors ?? []).filter(
        (e) => !unknown(e.instancePath) && !(e.keyword === "required" && unknown(`${e.instancePath}/${(e.params as any).missingProperty}`)),
    );
}

/** Asserts that a custom resource, as the mocks received it or as a parsed manifest, validates against its kind's CRD schema. */
export function assertConformsToCrd(resource: any): void {
    assert.strictEqual(resource.status, undefined);
    const { body, unknownPaths } = providerView(resource);
    const errors = crdErrors(resource.kind, body, unknownPaths);
    if (errors.length > 0) throw new Error(`${resource.kind}/${resource.metadata?.name}: ${ajv.errorsText(errors)}`);
}

/** The resource types the mocks check against the CRDs. */
export const CHECKED_TYPES: ReadonlySet<string> = new Set(
    ["FlinkDeployment", "FlinkSessionJob", "FlinkStateSnapshot"].map((kind) => `kubernetes:flink.apache.org/v1beta1:${kind}`),
);

export interface CrdViolation {
    /** The Pulumi resource name. */
    name: string;
    type: string;
    errors: ErrorObject[];
    /** Paths whose values were not known, so not checked. */
    unknownPaths: string[];
}

/** Every checked resource of the run so far (never reset between tests). */
export const rendered = {
    checked: [] as { name: string; type: string; unknownPaths: string[] }[],
    violations: [] as CrdViolation[],
};

/** Called by the mocks for every registered resource: checks the Flink custom resources against their CRDs. */
export function checkRendered(type: string, name: string, inputs: any): void {
    if (!CHECKED_TYPES.has(type)) return;
    const kind = type.slice(type.lastIndexOf(":") + 1);
    const { body, unknownPaths } = providerView(inputs);
    let errors: ErrorObject[];
    try {
        errors = crdErrors(kind, body, unknownPaths);
    } catch (err) {
        errors = [{ instancePath: "", schemaPath: "", keyword: "check", params: {}, message: `could not be checked: ${err}` }];
    }
    rendered.checked.push({ name, type, unknownPaths });
    if (errors.length > 0) rendered.violations.push({ name, type, errors, unknownPaths });
}

/** Removes and returns the recorded violations of a resource (for tests that render a bad one on purpose). */
export function takeViolations(name: string): CrdViolation[] {
    const taken = rendered.violations.filter((v) => v.name === name);
    rendered.violations = rendered.violations.filter((v) => v.name !== name);
    return taken;
}

/** One ajv error as a line: where, what, and the offending property or the allowed values. */
function describeError(e: ErrorObject): string {
    const params = e.params as any;
    const detail =
        e.keyword === "additionalProperties"
            ? `: "${params.additionalProperty}" (the API server would prune it)`
            : e.keyword === "enum"
              ? `: ${JSON.stringify(params.allowedValues)}`
              : "";
    return `${e.instancePath || "(root)"} ${e.message}${detail}`;
}

/** The recorded violations as one readable report. */
export function formatViolations(violations: CrdViolation[]): string {
    return violations.map((v) => `  ${v.type} "${v.name}":\n${v.errors.map((e) => `    ${describeError(e)}`).join("\n")}`).join("\n");
}
