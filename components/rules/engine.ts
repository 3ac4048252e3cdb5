/**
 * The rule engine: one table of small named rules (see ./registry.ts) run over Flink manifests. The component
 * constructors, the `pulumi-flink validate` CLI and the policy pack all call `validateDocuments`.
 */
import { ConfigOption, FlinkConfig, OPERATOR_DEFAULTS, OperatorOptions, flattenFlinkConfiguration } from "../core/flink/config";
import { UNKNOWN, Unknown, isUnknown } from "../core/unknown";
import { configBoolean } from "./rules/util";

import type { Issue, Severity } from "../core/issues";

export type { Severity } from "../core/issues";
export { formatIssues as formatFindings } from "../core/issues";
export const FLINK_API_VERSION = "flink.apache.org/v1beta1";
export const FLINK_KINDS = ["FlinkDeployment", "FlinkSessionJob", "FlinkStateSnapshot"] as const;
export type FlinkKind = (typeof FLINK_KINDS)[number];

export function isFlinkKind(kind: unknown): kind is FlinkKind {
    return typeof kind === "string" && (FLINK_KINDS as readonly string[]).includes(kind);
}

/** A manifest as parsed from YAML or rendered by a component. Values may be UNKNOWN (see ./unknown.ts). */
export interface FlinkDocument {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: any;
    spec?: any;
    [field: string]: unknown;
}

export interface SourcedDocument {
    doc: FlinkDocument;
    /** Where it came from (a file path for the CLI); carried into findings. */
    file?: string;
}

/** What a rule reports: the one issue type of the package (core/issues.ts). */
export type Finding = Issue;

export interface EngineOptions {
    /** URI schemes the operator accepts for session job jars (kubernetes.operator.user.artifacts.allowed-schemes). */
    allowedJarSchemes?: readonly string[];
    /**
     * Whether session job jarURIs on restricted hosts (loopback, link-local, private, any, multicast) are refused
     * (kubernetes.operator.user.artifacts.disallow-restricted-hosts). Default: what `defaultConfiguration` sets, else true.
     */
    disallowRestrictedHosts?: boolean;
    /** Per-rule overrides: turn a rule off or change its severity. */
    rules?: { [ruleId: string]: Severity | "off" };
    /**
     * Whether the documents (plus the context set) are all the Flink resources there are, as a CLI run over a whole
     * repository can declare: cross-document checks then report a missing target (a FlinkStateSnapshot's
     * jobReference) as the webhook does. Default false: a target may exist outside the set.
     */
    completeSet?: boolean;
    /**
     * The operator's default configuration (its mounted flink-conf.yaml or config.yaml, flat or nested), which the
     * operator lays under every spec's flinkConfiguration before validating, with its
     * `kubernetes.operator.default-configuration.flink-version.<v>[+].*` entries applied per flinkVersion. Unset: the
     * rules see only the specs, which is stricter (a directory set only in the operator's defaults counts as missing).
     * Its `kubernetes.operator.user.artifacts.allowed-schemes` is used when `allowedJarSchemes` is not given.
     */
    defaultConfiguration?: unknown;
}

/** What a rule sees. Reads through `get` and `config` notice unknown values; findings of such a run are withheld. */
export interface RuleContext {
    readonly kind: FlinkKind;
    readonly doc: FlinkDocument;
    readonly options: Required<Pick<EngineOptions, "allowedJarSchemes" | "disallowRestrictedHosts" | "completeSet">>;
    /** The value at a dotted path from the document root ("spec.job.upgradeMode"), or undefined. */
    get(path: string): any;
    /** The value at a dotted path of another document (one returned by `find` or `sessionCluster`). */
    getIn(doc: FlinkDocument, path: string): any;
    /** The effective flattened Flink configuration: for session jobs, the session cluster's (when known) under the job's own. */
    config(opt: ConfigOption): string | undefined;
    /** Exact-key lookup in the effective configuration. */
    configKey(key: string): string | undefined;
    /** All keys of the effective configuration. */
    configKeys(): string[];
    /** A document of the same set (same program or same CLI run) by kind, namespace and name. */
    find(kind: FlinkKind, namespace: string | undefined, name: string): FlinkDocument | undefined;
    /** For a session job: its session cluster when that is in the set. */
    sessionCluster(): FlinkDocument | undefined;
    report(path: string, message: string): void;
}

export interface Rule {
    /** Kebab-case id, stable: used in findings, options and docs. */
    readonly id: string;
    readonly kinds: readonly FlinkKind[];
    readonly severity: Severity;
    /** One line for the README's rule list. */
    readonly description: string;
    /** "operator" for rules the operator's webhook enforces; "schema" for the CRD schema; "extra" for what it misses. */
    readonly source: "operator" | "schema" | "extra";
    /** Whether the rule also checks canary resources (label flink.apache.org/canary: "true"), which the webhook skips. */
    readonly checksCanaries?: boolean;
    check(ctx: RuleContext): void;
}

