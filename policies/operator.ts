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
import { UNKNOWN, configBoolean, isUnknown } from "../components/rules";
import {
    CHART_DEFAULTS,
    CHART_DEFAULT_FLINK_CONF,
    DEFAULT_LEASE_NAME,
    FlinkConfig,
    LEADER_ELECTION,
    OPERATOR_CHART_NAME,
    OPERATOR_CONF_DIR,
    OPERATOR_CONFIG_MAP,
    flattenFlinkConfiguration,
    parseLegacyFlinkConf,
    renderFlatConf,
} from "../components/core";
import { CheckArgs, TYPES, configOf } from "./common";
import { toEngineValue, unwrapProxies } from "./props";
import { isNonBlank, isPlainObject, readSegments } from "../components/core";

// The chart's facts (its name, defaults, leader election keys, configuration directory and ConfigMap) are defined
// once, in components/core/operator/chart.ts, beside the FlinkOperator component's use of them.
export { CHART_DEFAULTS, LEADER_ELECTION, OPERATOR_CONF_DIR, OPERATOR_CONFIG_MAP };
const OPERATOR_CHART = OPERATOR_CHART_NAME;

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
    const base =
        chart
            .replace(/[\\/]+$/, "")
            .split(/[\\/]/)
            .pop() ?? "";
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
            return fs.existsSync(file) ? (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) : UNKNOWN;
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
    for (const m of renderedOperatorHaViolations(args, cfg)) reportViolation(m);
    for (const m of operatorPatchViolations(args, cfg)) reportViolation(m);
    const layers = await operatorValueLayers(args, cfg.chartNames);
    if (!layers) return;
    const min = cfg.minReplicas ?? 2;
    const replicas = lookup(layers, ["replicas"]);
    if (!isUnknown(replicas) && !(typeof replicas === "number" && replicas >= min)) {
        reportViolation(
            `The Flink operator release ${args.name} runs ${JSON.stringify(replicas ?? 1)} replica(s); at least ${min} are required so a standby operator takes over at once. Set values.replicas: ${min} (with leader election).`,
        );
    }
    const config = operatorConfig(layers);
    if (isUnknown(config)) return;
    const where = `values.defaultConfiguration["flink-conf.yaml"]`;
    if (config === null) {
        reportViolation(
            `The Flink operator release ${args.name} sets defaultConfiguration.create: false, so no operator configuration and no leader election. Set it to true and add ${LEADER_ELECTION.enabled.key}: true and ${LEADER_ELECTION.leaseName.key} to ${where}.`,
        );
        return;
    }
    for (const m of leaderElectionViolations(config, `The Flink operator release ${args.name}`, where)) reportViolation(m);
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
    if (!isPlainObject(rawValues) || !isPlainObject(rawDefaultConfiguration)) return undefined;

    const values: Record<string, any> = { ...rawValues };
    const min = cfg.minReplicas ?? 2;
    const replicas = lookup(layers, ["replicas"]);
    if (isUnknown(replicas)) return undefined;
    if (!(typeof replicas === "number" && replicas >= min)) values.replicas = min;
    const entries = new Map<string, string>();
    const enabled = config.get(LEADER_ELECTION.enabled);
    if (isUnknown(enabled) || configBoolean(enabled) !== true) entries.set(LEADER_ELECTION.enabled.key, "true");
    if (!isNonBlank(config.get(LEADER_ELECTION.leaseName))) entries.set(LEADER_ELECTION.leaseName.key, DEFAULT_LEASE_NAME);
    if (entries.size > 0) {
        // Setting the value replaces the chart's own text, so start from it when nothing above the chart sets it.
        const base = lookup(layers.slice(1), ["defaultConfiguration", "flink-conf.yaml"]) === undefined ? CHART_DEFAULT_FLINK_CONF : String(conf);
        values.defaultConfiguration = {
            ...rawDefaultConfiguration,
            "flink-conf.yaml": renderFlatConf(base, entries, "the flink-operator-ha policy (pulumi-flink)"),
        };
    }
    if (values.replicas === rawValues.replicas && entries.size === 0) return undefined;
    return { ...raw, values };
}

export const flinkOperatorHa: ResourceValidationPolicy = {
    name: "flink-operator-ha",
    description:
        'The Flink Kubernetes Operator runs at least 2 replicas with leader election enabled and a lease name: its helm.v3.Release (at level "remediate" the policy sets them), or its Deployment as helm.v3.Chart, helm.v4.Chart, yaml.* or a raw Deployment make it (leader election there: flink-operator-leader-election).',
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
    if (isUnknown(digest) || isNonBlank(digest)) return [];
    const tag = lookup(layers, ["image", "tag"]);
    if (isUnknown(tag)) return [];
    if (!isNonBlank(tag) || String(tag).trim() === "latest") {
        return [
            `values.image.tag: the Flink operator release ${args.name} runs image tag ${isNonBlank(tag) ? "latest" : "(none)"}, which can change at any restart. Set values.image.tag to the operator version, e.g. "1.15.0", or values.image.digest.`,
        ];
    }
    return [];
}

