/** What the policy modules share: resource types, scoping, and turning engine findings into violations. */
import type { PolicyResourceOptions, ReportViolation, ResourceValidationArgs } from "@pulumi/policy";
import { Finding, FlinkDocument, Rule, UNKNOWN, isUnknown, ruleById, validateDocuments } from "../components/rules";
import { stackOfUrn, toEngineValue } from "./props";

/** Type tokens of the resources the policies act on (the underlying resources, so raw ones are caught too). */
export const TYPES = {
    aivenFlink: "aiven:index/flink:Flink",
    flinkDeployment: "kubernetes:flink.apache.org/v1beta1:FlinkDeployment",
    flinkSessionJob: "kubernetes:flink.apache.org/v1beta1:FlinkSessionJob",
    flinkStateSnapshot: "kubernetes:flink.apache.org/v1beta1:FlinkStateSnapshot",
    helmRelease: "kubernetes:helm.sh/v3:Release",
} as const;

/** Kind of a Flink custom resource type token, or undefined. */
export function flinkKindOfType(type: string): "FlinkDeployment" | "FlinkSessionJob" | "FlinkStateSnapshot" | undefined {
    switch (type) {
        case TYPES.flinkDeployment: return "FlinkDeployment";
        case TYPES.flinkSessionJob: return "FlinkSessionJob";
        case TYPES.flinkStateSnapshot: return "FlinkStateSnapshot";
        default: return undefined;
    }
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
    stacks: { type: "array", items: { type: "string" }, description: "Only check resources in these stacks, e.g. [\"production\"] (all when empty)." },
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

/** args.getConfig with a fallback for hand-built args (and older CLIs) that return undefined. */
export function configOf<T extends object>(args: { getConfig<C extends object>(): C }): Partial<T> {
    return (args.getConfig<T>() ?? {}) as Partial<T>;
}
