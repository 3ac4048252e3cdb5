import * as pulumi from "@pulumi/pulumi";
import {
    FlinkResourceOptions,
    READINESS_OPTIONS,
    ValidationOptions,
    attachFlinkResource,
    defineStatusOutputs,
    operatorDependsOn,
    requireSpec,
    statusField,
    validateFlinkResource,
} from "./resource";
import { FlinkStateSnapshotSpec, ObjectMeta } from "../core/flink/types";
import { resolveReference } from "../base/references";

export interface FlinkStateSnapshotArgs {
    /** Kubernetes metadata. `name` defaults to the Pulumi resource name. */
    metadata?: pulumi.Input<ObjectMeta>;
    /** The FlinkStateSnapshot spec, exactly as in the operator's CRD: one of savepoint or checkpoint. */
    spec: pulumi.Input<FlinkStateSnapshotSpec>;
    /** Don't wait for the snapshot to be COMPLETED. Default: false. */
    skipAwait?: boolean;
    /** How long `pulumi up` waits for the snapshot. Default: 600 seconds. */
    awaitTimeoutSeconds?: number;
    /**
     * The `urn` of a FlinkOperator of the same program: the same as the TypeScript `operator` resource option, for
     * other languages (e.g. Python `operator_urn=operator.urn`). The custom resource is created after the
     * operator's CRDs, Helm release and webhook and destroyed before them, and the spec is validated with the
     * operator's default configuration. Give this or the option, not both.
     */
    operatorUrn?: pulumi.Input<string>;
}

/** Readiness: the snapshot is COMPLETED. */
export function snapshotWaitFor(): string {
    return "jsonpath={.status.state}=COMPLETED";
}

/** A savepoint or checkpoint of a Flink job, taken (or recorded) by the operator: one FlinkStateSnapshot custom resource. */
export class FlinkStateSnapshot extends pulumi.ComponentResource {
    /** metadata.name of the FlinkStateSnapshot. */
    declare public readonly name: pulumi.Output<string>;
    /** Namespace of the FlinkStateSnapshot. */
    declare public readonly namespace: pulumi.Output<string>;
    /** Snapshot state reported by the operator (TRIGGER_PENDING, IN_PROGRESS, COMPLETED, FAILED, ABANDONED). */
    declare public readonly state: pulumi.Output<string | undefined>;
    /** Final path of the snapshot. */
    declare public readonly path: pulumi.Output<string | undefined>;
    /** Error reported by the operator, if any. */
    declare public readonly error: pulumi.Output<string | undefined>;
    /** The operator's full status object. */
    public readonly status: pulumi.Output<any>;

    /** `opts.operator` (or `args.operatorUrn`): the FlinkOperator to wait for. */
    constructor(name: string, args: FlinkStateSnapshotArgs, opts?: FlinkResourceOptions) {
        const { operator: operatorOption, ...componentOpts } = opts ?? {};
        requireSpec("FlinkStateSnapshot", name, args);
        const { operatorUrn, ...data } = args;
        const operator = resolveReference(`FlinkStateSnapshot "${name}"`, "operatorUrn", operatorUrn, operatorOption);
        const options: ValidationOptions = {
            kind: "FlinkStateSnapshot",
            name,
            metadata: args.metadata,
            spec: args.spec,
            readiness: { skipAwait: args.skipAwait, awaitTimeoutSeconds: args.awaitTimeoutSeconds },
            args: data as unknown as { [key: string]: unknown },
            acceptedOptions: READINESS_OPTIONS,
            waitFor: snapshotWaitFor,
            operator,
        };
        // Refused args throw here, before anything (this component included) is registered.
        const validated = validateFlinkResource(options);
        super("flink:index:FlinkStateSnapshot", name, {}, componentOpts);
        this.status = attachFlinkResource(this, options, validated, {
            dependsOn: operatorDependsOn("FlinkStateSnapshot", name, operator, args.metadata, this),
        }).status;
        this.registerOutputs({ status: this.status });
    }
}

// Outputs other than `status` are made on first read: see defineLazyOutputs.
defineStatusOutputs(FlinkStateSnapshot.prototype, {
    state: ({ customResource }) => statusField(customResource, (s) => s.state),
    path: ({ customResource }) => statusField(customResource, (s) => s.path),
});
