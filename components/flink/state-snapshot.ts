import * as pulumi from "@pulumi/pulumi";
import { FlinkResourceOptions, READINESS_OPTIONS, ValidationOptions, defineStatusOutputs, internals, operatorDependsOn, renderFlinkResource, statusField, validateFlinkResource } from "./resource";
import { FlinkStateSnapshotSpec, ObjectMeta } from "./types";

export interface FlinkStateSnapshotArgs {
    /** Kubernetes metadata. `name` defaults to the Pulumi resource name. */
    metadata?: pulumi.Input<ObjectMeta>;
    /** The FlinkStateSnapshot spec, exactly as in the operator's CRD: one of savepoint or checkpoint. */
    spec: pulumi.Input<FlinkStateSnapshotSpec>;
    /** Don't wait for the snapshot to be COMPLETED. Default: false. */
    skipAwait?: boolean;
    /** How long `pulumi up` waits for the snapshot. Default: 600 seconds. */
    awaitTimeoutSeconds?: number;
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

    /** `opts.operator`: the FlinkOperator to wait for. */
    constructor(name: string, args: FlinkStateSnapshotArgs, opts?: FlinkResourceOptions) {
        const { operator, ...componentOpts } = opts ?? {};
        if (!args || args.spec === undefined) throw new Error(`FlinkStateSnapshot "${name}": args.spec is required (the FlinkStateSnapshot spec as in the operator's CRD).`);
        const options: ValidationOptions = {
            kind: "FlinkStateSnapshot",
            name,
            metadata: args.metadata,
            spec: args.spec,
            readiness: { skipAwait: args.skipAwait, awaitTimeoutSeconds: args.awaitTimeoutSeconds },
            args: args as unknown as { [key: string]: unknown },
            acceptedOptions: READINESS_OPTIONS,
            waitFor: snapshotWaitFor,
            operator,
        };
        // Refused args throw here, before anything (this component included) is registered.
        const validated = validateFlinkResource(options);
        super("flink:index:FlinkStateSnapshot", name, {}, componentOpts);
        const { document, customResource, spec: validatedSpec } = renderFlinkResource({
            ...options,
            parent: this,
            dependsOn: operatorDependsOn("FlinkStateSnapshot", name, operator, args.metadata, this),
        }, validated);
        internals.set(this, { document, initialDocument: document, customResource, spec: validatedSpec });
        this.status = (customResource as any).status;
        this.registerOutputs({ status: this.status });
    }
}

// Outputs other than `status` are made on first read: see defineLazyOutputs.
defineStatusOutputs(FlinkStateSnapshot.prototype, {
    state: ({ customResource }) => statusField(customResource, (s) => s.state),
    path: ({ customResource }) => statusField(customResource, (s) => s.path),
});
