import * as pulumi from "@pulumi/pulumi";
import { Checkpoint, HighAvailability, Savepoint } from "./helpers";
import { withConfigHelpers } from "./deployment";
import {
    FlinkResourceOptions,
    ValidationOptions,
    attachFlinkResource,
    defineStatusOutputs,
    operatorDependsOn,
    requireSpec,
    statusField,
    validateFlinkResource,
} from "./resource";
import { operatorJobServiceAccount } from "../operator";
import { resolveReference } from "../base/references";
import { ACTIVE_STATES } from "../core/flink/blue-green";
import { FlinkBlueGreenDeploymentSpec, FlinkDeploymentSpec, FlinkDeploymentTemplate, JobState, ObjectMeta } from "../core/flink/types";

export interface FlinkBlueGreenDeploymentArgs {
    /** Kubernetes metadata. `name` defaults to the Pulumi resource name; at most 39 characters, since the operator names the children `<name>-blue` and `<name>-green` (FlinkDeployment names: at most 45). */
    metadata?: pulumi.Input<ObjectMeta>;
    /** The FlinkBlueGreenDeployment spec, exactly as in the operator's CRD: `configuration` (the blue/green options), `ingress`, and `template` (metadata and a FlinkDeployment spec). A manifest's spec can be passed as-is. */
    spec: pulumi.Input<FlinkBlueGreenDeploymentSpec>;
    /** Opt-in: Kubernetes high availability in spec.template.spec.flinkConfiguration (high-availability.type and storageDir). A key set there wins. */
    highAvailability?: HighAvailability;
    /** Opt-in: checkpoint directory and interval in spec.template.spec.flinkConfiguration. A key set there wins. */
    checkpoints?: Checkpoint;
    /** Opt-in: savepoint directory and periodic savepoints in spec.template.spec.flinkConfiguration (a stateful blue/green switch takes a savepoint). A key set there wins. */
    savepoints?: Savepoint;
    /** Don't wait for the operator to report the deployment active with its job running. Default: false. */
    skipAwait?: boolean;
    /** How long `pulumi up` waits for readiness. Default: 600 seconds. */
    awaitTimeoutSeconds?: number;
    /**
     * The `urn` of a FlinkOperator of the same program: the same as the TypeScript `operator` resource option, for
     * other languages (e.g. Python `operator_urn=operator.urn`). The custom resource is created after the
     * operator's CRDs, Helm release and webhook and destroyed before them, spec.template.spec.serviceAccount defaults
     * to the operator's job service account, and the template is validated with the operator's default configuration.
     * Give this or the option, not both.
     */
    operatorUrn?: pulumi.Input<string>;
}

/** jsonpath (RFC 9535, as the Kubernetes provider reads pulumi.com/waitFor) selecting the job state of an active blue/green status. */
const ACTIVE_JOB_STATE = `{$[?${ACTIVE_STATES.map((s) => `@.blueGreenState=="${s}"`).join(" || ")}].jobStatus.state}`;

/**
 * Readiness: the state machine is at rest (ACTIVE_BLUE or ACTIVE_GREEN) with the job RUNNING; with
 * `job.state: suspended`, the job SUSPENDED (the operator reports that in place, or, for a first deployment, without
 * creating a child until the job is set running).
 */
export function blueGreenWaitFor(spec: any): string {
    if (spec?.template?.spec?.job?.state === JobState.Suspended) return "jsonpath={.status.jobStatus.state}=SUSPENDED";
    return `jsonpath=${ACTIVE_JOB_STATE}=RUNNING`;
}

/** The args a FlinkBlueGreenDeployment takes besides metadata and spec. */
const BLUE_GREEN_OPTIONS = ["highAvailability", "checkpoints", "savepoints", "skipAwait", "awaitTimeoutSeconds"] as const;

/**
 * A Flink application upgraded blue/green by the Flink Kubernetes Operator: one validated `flink.apache.org/v1beta1`
 * FlinkBlueGreenDeployment custom resource. The operator runs the job in a child FlinkDeployment (`<name>-blue`);
 * a change of the template starts a second child (`<name>-green`), from a savepoint of the first when the upgrade
 * mode keeps state, switches over once it runs, and deletes the old one. The template is checked at preview with
 * every FlinkDeployment rule, as the operator checks each child only when it creates it.
 */
export class FlinkBlueGreenDeployment extends pulumi.ComponentResource {
    /** metadata.name of the FlinkBlueGreenDeployment. */
    declare public readonly name: pulumi.Output<string>;
    /** Namespace of the FlinkBlueGreenDeployment (and of its children). */
    declare public readonly namespace: pulumi.Output<string>;
    /** The blue/green state reported by the operator: INITIALIZING_BLUE, ACTIVE_BLUE, ACTIVE_GREEN, SAVEPOINTING_BLUE/GREEN, TRANSITIONING_TO_BLUE/GREEN. */
    declare public readonly blueGreenState: pulumi.Output<string | undefined>;
    /** Job state of the active deployment, as the operator reports it (RUNNING, RECONCILING, SUSPENDED, FAILING, ...). */
    declare public readonly jobState: pulumi.Output<string | undefined>;
    /** Name of the child FlinkDeployment that runs the job in the current state (`<name>-blue` or `<name>-green`); unset before the first child exists. */
    declare public readonly activeDeploymentName: pulumi.Output<string | undefined>;
    /** Error reported by the operator, if any. */
    declare public readonly error: pulumi.Output<string | undefined>;
    /** The operator's full status object. */
    public readonly status: pulumi.Output<any>;

