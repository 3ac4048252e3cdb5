/**
 * The Flink Kubernetes Operator's Helm release (helm.v3.Release of the flink-kubernetes-operator chart): effective
 * values (chart defaults, then valueYamlFiles, then values, as Helm merges them) and the operator configuration file
 * the chart mounts, read for leader election.
 *
 * From the 1.15.0 chart: `replicas` (default 1, "must be 1 unless operator leader election is configured");
 * operator configuration under `defaultConfiguration`: the chart mounts "flink-conf.yaml" (legacy flat `key: value`
 * lines) whenever that key is present — the chart's own values.yaml sets it, so it is present unless set to null —
 * and otherwise "config.yaml" (standard YAML, nested keys allowed). `defaultConfiguration.create: false` creates no
 * configuration at all. Image: `image.repository`, `image.tag` (default "latest"), `image.digest` (wins when set).
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { UNKNOWN, isUnknown } from "../components/rules";
import { configBoolean } from "../components/rules/rules/util";
import { ConfigOption, FlinkConfig, flattenFlinkConfiguration, parseLegacyFlinkConf } from "../components/flink/config";
import { CHART_DEFAULT_FLINK_CONF, DEFAULT_LEASE_NAME } from "../components/operator/defaults";
import { renderFlatConf } from "../components/operator/values";
import { CheckArgs, TYPES, configOf } from "./common";
import { isSet, readSegments, toEngineValue, unwrapProxies } from "./props";

export const OPERATOR_CHART = "flink-kubernetes-operator";

/** The chart defaults the policies depend on (checked against the chart's values.yaml by a unit test). */
export const CHART_DEFAULTS = {
    replicas: 1,
    image: { repository: "ghcr.io/apache/flink-kubernetes-operator", tag: "latest", digest: "" },
    defaultConfiguration: { create: true, append: true, "flink-conf.yaml": "" },
};

/** Operator options for leader election (candidates for FlinkOptions in components/flink/config.ts). */
export const LEADER_ELECTION: { enabled: ConfigOption; leaseName: ConfigOption } = {
    enabled: { key: "kubernetes.operator.leader-election.enabled", deprecatedKeys: [] },
    leaseName: { key: "kubernetes.operator.leader-election.lease-name", deprecatedKeys: [] },
};

/**
 * The `name` in a local chart directory's Chart.yaml: `chart` is a directory path, absolute or relative to the
 * pack's working directory (a policy cannot see the Pulumi program's). Undefined when there is none to read.
 */
export function localChartName(chart: string): string | undefined {
    const file = path.join(path.resolve(chart), "Chart.yaml");
    try {
        if (!fs.statSync(file).isFile()) return undefined;
        const name = (yaml.load(fs.readFileSync(file, "utf8")) as any)?.name;
        return typeof name === "string" && name.trim() !== "" ? name.trim() : undefined;
    } catch {
        return undefined; // no such file, unreadable, or not YAML
    }
}

/**
 * Whether a Release's chart is the Flink operator's: a local chart directory by its Chart.yaml name; otherwise a
 * chart name, repo/name, OCI reference, path or packaged .tgz by its last segment.
 */
export function isOperatorChart(chart: unknown, extraNames: readonly string[] = []): boolean {
    if (typeof chart !== "string" || chart.trim() === "") return false;
    const names = [OPERATOR_CHART, ...extraNames];
    const local = localChartName(chart);
    if (local !== undefined) return names.includes(local);
    const base = chart.replace(/[\\/]+$/, "").split(/[\\/]/).pop() ?? "";
    return names.includes(base.replace(/\.tgz$/, "").replace(/-\d+\.\d+\.\d+.*$/, ""));
}

/** Value layers from lowest to highest priority; a layer is UNKNOWN when it cannot be read (at preview, or a file we cannot see). */
export type Layers = unknown[];

/** The value at `segments` as Helm would merge the layers: the highest layer that sets it wins; null unsets it. */
export function lookup(layers: Layers, segments: readonly string[]): unknown {
    for (let i = layers.length - 1; i >= 0; i--) {
        const value = readSegments(layers[i], segments);
        if (isUnknown(value)) return UNKNOWN;
        if (value !== undefined) return value;
    }
    return undefined;
}

async function valuesFileLayer(file: unknown): Promise<unknown> {
    const raw: any = unwrapProxies(file);
    if (isUnknown(toEngineValue(raw))) return UNKNOWN;
    try {
        if (raw && typeof raw === "object" && "text" in raw) return yaml.load(String(await raw.text)) ?? {};
        if (raw && typeof raw === "object" && "path" in raw) {
            const file = String(await raw.path);
            // Relative paths are relative to the Pulumi program, which a policy cannot see: treat as unknown.
            return fs.existsSync(file) ? yaml.load(fs.readFileSync(file, "utf8")) ?? {} : UNKNOWN;
        }
    } catch {
        return UNKNOWN;
    }
    return UNKNOWN;
}

