/**
 * The operator's configuration file, as the chart mounts it (templates/controller/deployment.yaml): the legacy
 * "flink-conf.yaml" whenever that key is present in defaultConfiguration (the chart's own values set it),
 * "config.yaml" when it is nulled, none with defaultConfiguration.create false. The component adds leader election
 * and the typed flinkConfiguration / operatorConfiguration to the mounted one; no value can add or hide a key.
 */
import { CHART_DEFAULT_FLINK_CONF, DEFAULT_LEASE_NAME, LEADER_ELECTION } from "../core/operator/chart";
import { legacyConfProblem, parseFlatConf, parseStandardConf, renderFlatConf, renderStandardConf } from "../core/operator/flink-conf";
import { OperatorIssues, OperatorRules } from "./errors";
import { get, isObject, set, show } from "./plain";
import { FlinkOperatorArgs } from "./types";

const RAW = "helmOptions.values";
const ENABLED = LEADER_ELECTION.enabled.key;
const LEASE = LEADER_ELECTION.leaseName.key;

export interface ConfigurationInput {
    args: FlinkOperatorArgs;
    /** helmOptions.values as given (a copy). */
    raw: { [key: string]: any };
    /** The chart values being rendered: defaultConfiguration is written here. */
    values: { [key: string]: any };
    /** The release args: allowNullValues is set here when config.yaml is mounted. */
    release: { [key: string]: any };
    /** The operator replicas, undefined when refused (checks that depend on the count are then left out). */
    replicas: number | undefined;
    /** Which arg gave the replicas ("replicas" or "helmOptions.values.replicas"), for messages. */
    replicasField: string;
}

export interface OperatorConfiguration {
    leaderElection: boolean;
    leaseName: string | undefined;
    /**
     * The Flink defaults the operator lays under every spec (its mounted configuration file as this component writes
     * it: the raw or chart-default text, then the typed settings), for the rule engine of Flink resources given this
     * operator. Undefined with defaultConfiguration.create false (the operator's configuration is not known here).
     * The chart's conf/flink-conf.yaml, which `append: true` puts first, is left out: it sets nothing the rules read.
     */
    defaultFlinkConfiguration: { [key: string]: string } | undefined;
}

/** The typed entries of flinkConfiguration and operatorConfiguration; issues for any that cannot be written. */
function typedEntries(args: FlinkOperatorArgs, issues: OperatorIssues): { flink: Map<string, string>; operator: Map<string, string>; ok: boolean } {
    let ok = true;
    const read = (field: "flinkConfiguration" | "operatorConfiguration"): Map<string, string> => {
        const out = new Map<string, string>();
        const conf = args[field];
        if (conf === undefined) return out;
        if (!isObject(conf)) {
            issues.add(field, OperatorRules.configurationEntry, `${field} is ${show(conf)}; it must be a map of configuration keys to text values.`);
            ok = false;
            return out;
        }
        for (const [k, v] of Object.entries(conf)) {
            const path = `${field}[${JSON.stringify(k)}]`;
            if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
                issues.add(path, OperatorRules.configurationEntry, `${path} is ${show(v)}; it must be text.`);
                ok = false;
                continue;
            }
            out.set(k, String(v));
            // An empty lease name has its own, more precise refusal (leader election).
            if (k === LEASE && String(v) === "") continue;
            const problem = legacyConfProblem(k, String(v));
            if (problem !== undefined) {
                issues.add(
                    path,
                    OperatorRules.configurationEntry,
                    `${path} cannot be written to the operator's flink-conf.yaml, which has no quoting: ${problem}. Remove or fix that entry.`,
                );
                ok = false;
            }
        }
        return out;
    };
    return { flink: read("flinkConfiguration"), operator: read("operatorConfiguration"), ok };
}

function parseBool(value: string | undefined): boolean | undefined | "invalid" {
    if (value === undefined) return undefined;
    const v = String(value).trim().toLowerCase();
    return v === "true" ? true : v === "false" ? false : "invalid";
}

