/**
 * Flink configuration as the operator reads it: `spec.flinkConfiguration` flattened (nested maps joined with ".",
 * values as strings) and options looked up by their key or any deprecated alias. The one place that knows the
 * configuration keys this package reads or writes.
 */
import { UNKNOWN, Unknown, isUnknown } from "../rules/unknown";

export interface ConfigOption {
    /** The current key, as the operator names it in its messages. */
    readonly key: string;
    /** Deprecated aliases still honoured, in lookup order after `key`. */
    readonly deprecatedKeys: readonly string[];
}

function option(key: string, ...deprecatedKeys: string[]): ConfigOption {
    return { key, deprecatedKeys };
}

/** Configuration options the rules and helpers know about (Flink 1.20 key names, the operator's compile-time Flink). */
export const FlinkOptions = {
    checkpointsDir: option("execution.checkpointing.dir", "state.checkpoints.dir", "state.backend.fs.checkpointdir"),
    savepointsDir: option("execution.checkpointing.savepoint-dir", "state.savepoints.dir", "savepoints.state.backend.fs.dir"),
    haType: option("high-availability.type", "high-availability"),
    haStorageDir: option("high-availability.storageDir", "high-availability.zookeeper.storageDir"),
    periodicSavepointInterval: option("kubernetes.operator.periodic.savepoint.interval"),
    lastStateMaxCheckpointAge: option("kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age"),
    rollbackEnabled: option("kubernetes.operator.deployment.rollback.enabled"),
    healthCheckEnabled: option("kubernetes.operator.cluster.health-check.enabled"),
    jmDeploymentRecoveryEnabled: option("kubernetes.operator.jm-deployment-recovery.enabled"),
    autoscalerEnabled: option("job.autoscaler.enabled"),
    jmProcessMemory: option("jobmanager.memory.process.size"),
    jmFlinkMemory: option("jobmanager.memory.flink.size"),
    jmHeapMemory: option("jobmanager.memory.heap.size", "jobmanager.heap.size"),
    jmLegacyHeapMb: option("jobmanager.heap.mb"),
    tmProcessMemory: option("taskmanager.memory.process.size"),
    tmFlinkMemory: option("taskmanager.memory.flink.size", "taskmanager.heap.size"),
    tmLegacyHeapMb: option("taskmanager.heap.mb"),
    tmTaskHeapMemory: option("taskmanager.memory.task.heap.size"),
    tmManagedMemory: option("taskmanager.memory.managed.size"),
} as const;

/** Keys the operator sets itself and refuses in a spec. */
export const FORBIDDEN_CONFIG_KEYS: readonly string[] = ["kubernetes.namespace", "kubernetes.cluster-id", "high-availability.cluster-id"];

/** Default values of operator-side options the rules depend on. */
export const OPERATOR_DEFAULTS = {
    /** kubernetes.operator.user.artifacts.allowed-schemes */
    allowedJarSchemes: ["https"] as readonly string[],
    /** kubernetes.operator.jm-deployment-recovery.enabled */
    jmDeploymentRecoveryEnabled: true,
} as const;

export type ConfigValue = string | Unknown;

/** Flattens a flinkConfiguration value the way the operator does: nested maps joined with ".", scalars as strings. */
export function flattenFlinkConfiguration(config: unknown): FlinkConfig {
    const entries = new Map<string, ConfigValue>();
    const unknownPrefixes: string[] = [];
    if (isUnknown(config)) return new FlinkConfig(entries, [""]);
    const visit = (value: unknown, prefix: string) => {
        if (isUnknown(value)) {
            entries.set(prefix, UNKNOWN);
            unknownPrefixes.push(prefix);
        } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            for (const k of Object.keys(value)) visit((value as { [k: string]: unknown })[k], prefix ? `${prefix}.${k}` : k);
        } else if (prefix) {
            const text = scalarToString(value);
            if (text !== undefined) entries.set(prefix, text);
        }
    };
    if (config !== null && typeof config === "object" && !Array.isArray(config)) visit(config, "");
    return new FlinkConfig(entries, unknownPrefixes);
}

function scalarToString(value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    // Flink's legacy list syntax separates items with ";".
    if (Array.isArray(value)) return value.map((v) => scalarToString(v) ?? "").join(";");
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
}

/** A flattened Flink configuration. Lookups of keys under an unknown value return UNKNOWN. */
export class FlinkConfig {
    constructor(private readonly entries: Map<string, ConfigValue>, private readonly unknownPrefixes: string[]) {}

    /** The value of one exact key. */
    raw(key: string): ConfigValue | undefined {
        const value = this.entries.get(key);
        if (value !== undefined) return value;
        for (const prefix of this.unknownPrefixes) {
            if (prefix === "" || key === prefix || key.startsWith(prefix + ".")) return UNKNOWN;
        }
        return undefined;
    }

    /** The value of an option: its key first, then its deprecated aliases. */
    get(opt: ConfigOption): ConfigValue | undefined {
        const value = this.raw(opt.key);
        if (value !== undefined) return value;
        for (const key of opt.deprecatedKeys) {
            const alias = this.raw(key);
            if (alias !== undefined) return alias;
        }
        return undefined;
    }

    keys(): string[] {
        return [...this.entries.keys()];
    }

    /** A new configuration with `other`'s entries laid over this one's (session job over session cluster). */
    overlay(other: FlinkConfig): FlinkConfig {
        return new FlinkConfig(new Map([...this.entries, ...other.entries]), [...this.unknownPrefixes, ...other.unknownPrefixes]);
    }
}

/** Whether a configured HA type activates high availability (anything but NONE), as Flink decides it. */
export function isHighAvailabilityType(value: string | undefined): boolean {
    return value !== undefined && value.trim() !== "" && value.trim().toLowerCase() !== "none";
}