// ---------------------------------------------------------------------------------------------------------------
// The operator as rendered objects: helm.v3.Chart and helm.v4.Chart render the chart into ordinary Kubernetes
// resources (kubernetes:apps/v1:Deployment, kubernetes:core/v1:ConfigMap, ...), as do yaml.ConfigFile/ConfigGroup
// (v1 and v2) given `helm template` output, and a hand-written Deployment of the operator image is the same thing.
// From the 1.15.0 chart (templates/controller/deployment.yaml, configmap.yaml, _helpers.tpl):
// - Deployment: metadata.name is the chart name (or nameOverride); labels app.kubernetes.io/name and
//   helm.sh/chart: <chart name>-<version>; the operator container is named after the chart (.Chart.Name, which
//   nameOverride does not change), runs ["/docker-entrypoint.sh", "operator"], and mounts the ConfigMap volume
//   flink-operator-config-volume at FLINK_CONF_DIR=/opt/flink/conf with items flink-conf.yaml (when the values have
//   that key) or config.yaml; the webhook container (same image) runs ["/docker-entrypoint.sh", "webhook"].
// - ConfigMap flink-operator-config holds both config.yaml and flink-conf.yaml; only the mounted one is read.
// The operator (Flink 1.20's GlobalConfiguration) reads flink-conf.yaml when the directory has it, else config.yaml.

function chartNameList(extra: readonly string[] = []): string[] {
    return [OPERATOR_CHART, ...extra];
}

/** The last path segment of an image reference, without tag or digest ("ghcr.io/apache/flink-kubernetes-operator:1.15.0" → "flink-kubernetes-operator"). */
export function imageBaseName(image: unknown): string | undefined {
    if (typeof image !== "string") return undefined;
    const noDigest = image.split("@")[0];
    const last = noDigest.slice(noDigest.lastIndexOf("/") + 1);
    return last.split(":")[0];
}

