import * as pulumi from "@pulumi/pulumi";
import { ConfigHelperArgs, Checkpoint, HighAvailability, Savepoint, applyConfigHelpers, helperEntries } from "./helpers";
import {
    FlinkResourceOptions,
    ValidationOptions,
    attachFlinkResource,
    defineStatusOutputs,
    internals,
    operatorDependsOn,
    requireSpec,
    statusField,
    validateFlinkResource,
} from "./resource";
import { operatorJobServiceAccount } from "../operator";
import { flattenFlinkConfiguration } from "../core/flink/config";
import { UNKNOWN, isUnknown } from "../core/unknown";
import { registerReferenceTarget, resolveReference } from "../base/references";
import { FlinkDeploymentSpec, JobState, ObjectMeta } from "../core/flink/types";

export interface FlinkDeploymentArgs {
    /** Kubernetes metadata. `name` defaults to the Pulumi resource name (no random suffix: Flink resources are referenced by name). */
    metadata?: pulumi.Input<ObjectMeta>;
    /** The FlinkDeployment spec, exactly as in the operator's CRD. A manifest's spec can be passed as-is. */
    spec: pulumi.Input<FlinkDeploymentSpec>;
    /** Opt-in: Kubernetes high availability (high-availability.type and storageDir). A key set in flinkConfiguration wins. */
    highAvailability?: HighAvailability;
    /** Opt-in: checkpoint directory and interval. A key set in flinkConfiguration wins. */
    checkpoints?: Checkpoint;
    /** Opt-in: savepoint directory and periodic savepoints. A key set in flinkConfiguration wins. */
    savepoints?: Savepoint;
    /** Don't wait for the operator to report the deployment healthy. Default: false. */
    skipAwait?: boolean;
    /** How long `pulumi up` waits for readiness. Default: 600 seconds. */
    awaitTimeoutSeconds?: number;
    /**
     * The `urn` of a FlinkOperator of the same program: the same as the TypeScript `operator` resource option, for
     * other languages (e.g. Python `operator_urn=operator.urn`). The custom resource is created after the
     * operator's CRDs, Helm release and webhook and destroyed before them, spec.serviceAccount defaults to the operator's job service account, and the spec is validated with the
     * operator's default configuration. Give this or the option, not both.
     */
    operatorUrn?: pulumi.Input<string>;
}

const DEFAULT_REST_PORT = 8081;

/** The JobManager REST port: rest.port from flinkConfiguration (flat or nested), else Flink's default. */
function restPortOf(spec: any): string | typeof UNKNOWN {
    const port = flattenFlinkConfiguration(spec === UNKNOWN ? UNKNOWN : spec?.flinkConfiguration).raw("rest.port");
    return port ?? String(DEFAULT_REST_PORT);
}

/** Readiness: a session cluster is STABLE; an application's job is RUNNING (or the deployment SUSPENDED when asked). */
export function deploymentWaitFor(spec: any): string {
    if (!spec?.job) return "jsonpath={.status.lifecycleState}=STABLE";
    if (spec.job.state === JobState.Suspended) return "jsonpath={.status.lifecycleState}=SUSPENDED";
    return "jsonpath={.status.jobStatus.state}=RUNNING";
}

/** The args FlinkDeployment takes besides metadata and spec. */
const DEPLOYMENT_OPTIONS = ["highAvailability", "checkpoints", "savepoints", "skipAwait", "awaitTimeoutSeconds"] as const;

/**
 * An Apache Flink application or session cluster run by the Flink Kubernetes Operator: one validated
 * `flink.apache.org/v1beta1` FlinkDeployment custom resource.
 */
export class FlinkDeployment extends pulumi.ComponentResource {
    /** metadata.name of the FlinkDeployment. */
    declare public readonly name: pulumi.Output<string>;
    /** Namespace of the FlinkDeployment. */
    declare public readonly namespace: pulumi.Output<string>;
    /** Lifecycle state reported by the operator (CREATED, DEPLOYED, STABLE, SUSPENDED, FAILED, ...). */
    declare public readonly lifecycleState: pulumi.Output<string | undefined>;
    /** Last observed job state (RUNNING, FAILED, ...); unset for session clusters. */
    declare public readonly jobState: pulumi.Output<string | undefined>;
    /** Last observed JobManager deployment status (READY, DEPLOYING, ERROR, ...). */
    declare public readonly jobManagerDeploymentStatus: pulumi.Output<string | undefined>;
    /** Error reported by the operator, if any. */
    declare public readonly error: pulumi.Output<string | undefined>;
    /** In-cluster address of the JobManager REST API: <name>-rest.<namespace>:<rest.port>. */
    declare public readonly restAddress: pulumi.Output<string>;
    /** The operator's full status object. */
    public readonly status: pulumi.Output<any>;

