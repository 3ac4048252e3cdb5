/** What the policy modules share: resource types, scoping, and turning engine findings into violations. */
import type { PolicyResourceOptions, ReportViolation, ResourceValidationArgs } from "@pulumi/policy";
import { Finding, FlinkDocument, Rule, UNKNOWN, isUnknown, ruleById, validateDocuments } from "../components/rules";
import { stackOfUrn, toDocument, toEngineValue } from "./props";

/** Type tokens of the resources the policies act on (the underlying resources, so raw ones are caught too). */
export const TYPES = {
    aivenFlink: "aiven:index/flink:Flink",
    flinkDeployment: "kubernetes:flink.apache.org/v1beta1:FlinkDeployment",
    flinkSessionJob: "kubernetes:flink.apache.org/v1beta1:FlinkSessionJob",
    flinkStateSnapshot: "kubernetes:flink.apache.org/v1beta1:FlinkStateSnapshot",
    flinkBlueGreenDeployment: "kubernetes:flink.apache.org/v1beta1:FlinkBlueGreenDeployment",
    helmRelease: "kubernetes:helm.sh/v3:Release",
    /** apiextensions.CustomResourcePatch of each kind: server-side apply of the fields it sets onto an existing object. */
    flinkDeploymentPatch: "kubernetes:flink.apache.org/v1beta1:FlinkDeploymentPatch",
    flinkSessionJobPatch: "kubernetes:flink.apache.org/v1beta1:FlinkSessionJobPatch",
    flinkStateSnapshotPatch: "kubernetes:flink.apache.org/v1beta1:FlinkStateSnapshotPatch",
    /** What helm.v3.Chart, helm.v4.Chart and yaml.* render the operator chart into. */
    deployment: "kubernetes:apps/v1:Deployment",
    configMap: "kubernetes:core/v1:ConfigMap",
    deploymentPatch: "kubernetes:apps/v1:DeploymentPatch",
    configMapPatch: "kubernetes:core/v1:ConfigMapPatch",
} as const;

export type FlinkResourceKind = "FlinkDeployment" | "FlinkSessionJob" | "FlinkStateSnapshot" | "FlinkBlueGreenDeployment";

/**
 * The Flink resource a type token makes, and whether it is a patch. CustomResource, yaml.ConfigFile/ConfigGroup
 * (v1 and v2) and helm charts all register a Flink object under `kubernetes:flink.apache.org/v1beta1:<Kind>`;
 * CustomResourcePatch under `...:<Kind>Patch`.
 */
export function flinkResourceOfType(type: string): { kind: FlinkResourceKind; patch: boolean } | undefined {
    const m = /^kubernetes:flink\.apache\.org\/v1beta1:(FlinkDeployment|FlinkSessionJob|FlinkStateSnapshot|FlinkBlueGreenDeployment)(Patch)?$/.exec(type);
    return m ? { kind: m[1] as FlinkResourceKind, patch: m[2] !== undefined } : undefined;
}

/** Kind of a Flink custom resource type token (a whole object, not a patch), or undefined. */
export function flinkKindOfType(type: string): FlinkResourceKind | undefined {
    const r = flinkResourceOfType(type);
    return r && !r.patch ? r.kind : undefined;
}

/**
 * Aiven services (resources with a `plan`) that take a `terminationProtection` input in @pulumi/aiven 6.51; a unit
 * test checks this list against the installed SDK. Databases and topics also have the input: add their types with
 * the policy's `resourceTypes` config.
 */
export const AIVEN_SERVICE_TYPES: readonly string[] = [
    "aiven:index/alloydbomni:Alloydbomni",
    "aiven:index/cassandra:Cassandra",
    "aiven:index/clickhouse:Clickhouse",
    "aiven:index/dragonfly:Dragonfly",
    "aiven:index/flink:Flink",
    "aiven:index/grafana:Grafana",
    "aiven:index/influxDb:InfluxDb",
    "aiven:index/kafka:Kafka",
    "aiven:index/kafkaConnect:KafkaConnect",
    "aiven:index/kafkaMirrorMaker:KafkaMirrorMaker",
    "aiven:index/m3Aggregator:M3Aggregator",
    "aiven:index/m3Db:M3Db",
    "aiven:index/mySql:MySql",
    "aiven:index/openSearch:OpenSearch",
    "aiven:index/pg:Pg",
    "aiven:index/redis:Redis",
    "aiven:index/thanos:Thanos",
    "aiven:index/valkey:Valkey",
];

/**
 * The Aiven operator's Flink resource (aiven.io/v1alpha1), however it is made: AivenOperatorFlink, a raw
 * apiextensions.CustomResource, yaml.ConfigFile/ConfigGroup (v1 and v2) all register it under this type token. Its
 * fields are under `spec` (userConfig in snake_case); the Aiven policies read it through the rule engine's view.
 */
