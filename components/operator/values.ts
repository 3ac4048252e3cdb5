/**
 * From FlinkOperator args to Helm release settings and chart values: plain data in, plain data out, every refusal
 * thrown here at construction. Value names follow the chart's values.yaml and templates/ of 1.15.0.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import {
    CHART_DEFAULT_FLINK_CONF, CHART_NAME, DEFAULT_JOB_SERVICE_ACCOUNT, DEFAULT_LEASE_NAME, DEFAULT_NAMESPACE,
    DEFAULT_OPERATOR_VERSION, DEFAULT_REPLICAS, RELEASE_IMAGE_REPOSITORY, LEADER_ELECTION_ENABLED, LEADER_ELECTION_LEASE_NAME,
    OPERATOR_POD_LABEL_KEY, defaultCrdBaseUrl, defaultRepository,
} from "./defaults";
import { FlinkOperatorArgs, OperatorWebhook } from "./types";
import { parseLegacyFlinkConf } from "../core/flink/config";

/** Thrown for FlinkOperator args that cannot work; the message names the field. */
export class FlinkOperatorArgsError extends Error {
    constructor(resourceName: string, message: string) {
        super(`FlinkOperator "${resourceName}": ${message}`);
        this.name = "FlinkOperatorArgsError";
    }
}

export interface RenderedOperator {
    namespace: string;
    createNamespace: boolean;
    /** Release args other than values (plain). */
    release: { [key: string]: any };
    values: { [key: string]: any };
    /** Chart version when known at construction (remote: the requested one; local: Chart.yaml's). */
    chartVersion: string | undefined;
    localChart: string | undefined;
    replicas: number;
    leaderElection: boolean;
    leaseName: string | undefined;
    validatingWebhook: boolean;
    mutatingWebhook: boolean;
    watchNamespaces: string[];
    jobServiceAccount: string;
    jobServiceAccountCreated: boolean;
    /** Where CRD manifests come from, or undefined when Helm installs them. */
    crdSource: { kind: "directory"; path: string } | { kind: "url"; base: string } | undefined;
    retainCrds: boolean;
    /**
     * The Flink defaults the operator lays under every spec (its mounted configuration file as this component writes
     * it: the raw or chart-default text, then the typed settings), for the rule engine of Flink resources given this
     * operator. Undefined with defaultConfiguration.create false (the operator's configuration is not known here).
     * The chart's conf/flink-conf.yaml, which `append: true` puts first, is left out: it sets nothing the rules read.
     */
    defaultFlinkConfiguration: { [key: string]: string } | undefined;
}

const RAW = "helmOptions.values";
/**
 * The most operator replicas accepted. Only the leader reconciles; the others are standbys that each watch every
 * Flink resource and renew the lease, so beyond a few they only load the API server (a typo such as 20 for 2).
 */
export const MAX_REPLICAS = 10;
/** A Kubernetes namespace name: a DNS-1123 label. */
const DNS1123_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A plain map (not an array, and not an Output, secret or other object, which are values in their own right). */
function isObject(v: unknown): v is { [key: string]: any } {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
}

/** A deep copy of plain maps and arrays; anything else (Outputs, secrets) is kept as it is, so nothing is lost. */
function clone<T>(v: T): T {
    if (Array.isArray(v)) return v.map(clone) as unknown as T;
    if (!isObject(v)) return v;
    const out: { [key: string]: any } = {};
    for (const [k, x] of Object.entries(v)) out[k] = clone(x);
    return out as T;
}

/** How a value is shown in a message: JSON for plain data, a word for what has none. */
function show(v: unknown): string {
    if (v !== null && typeof v === "object" && !Array.isArray(v) && !isObject(v)) return "an Output or other non-plain value (not known at construction)";
    return JSON.stringify(v);
}

/**
 * `key: value` pairs of a standard-YAML config.yaml, nested maps flattened to dotted keys as Flink reads them.
 * Refused (with the field) when the text is not YAML or not a map.
 */