    /** `opts.operator` (or `args.operatorUrn`): the FlinkOperator to wait for; it also gives spec.template.spec.serviceAccount when unset (its job service account). */
    constructor(name: string, args: FlinkBlueGreenDeploymentArgs, opts?: FlinkResourceOptions) {
        const { operator: operatorOption, ...componentOpts } = opts ?? {};
        requireSpec("FlinkBlueGreenDeployment", name, args);
        const { operatorUrn, ...data } = args;
        const operator = resolveReference(`FlinkBlueGreenDeployment "${name}"`, "operatorUrn", operatorUrn, operatorOption);
        // Filled before validation, which requires spec.template.spec.serviceAccount.
        const account = operator ? operatorJobServiceAccount(operator) : undefined;
        const spec = withTemplateSpec(args.spec, (s) => withConfigHelpers(account === undefined ? s : fillServiceAccount(s, account), data));
        const options: ValidationOptions = {
            kind: "FlinkBlueGreenDeployment",
            name,
            metadata: args.metadata,
            spec,
            readiness: { skipAwait: args.skipAwait, awaitTimeoutSeconds: args.awaitTimeoutSeconds },
            args: data as unknown as { [key: string]: unknown },
            acceptedOptions: BLUE_GREEN_OPTIONS,
            waitFor: blueGreenWaitFor,
            operator,
        };
        // Refused args throw here, before anything (this component included) is registered.
        const validated = validateFlinkResource(options);
        super("flink:index:FlinkBlueGreenDeployment", name, {}, componentOpts);
        this.status = attachFlinkResource(this, options, validated, {
            dependsOn: operatorDependsOn("FlinkBlueGreenDeployment", name, operator, args.metadata, this),
        }).status;
        this.registerOutputs({ status: this.status });
    }
}

// Outputs other than `status` are made on first read: see defineLazyOutputs.
defineStatusOutputs(FlinkBlueGreenDeployment.prototype, {
    blueGreenState: ({ customResource }) => statusField(customResource, (s) => s.blueGreenState),
    jobState: ({ customResource }) => statusField(customResource, (s) => s.jobStatus?.state),
    activeDeploymentName: ({ customResource }) =>
        pulumi.all([customResource.metadata, (customResource as any).status as pulumi.Output<any>]).apply(([m, s]) => activeChild(m?.name, s?.blueGreenState)),
});

/** The child that runs the job in a blue/green state: blue while initializing, active or savepointing blue, or moving to green. */
export function activeChild(name: string | undefined, state: string | undefined): string | undefined {
    if (name === undefined || state === undefined) return undefined;
    if (state === "INITIALIZING_BLUE") return undefined;
    const blue = state === "ACTIVE_BLUE" || state === "SAVEPOINTING_BLUE" || state === "TRANSITIONING_TO_GREEN";
    const green = state === "ACTIVE_GREEN" || state === "SAVEPOINTING_GREEN" || state === "TRANSITIONING_TO_BLUE";
    return blue ? `${name}-blue` : green ? `${name}-green` : undefined;
}

/** Applies `f` to spec.template.spec, through Outputs at any level; the user's objects are not changed. */
function withTemplateSpec(
    spec: pulumi.Input<FlinkBlueGreenDeploymentSpec>,
    f: (templateSpec: pulumi.Input<FlinkDeploymentSpec>) => pulumi.Input<FlinkDeploymentSpec>,
): pulumi.Input<FlinkBlueGreenDeploymentSpec> {
    const onTemplate = (t: FlinkDeploymentTemplate | undefined): pulumi.Input<FlinkDeploymentTemplate> | undefined => {
        if (t === undefined || t === null || typeof t !== "object" || t.spec === undefined || t.spec === null) return t;
        const next = f(t.spec);
        return next === t.spec ? t : { ...t, spec: next };
    };
    const onSpec = (s: FlinkBlueGreenDeploymentSpec): FlinkBlueGreenDeploymentSpec => {
        if (s === undefined || s === null || typeof s !== "object") return s;
        const template = s.template;
        const next = pulumi.Output.isInstance(template)
            ? (template as pulumi.Output<FlinkDeploymentTemplate>).apply((t) => onTemplate(t) as any)
            : onTemplate(template as FlinkDeploymentTemplate | undefined);
        return next === template ? s : { ...s, template: next as pulumi.Input<FlinkDeploymentTemplate> };
    };
    return pulumi.Output.isInstance(spec) ? (spec as pulumi.Output<FlinkBlueGreenDeploymentSpec>).apply(onSpec) : onSpec(spec as FlinkBlueGreenDeploymentSpec);
}

/** The template spec with serviceAccount defaulted to `account` when unset. */
function fillServiceAccount(spec: pulumi.Input<FlinkDeploymentSpec>, account: string): pulumi.Input<FlinkDeploymentSpec> {
    const fill = (s: any): any => (s && typeof s === "object" && s.serviceAccount === undefined ? { ...s, serviceAccount: account } : s);
    return pulumi.Output.isInstance(spec) ? (spec as pulumi.Output<FlinkDeploymentSpec>).apply(fill) : fill(spec);
}