export const AIVEN_OPERATOR_TYPES: readonly string[] = ["kubernetes:aiven.io/v1alpha1:Flink"];
/** apiextensions.CustomResourcePatch of it: server-side apply of the fields the patch sets onto an existing object. */
export const AIVEN_OPERATOR_PATCH_TYPES: readonly string[] = ["kubernetes:aiven.io/v1alpha1:FlinkPatch"];

/** The args a resource check reads (ResourceValidationArgs, minus what the checks never use). */
export type CheckArgs = Pick<ResourceValidationArgs, "type" | "props" | "urn" | "name" | "getConfig"> & {
    provider?: ResourceValidationArgs["provider"];
    opts?: PolicyResourceOptions;
};

/**
 * A namespace the policy cannot know: the resource sets none and neither does its provider, so the provider uses
 * its kubeconfig context's namespace ("default" only when the context names none), which a policy cannot see.
 * Written as a string that is no valid namespace, naming the provider: resources of the same provider without a
 * namespace land in the same one, so cross-resource checks can still match them to each other.
 */
export function ambientNamespace(providerUrn: string | undefined): string {
    return `(kubeconfig namespace of ${providerUrn ?? "the default provider"})`;
}

export function isAmbientNamespace(ns: unknown): ns is string {
    return typeof ns === "string" && ns.startsWith("(kubeconfig namespace of ");
}

/**
 * The namespace a Kubernetes resource lands in: its own, else its provider's `namespace`, else the provider's
 * kubeconfig context's, which is not known here (see ambientNamespace). UNKNOWN while a value is unknown (preview).
 */
export function effectiveNamespace(doc: FlinkDocument, provider?: { props: Record<string, any>; urn?: string }): string | typeof UNKNOWN {
    const own = doc.metadata === undefined ? undefined : isUnknown(doc.metadata) ? UNKNOWN : doc.metadata?.namespace;
    if (isUnknown(own)) return UNKNOWN;
    if (typeof own === "string" && own !== "") return own;
    const fromProvider = provider ? toEngineValue(provider.props) : undefined;
    if (isUnknown(fromProvider)) return UNKNOWN;
    const ns = fromProvider !== null && typeof fromProvider === "object" ? (fromProvider as any).namespace : undefined;
    if (isUnknown(ns)) return UNKNOWN;
    return typeof ns === "string" && ns !== "" ? ns : ambientNamespace(provider?.urn);
}

export interface ScopeConfig {
    /** Only resources in these Kubernetes namespaces (all when unset or empty). */
    namespaces?: string[];
    /** Only in these stacks (all when unset or empty). */
    stacks?: string[];
}

export const SCOPE_SCHEMA = {
    namespaces: { type: "array", items: { type: "string" }, description: "Only check resources in these Kubernetes namespaces (all when empty)." },
    stacks: { type: "array", items: { type: "string" }, description: 'Only check resources in these stacks, e.g. ["production"] (all when empty).' },
} as const;

/**
 * Whether the resource is in the configured scope; undefined when that depends on a value unknown at preview (it is
 * decided at `up`). A resource whose namespace comes from the kubeconfig (none on it or its provider) is in every
 * namespace scope: the policy cannot tell which namespace that is, and skipping it would let a resource escape a
 * production check by leaving its namespace out.
 */
export function inScope(args: CheckArgs, doc: FlinkDocument, scope: ScopeConfig): boolean | undefined {
    if (scope.stacks && scope.stacks.length > 0) {
        const stack = stackOfUrn(args.urn);
        if (stack === undefined || !scope.stacks.includes(stack)) return false;
    }
    if (scope.namespaces && scope.namespaces.length > 0) {
        const ns = effectiveNamespace(doc, args.provider);
        if (isUnknown(ns)) return undefined;
        if (!isAmbientNamespace(ns) && !scope.namespaces.includes(ns)) return false;
    }
    return true;
}

export function requireRule(id: string): Rule {
    const rule = ruleById(id);
    if (!rule) throw new Error(`pulumi-flink policies: the rule engine has no rule "${id}"`);
    return rule;
}

/** Runs some engine rules over one document; findings that depend on unknown values are withheld by the engine. */
export function runRules(rules: readonly Rule[], doc: FlinkDocument, options: Parameters<typeof validateDocuments>[2] = {}): Finding[] {
    return validateDocuments(rules, [{ doc }], options).findings;
}

export function findingMessage(f: Finding): string {
    return `${f.path || "(document)"}: ${f.message} [rule ${f.rule}]`;
}

