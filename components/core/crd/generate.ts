/**
 * Extracts the spec schemas of the operator's CRDs into ./schemas.json, the package's one copy of the CRD field
 * list (the package cannot read the Helm chart at run time). Descriptions are dropped; the identical PodTemplateSpec
 * subtrees (three per FlinkDeployment spec) are stored once under `definitions`, with ObjectMeta taken from the
 * blue/green CRD, whose spec.template refers to both.
 *
 *   node dist/components/core/crd/generate.js <chart crds dir> > components/core/crd/schemas.json
 *
 * tests/unit/conformance.spec.ts regenerates it from ../shared and fails if the committed file drifted.
 */
import * as fs from "fs";
import * as path from "path";
import * as jsyaml from "js-yaml";
import { isDeepStrictEqual } from "util";

export interface SchemaNode {
    type?: string;
    properties?: { [name: string]: SchemaNode };
    additionalProperties?: SchemaNode | boolean;
    items?: SchemaNode;
    enum?: unknown[];
    required?: string[];
    nullable?: boolean;
    "x-kubernetes-preserve-unknown-fields"?: boolean;
    "x-kubernetes-int-or-string"?: boolean;
    $ref?: string;
}

export interface CrdSchemas {
    operatorVersion: string;
    kinds: { [kind: string]: { group: string; version: string; plural: string; schema: SchemaNode } };
    definitions: { [name: string]: SchemaNode };
}

const KEPT = [
    "type",
    "properties",
    "additionalProperties",
    "items",
    "enum",
    "required",
    "nullable",
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-int-or-string",
];
const POD_TEMPLATE_PATHS = [["podTemplate"], ["jobManager", "podTemplate"], ["taskManager", "podTemplate"]];

function prune(node: any): SchemaNode {
    const out: any = {};
    for (const key of KEPT) {
        if (!(key in node)) continue;
        const value = node[key];
        if (key === "properties") out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, prune(v)]));
        else if (key === "items" || (key === "additionalProperties" && typeof value === "object")) out[key] = prune(value);
        else out[key] = value;
    }
    return out;
}

export function extractSchemas(crdDir: string, operatorVersion: string): CrdSchemas {
    const result: CrdSchemas = { operatorVersion, kinds: {}, definitions: {} };
    const files = fs
        .readdirSync(crdDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort();
    let blueGreen: { crd: any; version: string; spec: SchemaNode } | undefined;
    for (const file of files) {
        const crd = jsyaml.load(fs.readFileSync(path.join(crdDir, file), "utf8")) as any;
        const version = crd.spec.versions.find((v: any) => v.storage) ?? crd.spec.versions[0];
        const kind: string = crd.spec.names.kind;
        if (kind === "FlinkBlueGreenDeployment") {
            // The only embedded ObjectMeta schema in the chart: the package's list of metadata fields.
            result.definitions.ObjectMeta = prune(version.schema.openAPIV3Schema.properties.spec.properties.template.properties.metadata);
            blueGreen = { crd, version: version.name, spec: prune(version.schema.openAPIV3Schema.properties.spec) };
            continue;
        }
        if (!["FlinkDeployment", "FlinkSessionJob", "FlinkStateSnapshot"].includes(kind)) continue;
        const spec = prune(version.schema.openAPIV3Schema.properties.spec);
        for (const p of POD_TEMPLATE_PATHS) {
            let parent: SchemaNode | undefined = spec;
            for (const segment of p.slice(0, -1)) parent = parent?.properties?.[segment];
            const leaf = p[p.length - 1];
            const node = parent?.properties?.[leaf];
            if (!node) continue;
            const existing = result.definitions.PodTemplateSpec;
            if (existing && !isDeepStrictEqual(existing, node)) throw new Error(`${kind}: pod template at spec.${p.join(".")} differs from the first one`);
            result.definitions.PodTemplateSpec = node;
            parent!.properties![leaf] = { $ref: "PodTemplateSpec" };
        }
        result.kinds[kind] = { group: crd.spec.group, version: version.name, plural: crd.spec.names.plural, schema: spec };
    }
    if (blueGreen) addBlueGreen(result, blueGreen);
    return result;
}

/**
 * FlinkBlueGreenDeployment: spec.template.metadata is the ObjectMeta definition, and spec.template.spec is the
 * FlinkDeployment spec (with its pod templates as PodTemplateSpec): checked to be the same schema, not assumed.
 */
function addBlueGreen(result: CrdSchemas, blueGreen: { crd: any; version: string; spec: SchemaNode }): void {
    const template = blueGreen.spec.properties?.template;
    const templateSpec = template?.properties?.spec;
    if (!template?.properties || !templateSpec) throw new Error("FlinkBlueGreenDeployment: the CRD has no spec.template.spec");
    for (const p of POD_TEMPLATE_PATHS) {
        let parent: SchemaNode | undefined = templateSpec;
        for (const segment of p.slice(0, -1)) parent = parent?.properties?.[segment];
        const leaf = p[p.length - 1];
        const node = parent?.properties?.[leaf];
        if (!node) continue;
        if (!isDeepStrictEqual(result.definitions.PodTemplateSpec, node))
            throw new Error(`FlinkBlueGreenDeployment: pod template at spec.template.spec.${p.join(".")} differs from the FlinkDeployment's`);
        parent!.properties![leaf] = { $ref: "PodTemplateSpec" };
    }
    if (!isDeepStrictEqual(templateSpec, result.kinds.FlinkDeployment?.schema))
        throw new Error("FlinkBlueGreenDeployment: spec.template.spec differs from the FlinkDeployment spec schema");
    template.properties.metadata = { $ref: "ObjectMeta" };
    result.kinds.FlinkBlueGreenDeployment = {
        group: blueGreen.crd.spec.group,
        version: blueGreen.version,
        plural: blueGreen.crd.spec.names.plural,
        schema: blueGreen.spec,
    };
}

if (require.main === module) {
    const [crdDir, operatorVersion = "1.15.0"] = process.argv.slice(2);
    if (!crdDir) {
        process.stderr.write("usage: generate.js <crds dir> [operator version]\n");
        process.exit(2);
    }
    process.stdout.write(JSON.stringify(sortKeys(extractSchemas(crdDir, operatorVersion))) + "\n");
}

/** Stable key order so the committed file diffs cleanly. */
export function sortKeys<T>(value: T): T {
    if (Array.isArray(value)) return value.map(sortKeys) as T;
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((k) => [k, sortKeys((value as any)[k])]),
        ) as T;
    }
    return value;
}
