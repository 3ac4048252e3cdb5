import * as pulumi from "@pulumi/pulumi";
import { DocumentSet } from "../rules";
import { FlinkDeployment } from "./deployment";
import {
    FlinkResourceOptions,
    READINESS_OPTIONS,
    ValidationOptions,
    attachFlinkResource,
    defineStatusOutputs,
    statusField,
    internals,
    operatorDependsOn,
    flinkProgramState,
    plainSnapshot,
    requireSpec,
    validateFlinkResource,
} from "./resource";
import { refuse } from "../core/issues";
import { FlinkSessionJobSpec, JobState, ObjectMeta } from "../core/flink/types";
import { UNKNOWN, containsUnknown } from "../core/unknown";
import { resolveReference } from "../base/references";

export interface FlinkSessionJobArgs {
    /** Kubernetes metadata. `name` defaults to the Pulumi resource name; `namespace` to the session cluster's when the `deployment` option is given. */
    metadata?: pulumi.Input<ObjectMeta>;
    /** The FlinkSessionJob spec, exactly as in the operator's CRD. `deploymentName` may be left out when the `deployment` option is given. */
    spec: pulumi.Input<FlinkSessionJobSpec>;
    /** Don't wait for the operator to report the job RUNNING. Default: false. */
    skipAwait?: boolean;
    /** How long `pulumi up` waits for readiness. Default: 600 seconds. */
    awaitTimeoutSeconds?: number;
    /**
     * The `urn` of a FlinkOperator of the same program: the same as the TypeScript `operator` resource option, for
     * other languages (e.g. Python `operator_urn=operator.urn`). The custom resource is created after the
     * operator's CRDs, Helm release and webhook and destroyed before them, and the spec is validated with the
     * operator's default configuration. Give this or the option, not both.
     */
    operatorUrn?: pulumi.Input<string>;
    /**
     * The `urn` of the session cluster FlinkDeployment of the same program: the same as the TypeScript `deployment`
     * resource option, for other languages (e.g. Python `deployment_urn=sessions.urn`). Sets spec.deploymentName
     * and the namespace, checks at preview that the target is a session cluster (no job), and creates the session
     * job after it. Give this or the option, not both.
     */
    deploymentUrn?: pulumi.Input<string>;
}

/**
 * Resource options of a session job. Object references live here rather than in args (like `dependsOn`): args
 * hold data only, so that Pulumi can infer the component's schema for other languages, where the `deploymentUrn`
 * and `operatorUrn` args do the same.
 */
export interface FlinkSessionJobOptions extends FlinkResourceOptions {
    /**
     * The session cluster to run in. Sets spec.deploymentName and the namespace, checks at preview that it is a
     * session cluster (no job), and creates the session job after it.
     */
    deployment?: FlinkDeployment;
}

/** Readiness: the job is RUNNING (or the session job SUSPENDED when asked). */
export function sessionJobWaitFor(spec: any): string {
    if (spec?.job?.state === JobState.Suspended) return "jsonpath={.status.lifecycleState}=SUSPENDED";
    return "jsonpath={.status.jobStatus.state}=RUNNING";
}

/** A Flink job submitted to a session cluster: one validated FlinkSessionJob custom resource. */
export class FlinkSessionJob extends pulumi.ComponentResource {
    /** metadata.name of the FlinkSessionJob. */
    declare public readonly name: pulumi.Output<string>;
    /** Namespace of the FlinkSessionJob. */
    declare public readonly namespace: pulumi.Output<string>;
    /** Name of the session cluster FlinkDeployment the job runs in. */
    declare public readonly deploymentName: pulumi.Output<string>;
    /** Lifecycle state reported by the operator. */
    declare public readonly lifecycleState: pulumi.Output<string | undefined>;
    /** Last observed job state (RUNNING, FAILED, ...). */
    declare public readonly jobState: pulumi.Output<string | undefined>;
    /** Error reported by the operator, if any. */
    declare public readonly error: pulumi.Output<string | undefined>;
    /** The operator's full status object. */
    public readonly status: pulumi.Output<any>;