export function reportFindings(findings: readonly Finding[], reportViolation: ReportViolation): void {
    for (const f of findings) reportViolation(findingMessage(f));
}

/**
 * A check of one Flink document: reports messages, each with the field path it is about when there is one. Used on
 * whole objects and, through judgePatch, on patches.
 */
export type DocumentCheck = (doc: FlinkDocument, report: (message: string, path?: string) => void) => void;

function findingsOf(check: DocumentCheck, doc: FlinkDocument): { message: string; path?: string }[] {
    const out: { message: string; path?: string }[] = [];
    check(doc, (message, path) => out.push({ message, path }));
    return out;
}

/**
 * Paths of what a patch sets outside apiVersion/kind/metadata: every value (a scalar, an array, an empty object)
 * as `leaf: true`, and every object on the way to them.
 */
export function patchPaths(doc: FlinkDocument): { path: string[]; leaf: boolean }[] {
    const out: { path: string[]; leaf: boolean }[] = [];
    const walk = (value: unknown, path: string[]): void => {
        if (
            value !== null &&
            typeof value === "object" &&
            !Array.isArray(value) &&
            !isUnknown(value) &&
            Object.getPrototypeOf(value) === Object.prototype &&
            Object.keys(value).length > 0
        ) {
            out.push({ path, leaf: false });
            for (const key of Object.keys(value)) walk((value as any)[key], [...path, key]);
        } else out.push({ path, leaf: true });
    };
    for (const key of Object.keys(doc)) if (key !== "apiVersion" && key !== "kind" && key !== "metadata") walk(doc[key], [key]);
    return out;
}

/** The values a patch sets (see patchPaths). */
export function patchLeaves(doc: FlinkDocument): string[][] {
    return patchPaths(doc)
        .filter((p) => p.leaf)
        .map((p) => p.path);
}

function without(doc: FlinkDocument, path: readonly string[]): FlinkDocument {
    const copy = (value: any, i: number): any => {
        if (i === path.length - 1) {
            const { [path[i]]: _removed, ...rest } = value;
            return rest;
        }
        return { ...value, [path[i]]: copy(value[path[i]], i + 1) };
    };
    return copy(doc, 0);
}

/**
 * How a patch is judged. A patch (CustomResourcePatch: server-side apply) sets some fields of an object the policy
 * cannot see, so a check run on the patch alone finds two kinds of problems: fields the patch leaves out (which the
 * object may well have: not the patch's fault) and values the patch sets that are wrong or that need other fields
 * (jobManager.replicas: 2 needs HA). A finding is the patch's when it is about something the patch sets (its path is
 * a value of the patch, or an object of it below the top level, e.g. a misspelt spec.jobManger), or when taking out
 * one value the patch sets makes it go away: that value causes it. Such findings are reported; the others are not.
 * So a patch raising replicas must carry the HA settings it needs in the same patch, and a patch that only sets an
 * image is not asked for memory settings.
 */
export function judgePatch(doc: FlinkDocument, check: DocumentCheck): string[] {
    const all = findingsOf(check, doc);
    if (all.length === 0) return [];
    const paths = patchPaths(doc);
    const set = new Set(paths.filter((p) => p.leaf || p.path.length > 1).map((p) => p.path.join(".")));
    const caused = new Set<string>(all.filter((f) => f.path !== undefined && set.has(f.path)).map((f) => f.message));
    for (const { path, leaf } of paths) {
        if (caused.size === all.length) break;
        if (!leaf) continue;
        const remaining = new Set(findingsOf(check, without(doc, path)).map((f) => f.message));
        for (const f of all) if (!remaining.has(f.message)) caused.add(f.message);
    }
    return [...new Set(all.filter((f) => caused.has(f.message)).map((f) => f.message))];
}

/**
 * Runs a document check on a Flink resource of one of `kinds`, whole (CustomResource, yaml, chart) or patch
 * (judged by judgePatch). Does nothing for other types.
 */
export function checkFlinkResource(
    args: Pick<CheckArgs, "type" | "props">,
    kinds: readonly FlinkResourceKind[],
    check: DocumentCheck,
    reportViolation: ReportViolation,
): void {
    const r = flinkResourceOfType(args.type);
    if (!r || !kinds.includes(r.kind)) return;
    const doc = toDocument(args.props, r.kind);
    if (!r.patch) check(doc, (m) => reportViolation(m));
    else for (const m of judgePatch(doc, check)) reportViolation(`${m} (set by this ${r.kind}Patch)`);
}

/** args.getConfig with a fallback for hand-built args (and older CLIs) that return undefined. */
export function configOf<T extends object>(args: { getConfig<C extends object>(): C }): Partial<T> {
    return (args.getConfig<T>() ?? {}) as Partial<T>;
}
