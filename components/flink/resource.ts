/**
 * What FlinkDeployment, FlinkSessionJob and FlinkStateSnapshot share: turning args into a manifest, validating it
 * (synchronously for plain values, on resolution for Outputs), readiness annotations, and the one child
 * CustomResource.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { DocumentSet, EngineOptions, FLINK_API_VERSION, FlinkDocument, FlinkKind, Finding, validate } from "../rules";
import { FlinkValidationError, refuse } from "../core/issues";

export { FlinkValidationError };
import { UNKNOWN, containsUnknown } from "../core/unknown";
import { ObjectMeta } from "../core/flink/types";
import { checkComponentOptions } from "./args";
import type { FlinkOperator } from "../operator";
import { operatorDependencies, operatorEngineOptions, warnIfUnwatched } from "../operator";
import { programScoped } from "../base/program-scope";
import { knownNow, plainSnapshot } from "../base/snapshot";

export { plainSnapshot };
import { redact, redactFindings, secretLeaves, withRedaction } from "../base/secrets";

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

/** The args of every Flink component besides metadata and spec (FlinkDeployment adds its helpers). */
export const READINESS_OPTIONS: readonly string[] = ["skipAwait", "awaitTimeoutSeconds"];

/**
 * Resource options of FlinkDeployment, FlinkSessionJob and FlinkStateSnapshot. Object references live here rather
 * than in args (like `dependsOn`): args hold data only, so that Pulumi can infer the components' schema.
 */
export interface FlinkResourceOptions extends pulumi.ComponentResourceOptions {
    /**
     * The FlinkOperator of this program. The custom resource is then created after the operator's CRDs, its Helm
     * release and (webhook on) the webhook's CA bundle, and destroyed before them, so the operator can remove its
     * finalizers. Leave unset when the operator was installed by other means. Other languages pass the operator's
     * `urn` as the `operatorUrn` arg instead.
     */
    operator?: FlinkOperator;
}