function stringList(v: unknown): string[] {
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/**
 * The operator container of a Deployment (props as the policy sees them) when the Deployment is the Flink
 * operator's, else undefined. Known by the chart's `helm.sh/chart` label, or by a container named after the chart
 * or running the operator image that is not the webhook. UNKNOWN when the containers are unknown (preview).
 */
export function operatorContainer(doc: unknown, extraNames: readonly string[] = []): { index: number; container: any } | typeof UNKNOWN | undefined {
    const names = chartNameList(extraNames);
    const label = readSegments(doc, ["metadata", "labels", "helm.sh/chart"]);
    const byLabel = typeof label === "string" && names.some((n) => label === n || new RegExp(`^${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-v?\\d`).test(label));
    const containers = readSegments(doc, ["spec", "template", "spec", "containers"]);
    if (isUnknown(containers)) return UNKNOWN;
    if (!Array.isArray(containers)) return undefined;
    const isWebhook = (c: any) => [...stringList(c?.command), ...stringList(c?.args)].includes("webhook");
    const index = containers.findIndex(
        (c: any) =>
            c !== null && typeof c === "object" && !isUnknown(c) && (names.includes(c.name) || names.includes(imageBaseName(c.image) ?? "")) && !isWebhook(c),
    );
    if (index !== -1) return { index, container: containers[index] };
    if (byLabel && containers.length > 0) {
        const first = containers.findIndex((c: any) => !isWebhook(c));
        return { index: first === -1 ? 0 : first, container: containers[first === -1 ? 0 : first] };
    }
    return undefined;
}

/** The Deployment's replicas as Kubernetes reads them (absent: 1); UNKNOWN at preview. */
function deploymentReplicas(doc: unknown): unknown {
    const replicas = readSegments(doc, ["spec", "replicas"]);
    return replicas === undefined || replicas === null ? 1 : replicas;
}

/** flink-operator-ha on a rendered or hand-written operator Deployment: replicas (leader election is the stack policy's). */
export function renderedOperatorHaViolations(args: CheckArgs, cfg: OperatorHaConfig): string[] {
    if (args.type !== TYPES.deployment) return [];
    const doc = toEngineValue(args.props);
    const op = operatorContainer(doc, cfg.chartNames);
    if (!op || isUnknown(op)) return [];
    const min = cfg.minReplicas ?? 2;
    const replicas = deploymentReplicas(doc);
    if (isUnknown(replicas) || (typeof replicas === "number" && replicas >= min)) return [];
    return [
        `spec.replicas: the Flink operator Deployment ${args.name} runs ${JSON.stringify(replicas)} replica(s); at least ${min} are required so a standby operator takes over at once. Set spec.replicas: ${min} (values.replicas of the chart) with leader election in its configuration.`,
    ];
}

/** flink-image-pinned on a rendered or hand-written operator Deployment: every container image of it is pinned. */
export function renderedOperatorImageViolations(args: CheckArgs, extraChartNames: readonly string[] = []): string[] {
    if (args.type !== TYPES.deployment) return [];
    const doc = toEngineValue(args.props);
    const op = operatorContainer(doc, extraChartNames);
    if (!op || isUnknown(op)) return [];
    const out: string[] = [];
    for (const list of ["containers", "initContainers"]) {
        const containers = readSegments(doc, ["spec", "template", "spec", list]);
        if (!Array.isArray(containers)) continue;
        containers.forEach((c: any, i: number) => {
            const image = c?.image;
            if (typeof image !== "string" || image.trim() === "") return;
            const tag = image.includes("@") ? "@digest" : image.slice(image.lastIndexOf("/") + 1).split(":")[1];
            if (tag === undefined || tag === "" || tag === "latest") {
                out.push(
                    `spec.template.spec.${list}[${i}].image: the Flink operator Deployment ${args.name} runs image ${image}${tag === "latest" ? "" : " (no tag: latest)"}, which can change at any restart. Pin the operator version, e.g. values.image.tag "1.15.0" (or values.image.digest) in the chart.`,
                );
            }
        });
    }
    return out;
}

/** The configuration file the operator container reads: ConfigMap name, the data key of that file, and the file's name. */
export interface MountedOperatorConfig {
    configMap: string;
    /** The ConfigMap data key and file name per mounted file; undefined: every key under its own name. */
    items?: { key: string; path: string }[];
}

/**
 * Which ConfigMap the operator container mounts at its configuration directory (FLINK_CONF_DIR, default
 * /opt/flink/conf). null when nothing is mounted there (the image's own configuration: no leader election);
 * "other" when something other than a ConfigMap is (a projected volume, a Secret, an emptyDir); UNKNOWN at preview.
 */
export function mountedOperatorConfig(doc: unknown, container: any): MountedOperatorConfig | null | "other" | typeof UNKNOWN {
    const env = Array.isArray(container?.env) ? container.env : [];
    const confDirEnv = env.find((e: any) => e?.name === "FLINK_CONF_DIR");
    const confDir = confDirEnv === undefined ? OPERATOR_CONF_DIR : confDirEnv.value;
    if (isUnknown(confDir) || isUnknown(container?.volumeMounts)) return UNKNOWN;
    if (typeof confDir !== "string") return "other";
    const mounts = Array.isArray(container?.volumeMounts) ? container.volumeMounts : [];
    const mount = mounts.find((m: any) => typeof m?.mountPath === "string" && m.mountPath.replace(/\/+$/, "") === confDir.replace(/\/+$/, ""));
    if (!mount) return null;
    const volumes = readSegments(doc, ["spec", "template", "spec", "volumes"]);
    if (isUnknown(volumes) || isUnknown(mount.name)) return UNKNOWN;
    const volume = Array.isArray(volumes) ? volumes.find((v: any) => v?.name === mount.name) : undefined;
    const cm = volume?.configMap;
    if (isUnknown(cm)) return UNKNOWN;
    if (!cm || typeof cm.name !== "string" || mount.subPath !== undefined) return "other";
    if (cm.items === undefined || cm.items === null) return { configMap: cm.name };
    if (!Array.isArray(cm.items)) return UNKNOWN;
    return { configMap: cm.name, items: cm.items.filter((i: any) => typeof i?.key === "string" && typeof i?.path === "string") };
}

/**
 * The operator configuration a mounted ConfigMap gives: flink-conf.yaml when mounted (the legacy file wins in
 * Flink 1.20's loader), else config.yaml; an empty configuration when neither. UNKNOWN when unknown (preview).
 */
export function configFromConfigMap(data: unknown, mounted: MountedOperatorConfig): FlinkConfig | typeof UNKNOWN {
    if (isUnknown(data)) return UNKNOWN;
    const files = new Map<string, string>();
    const entries: { key: string; path: string }[] =
        mounted.items ?? Object.keys(data !== null && typeof data === "object" ? data : {}).map((k) => ({ key: k, path: k }));
    for (const { key, path: file } of entries) files.set(file.replace(/^\.\//, ""), key);
    const read = (file: string): unknown => {
        const key = files.get(file);
        return key === undefined ? undefined : readSegments(data, [key]);
    };
    const legacy = read("flink-conf.yaml");
    if (isUnknown(legacy)) return UNKNOWN;
    if (typeof legacy === "string") return flattenFlinkConfiguration(parseLegacyFlinkConf(legacy));
    const modern = read("config.yaml");
    if (isUnknown(modern)) return UNKNOWN;
    if (typeof modern !== "string") return flattenFlinkConfiguration({});
    try {
        return flattenFlinkConfiguration(yaml.load(modern));
    } catch {
        return flattenFlinkConfiguration({});
    }
}

/** The leader election problems of an operator configuration (messages say where to fix them). */
export function leaderElectionViolations(config: FlinkConfig, subject: string, where: string): string[] {
    const out: string[] = [];
    const enabled = config.get(LEADER_ELECTION.enabled);
    if (!isUnknown(enabled) && configBoolean(enabled) !== true) {
        out.push(
            `${subject} does not enable leader election, so several replicas would reconcile the same resources. Add "${LEADER_ELECTION.enabled.key}: true" to ${where}.`,
        );
    }
    const lease = config.get(LEADER_ELECTION.leaseName);
    if (!isUnknown(lease) && !isNonBlank(lease)) {
        out.push(
            `${subject} has no leader election lease name (the operator refuses to start with leader election and no lease). Add "${LEADER_ELECTION.leaseName.key}: flink-operator-lease" to ${where}.`,
        );
    }
    return out;
}

function chartLabelMatches(doc: unknown, names: readonly string[]): boolean {
    const label = readSegments(doc, ["metadata", "labels", "helm.sh/chart"]);
    return typeof label === "string" && names.some((n) => label === n || (label.startsWith(`${n}-`) && /^v?\d/.test(label.slice(n.length + 1))));
}

/**
 * flink-operator-ha on patches of the operator's objects (apps/v1 DeploymentPatch, core/v1 ConfigMapPatch), judged
 * on what they set, as Flink resource patches are: a DeploymentPatch of the operator (named after the chart, as the
 * chart names its Deployment, or carrying the chart label or the operator container) that sets spec.replicas below
 * minReplicas; a ConfigMapPatch of the operator's configuration (flink-operator-config, or the chart label) that
 * replaces flink-conf.yaml or config.yaml with a text without leader election (server-side apply replaces the whole
 * value of a data key).
 */
export function operatorPatchViolations(args: CheckArgs, cfg: OperatorHaConfig): string[] {
    if (args.type !== TYPES.deploymentPatch && args.type !== TYPES.configMapPatch) return [];
    const names = chartNameList(cfg.chartNames);
    const doc = toEngineValue(args.props);
    const name = readSegments(doc, ["metadata", "name"]);
    if (args.type === TYPES.deploymentPatch) {
        const op = operatorContainer(doc, cfg.chartNames);
        if (!((op && !isUnknown(op)) || (typeof name === "string" && names.includes(name)) || chartLabelMatches(doc, names))) return [];
        const replicas = readSegments(doc, ["spec", "replicas"]);
        const min = cfg.minReplicas ?? 2;
        if (replicas === undefined || isUnknown(replicas) || (typeof replicas === "number" && replicas >= min)) return [];
        return [
            `spec.replicas: DeploymentPatch ${args.name} sets the Flink operator Deployment ${String(name)} to ${JSON.stringify(replicas)} replica(s); at least ${min} are required so a standby operator takes over at once. Set spec.replicas: ${min} (with leader election in the operator's configuration). (set by this DeploymentPatch)`,
        ];
    }
    if (!(name === OPERATOR_CONFIG_MAP || chartLabelMatches(doc, names))) return [];
    const data = readSegments(doc, ["data"]);
    if (isUnknown(data) || data === null || typeof data !== "object") return [];
    const out: string[] = [];
    for (const file of ["flink-conf.yaml", "config.yaml"]) {
        const text = (data as any)[file];
        if (typeof text !== "string") continue;
        const config = configFromConfigMap({ [file]: text }, { configMap: String(name), items: [{ key: file, path: file }] });
        if (isUnknown(config)) continue;
        for (const m of leaderElectionViolations(
            config,
            `ConfigMapPatch ${args.name} replaces the Flink operator's ${file}, which then`,
            `data."${file}" in this patch`,
        ))
            out.push(`data.${file}: ${m} (set by this ConfigMapPatch)`);
    }
    return out;
}