function parseStandardConf(text: string | undefined, field: string, name: string): Map<string, string> {
    const out = new Map<string, string>();
    let doc: unknown;
    try {
        doc = yaml.load(text ?? "");
    } catch (e) {
        throw new FlinkOperatorArgsError(name, `${field} is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
    }
    if (doc === undefined || doc === null) return out;
    if (!isObject(doc)) throw new FlinkOperatorArgsError(name, `${field} must be a YAML map of configuration keys.`);
    const walk = (prefix: string, node: { [key: string]: any }) => {
        for (const [k, v] of Object.entries(node)) {
            const key = prefix ? `${prefix}.${k}` : k;
            if (isObject(v)) walk(key, v);
            else out.set(key, Array.isArray(v) ? v.join(";") : String(v));
        }
    };
    walk("", doc);
    return out;
}

function get(obj: any, keys: string[]): any {
    let cur = obj;
    for (const k of keys) {
        if (!isObject(cur)) return undefined;
        cur = cur[k];
    }
    return cur;
}

/** Sets obj[keys...] = value, creating (or replacing non-object) intermediate maps: the typed value replaces the raw one at its path. */
function set(obj: { [key: string]: any }, keys: string[], value: unknown): void {
    let cur = obj;
    for (const k of keys.slice(0, -1)) {
        if (!isObject(cur[k])) cur[k] = {};
        cur = cur[k];
    }
    cur[keys[keys.length - 1]] = clone(value);
}

/** `key: value` lines of a flat flink-conf.yaml, as Flink reads them. */
export function parseFlatConf(text: string | undefined): Map<string, string> {
    return new Map(Object.entries(parseLegacyFlinkConf(text ?? "")));
}

/** The key a line of a legacy flink-conf.yaml sets, read as parseLegacyFlinkConf (and Flink) reads it; undefined for none. */
function legacyLineKey(line: string): string | undefined {
    const content = line.split("#", 1)[0].trim();
    const sep = content.indexOf(": ");
    if (sep <= 0) return undefined;
    const key = content.slice(0, sep).trim();
    return key === "" ? undefined : key;
}

/** Whitespace as either JavaScript's trim or Java's String.trim (every char up to U+0020) removes it. */
function trimmable(c: string): boolean {
    return c <= " " || c.trim() === "";
}

/**
 * Why `key: value` cannot be one line of a legacy flink-conf.yaml that Flink reads back as exactly this key and value
 * (undefined when it can). The format has no quoting or escaping: Flink splits lines (\n, \r), cuts each at the
 * first "#", splits it at the first ": " and trims both sides; so a line break or "#" anywhere, ": " in a key, an
 * empty key or value, or surrounding whitespace would change what is read (a line break would even add keys).
 */
export function legacyConfProblem(key: string, value: string): string | undefined {
    const why: string[] = [];
    const check = (what: string, s: string, isKey: boolean) => {
        if (/[\r\n]/.test(s)) why.push(`its ${what} contains a line break`);
        if (s.includes("#")) why.push(`its ${what} contains "#", which starts a comment there`);
        if (isKey && s.includes(": ")) why.push(`its key contains ": ", which ends a key there`);
        if (s === "") why.push(`its ${what} is empty (Flink skips such a line)`);
        else if (trimmable(s[0]) || trimmable(s[s.length - 1])) why.push(`its ${what} starts or ends with whitespace, which Flink trims`);
        if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029]/.test(s)) why.push(`its ${what} contains a control or line-separator character`);
    };
    check("key", key, true);
    check("value", value, false);
    return why.length ? why.join("; ") : undefined;
}

/** `base` without lines setting any of `keys`, then one `key: value` line per entry, under a comment naming `setBy`. */
export function renderFlatConf(base: string, entries: Map<string, string>, setBy = "the FlinkOperator component (pulumi-flink)"): string {
    if (entries.size === 0) return base;
    for (const [k, v] of entries) {
        const problem = legacyConfProblem(k, v);
        if (problem !== undefined) throw new Error(`configuration key ${JSON.stringify(k)} cannot be written to flink-conf.yaml: ${problem}.`);
    }
    const kept = base.split(/\r\n|\r|\n/).filter((line) => {
        const key = legacyLineKey(line);
        return key === undefined || !entries.has(key);
    });
    while (kept.length > 0 && kept[kept.length - 1].trim() === "") kept.pop();
    const lines = [...kept, "", `# Set by ${setBy}`];
    for (const [k, v] of entries) lines.push(`${k}: ${v}`);
    return lines.join("\n") + "\n";
}

function parseBool(value: string | undefined, field: string, name: string): boolean | undefined {
    if (value === undefined) return undefined;
    const v = String(value).trim().toLowerCase();
    if (v === "true") return true;
    if (v === "false") return false;
    throw new FlinkOperatorArgsError(name, `${field} is "${value}"; it must be true or false.`);
}

function isUrl(s: string): boolean {
    return /^(https?|oci):\/\//i.test(s);
}

/** Helm's `trunc 63 | trimSuffix "-"`. */
function dnsName(s: string): string {
    return s.slice(0, 63).replace(/-$/, "");
}

/** The chart's flink-operator.name (templates/_helpers.tpl): nameOverride or the chart name. */
function chartShortName(raw: { [key: string]: any }): string {
    return dnsName(typeof raw.nameOverride === "string" && raw.nameOverride !== "" ? raw.nameOverride : CHART_NAME);
}

/** The chart's flink-operator.fullname: fullnameOverride, else the release name joined with the chart's name. */
function chartFullname(releaseName: string, raw: { [key: string]: any }): string {
    if (typeof raw.fullnameOverride === "string" && raw.fullnameOverride !== "") return dnsName(raw.fullnameOverride);
    const short = typeof raw.nameOverride === "string" && raw.nameOverride !== "" ? raw.nameOverride : CHART_NAME;
    return dnsName(releaseName.includes(short) ? releaseName : `${releaseName}-${short}`);
}

interface LocalChart {
    version?: string;
    appVersion?: string;
    /** image.tag of its values.yaml. */
    imageTag?: string;
}

/** A local chart's Chart.yaml versions and the image tag its values.yaml sets. */
function readLocalChart(name: string, chartPath: string): LocalChart {
    const file = path.join(chartPath, "Chart.yaml");
    if (!fs.existsSync(file)) throw new FlinkOperatorArgsError(name, `chartPath "${chartPath}" is not a chart directory (no Chart.yaml).`);
    const chart = yaml.load(fs.readFileSync(file, "utf8")) as any;
    const valuesFile = path.join(chartPath, "values.yaml");
    const chartValues = fs.existsSync(valuesFile) ? (yaml.load(fs.readFileSync(valuesFile, "utf8")) as any) : undefined;
    const text = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
    return { version: text(chart?.version), appVersion: text(chart?.appVersion), imageTag: text(chartValues?.image?.tag) };
}

/**
 * The operator image to pin when nobody chose one: the release image at the chart's appVersion, in place of the
 * chart's floating `latest` (a restart could otherwise bring another operator version). Undefined when the user set
 * any of image.repository, image.tag or image.digest (typed or raw), or a local chart already pins its own tag.
 */
function pinnedImage(values: { [key: string]: any }, localChart: LocalChart | undefined, chartVersion: string | undefined): { repository: string; tag: string } | undefined {
    const chosen = ["repository", "tag", "digest"].some((k) => {
        const v = get(values, ["image", k]);
        return v !== undefined && v !== null && v !== "";
    });
    if (chosen) return undefined;
    if (localChart === undefined) return chartVersion === undefined ? undefined : { repository: RELEASE_IMAGE_REPOSITORY, tag: chartVersion };
    const floating = localChart.imageTag === undefined || localChart.imageTag === "" || localChart.imageTag === "latest";
    const tag = localChart.appVersion ?? localChart.version;
    return floating && tag !== undefined ? { repository: RELEASE_IMAGE_REPOSITORY, tag } : undefined;
}

/** Everything the component creates, decided from args alone. Throws FlinkOperatorArgsError on refused input. */
export function renderOperator(name: string, args: FlinkOperatorArgs = {}): RenderedOperator {
    const helm = args.helmOptions ?? {};
    if (helm.values !== undefined && !isObject(helm.values)) throw new FlinkOperatorArgsError(name, `${RAW} must be a map of chart values.`);
    const raw = clone(helm.values ?? {});
    const values: { [key: string]: any } = clone(raw);
    const namespace = args.namespace ?? DEFAULT_NAMESPACE;
    const releaseName = helm.name ?? name;

    // Chart source: a local directory, or a chart in a repository at a version.
    const helmChartIsPath = helm.chart !== undefined && !isUrl(helm.chart) && (helm.chart.startsWith(".") || helm.chart.startsWith("/") || fs.existsSync(helm.chart));
    const localChart = args.chartPath ?? (helmChartIsPath ? helm.chart : undefined);
    let chartVersion: string | undefined;
    let localChartInfo: LocalChart | undefined;
    const release: { [key: string]: any } = { ...helm };
    delete release.values;
    release.name = releaseName;
    release.namespace = namespace;
    if (localChart !== undefined) {
        localChartInfo = readLocalChart(name, localChart);
        chartVersion = localChartInfo.version;
        if (args.version !== undefined && chartVersion !== undefined && args.version !== chartVersion) {
            throw new FlinkOperatorArgsError(name, `version is "${args.version}" but the chart at chartPath "${localChart}" is version ${chartVersion}. Remove version or point chartPath at that release's chart.`);
        }
        if (args.repository !== undefined) throw new FlinkOperatorArgsError(name, `repository and chartPath are both set; a local chart is not read from a repository. Remove one.`);
        release.chart = localChart;
        delete release.version;
        delete release.repositoryOpts;
    } else {
        chartVersion = args.version ?? helm.version ?? DEFAULT_OPERATOR_VERSION;
        release.chart = helm.chart ?? CHART_NAME;
        release.version = chartVersion;
        release.repositoryOpts = { ...helm.repositoryOpts, repo: args.repository ?? helm.repositoryOpts?.repo ?? defaultRepository(chartVersion) };
    }

    // Replicas and leader election.
    const replicasField = args.replicas === undefined && raw.replicas !== undefined ? `${RAW}.replicas` : "replicas";
    const replicas = args.replicas ?? raw.replicas ?? DEFAULT_REPLICAS;
    // Every problem of the arguments below at once, in one error.
    const problems: string[] = [];
    if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 1 || replicas > MAX_REPLICAS) {
        problems.push(`${replicasField} is ${show(replicas)}; the operator needs a whole number of at least 1 and at most ${MAX_REPLICAS} (default 2, with leader election). Only the leader reconciles: more replicas add no capacity, only standbys watching every resource and renewing the lease against the API server.`);
    }
    const dnsProblem = (field: string, value: unknown) => {
        if (typeof value !== "string" || !DNS1123_LABEL.test(value)) {
            problems.push(`${field} is ${show(value)}; a namespace must be a DNS-1123 label: at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit.`);
        }
    };
    if (args.namespace !== undefined) dnsProblem("namespace", args.namespace);
    if (args.watchNamespaces !== undefined) {
        if (!Array.isArray(args.watchNamespaces)) problems.push(`watchNamespaces is ${show(args.watchNamespaces)}; it must be a list of namespaces.`);
        else args.watchNamespaces.forEach((ns, i) => dnsProblem(`watchNamespaces[${i}]`, ns));
    }
    for (const field of ["flinkConfiguration", "operatorConfiguration"] as const) {
        const conf = args[field];
        if (conf === undefined) continue;
        if (!isObject(conf)) {
            problems.push(`${field} is ${show(conf)}; it must be a map of configuration keys to text values.`);
            continue;
        }
        for (const [k, v] of Object.entries(conf)) {
            if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
                problems.push(`${field}[${JSON.stringify(k)}] is ${show(v)}; it must be text.`);
                continue;
            }
            // An empty lease name has its own, more precise refusal below.
            if (k === LEADER_ELECTION_LEASE_NAME && String(v) === "") continue;
            const problem = legacyConfProblem(k, String(v));
            if (problem !== undefined) problems.push(`${field}[${JSON.stringify(k)}] cannot be written to the operator's flink-conf.yaml, which has no quoting: ${problem}. Remove or fix that entry.`);
        }
    }
    if (problems.length === 1) throw new FlinkOperatorArgsError(name, problems[0]);
    if (problems.length > 1) throw new FlinkOperatorArgsError(name, `${problems.length} problems; fix these and run again:\n${problems.map((p) => `  - ${p}`).join("\n")}`);

    // Which file the chart mounts as the operator configuration (templates/controller/deployment.yaml): the legacy
    // "flink-conf.yaml" whenever that key is present (the chart's own values set it), "config.yaml" when it is nulled,
    // none with defaultConfiguration.create false. The component adds its settings to the mounted one.
    const rawDefaultConfiguration = get(raw, ["defaultConfiguration"]);
    if (rawDefaultConfiguration !== undefined && !isObject(rawDefaultConfiguration)) {
        throw new FlinkOperatorArgsError(name, `${RAW}.defaultConfiguration is ${show(rawDefaultConfiguration)}; it must be a map (create, append, flink-conf.yaml, config.yaml, ...).`);
    }
    const createConfig = get(raw, ["defaultConfiguration", "create"]);
    if (createConfig !== undefined && typeof createConfig !== "boolean") {
        throw new FlinkOperatorArgsError(name, `${RAW}.defaultConfiguration.create is ${show(createConfig)}; it must be true or false.`);
    }
    const rawLegacy = get(raw, ["defaultConfiguration", "flink-conf.yaml"]);
    const rawStandard = get(raw, ["defaultConfiguration", "config.yaml"]);
    const confFile: "flink-conf.yaml" | "config.yaml" = rawLegacy === null ? "config.yaml" : "flink-conf.yaml";
    const rawConfText = confFile === "config.yaml" ? rawStandard : rawLegacy;
    const rawConfField = `${RAW}.defaultConfiguration["${confFile}"]`;
    if (rawConfText !== undefined && typeof rawConfText !== "string") {
        throw new FlinkOperatorArgsError(name, `${rawConfField} is ${show(rawConfText)}; it must be plain text, because the component adds its operator settings (leader election) to it.`);
    }
    if (confFile === "config.yaml" && helm.allowNullValues === false) {
        throw new FlinkOperatorArgsError(name, `${RAW}.defaultConfiguration["flink-conf.yaml"] is null to mount config.yaml, but helmOptions.allowNullValues is false, so the null is dropped and the chart mounts its flink-conf.yaml. Remove allowNullValues (the component then sets it) or the null.`);
    }
    const typedOperatorConf = new Map(Object.entries(args.operatorConfiguration ?? {}).map(([k, v]) => [k, String(v)] as [string, string]));
    const typedAdditions = typedOperatorConf.size > 0 || Object.keys(args.flinkConfiguration ?? {}).length > 0;
    if (createConfig === false && (replicas > 1 || typedAdditions)) {
        const why = replicas > 1 ? `${replicasField} is ${replicas}, which needs leader election configured there` : "operatorConfiguration and flinkConfiguration are written there";
        throw new FlinkOperatorArgsError(name, `${RAW}.defaultConfiguration.create is false, so the chart writes no operator configuration, but ${why}. Remove it, or set replicas to 1 and drop those settings.`);
    }
    const rawConf = confFile === "config.yaml" ? parseStandardConf(rawConfText, rawConfField, name) : parseFlatConf(rawConfText);
    const confField = (key: string) => typedOperatorConf.has(key) ? `operatorConfiguration["${key}"]` : `${rawConfField} (${key})`;
    const explicitEnabled = parseBool(typedOperatorConf.get(LEADER_ELECTION_ENABLED) ?? rawConf.get(LEADER_ELECTION_ENABLED), confField(LEADER_ELECTION_ENABLED), name);
    const explicitLease = typedOperatorConf.get(LEADER_ELECTION_LEASE_NAME) ?? rawConf.get(LEADER_ELECTION_LEASE_NAME);
    if (replicas > 1 && explicitEnabled === false) {
        throw new FlinkOperatorArgsError(name, `${confField(LEADER_ELECTION_ENABLED)} is false but ${replicasField} is ${replicas}: several operator replicas without leader election reconcile the same resources at once. Enable leader election or set replicas to 1.`);
    }
    const leaderElection = createConfig !== false && (replicas > 1 || explicitEnabled === true);
    if (leaderElection && explicitLease !== undefined && explicitLease.trim() === "") {
        throw new FlinkOperatorArgsError(name, `${confField(LEADER_ELECTION_LEASE_NAME)} is empty but leader election is on (${replicasField} is ${replicas}); the operator does not start without a lease name. Remove it (default "${DEFAULT_LEASE_NAME}") or name the lease.`);
    }
    const leaseName = leaderElection ? (explicitLease ?? DEFAULT_LEASE_NAME) : undefined;
    set(values, ["replicas"], replicas);
    if (leaderElection && raw.strategy === undefined) set(values, ["strategy"], { type: "RollingUpdate" });

    // The configuration file: the raw (or chart default) text, then leader election, Flink defaults, operator settings.
    const confEntries = new Map<string, string>();
    if (leaderElection) {
        confEntries.set(LEADER_ELECTION_ENABLED, "true");
        confEntries.set(LEADER_ELECTION_LEASE_NAME, leaseName!);
    }
    for (const [k, v] of Object.entries(args.flinkConfiguration ?? {})) confEntries.set(k, String(v));
    for (const [k, v] of typedOperatorConf) confEntries.set(k, v);
    const mounted = confFile === "flink-conf.yaml" && rawConfText === undefined ? parseFlatConf(CHART_DEFAULT_FLINK_CONF) : rawConf;
    const defaultFlinkConfiguration = createConfig === false ? undefined : Object.fromEntries([...mounted, ...confEntries]);
    if (confFile === "flink-conf.yaml") {
        if (createConfig !== false) set(values, ["defaultConfiguration", "flink-conf.yaml"], renderFlatConf(rawConfText ?? CHART_DEFAULT_FLINK_CONF, confEntries));
    } else {
        // Standard YAML: the user's keys flattened, ours over them (typed wins), one `key: value` line each.
        const merged = Object.fromEntries([...rawConf, ...confEntries]);
        if (confEntries.size > 0) set(values, ["defaultConfiguration", "config.yaml"], `# Written by the FlinkOperator component (pulumi-flink) from ${rawConfField} and its typed settings\n${yaml.dump(merged, { lineWidth: -1 })}`);
        // The null must reach Helm to remove the chart's flink-conf.yaml key; the provider drops nulls otherwise.
        release.allowNullValues = true;
    }

    // Plain value mappings: typed arg → chart value path.
    const mappings: [unknown, string[]][] = [
        [args.watchNamespaces, ["watchNamespaces"]],
        [args.image?.repository, ["image", "repository"]],
        [args.image?.tag, ["image", "tag"]],
        [args.image?.digest, ["image", "digest"]],
        [args.image?.pullPolicy, ["image", "pullPolicy"]],
        [args.image?.pullSecrets?.map((s) => ({ name: s })), ["imagePullSecrets"]],
        [args.resources, ["operatorPod", "resources"]],
        [args.webhookResources, ["operatorPod", "webhook", "resources"]],
        [args.podSecurityContext, ["podSecurityContext"]],
        [args.operatorSecurityContext, ["operatorSecurityContext"]],
        [args.webhookSecurityContext, ["webhookSecurityContext"]],
        [args.jobServiceAccount?.create, ["jobServiceAccount", "create"]],
        [args.jobServiceAccount?.name, ["jobServiceAccount", "name"]],
        [args.jobServiceAccount?.annotations, ["jobServiceAccount", "annotations"]],
        [args.metricsPort, ["metrics", "port"]],
        [args.nodeSelector, ["operatorPod", "nodeSelector"]],
        [args.tolerations, ["operatorPod", "tolerations"]],
        [args.affinity, ["operatorPod", "affinity"]],
    ];
    for (const [value, keys] of mappings) if (value !== undefined) set(values, keys, value);
    const pinned = pinnedImage(values, localChartInfo, chartVersion);
    if (pinned) {
        set(values, ["image", "repository"], pinned.repository);
        set(values, ["image", "tag"], pinned.tag);
    }
    const keystore = args.webhookKeystorePasswordSecret;
    if (keystore !== undefined) {
        if (!keystore || typeof keystore.name !== "string" || keystore.name === "" || typeof keystore.key !== "string" || keystore.key === "") {
            throw new FlinkOperatorArgsError(name, `webhookKeystorePasswordSecret needs a Secret name and key, e.g. { name: "flink-webhook-keystore", key: "password" }.`);
        }
        set(values, ["webhook", "keystore"], { useDefaultPassword: false, passwordSecretRef: { name: keystore.name, key: keystore.key } });
    }
    if (args.metricsPort !== undefined && (!Number.isInteger(args.metricsPort) || args.metricsPort < 1 || args.metricsPort > 65535)) {
        throw new FlinkOperatorArgsError(name, `metricsPort is ${args.metricsPort}; it must be a port number (1-65535).`);
    }
    if (replicas > 1 && args.affinity === undefined && get(raw, ["operatorPod", "affinity"]) === undefined) {
        // Replicas on different nodes where possible, so one node going away leaves a standby.
        set(values, ["operatorPod", "affinity"], {
            podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [{
                    weight: 100,
                    podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: { [OPERATOR_POD_LABEL_KEY]: chartShortName(raw) } } },
                }],
            },
        });
    }

    // Webhook: typed choice wins; otherwise the raw values decide as the chart does (webhook.create, validator/mutator).
    if (args.webhook !== undefined && !Object.values(OperatorWebhook).includes(args.webhook)) {
        throw new FlinkOperatorArgsError(name, `webhook is "${args.webhook}"; use one of ${Object.values(OperatorWebhook).map((v) => `"${v}"`).join(", ")}.`);
    }
    if (args.webhook === OperatorWebhook.Disabled) {
        set(values, ["webhook", "create"], false);
        if (isObject(get(values, ["webhook", "validator"]))) set(values, ["webhook", "validator", "create"], false);
        if (isObject(get(values, ["webhook", "mutator"]))) set(values, ["webhook", "mutator", "create"], false);
    } else if (args.webhook === OperatorWebhook.CertManager) {
        set(values, ["webhook", "create"], true);
        // Typed wins: raw values that turn off one half are overridden too.
        if (isObject(get(values, ["webhook", "validator"]))) set(values, ["webhook", "validator", "create"], true);
        if (isObject(get(values, ["webhook", "mutator"]))) set(values, ["webhook", "mutator", "create"], true);
    }
    const webhookCreate = get(values, ["webhook", "create"]) ?? true;
    const part = (which: string) => isObject(get(values, ["webhook", which])) ? Boolean(values.webhook[which].create) : Boolean(webhookCreate);
    const validatingWebhook = part("validator");
    const mutatingWebhook = part("mutator");

    // Job service account (templates/flink/_helpers.tpl flink-operator.jobServiceAccountName).
    const jsaCreate = get(values, ["jobServiceAccount", "create"]) ?? true;
    const jsaName = get(values, ["jobServiceAccount", "name"]) ?? DEFAULT_JOB_SERVICE_ACCOUNT;
    const jobServiceAccount = jsaName ? String(jsaName) : (jsaCreate ? chartFullname(releaseName, raw) : "default");
    const watchNamespaces: string[] = Array.isArray(values.watchNamespaces) ? values.watchNamespaces.map(String) : [];

    // CRDs.
    const manageCrds = args.crds?.manage ?? true;
    let crdSource: RenderedOperator["crdSource"];
    if (manageCrds) {
        const source = args.crds?.source ?? (localChart !== undefined ? path.join(localChart, "crds") : defaultCrdBaseUrl(chartVersion!));
        crdSource = isUrl(source) ? { kind: "url", base: source.endsWith("/") ? source : `${source}/` } : { kind: "directory", path: source };
        release.skipCrds = true;
    }
    if (args.skipAwait !== undefined) release.skipAwait = args.skipAwait;

    return {
        namespace,
        createNamespace: args.createNamespace ?? true,
        release,
        values,
        chartVersion,
        localChart,
        replicas,
        leaderElection,
        leaseName,
        validatingWebhook,
        mutatingWebhook,
        watchNamespaces,
        jobServiceAccount,
        jobServiceAccountCreated: Boolean(jsaCreate),
        crdSource,
        retainCrds: args.crds?.retainOnDelete ?? true,
        defaultFlinkConfiguration,
    };
}

/** The CRD manifests in a directory (every *.yml / *.yaml, each document of kind CustomResourceDefinition). */
export function readCrdDirectory(name: string, dir: string): any[] {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        throw new FlinkOperatorArgsError(name, `the CRD directory "${dir}" does not exist (crds.source, or the crds/ folder of chartPath).`);
    }
    const docs: any[] = [];
    for (const file of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
        for (const doc of yaml.loadAll(fs.readFileSync(path.join(dir, file), "utf8"))) {
            if (isObject(doc) && doc.kind === "CustomResourceDefinition") docs.push(doc);
        }
    }
    if (docs.length === 0) throw new FlinkOperatorArgsError(name, `no CustomResourceDefinition found in "${dir}".`);
    return docs;
}
