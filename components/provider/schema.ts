/**
 * The package schema the component provider serves: what Pulumi's schema inference makes of the TypeScript sources,
 * post-processed by one pure function, `flinkSchema`, so that every SDK generated from it gets good names and types:
 *
 *  - the language settings of the package (Python `pulumi_flink`, the Go import path, the .NET namespace, the npm
 *    name of a generated Node.js SDK), which inference never sets;
 *  - `integer` where the Flink operator's CRDs say integer (inference turns every TypeScript `number` into
 *    `number`, a float64 in Go), read from the CRD schemas in components/core/crd/schemas.json, from the Aiven
 *    components' field shapes, and from a short list of this package's own whole-number args;
 *  - the descriptions inference found for types and enums (its schema generator drops them);
 *  - no type named `...Args` (every language but TypeScript appends `Args` to input types itself).
 *
 * `inferFlinkSchema(root)` runs the same inference in-process (for tests and SDK generation): the plugin and it give
 * the same schema.
 */
import * as path from "path";
import { AIVEN_SHAPES as SHAPES } from "../rules";
import type { CrdSchemas, SchemaNode } from "../core/crd/generate";

/** Language settings the plugin's schema carries (the contract of the SDKs in sdk/). */
export const LANGUAGE_SETTINGS = {
    nodejs: { packageName: "@pulumi-flink/flink-sdk", respectSchemaVersion: true },
    python: { packageName: "pulumi_flink", respectSchemaVersion: true, pyproject: { enabled: true } },
    go: { importBasePath: "github.com/pulumi-flink/pulumi-flink/sdk/go/flink", respectSchemaVersion: true },
    csharp: { rootNamespace: "PulumiFlink", respectSchemaVersion: true },
    java: { respectSchemaVersion: true },
} as const;

/**
 * Whole-number args this package defines itself (not from a CRD or the Aiven shapes): resource inputs by component
 * token, type properties by type token. Counts, seconds and ports: awaitTimeoutSeconds is checked as whole seconds,
 * replicas and metricsPort by FlinkOperator, webhookAwaitTimeoutSeconds becomes a timeout annotation; maxHistory
 * and timeout are integers in the helm.v3.Release schema they are passed to.
 */
export const INTEGER_ARGS: { readonly [token: string]: readonly string[] } = {
    "flink:index:FlinkDeployment": ["awaitTimeoutSeconds"],
    "flink:index:FlinkSessionJob": ["awaitTimeoutSeconds"],
    "flink:index:FlinkStateSnapshot": ["awaitTimeoutSeconds"],
    "flink:index:FlinkBlueGreenDeployment": ["awaitTimeoutSeconds"],
    "flink:index:FlinkOperator": ["replicas", "metricsPort", "webhookAwaitTimeoutSeconds"],
    "flink:index:OperatorHelmOptions": ["maxHistory", "timeout"],
    "flink:index:AivenOperatorFlink": ["awaitTimeoutSeconds"],
};

/**
 * Kubernetes types FlinkOperator takes through @pulumi/kubernetes' input types (affinity, tolerations, security
 * contexts, resources). Schema inference copies them, and every type they reach, into this package's schema under
 * their Kubernetes names (it references another package's schema for resources only), without descriptions and with
 * whole numbers as `number`: the descriptions and integer fields are given here. A Flink type of the same name would
 * be merged with one of these by inference: keep names apart.
 */
