/**
 * Flink configuration as the operator reads it: `spec.flinkConfiguration` flattened (nested maps joined with ".",
 * values as strings) and options looked up by their key or any deprecated alias. The one place that knows the
 * configuration keys this package reads or writes.
 */
import { UNKNOWN, Unknown, isUnknown } from "../unknown";

export interface ConfigOption {
    /** The current key, as the operator names it in its messages. */
    readonly key: string;
    /** Deprecated aliases still honoured, in lookup order after `key`. */
    readonly deprecatedKeys: readonly string[];
}

function option(key: string, ...deprecatedKeys: string[]): ConfigOption {
    return { key, deprecatedKeys };
}

/** An autoscaler option: `job.autoscaler.<name>`, still read under its pre-1.8 operator key as a fallback. */
export function autoscalerOption(name: string): ConfigOption {
    return option(`job.autoscaler.${name}`, `kubernetes.operator.job.autoscaler.${name}`);
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
    autoscalerEnabled: autoscalerOption("enabled"),
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

/** Operator-side keys the rules read from the operator's own configuration. */
export const OperatorOptions = {
    allowedJarSchemes: "kubernetes.operator.user.artifacts.allowed-schemes",
    disallowRestrictedHosts: "kubernetes.operator.user.artifacts.disallow-restricted-hosts",
    /** Prefix of namespace-specific defaults: `<prefix><namespace>.<key>`. */
    namespaceDefaultsPrefix: "kubernetes.operator.default-configuration.namespace.",
    /** Prefix of Flink-version-specific defaults: `<prefix>v1_18.<key>` (that version) or `<prefix>v1_18+.<key>` (and newer). */
    versionDefaultsPrefix: "kubernetes.operator.default-configuration.flink-version.",
} as const;

/** Default values of operator-side options the rules depend on. */
export const OPERATOR_DEFAULTS = {
    /** kubernetes.operator.user.artifacts.allowed-schemes */
    allowedJarSchemes: ["https"] as readonly string[],
    /** kubernetes.operator.user.artifacts.disallow-restricted-hosts */
    disallowRestrictedHosts: true,
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
    constructor(
        private readonly entries: Map<string, ConfigValue>,
        private readonly unknownPrefixes: string[],
    ) {}

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

    /**
     * The operator's defaults as one resource gets them (FlinkConfigManager.getDefaultConfig): the general entries,
     * then `...default-configuration.namespace.<ns>.*` for its namespace, then `...flink-version.v1_x+.*` for every
     * floor at or below its flinkVersion (lowest first), then `...flink-version.v1_x.*` for exactly that version.
     * A namespace or version not known yet makes the keys it could select UNKNOWN, so rules reading them wait.
     */
    forResource(namespace: string | Unknown, flinkVersion: string | Unknown | undefined): FlinkConfig {
        const memoKey = `${isUnknown(namespace) ? "?" : namespace}/${isUnknown(flinkVersion) ? "?" : (flinkVersion ?? "")}`;
        let config = this.byResource?.get(memoKey);
        if (config === undefined) (this.byResource ??= new Map()).set(memoKey, (config = this.select(namespace, flinkVersion)));
        return config;
    }

    /** Memo of forResource: one operator configuration serves every document of a run. */
    private byResource?: Map<string, FlinkConfig>;

    private select(namespace: string | Unknown, flinkVersion: string | Unknown | undefined): FlinkConfig {
        const target = flinkVersion === undefined || isUnknown(flinkVersion) ? undefined : parseFlinkVersion(flinkVersion);
        const base = new Map<string, ConfigValue>();
        const byNamespace = new Map<string, ConfigValue>();
        const floors: { version: number; key: string; value: ConfigValue }[] = [];
        const exact = new Map<string, ConfigValue>();
        const pending = new Set<string>();
        for (const [key, value] of this.entries) {
            const scoped = scopedDefault(key);
            if (scoped === undefined) {
                base.set(key, value);
            } else if (scoped.scope === "namespace") {
                if (isUnknown(namespace)) pending.add(scoped.key);
                else if (scoped.selector === namespace) byNamespace.set(scoped.key, value);
            } else if (isUnknown(flinkVersion)) {
                pending.add(scoped.key);
            } else if (flinkVersion !== undefined && scoped.selector === flinkVersion) {
                exact.set(scoped.key, value);
            } else if (target !== undefined && scoped.selector.endsWith("+")) {
                const floor = parseFlinkVersion(scoped.selector.slice(0, -1));
                if (floor !== undefined && floor <= target) floors.push({ version: floor, key: scoped.key, value });
            }
        }
        for (const [k, v] of byNamespace) base.set(k, v);
        floors.sort((a, b) => a.version - b.version);
        for (const f of floors) base.set(f.key, f.value);
        for (const [k, v] of exact) base.set(k, v);
        for (const k of pending) base.set(k, UNKNOWN);
        return new FlinkConfig(base, this.unknownPrefixes);
    }

    /** A new configuration with `other`'s entries laid over this one's (session job over session cluster). */
    overlay(other: FlinkConfig): FlinkConfig {
        return new FlinkConfig(new Map([...this.entries, ...other.entries]), [...this.unknownPrefixes, ...other.unknownPrefixes]);
    }
}

/** Parses a legacy flink-conf.yaml the way Flink does: `key: value` per line, "#" starts a comment. */
export function parseLegacyFlinkConf(text: string): { [key: string]: string } {
    const out: { [key: string]: string } = {};
    for (const line of text.split(/\r?\n/)) {
        const content = line.split("#", 1)[0].trim();
        const sep = content.indexOf(": ");
        if (content === "" || sep <= 0) continue;
        const key = content.slice(0, sep).trim();
        const value = content.slice(sep + 2).trim();
        if (key !== "" && value !== "") out[key] = value;
    }
    return out;
}

/** A namespace- or version-scoped operator default: `<prefix><selector>.<key>`. */
function scopedDefault(key: string): { scope: "namespace" | "version"; selector: string; key: string } | undefined {
    for (const [scope, prefix] of [
        ["namespace", OperatorOptions.namespaceDefaultsPrefix],
        ["version", OperatorOptions.versionDefaultsPrefix],
    ] as const) {
        if (!key.startsWith(prefix)) continue;
        const rest = key.slice(prefix.length);
        const dot = rest.indexOf(".");
        return dot > 0 ? { scope, selector: rest.slice(0, dot), key: rest.slice(dot + 1) } : undefined;
    }
    return undefined;
}

/** "v1_18" as a comparable number (1018), or undefined when it is not a FlinkVersion enum name. */
function parseFlinkVersion(version: string): number | undefined {
    const match = /^v(\d+)_(\d+)$/.exec(version);
    return match ? Number(match[1]) * 1000 + Number(match[2]) : undefined;
}

/** Whether a configured HA type activates high availability (anything but NONE), as Flink decides it. */
export function isHighAvailabilityType(value: string | undefined): boolean {
    return value !== undefined && value.trim() !== "" && value.trim().toLowerCase() !== "none";
}