/** The release's value layers, or undefined when the resource is not the operator chart (or its chart is unknown). */
export async function operatorValueLayers(args: CheckArgs, extraChartNames: readonly string[] = []): Promise<Layers | undefined> {
    if (args.type !== TYPES.helmRelease) return undefined;
    const raw: any = unwrapProxies(args.props);
    if (raw === null || typeof raw !== "object") return undefined;
    if (!isOperatorChart(toEngineValue(raw.chart), extraChartNames)) return undefined;
    const layers: Layers = [CHART_DEFAULTS];
    const files = toEngineValue(raw.valueYamlFiles);
    if (isUnknown(files)) layers.push(UNKNOWN);
    else if (Array.isArray(raw.valueYamlFiles)) for (const f of raw.valueYamlFiles) layers.push(await valuesFileLayer(f));
    const values = toEngineValue(raw.values);
    if (values !== undefined) layers.push(values);
    // Without allowNullValues the provider drops nulls before Helm sees them, so a null does not unset a chart value.
    const allowNulls = toEngineValue(raw.allowNullValues);
    if (isUnknown(allowNulls)) return [...layers, UNKNOWN];
    return allowNulls === true ? layers : layers.map(withoutNulls);
}

/** A values layer as the provider passes it to Helm without allowNullValues: map entries that are null removed. */
function withoutNulls(layer: unknown): unknown {
    if (isUnknown(layer) || layer === null || typeof layer !== "object" || Array.isArray(layer)) return layer;
    const proto = Object.getPrototypeOf(layer);
    if (proto !== Object.prototype && proto !== null) return layer;
    const out: { [key: string]: unknown } = {};
    for (const [k, v] of Object.entries(layer)) if (v !== null) out[k] = withoutNulls(v);
    return out;
}

/**
 * The operator configuration the chart mounts, flattened; UNKNOWN when it cannot be known yet; null when the chart
 * creates none (defaultConfiguration.create: false).
 */
export function operatorConfig(layers: Layers): FlinkConfig | typeof UNKNOWN | null {
    const create = lookup(layers, ["defaultConfiguration", "create"]);
    if (isUnknown(create)) return UNKNOWN;
    if (create === false) return null;
    const legacy = lookup(layers, ["defaultConfiguration", "flink-conf.yaml"]);
    if (isUnknown(legacy)) return UNKNOWN;
    if (legacy !== undefined && legacy !== null) return flattenFlinkConfiguration(parseLegacyFlinkConf(String(legacy)));
    const modern = lookup(layers, ["defaultConfiguration", "config.yaml"]);
    if (isUnknown(modern)) return UNKNOWN;
    if (modern === undefined || modern === null) return flattenFlinkConfiguration({});
    try {
        return flattenFlinkConfiguration(yaml.load(String(modern)));
    } catch {
        return flattenFlinkConfiguration({});
    }
}

// ---------------------------------------------------------------------------------------------------------------
// 3. flink-operator-ha

/** Config schema of a list of other chart names (flink-operator-ha's chartNames, flink-image-pinned's operatorChartNames). */
export const CHART_NAMES_SCHEMA = {
    type: "array",
    items: { type: "string" },
    description: "Other chart names that package the Flink operator (e.g. an internal mirror); a local chart directory is known by its Chart.yaml name.",
} as const;

export interface OperatorHaConfig {
    minReplicas?: number;
    chartNames?: string[];
}

export async function checkOperatorHa(args: CheckArgs, reportViolation: ReportViolation): Promise<void> {
    const cfg = configOf<OperatorHaConfig>(args);
    const layers = await operatorValueLayers(args, cfg.chartNames);
    if (!layers) return;
    const min = cfg.minReplicas ?? 2;
    const replicas = lookup(layers, ["replicas"]);
    if (!isUnknown(replicas) && !(typeof replicas === "number" && replicas >= min)) {
        reportViolation(`The Flink operator release ${args.name} runs ${JSON.stringify(replicas ?? 1)} replica(s); at least ${min} are required so a standby operator takes over at once. Set values.replicas: ${min} (with leader election).`);
    }
    const config = operatorConfig(layers);
    if (isUnknown(config)) return;
    const where = `values.defaultConfiguration["flink-conf.yaml"]`;
    if (config === null) {
        reportViolation(`The Flink operator release ${args.name} sets defaultConfiguration.create: false, so no operator configuration and no leader election. Set it to true and add ${LEADER_ELECTION.enabled.key}: true and ${LEADER_ELECTION.leaseName.key} to ${where}.`);
        return;
    }
    const enabled = config.get(LEADER_ELECTION.enabled);
    if (!isUnknown(enabled) && configBoolean(enabled) !== true) {
        reportViolation(`The Flink operator release ${args.name} does not enable leader election, so several replicas would reconcile the same resources. Add "${LEADER_ELECTION.enabled.key}: true" to ${where}.`);
    }
    const lease = config.get(LEADER_ELECTION.leaseName);
    if (!isUnknown(lease) && !isSet(lease)) {
        reportViolation(`The Flink operator release ${args.name} has no leader election lease name (the operator refuses to start with leader election and no lease). Add "${LEADER_ELECTION.leaseName.key}: flink-operator-lease" to ${where}.`);
    }
}