export const KUBERNETES_TYPES: { readonly [name: string]: { readonly description: string; readonly integers?: readonly string[] } } = {
    ResourceRequirements: {
        description:
            'Compute resources of a container (Kubernetes core/v1 ResourceRequirements): requests, limits and claims, e.g. { requests: { cpu: "250m", memory: "512Mi" } }.',
    },
    ResourceClaim: { description: "A reference to one entry of the pod's resourceClaims (Kubernetes core/v1 ResourceClaim)." },
    PodSecurityContext: {
        description: "Pod-level security attributes and common container settings (Kubernetes core/v1 PodSecurityContext).",
        integers: ["fsGroup", "runAsGroup", "runAsUser", "supplementalGroups[]"],
    },
    SecurityContext: {
        description: "Security options of a container, over the pod's (Kubernetes core/v1 SecurityContext).",
        integers: ["runAsGroup", "runAsUser"],
    },
    AppArmorProfile: { description: "An AppArmor profile (Kubernetes core/v1 AppArmorProfile)." },
    SELinuxOptions: { description: "SELinux labels applied to a container (Kubernetes core/v1 SELinuxOptions)." },
    SeccompProfile: { description: "A seccomp profile (Kubernetes core/v1 SeccompProfile)." },
    Sysctl: { description: "A namespaced kernel parameter set for the pod (Kubernetes core/v1 Sysctl)." },
    WindowsSecurityContextOptions: { description: "Windows-specific security options (Kubernetes core/v1 WindowsSecurityContextOptions)." },
    Capabilities: { description: "POSIX capabilities added to or dropped from a container (Kubernetes core/v1 Capabilities)." },
    Toleration: { description: "Lets the pod be scheduled onto nodes with a matching taint (Kubernetes core/v1 Toleration).", integers: ["tolerationSeconds"] },
    Affinity: { description: "Node affinity, pod affinity and pod anti-affinity scheduling rules (Kubernetes core/v1 Affinity)." },
    NodeAffinity: { description: "Node affinity scheduling rules of the pod (Kubernetes core/v1 NodeAffinity)." },
    PreferredSchedulingTerm: {
        description: "A node selector term the scheduler prefers, with its weight (Kubernetes core/v1 PreferredSchedulingTerm).",
        integers: ["weight"],
    },
    NodeSelectorTerm: { description: "Node selector requirements, all of which must hold (Kubernetes core/v1 NodeSelectorTerm)." },
    NodeSelectorRequirement: { description: "A requirement on a node label or field: key, operator and values (Kubernetes core/v1 NodeSelectorRequirement)." },
    NodeSelector: { description: "Node selector terms, any of which may hold (Kubernetes core/v1 NodeSelector)." },
    PodAffinity: { description: "Rules to place the pod near other pods (Kubernetes core/v1 PodAffinity)." },
    PodAntiAffinity: { description: "Rules to keep the pod away from other pods (Kubernetes core/v1 PodAntiAffinity)." },
    WeightedPodAffinityTerm: {
        description: "A pod affinity term with the weight the scheduler gives it (Kubernetes core/v1 WeightedPodAffinityTerm).",
        integers: ["weight"],
    },
    PodAffinityTerm: {
        description: "The pods (by labels and namespaces) whose topology domain the pod should or should not share (Kubernetes core/v1 PodAffinityTerm).",
    },
    LabelSelector: { description: "A label query over objects (Kubernetes meta/v1 LabelSelector)." },
    LabelSelectorRequirement: { description: "One label selector requirement: key, operator and values (Kubernetes meta/v1 LabelSelectorRequirement)." },
};

/** Descriptions and integer fields of the Kubernetes types inference copied into the schema (KUBERNETES_TYPES). */
function completeKubernetesTypes(schema: Json): void {
    const prefix = `${schema.name}:index:`;
    for (const [name, { description, integers }] of Object.entries(KUBERNETES_TYPES)) {
        const type = schema.types?.[prefix + name];
        if (!type) continue; // a schema of some of the components only
        if (!type.description) type.description = description;
        for (const field of integers ?? []) {
            const prop = field.endsWith("[]") ? type.properties?.[field.slice(0, -2)]?.items : type.properties?.[field];
            if (prop?.type !== "number" && prop?.type !== "integer")
                throw new Error(
                    `flinkSchema: ${prefix + name}.${field} is listed as a whole number but is ${prop ? JSON.stringify(prop.type ?? prop.$ref) : "missing"} in the inferred schema; update KUBERNETES_TYPES.`,
                );
            prop.type = "integer";
        }
    }
}

/** Whole-number outputs, by component token. */
export const INTEGER_OUTPUTS: { readonly [token: string]: readonly string[] } = {
    // aiven.Flink's servicePort is an integer.
    "flink:index:AivenFlink": ["port"],
};

