/**
 * What FlinkDeployment, FlinkSessionJob and FlinkStateSnapshot share: turning args into a manifest, validating it
 * (synchronously for plain values, on resolution for Outputs), readiness annotations, and the one child
 * CustomResource.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { DocumentSet, FLINK_API_VERSION, FlinkDocument, FlinkKind, Finding, formatFindings, validate } from "../rules";
import { UNKNOWN, containsUnknown } from "../rules/unknown";
import { ObjectMeta } from "./types";
import { checkComponentOptions } from "./args";
import type { FlinkOperator } from "../operator/operator";
import { operatorDependencies, warnIfUnwatched } from "../operator/operator";

/** Options every Flink custom resource component takes besides metadata and spec. */
export interface ReadinessArgs {
    /**
     * Don't wait for the operator to report the resource healthy. Needed where no operator runs (tests, or an
     * operator installed later). Default: false (wait).
     */
    skipAwait?: boolean;
    /** How long `pulumi up` waits for readiness before failing. Default: 600 seconds. */
    awaitTimeoutSeconds?: number;
}

/**
 * Resource options of FlinkDeployment, FlinkSessionJob and FlinkStateSnapshot. Object references live here rather
 * than in args (like `dependsOn`): args hold data only, so that Pulumi can infer the components' schema.
 */
export interface FlinkResourceOptions extends pulumi.ComponentResourceOptions {
    /**
     * The FlinkOperator of this program. The custom resource is then created after the operator's CRDs, its Helm
     * release and (webhook on) the webhook's CA bundle, and destroyed before them, so the operator can remove its
     * finalizers. Leave unset when the operator was installed by other means.
     */
    operator?: FlinkOperator;
}

/** What a Flink custom resource depends on given the `operator` option (undefined without it); warns for unwatched namespaces. */
export function operatorDependsOn(kind: string, name: string, operator: FlinkOperator | undefined, metadata: unknown, parent: pulumi.Resource): pulumi.Resource[] | undefined {
    if (operator === undefined) return undefined;
    const deps = operatorDependencies(kind, name, operator);
    const meta = plainSnapshot(metadata) as ObjectMeta | undefined;
    if (meta !== (UNKNOWN as unknown)) warnIfUnwatched(kind, name, meta?.namespace, operator, parent);
    return deps;
}

export const DEFAULT_AWAIT_TIMEOUT_SECONDS = 600;
export const AWAIT_ANNOTATIONS = {
    skipAwait: "pulumi.com/skipAwait",
    waitFor: "pulumi.com/waitFor",
    timeoutSeconds: "pulumi.com/timeoutSeconds",
} as const;

/** Thrown when a Flink resource's args break a rule: every error at once, each with its field path. */
export class FlinkValidationError extends Error {
    constructor(readonly kind: string, readonly resourceName: string, readonly findings: Finding[]) {
        const errors = findings.filter((f) => f.severity === "error");
        super(`${kind} "${resourceName}" is invalid (${errors.length} error${errors.length === 1 ? "" : "s"}); fix these and run again:\n${formatFindings(errors).replace(/^/gm, "  ")}`);
        this.name = "FlinkValidationError";
    }
}

/**
 * Every FlinkDeployment of this program, by namespace and name, so session jobs can be checked against the cluster
 * they name. Values not known yet are UNKNOWN; deferred validations replace them with resolved documents.
 */
export const programDocuments = new DocumentSet();

/** A synchronous copy of `value` with every Output and Promise replaced by UNKNOWN. */
export function plainSnapshot(value: unknown): unknown {
    if (pulumi.Output.isInstance(value) || (value !== null && typeof value === "object" && typeof (value as any).then === "function")) return UNKNOWN;
    if (Array.isArray(value)) return value.map(plainSnapshot);
    if (value !== null && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
        const out: { [k: string]: unknown } = {};
        for (const [k, v] of Object.entries(value)) out[k] = plainSnapshot(v);
        return out;
    }
    return value;
}

/** Runs the engine on one document; throws FlinkValidationError on errors, logs warnings on the component. */
export function enforce(doc: FlinkDocument, resourceName: string, parent: pulumi.Resource, context: DocumentSet = programDocuments, extra: Finding[] = []): void {
    const findings = [...extra, ...validate([{ doc }], {}, context).findings];
    const errors = findings.filter((f) => f.severity === "error");
    if (errors.length > 0) throw new FlinkValidationError(String(doc.kind), resourceName, findings);
    for (const warning of findings) pulumi.log.warn(`${warning.path}: ${warning.message} [${warning.rule}]`, parent);
}

export interface RenderedResource {
    /** The manifest as known now: Outputs are UNKNOWN. */
    document: FlinkDocument;
    customResource: k8s.apiextensions.CustomResource;
}

