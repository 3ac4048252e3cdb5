/**
 * The rule engine: one table of small named rules (see ./registry.ts) run over Flink manifests. The component
 * constructors, the `pulumi-flink validate` CLI and the policy pack all call `validateDocuments`.
 */
import { ConfigOption, FlinkConfig, OPERATOR_DEFAULTS, OperatorOptions, flattenFlinkConfiguration } from "../core/flink/config";
import { UNKNOWN, Unknown, isUnknown } from "../core/unknown";
import { BLUE_GREEN_KIND, BLUE_GREEN_TYPES, childDeployment, templateMessage, templatePath } from "../core/flink/blue-green";
import { configBoolean } from "./rules/util";

import type { Issue, Severity } from "../core/issues";
import { readPath } from "../core/values";

export { readPath };

export type { Severity } from "../core/issues";
export { formatIssues as formatFindings } from "../core/issues";
export const FLINK_API_VERSION = "flink.apache.org/v1beta1";
export const FLINK_KINDS = ["FlinkDeployment", "FlinkSessionJob", "FlinkStateSnapshot", "FlinkBlueGreenDeployment"] as const;
export type FlinkKind = (typeof FLINK_KINDS)[number];

export function isFlinkKind(kind: unknown): kind is FlinkKind {
    return typeof kind === "string" && (FLINK_KINDS as readonly string[]).includes(kind);
}

/**
 * The kind model: besides the Flink CRs (FLINK_KINDS, read as they are), the engine checks other kinds described
 * here as data (the Aiven kinds: see ./rules/aiven/kinds.ts). A rule declares the kinds it checks by name; one
 * rule may declare kinds of both shapes, e.g. the Aiven rules check a component's args and the operator's CR alike.
 */
export interface KindModel {
    /** The document's `kind`. */
    readonly kind: string;
    /** The apiVersion group the document must carry ("aiven.io"): a kind name is only this kind in its group. */
    readonly group: string;
    /** Where the fields the rules read start: "spec" for a custom resource, or for the args document of a component. */
    readonly root: string;
    /** What findings' paths are prefixed with: "spec." for a custom resource, "" for a component's args (paths of its args). */
    readonly pathPrefix: string;
    /**
     * How the rules read the fields at `root` when the document spells them differently from the kinds it shares rules
     * with (the operator's snake_case userConfig): `read` gives the model the rules read, `path` maps a path of that
     * model back to the document's (relative to root).
     */
    readonly view?: { read(root: unknown): unknown; path(modelPath: string): string };
}

const KIND_MODELS = new Map<string, KindModel>();

/** Registers a kind the engine reads through a model (./registry.ts does, for the Aiven kinds). */
export function defineKind(model: KindModel): void {
    KIND_MODELS.set(model.kind, model);
}

export function kindModel(kind: string): KindModel | undefined {
    return KIND_MODELS.get(kind);
}

/** The engine kind of a document: a Flink kind, or a modelled kind in its apiVersion group; undefined for others. */
export function kindOf(doc: FlinkDocument): string | undefined {
    const kind = doc.kind;
    if (isFlinkKind(kind)) return kind;
    if (typeof kind !== "string") return undefined;
    const model = KIND_MODELS.get(kind);
    if (model === undefined) return undefined;
    const apiVersion = doc.apiVersion;
    return typeof apiVersion === "string" && apiVersion.startsWith(`${model.group}/`) ? kind : undefined;
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
    /** The kind being checked (FlinkKind for the Flink rules; a KindModel's kind for the others). */
    readonly kind: string;
    readonly doc: FlinkDocument;
    /** The document's name (metadata.name; a component's resource name), or "(unnamed)". */
    readonly name: string;
    readonly options: Required<Pick<EngineOptions, "allowedJarSchemes" | "disallowRestrictedHosts" | "completeSet">>;
    /**
     * The value at a dotted path ("spec.job.upgradeMode"), or undefined: from the document root for Flink kinds, from
     * the kind model's root (through its view) for the others; "" is that root itself.
     */
    get(path: string): any;
    /** Like `get`, but an unknown value is returned as UNKNOWN and does not defer the rule (for rules that skip what they cannot see). */
    peek(path: string): unknown;
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
    /**
     * Reports a finding at `path` (a path `get` reads; with `raw`, a path of the document below the kind model's root,
     * as spelled there: for schema walks that read the document as written).
     */
    report(path: string, message: string, raw?: boolean): void;
}