/** Checks the configuration args and writes the mounted configuration file into `input.values`. */
export function operatorConfiguration(input: ConfigurationInput, issues: OperatorIssues): OperatorConfiguration {
    const { args, raw, values, release, replicas, replicasField } = input;
    const typed = typedEntries(args, issues);
    let writable = typed.ok;

    const rawDefaultConfiguration = get(raw, ["defaultConfiguration"]);
    if (rawDefaultConfiguration !== undefined && !isObject(rawDefaultConfiguration)) {
        issues.add(
            `${RAW}.defaultConfiguration`,
            OperatorRules.configurationFile,
            `${RAW}.defaultConfiguration is ${show(rawDefaultConfiguration)}; it must be a map (create, append, flink-conf.yaml, config.yaml, ...).`,
        );
        writable = false;
    }
    let createConfig = get(raw, ["defaultConfiguration", "create"]);
    if (createConfig !== undefined && typeof createConfig !== "boolean") {
        issues.add(
            `${RAW}.defaultConfiguration.create`,
            OperatorRules.configurationFile,
            `${RAW}.defaultConfiguration.create is ${show(createConfig)}; it must be true or false.`,
        );
        createConfig = undefined;
        writable = false;
    }
    const rawLegacy = get(raw, ["defaultConfiguration", "flink-conf.yaml"]);
    const confFile: "flink-conf.yaml" | "config.yaml" = rawLegacy === null ? "config.yaml" : "flink-conf.yaml";
    let rawConfText = confFile === "config.yaml" ? get(raw, ["defaultConfiguration", "config.yaml"]) : rawLegacy;
    const rawConfField = `${RAW}.defaultConfiguration["${confFile}"]`;
    if (rawConfText !== undefined && typeof rawConfText !== "string") {
        issues.add(
            rawConfField,
            OperatorRules.configurationFile,
            `${rawConfField} is ${show(rawConfText)}; it must be plain text, because the component adds its operator settings (leader election) to it.`,
        );
        rawConfText = undefined;
        writable = false;
    }
    if (confFile === "config.yaml" && args.helmOptions?.allowNullValues === false) {
        issues.add(
            "helmOptions.allowNullValues",
            OperatorRules.configurationFile,
            `${RAW}.defaultConfiguration["flink-conf.yaml"] is null to mount config.yaml, but helmOptions.allowNullValues is false, so the null is dropped and the chart mounts its flink-conf.yaml. Remove allowNullValues (the component then sets it) or the null.`,
        );
    }
    const several = replicas !== undefined && replicas > 1;
    const typedAdditions = typed.operator.size > 0 || typed.flink.size > 0;
    if (createConfig === false && (several || typedAdditions)) {
        const why = several
            ? `${replicasField} is ${replicas}, which needs leader election configured there`
            : "operatorConfiguration and flinkConfiguration are written there";
        issues.add(
            `${RAW}.defaultConfiguration.create`,
            OperatorRules.configurationFile,
            `${RAW}.defaultConfiguration.create is false, so the chart writes no operator configuration, but ${why}. Remove it, or set replicas to 1 and drop those settings.`,
        );
    }
    let rawConf = new Map<string, string>();
    if (confFile === "config.yaml") {
        const parsed = parseStandardConf(rawConfText);
        if ("problem" in parsed) {
            issues.add(rawConfField, OperatorRules.configurationFile, `${rawConfField} ${parsed.problem}`);
            writable = false;
        } else rawConf = parsed.conf;
    } else rawConf = parseFlatConf(rawConfText);

    // Leader election: explicit settings (typed over raw) against the replica count.
    const fieldOf = (key: string) => (typed.operator.has(key) ? `operatorConfiguration["${key}"]` : rawConfField);
    const described = (key: string) => (typed.operator.has(key) ? `operatorConfiguration["${key}"]` : `${rawConfField} (${key})`);
    const enabledText = typed.operator.get(ENABLED) ?? rawConf.get(ENABLED);
    const enabled = parseBool(enabledText);
    if (enabled === "invalid") {
        issues.add(fieldOf(ENABLED), OperatorRules.leaderElection, `${described(ENABLED)} is "${enabledText}"; it must be true or false.`);
    }
    const explicitLease = typed.operator.get(LEASE) ?? rawConf.get(LEASE);
    if (several && enabled === false) {
        issues.add(
            fieldOf(ENABLED),
            OperatorRules.leaderElection,
            `${described(ENABLED)} is false but ${replicasField} is ${replicas}: several operator replicas without leader election reconcile the same resources at once. Enable leader election or set replicas to 1.`,
        );
    }
    const leaderElection = createConfig !== false && (several || enabled === true);
    if (leaderElection && explicitLease !== undefined && explicitLease.trim() === "") {
        issues.add(
            fieldOf(LEASE),
            OperatorRules.leaderElection,
            `${described(LEASE)} is empty but leader election is on (${replicasField} is ${replicas}); the operator does not start without a lease name. Remove it (default "${DEFAULT_LEASE_NAME}") or name the lease.`,
        );
    }
    const leaseName = leaderElection ? (explicitLease ?? DEFAULT_LEASE_NAME) : undefined;

    // The file: the raw (or chart default) text, then leader election, Flink defaults, operator settings.
    const entries = new Map<string, string>();
    if (leaderElection) {
        entries.set(ENABLED, "true");
        entries.set(LEASE, leaseName!);
    }
    for (const [k, v] of typed.flink) entries.set(k, v);
    for (const [k, v] of typed.operator) entries.set(k, v);
    const mounted = confFile === "flink-conf.yaml" && rawConfText === undefined ? parseFlatConf(CHART_DEFAULT_FLINK_CONF) : rawConf;
    const defaultFlinkConfiguration = createConfig === false ? undefined : Object.fromEntries([...mounted, ...entries]);
    if (writable && !issues.hasErrors) writeFile({ confFile, createConfig, rawConfText, rawConf, rawConfField, entries, values, release }, issues);
    return { leaderElection, leaseName, defaultFlinkConfiguration };
}

interface FileInput {
    confFile: "flink-conf.yaml" | "config.yaml";
    createConfig: unknown;
    rawConfText: string | undefined;
    rawConf: Map<string, string>;
    rawConfField: string;
    entries: Map<string, string>;
    values: { [key: string]: any };
    release: { [key: string]: any };
}

function writeFile(f: FileInput, issues: OperatorIssues): void {
    if (f.confFile === "flink-conf.yaml") {
        if (f.createConfig === false) return;
        try {
            set(f.values, ["defaultConfiguration", "flink-conf.yaml"], renderFlatConf(f.rawConfText ?? CHART_DEFAULT_FLINK_CONF, f.entries));
        } catch (e) {
            // Entries are checked above; a key the checks missed is still refused, never written.
            issues.add(f.rawConfField, OperatorRules.configurationEntry, (e as Error).message);
        }
        return;
    }
    // Standard YAML: the user's keys flattened, ours over them (typed wins), one `key: value` line each.
    if (f.entries.size > 0) set(f.values, ["defaultConfiguration", "config.yaml"], renderStandardConf(new Map([...f.rawConf, ...f.entries]), f.rawConfField));
    // The null must reach Helm to remove the chart's flink-conf.yaml key; the provider drops nulls otherwise.
    f.release.allowNullValues = true;
}