/**
 * Numbers that stay `number`, with the reason: the test fails on any other `number` in the schema, so a new numeric
 * arg gets a decision.
 */
export const NUMBER_FIELDS: { readonly [field: string]: string } = {
    "flink:index:Resource.cpu": "the CRD says number: CPU cores may be fractional (0.5)",
};

type Json = any;

/** Which Flink component input maps to which CRD schema (the spec of a kind, or a shared definition). */
const CRD_ROOTS: { [component: string]: { [input: string]: (crds: CrdSchemas) => SchemaNode | undefined } } = {
    FlinkDeployment: { spec: (c) => c.kinds.FlinkDeployment?.schema, metadata: (c) => c.definitions.ObjectMeta },
    FlinkSessionJob: { spec: (c) => c.kinds.FlinkSessionJob?.schema, metadata: (c) => c.definitions.ObjectMeta },
    FlinkStateSnapshot: { spec: (c) => c.kinds.FlinkStateSnapshot?.schema, metadata: (c) => c.definitions.ObjectMeta },
    FlinkBlueGreenDeployment: { spec: (c) => c.kinds.FlinkBlueGreenDeployment?.schema, metadata: (c) => c.definitions.ObjectMeta },
};

type Shape = (typeof SHAPES)[keyof typeof SHAPES];

/** The Aiven components' field shapes as CRD-like schema nodes, so one walk reads both. */
function shapeNode(shape: unknown): SchemaNode {
    if (typeof shape === "string")
        return (shape === "stringMap" ? { type: "object", additionalProperties: { type: "string" } } : { type: shape }) as SchemaNode;
    if (Array.isArray(shape)) return { type: "array", items: shapeNode(shape[0]) } as SchemaNode;
    const properties: { [k: string]: SchemaNode } = {};
    for (const [k, v] of Object.entries(shape as Shape)) properties[k] = shapeNode(v);
    return { type: "object", properties } as SchemaNode;
}

/**
 * Votes, per schema property object, for the type its sources give it. A type reached from several places (JobSpec
 * under FlinkDeployment and FlinkSessionJob) becomes integer only when every source says integer.
 */
class IntegerVotes {
    private readonly votes = new Map<Json, Set<string>>();
    private readonly seen = new Set<string>();

    constructor(
        private readonly schema: Json,
        private readonly definitions: { [name: string]: SchemaNode },
    ) {}

    walk(prop: Json, node: SchemaNode | undefined, at: string): void {
        if (!prop || !node) return;
        const n = this.deref(node);
        if (!n) return;
        const ref: string | undefined = prop.$ref;
        if (typeof ref === "string" && ref.startsWith("#/types/")) {
            const token = decodeURIComponent(ref.slice("#/types/".length));
            const type = this.schema.types?.[token];
            // One visit per (type, source location): types can be recursive.
            const key = `${token}@${at}`;
            if (!type?.properties || this.seen.has(key)) return;
            this.seen.add(key);
            for (const [name, child] of Object.entries<Json>(type.properties)) this.walk(child, (n as any).properties?.[name], `${at}.${name}`);
            return;
        }
        if (prop.type === "array") return this.walk(prop.items, (n as any).items, `${at}[]`);
        if (prop.type === "object" && prop.additionalProperties) return this.walk(prop.additionalProperties, this.valuesOf(n), `${at}{}`);
        if (prop.type === "number" || prop.type === "integer") {
            const t = (n as any).type;
            if (t === "integer" || t === "number") {
                let set = this.votes.get(prop);
                if (!set) this.votes.set(prop, (set = new Set()));
                set.add(t);
            }
        }
    }

    private valuesOf(n: SchemaNode): SchemaNode | undefined {
        const ap = (n as any).additionalProperties;
        return ap && typeof ap === "object" ? ap : undefined;
    }

    private deref(node: SchemaNode): SchemaNode | undefined {
        const ref = (node as any).$ref;
        return typeof ref === "string" ? this.definitions[ref] : node;
    }

    /** Sets `integer` where every source said integer; returns how many properties changed. */
    apply(): number {
        let changed = 0;
        for (const [prop, set] of this.votes) {
            if (set.size === 1 && set.has("integer") && prop.type === "number") {
                prop.type = "integer";
                changed++;
            }
        }
        return changed;
    }
}