/** Index of a set of documents for cross-document checks. */
export class DocumentSet {
    private readonly byKey = new Map<string, FlinkDocument>();
    /** Documents whose namespace is not known yet, by kind and name: they may be anyone's target. */
    private readonly namespaceUnknown = new Map<string, FlinkDocument>();

    constructor(docs: Iterable<FlinkDocument> = []) {
        for (const doc of docs) this.add(doc);
    }

    /** A manifest without a namespace lands in "default" unless applied elsewhere, as the API server and Pulumi's provider place it. */
    static key(kind: string, namespace: unknown, name: unknown): string {
        return `${kind}/${typeof namespace === "string" && namespace !== "" ? namespace : "default"}/${String(name)}`;
    }

    add(doc: FlinkDocument): void {
        const name = doc.metadata?.name;
        if (!isFlinkKind(doc.kind) || typeof name !== "string") return;
        if (isUnknown(doc.metadata?.namespace)) this.namespaceUnknown.set(`${doc.kind}/${name}`, doc);
        else this.byKey.set(DocumentSet.key(doc.kind, doc.metadata?.namespace, name), doc);
    }

    remove(doc: FlinkDocument): void {
        const name = doc.metadata?.name;
        const unknownKey = `${String(doc.kind)}/${String(name)}`;
        if (this.namespaceUnknown.get(unknownKey) === doc) this.namespaceUnknown.delete(unknownKey);
        const key = DocumentSet.key(String(doc.kind), doc.metadata?.namespace, name);
        if (this.byKey.get(key) === doc) this.byKey.delete(key);
    }

    /** The document of that kind, namespace and name; UNKNOWN when none is known but one of that name has a namespace not known yet. */
    find(kind: FlinkKind, namespace: unknown, name: string): FlinkDocument | Unknown | undefined {
        return this.byKey.get(DocumentSet.key(kind, namespace, name)) ?? (this.namespaceUnknown.has(`${kind}/${name}`) ? UNKNOWN : undefined);
    }
}

/** Dotted paths split once: rules read the same few dozen paths on every document. Bounded for arbitrary callers. */
const SPLIT_PATHS = new Map<string, readonly string[]>();
const MAX_SPLIT_PATHS = 1000;

function splitPath(path: string): readonly string[] {
    let segments = SPLIT_PATHS.get(path);
    if (segments === undefined) {
        segments = path.split(".");
        if (SPLIT_PATHS.size < MAX_SPLIT_PATHS) SPLIT_PATHS.set(path, segments);
    }
    return segments;
}

/** Reads a dotted path; returns UNKNOWN if it passes through an unknown value. */
export function readPath(root: unknown, path: string): unknown {
    let current: any = root;
    const segments = splitPath(path);
    for (let i = 0; i < segments.length; i++) {
        if (isUnknown(current)) return UNKNOWN;
        if (current === null || typeof current !== "object") return undefined;
        current = current[segments[i]];
    }
    return current;
}

/** Name of a document for findings: metadata.name, or "(unnamed)". */
export function documentName(doc: FlinkDocument): string {
    const name = doc.metadata?.name;
    return typeof name === "string" && name !== "" ? name : "(unnamed)";
}

class Context implements RuleContext {
    tainted = false;
    readonly findings: { path: string; message: string }[] = [];
    private effectiveConfig?: FlinkConfig;

    constructor(
        readonly kind: FlinkKind,
        readonly doc: FlinkDocument,
        readonly options: Required<Pick<EngineOptions, "allowedJarSchemes" | "disallowRestrictedHosts" | "completeSet">>,
        private readonly set: DocumentSet,
        private readonly defaults: FlinkConfig | undefined,
    ) {}

    get(path: string): any {
        return this.known(readPath(this.doc, path));
    }

    getIn(doc: FlinkDocument, path: string): any {
        return this.known(readPath(doc, path));
    }

    config(opt: ConfigOption): string | undefined {
        return this.known(this.effective().get(opt));
    }

    configKey(key: string): string | undefined {
        return this.known(this.effective().raw(key));
    }

    configKeys(): string[] {
        return this.effective().keys();
    }

    find(kind: FlinkKind, namespace: string | undefined, name: string): FlinkDocument | undefined {
        return this.known(this.set.find(kind, namespace, name));
    }

    sessionCluster(): FlinkDocument | undefined {
        if (this.kind !== "FlinkSessionJob") return undefined;
        const target = this.get("spec.deploymentName");
        const namespace = this.get("metadata.namespace");
        return typeof target === "string" ? this.find("FlinkDeployment", namespace, target) : undefined;
    }

    report(path: string, message: string): void {
        this.findings.push({ path, message });
    }

    private known<T>(value: T): Exclude<T, typeof UNKNOWN> | undefined {
        if (isUnknown(value)) {
            this.tainted = true;
            return undefined;
        }
        return value as Exclude<T, typeof UNKNOWN>;
    }