    constructor(name: string, args: FlinkSessionJobArgs, opts?: FlinkSessionJobOptions) {
        const { deployment: deploymentOption, operator: operatorOption, ...componentOpts } = opts ?? {};
        requireSpec("FlinkSessionJob", name, args);
        const { operatorUrn, deploymentUrn, ...data } = args;
        const operator = resolveReference(`FlinkSessionJob "${name}"`, "operatorUrn", operatorUrn, operatorOption);
        const target = resolveReference(`FlinkSessionJob "${name}"`, "deploymentUrn", deploymentUrn, deploymentOption);
        let spec: pulumi.Input<FlinkSessionJobSpec> = args.spec;
        // A target whose manifest is not known yet is checked once it is: its validated spec resolves after its own
        // validation has recorded the document the cross-checks read.
        let targetPending: pulumi.Input<unknown> | undefined;
        let metadata: pulumi.Input<ObjectMeta> | undefined = args.metadata;
        if (target) {
            const targetInternals = internals.get(target);
            if (!targetInternals)
                refuse(
                    "FlinkSessionJob",
                    name,
                    "deployment",
                    "component-reference",
                    "the deployment option must be a FlinkDeployment component of this package.",
                );
            const targetDoc = targetInternals.document;
            if (containsUnknown(targetDoc)) targetPending = targetInternals.spec;
            const plainName = targetDoc.metadata === UNKNOWN ? UNKNOWN : targetDoc.metadata?.name;
            const targetName: pulumi.Input<string> = plainName === UNKNOWN ? target.name : plainName;
            checkExplicitName(name, plainSnapshot(args.spec), plainName, deploymentUrn === undefined ? "the deployment option" : "deploymentUrn");
            const plainSpec = plainSnapshot(args.spec);
            spec =
                plainSpec === UNKNOWN
                    ? pulumi.output(args.spec).apply((s) => ({ ...s, deploymentName: s.deploymentName ?? targetName }) as FlinkSessionJobSpec)
                    : { ...(args.spec as FlinkSessionJobSpec), deploymentName: (args.spec as FlinkSessionJobSpec).deploymentName ?? targetName };
            metadata = defaultNamespace(args.metadata, targetDoc.metadata === UNKNOWN ? UNKNOWN : targetDoc.metadata?.namespace, target);
        }
        const options: ValidationOptions = {
            kind: "FlinkSessionJob",
            name,
            metadata,
            spec,
            readiness: { skipAwait: args.skipAwait, awaitTimeoutSeconds: args.awaitTimeoutSeconds },
            args: data as unknown as { [key: string]: unknown },
            acceptedOptions: READINESS_OPTIONS,
            waitFor: sessionJobWaitFor,
            // Without a target object, the session cluster may be declared later in the program: check again on
            // resolution, which comes after the program's synchronous part has declared its resources.
            forceDeferred: !target || targetPending !== undefined,
            // Clusters of the program whose name or namespace is not known yet: wait for them, one may be the target.
            resolveAfter: target ? (targetPending === undefined ? undefined : [targetPending]) : [...flinkProgramState().pendingDeploymentSpecs],
            context: target ? () => new DocumentSet([internals.get(target)!.document]) : undefined,
            operator,
        };
        // Refused args throw here, before anything (this component included) is registered.
        const validated = validateFlinkResource(options);
        super("flink:index:FlinkSessionJob", name, {}, componentOpts);
        const operatorDeps = operatorDependsOn("FlinkSessionJob", name, operator, metadata, this);
        this.status = attachFlinkResource(this, options, validated, {
            dependsOn: target || operatorDeps ? [...(target ? [target] : []), ...(operatorDeps ?? [])] : undefined,
        }).status;
        this.registerOutputs({ status: this.status });
    }
}

// Outputs other than `status` are made on first read: see defineLazyOutputs.
defineStatusOutputs(FlinkSessionJob.prototype, {
    lifecycleState: ({ customResource }) => statusField(customResource, (s) => s.lifecycleState),
    jobState: ({ customResource }) => statusField(customResource, (s) => s.jobStatus?.state),
    deploymentName: ({ spec }) => pulumi.output(spec as pulumi.Input<FlinkSessionJobSpec>).apply((s) => s.deploymentName as string),
});

function checkExplicitName(name: string, spec: any, targetName: unknown, given: string): void {
    const explicit = spec?.deploymentName;
    if (typeof explicit === "string" && typeof targetName === "string" && explicit !== targetName) {
        refuse(
            "FlinkSessionJob",
            name,
            "spec.deploymentName",
            "component-reference",
            `spec.deploymentName is "${explicit}" but ${given} is FlinkDeployment "${targetName}". Remove spec.deploymentName or make them match.`,
        );
    }
}

/** The session cluster's namespace unless the user set one; the operator only pairs jobs and clusters within a namespace. */
function defaultNamespace(meta: pulumi.Input<ObjectMeta> | undefined, targetNamespace: unknown, target: FlinkDeployment): pulumi.Input<ObjectMeta> | undefined {
    const plain = plainSnapshot(meta) as any;
    if (plain === UNKNOWN || plain?.namespace !== undefined) return meta;
    if (targetNamespace === undefined) return meta;
    const namespace: pulumi.Input<string> =
        targetNamespace === UNKNOWN ? internals.get(target)!.customResource.metadata.apply((m) => m.namespace) : (targetNamespace as string);
    return { ...(meta as ObjectMeta | undefined), namespace };
}