    /** `opts.operator` (or `args.operatorUrn`): the FlinkOperator to wait for; it also gives spec.serviceAccount when unset (its job service account). */
    constructor(name: string, args: FlinkDeploymentArgs, opts?: FlinkResourceOptions) {
        const { operator: operatorOption, ...componentOpts } = opts ?? {};
        requireSpec("FlinkDeployment", name, args);
        const { operatorUrn, ...data } = args;
        const operator = resolveReference(`FlinkDeployment "${name}"`, "operatorUrn", operatorUrn, operatorOption);
        // Filled before validation, which requires spec.serviceAccount.
        const spec = withConfigHelpers(operator ? withServiceAccount(args.spec, operatorJobServiceAccount(operator)) : args.spec, data);
        const options: ValidationOptions = {
            kind: "FlinkDeployment",
            name,
            metadata: args.metadata,
            spec,
            readiness: { skipAwait: args.skipAwait, awaitTimeoutSeconds: args.awaitTimeoutSeconds },
            args: data as unknown as { [key: string]: unknown },
            acceptedOptions: DEPLOYMENT_OPTIONS,
            waitFor: deploymentWaitFor,
            operator,
        };
        // Refused args throw here, before anything (this component included) is registered.
        const validated = validateFlinkResource(options);
        super("flink:index:FlinkDeployment", name, {}, componentOpts);
        const { documents, pendingDeploymentSpecs } = validated.programState;
        registerReferenceTarget("FlinkDeployment", this);
        const { status, rendered } = attachFlinkResource(this, options, validated, {
            dependsOn: operatorDependsOn("FlinkDeployment", name, operator, args.metadata, this),
            beforeCreate: (doc) => {
                const known = internals.get(this);
                // The resolved manifest replaces the one with unknowns (a namespace not known yet is filed apart).
                if (known) documents.remove(known.document);
                documents.add(doc);
                if (known) {
                    known.document = doc;
                    pendingDeploymentSpecs.delete(known.spec);
                }
            },
        });
        const { document, spec: validatedSpec } = rendered;
        if (document.metadata === UNKNOWN || isUnknown(document.metadata?.name) || isUnknown(document.metadata?.namespace))
            pendingDeploymentSpecs.add(validatedSpec);
        this.status = status;
        this.registerOutputs({ status: this.status });
    }
}

// Outputs other than `status` are made on first read: see defineLazyOutputs.
defineStatusOutputs(FlinkDeployment.prototype, {
    lifecycleState: ({ customResource }) => statusField(customResource, (s) => s.lifecycleState),
    jobState: ({ customResource }) => statusField(customResource, (s) => s.jobStatus?.state),
    jobManagerDeploymentStatus: ({ customResource }) => statusField(customResource, (s) => s.jobManagerDeploymentStatus),
    restAddress: ({ customResource, initialDocument, spec }) => {
        // The port as known at construction; else read once the spec resolves.
        const plainPort = restPortOf(initialDocument.spec);
        return plainPort !== UNKNOWN
            ? customResource.metadata.apply((m) => `${m.name}-rest.${m.namespace ?? "default"}:${plainPort}`)
            : pulumi.all([customResource.metadata, spec]).apply(([m, s]) => `${m.name}-rest.${m.namespace ?? "default"}:${String(restPortOf(s))}`);
    },
});

/** The spec with serviceAccount defaulted to `account` (the operator's job service account) when unset. */
function withServiceAccount(spec: pulumi.Input<FlinkDeploymentSpec>, account: string | undefined): pulumi.Input<FlinkDeploymentSpec> {
    if (account === undefined) return spec;
    const fill = (s: any): any => (s && s.serviceAccount === undefined ? { ...s, serviceAccount: account } : s);
    return pulumi.Output.isInstance(spec) ? (spec as pulumi.Output<FlinkDeploymentSpec>).apply(fill) : fill(spec);
}

/** The spec with helper keys merged into flinkConfiguration; the user's spec untouched when no helper is used. */
export function withConfigHelpers<T extends { flinkConfiguration?: pulumi.Input<{ [key: string]: any }> }>(
    spec: pulumi.Input<T>,
    helpers: ConfigHelperArgs,
): pulumi.Input<T> {
    if ((!helpers.highAvailability && !helpers.checkpoints && !helpers.savepoints) || helperEntries(helpers).length === 0) return spec;
    const merge = (s: any): any => {
        const config = s?.flinkConfiguration;
        if (pulumi.Output.isInstance(config)) return { ...s, flinkConfiguration: config.apply((c: any) => applyConfigHelpers(c, helpers)) };
        return { ...s, flinkConfiguration: applyConfigHelpers(config, helpers) };
    };
    return pulumi.Output.isInstance(spec) ? (spec as pulumi.Output<T>).apply(merge) : merge(spec);
}