/**
 * At level "remediate": raises values.replicas to minReplicas and writes leader election (enabled, and a lease name
 * when there is none) into values.defaultConfiguration["flink-conf.yaml"], keeping the rest of that file — what the
 * FlinkOperator component does. Leaves the release alone when some of its values cannot be seen (unknown at
 * preview, a values file) or the chart is configured another way (config.yaml, defaultConfiguration.create: false):
 * the check then reports it as a mandatory violation.
 */
export async function remediateOperatorHa(args: ResourceValidationArgs): Promise<Record<string, any> | undefined> {
    const cfg = configOf<OperatorHaConfig>(args);
    const layers = await operatorValueLayers(args, cfg.chartNames);
    if (!layers || layers.some(isUnknown)) return undefined;
    const config = operatorConfig(layers);
    const conf = lookup(layers, ["defaultConfiguration", "flink-conf.yaml"]);
    if (config === null || isUnknown(config) || isUnknown(conf) || (conf !== undefined && typeof conf !== "string")) return undefined;
    // The raw objects: keep secret wrappers elsewhere in the inputs as they are for the engine.
    const raw: any = unwrapProxies(args.props);
    const rawValues: any = raw.values === undefined ? {} : unwrapProxies(raw.values);
    const rawDefaultConfiguration: any = rawValues.defaultConfiguration === undefined ? {} : unwrapProxies(rawValues.defaultConfiguration);
    if (!isPlainMap(rawValues) || !isPlainMap(rawDefaultConfiguration)) return undefined;

    const values: Record<string, any> = { ...rawValues };
    const min = cfg.minReplicas ?? 2;
    const replicas = lookup(layers, ["replicas"]);
    if (isUnknown(replicas)) return undefined;
    if (!(typeof replicas === "number" && replicas >= min)) values.replicas = min;
    const entries = new Map<string, string>();
    const enabled = config.get(LEADER_ELECTION.enabled);
    if (isUnknown(enabled) || configBoolean(enabled) !== true) entries.set(LEADER_ELECTION.enabled.key, "true");
    if (!isSet(config.get(LEADER_ELECTION.leaseName))) entries.set(LEADER_ELECTION.leaseName.key, DEFAULT_LEASE_NAME);
    if (entries.size > 0) {
        // Setting the value replaces the chart's own text, so start from it when nothing above the chart sets it.
        const base = lookup(layers.slice(1), ["defaultConfiguration", "flink-conf.yaml"]) === undefined ? CHART_DEFAULT_FLINK_CONF : String(conf);
        values.defaultConfiguration = { ...rawDefaultConfiguration, "flink-conf.yaml": renderFlatConf(base, entries, "the flink-operator-ha policy (pulumi-flink)") };
    }
    if (values.replicas === rawValues.replicas && entries.size === 0) return undefined;
    return { ...raw, values };
}

function isPlainMap(v: unknown): v is Record<string, any> {
    return v !== null && typeof v === "object" && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

export const flinkOperatorHa: ResourceValidationPolicy = {
    name: "flink-operator-ha",
    description: "The Flink Kubernetes Operator's Helm release runs at least 2 replicas with leader election enabled and a lease name. At level \"remediate\" the policy sets them.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            minReplicas: { type: "integer", minimum: 1, default: 2, description: "Least operator replicas accepted." },
            chartNames: CHART_NAMES_SCHEMA,
        },
    },
    remediateResource: remediateOperatorHa,
    validateResource: checkOperatorHa,
};

/** Violations of the image policy for the operator release (tag latest or empty, no digest). */
export async function operatorImageViolations(args: CheckArgs, extraChartNames: readonly string[] = []): Promise<string[]> {
    const layers = await operatorValueLayers(args, extraChartNames);
    if (!layers) return [];
    const digest = lookup(layers, ["image", "digest"]);
    if (isUnknown(digest) || isSet(digest)) return [];
    const tag = lookup(layers, ["image", "tag"]);
    if (isUnknown(tag)) return [];
    if (!isSet(tag) || String(tag).trim() === "latest") {
        return [`values.image.tag: the Flink operator release ${args.name} runs image tag ${isSet(tag) ? "latest" : "(none)"}, which can change at any restart. Set values.image.tag to the operator version, e.g. "1.15.0", or values.image.digest.`];
    }
    return [];
}
