/**
 * Opt-in typed helpers for the Flink configuration users get wrong most often. Each produces flinkConfiguration
 * keys; a key the user already set in flinkConfiguration (under its current name, a deprecated alias, or nested)
 * wins over the helper's.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigOption, FlinkOptions, flattenFlinkConfiguration } from "../core/flink/config";

/** Kubernetes high availability: lets standby JobManagers take over and jobs recover their latest checkpoint. */
export interface HighAvailability {
    /** Durable storage for HA metadata, e.g. s3://bucket/flink/ha. Sets high-availability.storageDir. */
    storageDir: pulumi.Input<string>;
    /** HA services: "kubernetes" (default) or a factory class name. Sets high-availability.type. */
    type?: pulumi.Input<string>;
}

/** Where checkpoints go. */
export interface Checkpoint {
    /** Checkpoint directory, e.g. s3://bucket/flink/checkpoints. Sets execution.checkpointing.dir. */
    dir: pulumi.Input<string>;
    /** Checkpoint interval, e.g. "60 s". Sets execution.checkpointing.interval. */
    interval?: pulumi.Input<string>;
}

/** Where savepoints go, and whether the operator takes them periodically. */
export interface Savepoint {
    /** Savepoint directory, e.g. s3://bucket/flink/savepoints. Sets execution.checkpointing.savepoint-dir. */
    dir: pulumi.Input<string>;
    /** Interval of operator-triggered periodic savepoints, e.g. "6h". Sets kubernetes.operator.periodic.savepoint.interval. */
    periodicInterval?: pulumi.Input<string>;
}

export interface ConfigHelperArgs {
    highAvailability?: HighAvailability;
    checkpoints?: Checkpoint;
    savepoints?: Savepoint;
}

const CHECKPOINT_INTERVAL: ConfigOption = { key: "execution.checkpointing.interval", deprecatedKeys: [] };

/** The (option, value) pairs the helpers ask for, in a stable order. */
export function helperEntries(args: ConfigHelperArgs): [ConfigOption, pulumi.Input<string>][] {
    const entries: [ConfigOption, pulumi.Input<string> | undefined][] = [];
    if (args.highAvailability) {
        // Unset however it arrives (undefined, null, or an Output or Promise resolving so): the default applies.
        const type = args.highAvailability.type as pulumi.Input<string | undefined | null> | undefined | null;
        entries.push([
            FlinkOptions.haType,
            type === undefined || type === null
                ? "kubernetes"
                : pulumi.Output.isInstance(type) || typeof (type as any).then === "function"
                  ? pulumi.output(type).apply((t) => t ?? "kubernetes")
                  : (type as string),
        ]);
        entries.push([FlinkOptions.haStorageDir, args.highAvailability.storageDir]);
    }
    if (args.checkpoints) {
        entries.push([FlinkOptions.checkpointsDir, args.checkpoints.dir]);
        entries.push([CHECKPOINT_INTERVAL, args.checkpoints.interval]);
    }
    if (args.savepoints) {
        entries.push([FlinkOptions.savepointsDir, args.savepoints.dir]);
        entries.push([FlinkOptions.periodicSavepointInterval, args.savepoints.periodicInterval]);
    }
    return entries.filter((e): e is [ConfigOption, pulumi.Input<string>] => e[1] !== undefined && e[1] !== null);
}

/**
 * flinkConfiguration with the helpers' keys added as flat keys where the user set nothing for that option.
 * `userConfig` must be plain here (the caller resolves Outputs first); helper values may be Inputs.
 */
export function applyConfigHelpers(userConfig: { [key: string]: any } | undefined, args: ConfigHelperArgs): { [key: string]: any } | undefined {
    const entries = helperEntries(args);
    if (entries.length === 0) return userConfig;
    const flat = flattenFlinkConfiguration(userConfig ?? {});
    const result: { [key: string]: any } = { ...(userConfig ?? {}) };
    for (const [opt, value] of entries) {
        if (flat.get(opt) === undefined) result[opt.key] = value;
    }
    return result;
}

/** @deprecated Renamed HighAvailability (schema type names carry no Args suffix; other languages add their own). */
export type HighAvailabilityArgs = HighAvailability;
/** @deprecated Renamed Checkpoint. */
export type CheckpointArgs = Checkpoint;
/** @deprecated Renamed Savepoint. */
export type SavepointArgs = Savepoint;