export interface Rule {
    /** Kebab-case id, stable: used in findings, options and docs. */
    readonly id: string;
    /** The kinds the rule checks: Flink kinds and/or modelled kinds (KindModel). */
    readonly kinds: readonly string[];
    readonly severity: Severity;
    /** One line for the README's rule list. */
    readonly description: string;
    /**
     * "operator" for rules the operator's webhook enforces; "schema" for the CRD schema; "extra" for what it misses;
     * "aiven" for what Aiven (its API, its Kubernetes operator's CRD or webhook) refuses.
     */
    readonly source: "operator" | "schema" | "extra" | "aiven";
    /** Whether the rule also checks canary resources (label flink.apache.org/canary: "true"), which the webhook skips. */
    readonly checksCanaries?: boolean;
    check(ctx: RuleContext): void;
}

/** Index of a set of documents for cross-document checks. */
export class DocumentSet {
    private readonly byKey = new Map<string, FlinkDocument>();
    /** Documents whose namespace is not known yet, by kind and name: they may be anyone's target. */
    private readonly namespaceUnknown = new Map<string, FlinkDocument>();
    /** The child FlinkDeployments filed for each FlinkBlueGreenDeployment of the set. */
    private readonly blueGreenChildren = new WeakMap<FlinkDocument, FlinkDocument[]>();

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
        if (doc.kind === BLUE_GREEN_KIND) {
            // The FlinkDeployments the operator creates for it, by name: a session job or snapshot may name one.
            const children = BLUE_GREEN_TYPES.map((type) => childDeployment(doc, type) as FlinkDocument);
            this.blueGreenChildren.set(doc, children);
            for (const child of children) this.add(child);
        }
    }

    remove(doc: FlinkDocument): void {
        const name = doc.metadata?.name;
        const unknownKey = `${String(doc.kind)}/${String(name)}`;
        if (this.namespaceUnknown.get(unknownKey) === doc) this.namespaceUnknown.delete(unknownKey);
        const key = DocumentSet.key(String(doc.kind), doc.metadata?.namespace, name);
        if (this.byKey.get(key) === doc) this.byKey.delete(key);
        for (const child of this.blueGreenChildren.get(doc) ?? []) this.remove(child);
    }

    /** The document of that kind, namespace and name; UNKNOWN when none is known but one of that name has a namespace not known yet. */
    find(kind: FlinkKind, namespace: unknown, name: string): FlinkDocument | Unknown | undefined {
        return this.byKey.get(DocumentSet.key(kind, namespace, name)) ?? (this.namespaceUnknown.has(`${kind}/${name}`) ? UNKNOWN : undefined);
    }
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
    /** What `get` reads: the document for Flink kinds, the model's root (through its view) for the others. */
    private readonly root: unknown;

    constructor(
        readonly kind: string,
        readonly doc: FlinkDocument,
        readonly name: string,
        readonly options: Required<Pick<EngineOptions, "allowedJarSchemes" | "disallowRestrictedHosts" | "completeSet">>,
        private readonly set: DocumentSet,
        private readonly defaults: FlinkConfig | undefined,
        private readonly model: KindModel | undefined,
    ) {
        if (model === undefined) this.root = doc;
        else {
            const root = readPath(doc, model.root);
            this.root = model.view && !isUnknown(root) ? model.view.read(root) : root;
        }
    }

    get(path: string): any {
        return this.known(path === "" ? this.root : readPath(this.root, path));
    }

    peek(path: string): unknown {
        return path === "" ? this.root : readPath(this.root, path);
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

    report(path: string, message: string, raw?: boolean): void {
        const model = this.model;
        if (model !== undefined) path = model.pathPrefix + (raw || !model.view || path === "" ? path : model.view.path(path));
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
                config = this.defaults
                    .forResource(
                        isUnknown(namespace) ? UNKNOWN : typeof namespace === "string" && namespace !== "" ? namespace : "default",
                        isUnknown(version) ? UNKNOWN : typeof version === "string" ? version : undefined,
                    )
                    .overlay(config);
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
        disallowRestrictedHosts:
            options.disallowRestrictedHosts ??
            configuredBoolean(defaults, OperatorOptions.disallowRestrictedHosts) ??
            OPERATOR_DEFAULTS.disallowRestrictedHosts,
        completeSet: options.completeSet ?? false,
    };
    const byKind = rulesByKind(rules);
    for (const { doc, file } of docs) {
        const kind = kindOf(doc);
        if (kind === undefined) continue;
        const name = documentName(doc);
        const namespace = typeof doc.metadata?.namespace === "string" ? doc.metadata.namespace : undefined;
        const canary = isCanary(doc);
        const kindRules = byKind.get(kind);
        if (kindRules === undefined) continue;
        const ctx = new Context(kind, doc, name, ruleOptions, context, defaults, isFlinkKind(kind) ? undefined : KIND_MODELS.get(kind));
        // Indexed loops here and in readPath: they run ~40 times a document, mostly before the JIT has warmed up,
        // where for-of allocates an iterator per loop.
        for (let r = 0; r < kindRules.length; r++) {
            const rule = kindRules[r];
            if (canary && !rule.checksCanaries) continue;
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
        if (kind === BLUE_GREEN_KIND) validateTemplate(rules, doc, file, name, namespace, options, context, findings, deferred);
    }
    return { findings, deferred };
}

/**
 * A FlinkBlueGreenDeployment's spec.template.spec is checked with every FlinkDeployment rule of `rules`, on the child
 * FlinkDeployment the operator would create from it (core/flink/blue-green.ts): the operator validates a template only
 * when it creates a child, so a bad template would otherwise surface late, as a failed child. Findings are the
 * parent's, at spec.template.spec paths; the child's metadata is the operator's doing and the template's schema is
 * checked by the parent's own schema rules, so those findings are left out.
 */
function validateTemplate(
    rules: readonly Rule[],
    doc: FlinkDocument,
    file: string | undefined,
    name: string,
    namespace: string | undefined,
    options: EngineOptions,
    context: DocumentSet,
    findings: Finding[],
    deferred: string[],
): void {
    const spec = readPath(doc, "spec.template.spec");
    if (spec === undefined || spec === null) return;
    const child = childDeployment(doc);
    const inner = validateDocuments(rules, [{ doc: child, file }], options, context);
    for (const f of inner.findings) {
        if (f.path === "apiVersion" || f.path.startsWith("metadata") || rules.find((r) => r.id === f.rule)?.source === "schema") continue;
        findings.push({ ...f, path: templatePath(f.path), message: templateMessage(f.message), kind: BLUE_GREEN_KIND, name, namespace, file });
    }
    for (const d of inner.deferred) deferred.push(`${BLUE_GREEN_KIND}/${name}: spec.template ${d.slice(d.indexOf(": ") + 2)}`);
}

/** The rules of each kind, in table order; computed once per rule table. */
const RULES_BY_KIND = new WeakMap<readonly Rule[], Map<string, Rule[]>>();

function rulesByKind(rules: readonly Rule[]): Map<string, Rule[]> {
    let byKind = RULES_BY_KIND.get(rules);
    if (byKind === undefined) {
        byKind = new Map();
        for (const rule of rules) {
            for (const kind of rule.kinds) {
                let list = byKind.get(kind);
                if (list === undefined) byKind.set(kind, (list = []));
                if (!list.includes(rule)) list.push(rule);
            }
        }
        RULES_BY_KIND.set(rules, byKind);
    }
    return byKind;
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
    return value
        .split(/[;,]/)
        .map((s) => s.trim())
        .filter((s) => s !== "");
}
