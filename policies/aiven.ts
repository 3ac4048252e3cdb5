/** Policies on Aiven services (@pulumi/aiven, and the Aiven operator's Flink resource), matched by type token: termination protection, IP filters, maintenance window. */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { isUnknown } from "../components/rules";
import { cidrReadings, familyText, isOpenToAll, openFilters } from "../components/core";
import { AIVEN_OPERATOR_PATCH_TYPES, AIVEN_OPERATOR_TYPES, AIVEN_SERVICE_TYPES, CheckArgs, configOf, findingMessage, requireRule, runRules } from "./common";
import { toDocument, toEngineValue, unwrapProxies } from "./props";
import { isNonBlank } from "../components/core";

interface TypesConfig {
    /** Type tokens to check instead of AIVEN_SERVICE_TYPES. */
    resourceTypes?: string[];
}

const TYPES_SCHEMA = {
    resourceTypes: {
        type: "array",
        items: { type: "string" },
        description:
            "Type tokens to check (default: every Aiven service type, e.g. aiven:index/flink:Flink, and the Aiven operator's kubernetes:aiven.io/v1alpha1:Flink).",
    },
} as const;

function applies(args: { type: string; getConfig<C extends object>(): C }): boolean {
    const types = configOf<TypesConfig>(args).resourceTypes;
    return (types && types.length > 0 ? types : [...AIVEN_SERVICE_TYPES, ...AIVEN_OPERATOR_TYPES, ...AIVEN_OPERATOR_PATCH_TYPES]).includes(args.type);
}

/** Whether the resource is the Aiven operator's Flink resource or a patch of it (fields under spec), rather than a @pulumi/aiven service. */
function isOperatorResource(args: { type: string }): boolean {
    return AIVEN_OPERATOR_TYPES.includes(args.type) || isOperatorPatch(args);
}

/** A CustomResourcePatch of the operator's resource: it sets some fields of an object the policy cannot see. */
function isOperatorPatch(args: { type: string }): boolean {
    return AIVEN_OPERATOR_PATCH_TYPES.includes(args.type);
}

/** The service's fields: the props of a @pulumi/aiven service, the spec of the operator's resource. */
function serviceProps(args: CheckArgs): { [k: string]: unknown } {
    let props = toEngineValue(args.props);
    if (isOperatorResource(args) && props !== null && typeof props === "object" && !isUnknown(props)) props = (props as { [k: string]: unknown }).spec;
    return props !== null && typeof props === "object" && !isUnknown(props) ? (props as { [k: string]: unknown }) : {};
}

// ---------------------------------------------------------------------------------------------------------------
// 1. aiven-termination-protection

export function checkTerminationProtection(args: CheckArgs, reportViolation: ReportViolation): void {
    if (!applies(args)) return;
    const value = serviceProps(args).terminationProtection;
    if (isUnknown(value) || value === true) return;
    // A patch that leaves terminationProtection out leaves the object's as it is: only one that turns it off is reported.
    if (isOperatorPatch(args) && value === undefined) return;
    const field = isOperatorResource(args) ? "spec.terminationProtection" : "terminationProtection";
    reportViolation(
        `Aiven service ${args.name} (${args.type}) has ${field} ${value === undefined ? "unset (false)" : JSON.stringify(value)}, so a destroy or a replacing change deletes it and its data. Set ${field}: true (or run this policy at level "remediate" to set it).`,
    );
}

/** Sets terminationProtection: true when it is not; leaves the resource alone when it is true or unknown. */
export function remediateTerminationProtection(args: ResourceValidationArgs): Record<string, any> | undefined {
    if (!applies(args)) return undefined;
    // The raw object: keeps secret wrappers and unknown sentinels as they are for the engine.
    const raw: any = unwrapProxies(args.props);
    if (raw === null || typeof raw !== "object") return undefined;
    if (isOperatorResource(args)) {
        const spec = raw.spec;
        if (isUnknown(toEngineValue(spec))) return undefined;
        const current = toEngineValue(spec?.terminationProtection);
        if (current === true || isUnknown(current) || (isOperatorPatch(args) && current === undefined)) return undefined;
        return { ...raw, spec: { ...(spec ?? {}), terminationProtection: true } };
    }
    const current = toEngineValue(raw.terminationProtection);
    if (current === true || isUnknown(current)) return undefined;
    return { ...raw, terminationProtection: true };
}