/** Renames the schema types whose names end in `Args` (each language appends its own suffix to input types). */
function dropArgsSuffixes(schema: Json): void {
    const renames = new Map<string, string>();
    for (const token of Object.keys(schema.types ?? {})) {
        const m = /^(.*):([^:]+)Args$/.exec(token);
        if (!m) continue;
        const target = `${m[1]}:${m[2]}`;
        if (schema.types[target])
            throw new Error(`flinkSchema: type ${token} cannot be renamed ${target}: that type exists too. Rename the TypeScript interface.`);
        renames.set(token, target);
    }
    if (renames.size === 0) return;
    for (const [from, to] of renames) {
        schema.types[to] = schema.types[from];
        delete schema.types[from];
    }
    const visit = (v: Json): void => {
        if (Array.isArray(v)) return v.forEach(visit);
        if (!v || typeof v !== "object") return;
        if (typeof v.$ref === "string" && v.$ref.startsWith("#/types/")) {
            const to = renames.get(v.$ref.slice("#/types/".length));
            if (to) v.$ref = `#/types/${to}`;
        }
        for (const k of Object.keys(v)) visit(v[k]);
    };
    visit(schema.resources);
    visit(schema.types);
}

/** Type and enum descriptions from the inference's type definitions (its schema generator drops them). */
function addTypeDescriptions(schema: Json, typeDefinitions: { [name: string]: { description?: string } } | undefined): void {
    if (!typeDefinitions) return;
    const prefix = `${schema.name}:index:`;
    for (const [name, def] of Object.entries(typeDefinitions)) {
        const type = schema.types?.[prefix + name] ?? schema.types?.[prefix + name.replace(/Args$/, "")];
        if (type && def.description && !type.description) type.description = def.description;
    }
}

/**
 * The schema the plugin serves, from the one inference makes (`generateSchema`'s result; not modified). The type
 * definitions of the same inference, when given, add the type and enum descriptions.
 */
export function flinkSchema(inferred: Json, typeDefinitions?: { [name: string]: { description?: string } }): Json {
    const schema = JSON.parse(JSON.stringify(inferred));
    const crds: CrdSchemas = require("../core/crd/schemas.json");
    schema.language = { ...(schema.language ?? {}) };
    for (const [lang, settings] of Object.entries(LANGUAGE_SETTINGS)) schema.language[lang] = { ...(schema.language[lang] ?? {}), ...settings };
    addTypeDescriptions(schema, typeDefinitions);
    dropArgsSuffixes(schema);
    completeKubernetesTypes(schema);

    const prefix = `${schema.name}:index:`;
    const votes = new IntegerVotes(schema, crds.definitions as { [name: string]: SchemaNode });
    for (const [component, inputs] of Object.entries(CRD_ROOTS)) {
        const resource = schema.resources?.[prefix + component];
        if (!resource) continue;
        for (const [input, root] of Object.entries(inputs)) votes.walk(resource.inputProperties?.[input], root(crds), `${component}.${input}`);
    }
    for (const [component, shape] of Object.entries(SHAPES)) {
        const resource = schema.resources?.[prefix + component];
        if (!resource) continue;
        const node = shapeNode(shape) as any;
        for (const [input, prop] of Object.entries<Json>(resource.inputProperties ?? {})) votes.walk(prop, node.properties[input], `${component}.${input}`);
    }
    votes.apply();

    for (const [token, fields] of Object.entries(INTEGER_ARGS)) {
        const props = schema.resources?.[token]?.inputProperties ?? schema.types?.[token]?.properties;
        if (!props) continue; // a schema of some of the components only
        for (const field of fields) {
            const prop = props[field];
            if (prop?.type !== "number" && prop?.type !== "integer")
                throw new Error(
                    `flinkSchema: ${token}.${field} is listed as a whole-number arg but is ${prop ? JSON.stringify(prop.type ?? prop.$ref) : "missing"} in the inferred schema; update INTEGER_ARGS.`,
                );
            prop.type = "integer";
        }
    }
    for (const [token, fields] of Object.entries(INTEGER_OUTPUTS)) {
        const props = schema.resources?.[token]?.properties;
        if (!props) continue;
        for (const field of fields) {
            const prop = props[field];
            if (prop?.type !== "number" && prop?.type !== "integer")
                throw new Error(
                    `flinkSchema: output ${token}.${field} is listed as a whole number but is ${prop ? JSON.stringify(prop.type ?? prop.$ref) : "missing"} in the inferred schema; update INTEGER_OUTPUTS.`,
                );
            prop.type = "integer";
        }
    }
    return schema;
}