/** What a Flink custom resource depends on given the `operator` option (undefined without it); warns for unwatched namespaces. */
export function operatorDependsOn(
    kind: string,
    name: string,
    operator: FlinkOperator | undefined,
    metadata: unknown,
    parent: pulumi.Resource,
): pulumi.Resource[] | undefined {
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

/** What the Flink components of one program run share (see base/program-scope.ts). */
export interface FlinkProgramState {
    /**
     * Every FlinkDeployment of the program, by namespace and name, so session jobs can be checked against the cluster
     * they name. Values not known yet are UNKNOWN; deferred validations replace them with resolved documents.
     */
    readonly documents: DocumentSet;
    /**
     * Validated specs of the program's FlinkDeployments whose name or namespace is not known yet: a session job naming
     * its cluster by name waits for them before its cross-checks, so a cluster found later is judged, not skipped.
     */
    readonly pendingDeploymentSpecs: Set<pulumi.Input<unknown>>;
}

/** The state of the program running now. */
export const flinkProgramState = programScoped<FlinkProgramState>("flink-components", () => ({
    documents: new DocumentSet(),
    pendingDeploymentSpecs: new Set(),
}));

/** Runs the engine on one document; throws FlinkValidationError on errors, returns the warnings. */
function check(
    doc: FlinkDocument,
    resourceName: string,
    context: DocumentSet,
    extra: Finding[] = [],
    options: EngineOptions = {},
    secrets: readonly string[] = [],
): Finding[] {
    const findings = redactFindings([...extra, ...validate([{ doc }], options, context).findings], secrets, doc);
    if (findings.some((f) => f.severity === "error")) throw new FlinkValidationError(String(doc.kind), resourceName, findings);
    return findings;
}

/** Logs warnings, with values that came from secret Outputs redacted. */
export function logWarnings(warnings: readonly Finding[], parent: pulumi.Resource, secrets: readonly string[] = []): void {
    for (const warning of warnings) pulumi.log.warn(redact(`${warning.path}: ${warning.message} [${warning.rule}]`, secrets), parent);
}

export interface RenderedResource {
    /** The manifest as known now: Outputs are UNKNOWN. */
    document: FlinkDocument;
    customResource: k8s.apiextensions.CustomResource;
    /** The spec as given to the custom resource: with values known later, an Output that resolves once validated. */
    spec: pulumi.Input<any>;
}

/** What validation needs: everything but the component itself, which is registered only once its args pass. */
export interface ValidationOptions {
    kind: FlinkKind;
    name: string;
    metadata: pulumi.Input<ObjectMeta> | undefined;
    spec: pulumi.Input<any>;
    readiness: ReadinessArgs;
    /** The component's args, and which keys besides metadata and spec it takes: checked with the manifest. */
    args: { [key: string]: unknown };
    acceptedOptions: readonly string[];
    /** The pulumi.com/waitFor condition for a spec (resolved). */
    waitFor: (spec: any) => string;
    /** Documents cross-document rules look in. Default: every FlinkDeployment of the program. */
    context?: () => DocumentSet;
    /** Run validation again once every value is known, even when the spec looked plain (late cross-document checks). */
    forceDeferred?: boolean;
    /** Values the deferred validation also waits for: a session cluster's spec still unknown, for the cross-checks. */
    resolveAfter?: pulumi.Input<unknown>[];
    /** The FlinkOperator option: its default Flink configuration is what the operator lays under this spec. */
    operator?: FlinkOperator;
}

export interface RenderOptions extends ValidationOptions {
    parent: pulumi.ComponentResource;
    /** Called with the document once validated: at construction, and again when deferred values resolve. */
    beforeCreate?: (doc: FlinkDocument) => void;
    dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** The outcome of validateFlinkResource: the manifest as known now, and what registration needs of it. */
export interface ValidatedResource {
    /** The manifest as known now: Outputs are UNKNOWN. */
    document: FlinkDocument;
    plainSpec: unknown;
    specKnown: boolean;
    metaKnown: boolean;
    /** Some value is known only later: validated again when it resolves. */
    deferred: boolean;
    warnings: Finding[];
    engineOptions: EngineOptions;
    /** The program run the component belongs to, kept for validations that run later. */
    programState: FlinkProgramState;
}

/** The readiness annotations for a resolved spec. */
function readinessAnnotations(o: ValidationOptions, spec: unknown): { [k: string]: string } {
    if (o.readiness.skipAwait) return { [AWAIT_ANNOTATIONS.skipAwait]: "true" };
    return {
        [AWAIT_ANNOTATIONS.waitFor]: o.waitFor(spec),
        [AWAIT_ANNOTATIONS.timeoutSeconds]: String(o.readiness.awaitTimeoutSeconds ?? DEFAULT_AWAIT_TIMEOUT_SECONDS),
    };
}

/** Metadata with the resource name defaulted and readiness annotations added (user annotations win). */
function buildMetadata(o: ValidationOptions, meta: ObjectMeta | undefined, spec: unknown): any {
    const annotations = readinessAnnotations(o, spec);
    if (meta?.annotations) Object.assign(annotations, meta.annotations);
    return { ...meta, name: meta?.name ?? o.name, annotations };
}

/**
 * Validates a Flink component's plain values before the component registers (call it before `super`): throws
 * FlinkValidationError with every error, so a refused resource leaves nothing behind, the component included.
 */
export function validateFlinkResource(o: ValidationOptions): ValidatedResource {
    // A wrong operator option is refused here too.
    if (o.operator !== undefined) operatorDependencies(o.kind, o.name, o.operator);
    // One walk each: the snapshot notes whether any value is not known yet.
    const metaSeen = { unknown: false };
    const specSeen = { unknown: false };
    const userMeta = knownNow(o.metadata, metaSeen);
    const plainSpec = knownNow(o.spec, specSeen);
    // Validation sees the user's metadata with the defaulted name (readiness annotations are ours, not checked).
    const document: FlinkDocument = {
        apiVersion: FLINK_API_VERSION,
        kind: o.kind,
        metadata: userMeta === UNKNOWN ? UNKNOWN : { ...(userMeta as object), name: (userMeta as ObjectMeta | undefined)?.name ?? o.name },
        spec: plainSpec,
    };
    const resourceName = typeof document.metadata?.name === "string" ? document.metadata.name : o.name;
    const optionFindings = checkComponentOptions(o.args, o.acceptedOptions).map(({ field, message }): Finding => ({
        rule: "component-args",
        severity: "error",
        path: field,
        message,
        kind: o.kind,
        name: resourceName,
    }));
    const engineOptions = operatorEngineOptions(o.operator);
    const programState = flinkProgramState();
    const warnings = check(document, resourceName, o.context?.() ?? programState.documents, optionFindings, engineOptions);
    return {
        document,
        plainSpec,
        specKnown: !specSeen.unknown,
        // The metadata is plain when its annotations are.
        metaKnown: !metaSeen.unknown || (userMeta !== UNKNOWN && !containsUnknown((userMeta as ObjectMeta | undefined)?.annotations)),
        deferred: metaSeen.unknown || specSeen.unknown || o.forceDeferred === true,
        warnings,
        engineOptions,
        programState,
    };
}

/** Registers the one child CustomResource of a Flink component validated by validateFlinkResource. */
export function renderFlinkResource(o: RenderOptions, v: ValidatedResource): RenderedResource {
    logWarnings(v.warnings, o.parent);
    o.beforeCreate?.(v.document);
    // The waitFor annotation needs a plain spec.
    const metadata: pulumi.Input<any> =
        v.metaKnown && (o.readiness.skipAwait || v.specKnown)
            ? buildMetadata(o, o.metadata as ObjectMeta | undefined, v.plainSpec)
            : pulumi.all([o.metadata, o.spec]).apply(([meta, spec]) => buildMetadata(o, meta as ObjectMeta | undefined, spec));

    let spec: pulumi.Input<any> = o.spec;
    if (v.deferred) {
        // Values known later: validated when they resolve, failing the deployment before the resource is created.
        // Values from secret Outputs are redacted from whatever this validation logs or throws.
        const secrets = secretLeaves([o.metadata, o.spec]);
        spec = pulumi.all([o.metadata, o.spec, secrets, ...(o.resolveAfter ?? [])]).apply(([meta, resolvedSpec, secretValues]) =>
            withRedaction(secretValues as string[], () => {
                const resolved: FlinkDocument = {
                    apiVersion: FLINK_API_VERSION,
                    kind: o.kind,
                    metadata: { ...meta, name: meta?.name ?? o.name },
                    spec: resolvedSpec,
                };
                logWarnings(
                    check(resolved, String(resolved.metadata.name), o.context?.() ?? v.programState.documents, [], v.engineOptions, secretValues as string[]),
                    o.parent,
                    secretValues as string[],
                );
                o.beforeCreate?.(resolved);
                return resolvedSpec;
            }),
        );
    }

    const { CustomResource } = require("@pulumi/kubernetes/apiextensions") as typeof k8s.apiextensions;
    const customResource = new CustomResource(
        o.name,
        {
            apiVersion: FLINK_API_VERSION,
            kind: o.kind,
            metadata,
            spec,
            // Declared so the live object's status becomes an output.
            status: undefined,
        },
        { parent: o.parent, dependsOn: o.dependsOn },
    );
    return { document: v.document, customResource, spec };
}

/** Refuses args without a spec: every Flink component needs one. */
export function requireSpec(kind: string, name: string, args: { spec?: unknown } | undefined): void {
    if (!args || args.spec === undefined) refuse(kind, name, "spec", "component-args", `args.spec is required (the ${kind} spec as in the operator's CRD).`);
}

/**
 * The steps every Flink component takes after `super(...)`: registers the custom resource of args that passed
 * validateFlinkResource, parented to the component, and records the component's internals. Returns the custom
 * resource's status (the component's `status` output). A function, not a base class: Pulumi's schema inference
 * only recognises classes that extend ComponentResource directly.
 */
export function attachFlinkResource(
    component: pulumi.ComponentResource,
    options: ValidationOptions,
    validated: ValidatedResource,
    extra: Pick<RenderOptions, "dependsOn" | "beforeCreate"> = {},
): { status: pulumi.Output<any>; rendered: RenderedResource } {
    const rendered = renderFlinkResource({ ...options, ...extra, parent: component }, validated);
    internals.set(component, { document: rendered.document, initialDocument: rendered.document, customResource: rendered.customResource, spec: rendered.spec });
    return { status: (rendered.customResource as any).status, rendered };
}

/**
 * What the components keep to themselves. Held outside the classes because every class property of a component
 * becomes an output in the schema Pulumi infers for other languages.
 */
export interface ComponentInternals {
    /** The manifest as last validated (Outputs UNKNOWN until resolved), for session jobs' cross-checks. */
    document: FlinkDocument;
    customResource: k8s.apiextensions.CustomResource;
    /** The manifest as first validated, at construction. */
    initialDocument: FlinkDocument;
    /** The spec as passed to the custom resource: with values known later, it resolves after their validation. */
    spec: pulumi.Input<any>;
    /** Outputs made so far by defineLazyOutputs' getters. */
    outputs?: { [name: string]: pulumi.Output<unknown> };
}
export const internals = new WeakMap<pulumi.ComponentResource, ComponentInternals>();

/** Reads a status field from the custom resource's live object. */
export function statusField<T>(cr: k8s.apiextensions.CustomResource, read: (status: any) => T | undefined): pulumi.Output<T | undefined> {
    return ((cr as any).status as pulumi.Output<any>).apply((status) => (status ? read(status) : undefined));
}

export type LazyOutputs = { [name: string]: (state: ComponentInternals) => pulumi.Output<unknown> };

/**
 * Defines outputs created on first read, as getters on a component class's prototype. Each Output costs memory for
 * as long as the deployment runs, and most programs read few of them; the properties are still declared on the class
 * (`declare`), so schema inference lists them. Getters on the prototype, not on each instance: per-instance
 * accessors give every component its own hidden class and closures (~2 kB each).
 */
export function defineLazyOutputs(prototype: object, outputs: LazyOutputs): void {
    for (const [name, make] of Object.entries(outputs)) {
        Object.defineProperty(prototype, name, {
            enumerable: true,
            configurable: false,
            get(this: pulumi.ComponentResource) {
                const state = internals.get(this);
                if (state === undefined) return undefined; // not constructed yet
                const made = (state.outputs ??= {});
                return (made[name] ??= make(state));
            },
        });
    }
}

/** The outputs every Flink component shares, made on first read. */
export function defineStatusOutputs(prototype: object, extra: LazyOutputs = {}): void {
    defineLazyOutputs(prototype, {
        name: ({ customResource }) => customResource.metadata.apply((m) => m.name),
        namespace: ({ customResource }) => customResource.metadata.apply((m) => m.namespace ?? "default"),
        error: ({ customResource }) => statusField(customResource, (s) => s.error),
        ...extra,
    });
}