export const aivenTerminationProtection: ResourceValidationPolicy = {
    name: "aiven-termination-protection",
    description:
        'Every Aiven service (aiven.Flink and the other @pulumi/aiven services; the Aiven operator\'s Flink resource however made, at spec.terminationProtection) has terminationProtection: true. At level "remediate" the policy sets it.',
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...TYPES_SCHEMA } },
    remediateResource: remediateTerminationProtection,
    validateResource: checkTerminationProtection,
};

// ---------------------------------------------------------------------------------------------------------------
// 4c. aiven-ip-filter-not-open

export interface IpFilterConfig extends TypesConfig {
    /** Also flag services with no IP filter at all (Aiven then allows 0.0.0.0/0). */
    requireIpFilter?: boolean;
}

/** Whether one CIDR alone admits every address (any spelling of 0.0.0.0/0 or ::/0; see components/core/cidr.ts). */
export function isOpenNetwork(network: string): boolean {
    return isOpenToAll(network);
}

function userConfigKeys(props: { [k: string]: unknown }): string[] {
    return Object.keys(props).filter((k) => k.endsWith("UserConfig"));
}

const REPLACE_HINT = "Replace it with your networks' CIDRs (e.g. your VPC or office range), or use VPC peering / privatelinkAccess.";

/**
 * Every entry of every IP filter list (ipFilterObjects, ipFilterStrings, ipFilters of each *UserConfig) is read as
 * a CIDR in every way a parser could read it, and the union of all of them is checked: one entry that admits every
 * IPv4 or IPv6 address is reported by its path; entries that do so only together (0.0.0.0/1 and 128.0.0.0/1) are
 * reported as a set. Unknown entries (preview) cannot shrink the union, so the known ones are still judged.
 */