/**
 * The outputs of each component, as inference finds them (a unit test keeps the two equal). The provider's construct
 * needs only these names, and without them Pulumi's host runs the whole inference (10-20 s) on the first construct
 * of every preview, update and destroy.
 */
export const COMPONENT_OUTPUTS: { readonly [component: string]: readonly string[] } = {
    FlinkDeployment: ["name", "namespace", "lifecycleState", "jobState", "jobManagerDeploymentStatus", "error", "restAddress", "status"],
    FlinkSessionJob: ["name", "namespace", "deploymentName", "lifecycleState", "jobState", "error", "status"],
    FlinkStateSnapshot: ["name", "namespace", "state", "path", "error", "status"],
    FlinkBlueGreenDeployment: ["name", "namespace", "blueGreenState", "jobState", "activeDeploymentName", "error", "status"],
    FlinkOperator: ["namespace", "releaseName", "chartVersion", "status", "webhookEnabled", "watchNamespaces", "jobServiceAccount"],
    AivenFlink: ["serviceName", "state", "host", "port", "user", "password", "uri", "hosts", "connectionSecretName"],
    AivenFlinkSqlApplication: ["applicationId", "versionId", "deploymentId"],
    AivenFlinkJarApplication: ["applicationId", "versionId", "deploymentId"],
    AivenOperatorFlink: ["serviceName", "namespace", "state", "host", "user", "password", "uri", "hosts", "connectionSecretName"],
};

/** Every component class the package exports, by name, as the plugin host finds them. */
export const COMPONENT_NAMES = [
    "FlinkDeployment",
    "FlinkSessionJob",
    "FlinkStateSnapshot",
    "FlinkBlueGreenDeployment",
    "FlinkOperator",
    "AivenFlink",
    "AivenFlinkSqlApplication",
    "AivenFlinkJarApplication",
    "AivenOperatorFlink",
] as const;

/**
 * Runs Pulumi's schema inference on the package sources at `root` (the repository: package.json and index.ts) the
 * way the plugin host does, and returns flinkSchema's result: the schema `pulumi package get-schema` prints.
 * Takes ~10 s (it type-checks the sources).
 */
export function inferFlinkSchema(root: string = path.resolve(__dirname, "../../..")): Json {
    const { Analyzer } = require("@pulumi/pulumi/provider/experimental/analyzer");
    const { generateSchema } = require("@pulumi/pulumi/provider/experimental/schema");
    const { packageJSON, name, namespace } = packageIdentity(root);
    const { components, typeDefinitions, dependencies } = new Analyzer(root, name, packageJSON, new Set(COMPONENT_NAMES)).analyze();
    return flinkSchema(
        generateSchema(name, packageJSON.version ?? "0.0.0", packageJSON.description, components, typeDefinitions, dependencies, namespace),
        typeDefinitions,
    );
}

/** The provider name and namespace the plugin runner derives from package.json's name (`@ns/name`). */
export function packageIdentity(root: string): { packageJSON: Json; name: string; namespace?: string } {
    const packageJSON = JSON.parse(require("fs").readFileSync(path.join(root, "package.json"), "utf8"));
    const m = /^(@.*?\/)?(.+)$/.exec(packageJSON.name);
    if (!m) throw new Error(`package.json name ${JSON.stringify(packageJSON.name)} is not an npm package name`);
    return { packageJSON, name: m[2].replace(/[^-a-zA-Z0-9_]/g, "-"), namespace: m[1] ? m[1].slice(1, -1) : undefined };
}