    /** Clears what one rule left behind; the document's flattened configuration is kept for the next rule. */
    startRule(): void {
        this.tainted = false;
        this.findings.length = 0;
    }

    private effective(): FlinkConfig {
        if (!this.effectiveConfig) {
            let config = flattenFlinkConfiguration(readPath(this.doc, "spec.flinkConfiguration"));
            const cluster = this.sessionCluster();
            if (cluster) config = flattenFlinkConfiguration(readPath(cluster, "spec.flinkConfiguration")).overlay(config);
            if (this.defaults) {
                // A session job runs on its cluster's Flink version; without the cluster, only version-free defaults apply.
                const version = readPath(cluster ?? (this.kind === "FlinkSessionJob" ? undefined : this.doc), "spec.flinkVersion");
                const namespace = readPath(this.doc, "metadata.namespace");
                config = this.defaults.forResource(
                    isUnknown(namespace) ? UNKNOWN : typeof namespace === "string" && namespace !== "" ? namespace : "default",
                    isUnknown(version) ? UNKNOWN : typeof version === "string" ? version : undefined,
                ).overlay(config);
            }
            this.effectiveConfig = config;
        }
        return this.effectiveConfig;
    }
}

export const CANARY_LABEL = "flink.apache.org/canary";

/** The operator's health-check canaries: the webhook lets them through unvalidated. */
export function isCanary(doc: FlinkDocument): boolean {
    return doc.metadata?.labels?.[CANARY_LABEL] === "true";
}

export interface ValidationResult {
    findings: Finding[];
    /** Rules that read an unknown value and so could not decide yet: `<kind>/<name>: <rule id>`. */
    deferred: string[];
}

/**
 * Validates every Flink document of `docs` (others are ignored) with every rule of `rules`, cross-document checks
 * resolved within `docs` plus `context` (documents that are referenced but not themselves validated).
 */
export function validateDocuments(
    rules: readonly Rule[],
    docs: readonly SourcedDocument[],
    options: EngineOptions = {},
    context: DocumentSet = new DocumentSet(docs.map((d) => d.doc)),
): ValidationResult {
    const findings: Finding[] = [];
    const deferred: string[] = [];
    const defaults = options.defaultConfiguration === undefined ? undefined : flattenFlinkConfiguration(options.defaultConfiguration);
    const ruleOptions = {
        allowedJarSchemes: options.allowedJarSchemes ?? configuredJarSchemes(defaults) ?? OPERATOR_DEFAULTS.allowedJarSchemes,
        disallowRestrictedHosts: options.disallowRestrictedHosts ?? configuredBoolean(defaults, OperatorOptions.disallowRestrictedHosts) ?? OPERATOR_DEFAULTS.disallowRestrictedHosts,
        completeSet: options.completeSet ?? false,
    };
    for (const { doc, file } of docs) {
        if (!isFlinkKind(doc.kind)) continue;
        const kind = doc.kind;
        const name = documentName(doc);
        const namespace = typeof doc.metadata?.namespace === "string" ? doc.metadata.namespace : undefined;
        const canary = isCanary(doc);
        const ctx = new Context(kind, doc, ruleOptions, context, defaults);
        // Indexed loops here and in readPath: they run ~40 times a document, mostly before the JIT has warmed up,
        // where for-of allocates an iterator per loop.
        for (let r = 0; r < rules.length; r++) {
            const rule = rules[r];
            if (!rule.kinds.includes(kind) || (canary && !rule.checksCanaries)) continue;
            const override = options.rules?.[rule.id];
            if (override === "off") continue;
            ctx.startRule();
            try {
                rule.check(ctx);
            } catch (err) {
                // A rule must never take the engine down: odd input becomes a finding, not a crash.
                ctx.report("", `internal error in rule ${rule.id}: ${(err as Error).message}`);
            }
            if (ctx.tainted) {
                deferred.push(`${kind}/${name}: ${rule.id}`);
                continue;
            }
            for (let i = 0; i < ctx.findings.length; i++) {
                const f = ctx.findings[i];
                findings.push({ rule: rule.id, severity: override ?? rule.severity, path: f.path, message: f.message, kind, name, namespace, file });
            }
        }
    }
    return { findings, deferred };
}

/** A boolean an operator configuration sets, read as Flink reads booleans; undefined when unset or not yet known. */
function configuredBoolean(defaults: FlinkConfig | undefined, key: string): boolean | undefined {
    const value = defaults?.raw(key);
    return configBoolean(typeof value === "string" ? value : undefined);
}

/** The jar scheme allowlist an operator configuration sets (Flink list syntax: ";" or "," separated). */
function configuredJarSchemes(defaults: FlinkConfig | undefined): string[] | undefined {
    const value = defaults?.raw(OperatorOptions.allowedJarSchemes);
    if (typeof value !== "string") return undefined;
    return value.split(/[;,]/).map((s) => s.trim()).filter((s) => s !== "");
}