export function checkIpFilter(args: CheckArgs, reportViolation: ReportViolation): void {
    if (!applies(args)) return;
    const props = serviceProps(args);
    const cfg = configOf<IpFilterConfig>(args);
    if (isOperatorResource(args)) {
        // The operator's resource is a kind of the rule engine: its own rule, read through its view (snake_case userConfig).
        // A patch is read as the object it sets (its ip_filter list replaces the object's).
        const doc = toDocument(args.props, "Flink");
        if (isOperatorPatch(args)) doc.kind = "Flink";
        for (const f of runRules([requireRule("aiven-ip-filter-open")], doc))
            reportViolation(`Aiven service ${args.name}: ${findingMessage(f)} ${REPLACE_HINT}`);
        if (isOperatorPatch(args)) return;
        const userConfig: any = props.userConfig;
        const list = userConfig !== null && typeof userConfig === "object" && !isUnknown(userConfig) ? userConfig.ip_filter : userConfig;
        if (cfg.requireIpFilter === true && !isUnknown(userConfig) && !isUnknown(list) && !(Array.isArray(list) && list.length > 0)) {
            reportViolation(
                `Aiven service ${args.name} has no IP filter, and Aiven then allows 0.0.0.0/0. Set spec.userConfig.ip_filter to your networks, e.g. [{ network: "10.0.0.0/8", description: "VPC" }].`,
            );
        }
        return;
    }
    let anyFilter = false;
    let anyUnknown = false;
    const labels: string[] = [];
    const networks: unknown[] = [];
    for (const key of userConfigKeys(props)) {
        const userConfig: any = props[key];
        if (isUnknown(userConfig)) {
            anyUnknown = true;
            continue;
        }
        if (userConfig === null || typeof userConfig !== "object") continue;
        for (const field of ["ipFilterObjects", "ipFilterStrings", "ipFilters"]) {
            const list = userConfig[field];
            if (isUnknown(list)) {
                anyUnknown = true;
                continue;
            }
            if (!Array.isArray(list)) continue;
            if (list.length > 0) anyFilter = true;
            list.forEach((entry: any, i: number) => {
                const network = field === "ipFilterObjects" ? (entry === null || typeof entry !== "object" || isUnknown(entry) ? entry : entry.network) : entry;
                if (isUnknown(network)) anyUnknown = true;
                labels.push(`${key}.${field}[${i}]${field === "ipFilterObjects" ? ".network" : ""}`);
                networks.push(network);
            });
        }
    }
    for (const open of openFilters(networks)) {
        if (open.single) {
            const i = open.entries[0];
            const reading = cidrReadings(String(networks[i])).find((r) => r.start === 0n);
            reportViolation(
                `${labels[i]}: Aiven service ${args.name} accepts connections from ${reading?.cidr ?? "0.0.0.0/0"}, i.e. from anywhere (${familyText(open.families)}). ${REPLACE_HINT}`,
            );
        } else {
            const family = open.families[0];
            const parts = open.entries.map(
                (i) =>
                    `${labels[i]} (${cidrReadings(String(networks[i]))
                        .filter((r) => r.family === family)
                        .map((r) => r.cidr)
                        .join(" or ")})`,
            );
            reportViolation(
                `Aiven service ${args.name} accepts connections from anywhere: together its IP filter entries ${parts.join(", ")} admit ${familyText(open.families)}. Replace them with your networks' CIDRs (e.g. your VPC or office range), or use VPC peering / privatelinkAccess.`,
            );
        }
    }
    if (cfg.requireIpFilter === true && !anyFilter && !anyUnknown) {
        reportViolation(
            `Aiven service ${args.name} has no IP filter, and Aiven then allows 0.0.0.0/0. Set <service>UserConfig.ipFilterObjects to your networks, e.g. [{ network: "10.0.0.0/8", description: "VPC" }].`,
        );
    }
}

export const aivenIpFilterNotOpen: ResourceValidationPolicy = {
    name: "aiven-ip-filter-not-open",
    description:
        "No Aiven service IP filter (ipFilterObjects, ipFilterStrings, ipFilters) admits every IPv4 or every IPv6 address, in one entry (any spelling of 0.0.0.0/0 or ::/0) or in pieces (0.0.0.0/1 and 128.0.0.0/1).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            ...TYPES_SCHEMA,
            requireIpFilter: {
                type: "boolean",
                default: false,
                description: "Also flag services without any IP filter (Aiven's default filter is 0.0.0.0/0).",
            },
        },
    },
    validateResource: checkIpFilter,
};

// ---------------------------------------------------------------------------------------------------------------
// 4d. aiven-maintenance-window

export function checkMaintenanceWindow(args: CheckArgs, reportViolation: ReportViolation): void {
    if (!applies(args)) return;
    const props = serviceProps(args);
    const missing = (["maintenanceWindowDow", "maintenanceWindowTime"] as const).filter((k) => !isUnknown(props[k]) && !isNonBlank(props[k]));
    if (missing.length > 0) {
        reportViolation(
            `Aiven service ${args.name} has no maintenance window (${missing.join(" and ")} unset), so Aiven picks when to apply upgrades and restart Flink. Set maintenanceWindowDow (e.g. "sunday") and maintenanceWindowTime (UTC "HH:mm:ss", e.g. "03:00:00").`,
        );
    }
}

export const aivenMaintenanceWindow: ResourceValidationPolicy = {
    name: "aiven-maintenance-window",
    description: "Every Aiven service sets a maintenance window (maintenanceWindowDow and maintenanceWindowTime).",
    enforcementLevel: "advisory",
    configSchema: { properties: { ...TYPES_SCHEMA } },
    validateResource: checkMaintenanceWindow,
};