export interface RenderOptions {
    kind: FlinkKind;
    name: string;
    parent: pulumi.ComponentResource;
    metadata: pulumi.Input<ObjectMeta> | undefined;
    spec: pulumi.Input<any>;
    readiness: ReadinessArgs;
    /** The component's args, and which keys besides metadata and spec it takes: checked with the manifest. */
    args: { [key: string]: unknown };
    acceptedOptions: readonly string[];
    /** The pulumi.com/waitFor condition for a spec (resolved). */
    waitFor: (spec: any) => string;
    /** Called with the document once validated: at construction, and again when deferred values resolve. */
    beforeCreate?: (doc: FlinkDocument) => void;
    /** Documents cross-document rules look in. Default: every FlinkDeployment of the program. */
    context?: () => DocumentSet;
    /** Run validation again once every value is known, even when the spec looked plain (late cross-document checks). */
    forceDeferred?: boolean;
    dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** Metadata with the resource name defaulted and readiness annotations added (user annotations win). */
function renderMetadata(o: RenderOptions, plainMeta: unknown, plainSpec: unknown): pulumi.Input<any> {
    const build = (meta: ObjectMeta | undefined, spec: any): any => {
        const annotations: { [k: string]: pulumi.Input<string> } = {};
        if (o.readiness.skipAwait) {
            annotations[AWAIT_ANNOTATIONS.skipAwait] = "true";
        } else {
            annotations[AWAIT_ANNOTATIONS.waitFor] = o.waitFor(spec);
            annotations[AWAIT_ANNOTATIONS.timeoutSeconds] = String(o.readiness.awaitTimeoutSeconds ?? DEFAULT_AWAIT_TIMEOUT_SECONDS);
        }
        return { ...meta, name: meta?.name ?? o.name, annotations: { ...annotations, ...(meta?.annotations as object | undefined) } };
    };
    const metaKnown = plainMeta !== UNKNOWN && !containsUnknown((plainMeta as ObjectMeta | undefined)?.annotations);
    const waitKnown = o.readiness.skipAwait || !containsUnknown(plainSpec);
    if (metaKnown && waitKnown) return build(o.metadata as ObjectMeta | undefined, plainSpec);
    return pulumi.all([o.metadata, o.spec]).apply(([meta, spec]) => build(meta as ObjectMeta | undefined, spec));
}

/** Validates and registers the one child CustomResource of a Flink component. */
export function renderFlinkResource(o: RenderOptions): RenderedResource {
    const userMeta = plainSnapshot(o.metadata);
    const plainSpec = plainSnapshot(o.spec);
    const metadata = renderMetadata(o, userMeta, plainSpec);
    // Validation sees the user's metadata with the defaulted name (readiness annotations are ours, not checked).
    const document: FlinkDocument = {
        apiVersion: FLINK_API_VERSION,
        kind: o.kind,
        metadata: userMeta === UNKNOWN ? UNKNOWN : { ...(userMeta as object), name: (userMeta as ObjectMeta | undefined)?.name ?? o.name },
        spec: plainSpec,
    };
    const resourceName = typeof document.metadata?.name === "string" ? document.metadata.name : o.name;

    // Plain values: everything decidable now is decided now, before anything is registered.
    const optionFindings = checkComponentOptions(o.args, o.acceptedOptions).map(({ field, message }): Finding =>
        ({ rule: "component-args", severity: "error", path: field, message, kind: o.kind, name: resourceName }));
    enforce(document, resourceName, o.parent, o.context?.(), optionFindings);
    o.beforeCreate?.(document);

    let spec: pulumi.Input<any> = o.spec;
    if (containsUnknown(document) || o.forceDeferred) {
        // Values known later: validated when they resolve, failing the deployment before the resource is created.
        spec = pulumi.all([o.metadata, o.spec]).apply(([meta, resolvedSpec]) => {
            const resolved: FlinkDocument = { apiVersion: FLINK_API_VERSION, kind: o.kind, metadata: { ...meta, name: meta?.name ?? o.name }, spec: resolvedSpec };
            enforce(resolved, String(resolved.metadata.name), o.parent, o.context?.());
            o.beforeCreate?.(resolved);
            return resolvedSpec;
        });
    }

    const { CustomResource } = require("@pulumi/kubernetes/apiextensions") as typeof k8s.apiextensions;
    const customResource = new CustomResource(o.name, {
        apiVersion: FLINK_API_VERSION,
        kind: o.kind,
        metadata,
        spec,
        // Declared so the live object's status becomes an output.
        status: undefined,
    }, { parent: o.parent, dependsOn: o.dependsOn });
    return { document, customResource };
}

/**
 * What the components keep to themselves. Held outside the classes because every class property of a component
 * becomes an output in the schema Pulumi infers for other languages.
 */
export interface ComponentInternals {
    /** The manifest as last validated (Outputs UNKNOWN until resolved), for session jobs' cross-checks. */
    document: FlinkDocument;
    customResource: k8s.apiextensions.CustomResource;
}
export const internals = new WeakMap<pulumi.ComponentResource, ComponentInternals>();

/** Reads a status field from the custom resource's live object. */
export function statusField<T>(cr: k8s.apiextensions.CustomResource, read: (status: any) => T | undefined): pulumi.Output<T | undefined> {
    return ((cr as any).status as pulumi.Output<any>).apply((status) => (status ? read(status) : undefined));
}

/**
 * Defines outputs created on first read. Each Output costs memory for as long as the deployment runs, and most
 * programs read few of them; the properties are still declared on the class (`declare`), so schema inference
 * lists them.
 */
export function defineLazyOutputs(target: object, outputs: { [name: string]: () => pulumi.Output<unknown> }): void {
    for (const [name, make] of Object.entries(outputs)) {
        let value: pulumi.Output<unknown> | undefined;
        Object.defineProperty(target, name, { enumerable: true, configurable: false, get: () => (value ??= make()) });
    }
}

/** The outputs every Flink component shares, made on first read. */
export function defineStatusOutputs(target: object, cr: k8s.apiextensions.CustomResource, extra: { [name: string]: () => pulumi.Output<unknown> } = {}): void {
    defineLazyOutputs(target, {
        name: () => cr.metadata.apply((m) => m.name),
        namespace: () => cr.metadata.apply((m) => m.namespace ?? "default"),
        error: () => statusField(cr, (s) => s.error),
        ...extra,
    });
}
