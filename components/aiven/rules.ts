/**
 * The Aiven rule table: what AivenFlink and its application helpers check before anything is registered. Same
 * shape as the Flink rule engine (components/rules): each rule a small named unit with an id, a check and an
 * actionable message per field path, all listed in AIVEN_RULES, producing the engine's `Finding`s. Values not known
 * yet (Outputs, UNKNOWN in the snapshot) defer the rules that read them; the component runs the table again on the
 * resolved args, before the service is created.
 */
import { cidrReadings, familyText, openFilters } from "../core/cidr";
import * as net from "net";
import { Finding, Severity, readPath } from "../rules/engine";
import { UNKNOWN, isUnknown } from "../core/unknown";

export const AIVEN_KINDS = ["AivenFlink", "AivenFlinkSqlApplication", "AivenFlinkJarApplication"] as const;
export type AivenKind = (typeof AIVEN_KINDS)[number];
const APP_KINDS: readonly AivenKind[] = ["AivenFlinkSqlApplication", "AivenFlinkJarApplication"];

export interface AivenRuleContext {
    readonly kind: AivenKind;
    /** The component's resource name. */
    readonly name: string;
    /** The value at a dotted path of the args ("userConfig.numberOfTaskSlots"), or undefined. Reading an unknown value defers the rule. */
    get(path: string): any;
    /** Like `get`, but an unknown value is returned as UNKNOWN and does not defer the rule (for rules that skip what they cannot see). */
    peek(path: string): unknown;
    report(path: string, message: string): void;
}

export interface AivenRule {
    /** Kebab-case id, stable: used in findings and docs. */
    readonly id: string;
    readonly kinds: readonly AivenKind[];
    readonly severity: Severity;
    /** One line for the README's rule list. */
    readonly description: string;
    check(ctx: AivenRuleContext): void;
}

// ---------------------------------------------------------------------------------------------------------------
// Shapes: the fields each kind takes and their types (for unknown-field and field-type checks).

type Leaf = "string" | "boolean" | "integer" | "stringMap";
interface Shape { [field: string]: Leaf | Shape | [Shape] | ["string"] }

const DEPLOYMENT_SHAPE: Shape = { parallelism: "integer", restartEnabled: "boolean", startingSavepoint: "string" };
const TABLE_SHAPE: Shape = { createTable: "string", integrationId: "string" };

export const SHAPES: { [kind in AivenKind]: Shape } = {
    AivenFlink: {
        project: "string",
        plan: "string",
        cloudName: "string",
        serviceName: "string",
        maintenanceWindowDow: "string",
        maintenanceWindowTime: "string",
        terminationProtection: "boolean",
        projectVpcId: "string",
        tags: "stringMap",
        technicalEmails: [{ email: "string" }],
        diskSpace: "string",
        userConfig: {
            flinkVersion: "string",
            numberOfTaskSlots: "integer",
            ipFilter: [{ network: "string", description: "string" }],
            privatelinkAccess: { flink: "boolean", prometheus: "boolean" },
            publicAccess: { flink: "boolean" },
            customCode: "boolean",
            pekkoAskTimeoutS: "integer",
            pekkoFramesizeB: "integer",
            serviceLog: "boolean",
            staticIps: "boolean",
        },
        connInfoSecretTarget: { name: "string", namespace: "string", prefix: "string", labels: "stringMap", annotations: "stringMap" },
        connInfoSecretTargetDisabled: "boolean",
        serviceIntegrations: [{ integrationType: "string", sourceServiceName: "string" }],
    },
    AivenFlinkSqlApplication: {
        project: "string",
        serviceName: "string",
        applicationName: "string",
        statement: "string",
        sources: [TABLE_SHAPE],
        sinks: [TABLE_SHAPE],
        deployment: DEPLOYMENT_SHAPE,
        noDeployment: "boolean",
    },
    AivenFlinkJarApplication: {
        project: "string",
        serviceName: "string",
        applicationName: "string",
        jarPath: "string",
        entryClass: "string",
        programArgs: ["string"],
        deployment: DEPLOYMENT_SHAPE,
        noDeployment: "boolean",
    },
};

/** Fields the components add to the validated document besides the args (not user input). */
const INTERNAL_FIELDS = new Set(["$service"]);

function typeName(v: unknown): string {
    return v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v)}`;
}

function camel(key: string): string {
    return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Walks a value against a shape, skipping unknown parts (they are checked again once resolved). */
function walk(value: unknown, shape: Shape, path: string, visit: {
    unknownField(path: string, key: string, known: string[]): void;
    wrongType(path: string, expected: string, value: unknown): void;
}): void {
    if (value === undefined || value === null || isUnknown(value)) return;
    if (typeof value !== "object" || Array.isArray(value)) return visit.wrongType(path, "an object", value);
    for (const [key, v] of Object.entries(value as object)) {
        const p = path ? `${path}.${key}` : key;
        if (!path && INTERNAL_FIELDS.has(key)) continue;
        const expected = shape[key];
        if (expected === undefined) {
            visit.unknownField(p, key, Object.keys(shape));
            continue;
        }
        // Unset is unset: null (given, or an Output resolved to it) is no value, as undefined.
        if (v === undefined || v === null || isUnknown(v)) continue;
        if (Array.isArray(expected)) {
            if (!Array.isArray(v)) { visit.wrongType(p, "a list", v); continue; }
            v.forEach((item, i) => {
                if (item === undefined || isUnknown(item)) return;
                if (expected[0] === "string") {
                    if (typeof item !== "string") visit.wrongType(`${p}[${i}]`, "a string", item);
                } else {
                    walk(item, expected[0], `${p}[${i}]`, visit);
                }
            });
        } else if (typeof expected === "object") {
            walk(v, expected, p, visit);
        } else if (expected === "stringMap") {
            if (v === null || typeof v !== "object" || Array.isArray(v)) { visit.wrongType(p, "a map of strings", v); continue; }
            for (const [k, mv] of Object.entries(v)) {
                if (!isUnknown(mv) && typeof mv !== "string") visit.wrongType(`${p}.${k}`, "a string", mv);
            }
        } else if (expected === "integer") {
            if (typeof v !== "number" || !Number.isInteger(v)) visit.wrongType(p, "an integer", v);
        } else if (typeof v !== expected) {
            visit.wrongType(p, `a ${expected}`, v);
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Small parsers.

const PROJECT = /^[a-zA-Z0-9_-]+$/;
const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
const DISK_SPACE = /^[1-9][0-9]*(GiB|G)?$/i;
const FLINK_VERSION = /^\d+\.\d+$/;
export const DEPRECATED_AIVEN_FLINK_VERSIONS: readonly string[] = ["1.16"];
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SECRET_KEY_CHARS = /^[-._a-zA-Z0-9]*$/;

/** Why `value` is not a CIDR block (or a single address), or undefined if it is. */
export function cidrError(value: string): string | undefined {
    const [address, prefix, ...rest] = value.split("/");
    const family = net.isIP(address);
    if (rest.length > 0 || family === 0) return `"${value}" is not a CIDR block such as 10.20.0.0/16`;
    if (prefix === undefined) return undefined;
    const max = family === 4 ? 32 : 128;
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return `"${value}" has an invalid prefix length (0 to ${max} for IPv${family})`;
    return undefined;
}

function isBlank(v: unknown): boolean {
    return v === undefined || v === null || (typeof v === "string" && v.trim() === "");
}

/** Reports an integer outside [min, max] (non-integers are the field-type rule's). */
function range(ctx: AivenRuleContext, path: string, min: number, max: number, what: string): void {
    const v = ctx.get(path);
    if (typeof v === "number" && Number.isInteger(v) && (v < min || v > max)) {
        ctx.report(path, `${path} is ${v}; ${what} must be from ${min} to ${max}. Set an integer in that range or remove it for Aiven's default.`);
    }
}

function maxLength(ctx: AivenRuleContext, path: string, max: number, hint: string): void {
    const v = ctx.get(path);
    if (typeof v === "string" && v.length > max) ctx.report(path, `${path} is ${v.length} characters long; at most ${max} are allowed. ${hint}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The rules.

export const unknownField: AivenRule = {
    id: "aiven-unknown-field",
    kinds: AIVEN_KINDS,
    severity: "error",
    description: "Every field is one the component takes (catches typos and the operator's snake_case userConfig keys).",
    check(ctx) {
        walk(ctx.peek(""), SHAPES[ctx.kind], "", {
            unknownField(path, key, known) {
                const suggestion = known.includes(camel(key)) ? `; did you mean ${camel(key)}?` : `; known fields here: ${known.join(", ")}`;
                ctx.report(path, `${path} is not a field of ${ctx.kind}${suggestion}`);
            },
            wrongType() { /* aiven-field-type */ },
        });
    },
};

export const fieldType: AivenRule = {
    id: "aiven-field-type",
    kinds: AIVEN_KINDS,
    severity: "error",
    description: "Every field has its type (strings, booleans, integers, lists, maps of strings).",
    check(ctx) {
        walk(ctx.peek(""), SHAPES[ctx.kind], "", {
            unknownField() { /* aiven-unknown-field */ },
            wrongType(path, expected, value) {
                ctx.report(path, `${path} must be ${expected}, got ${typeName(value)}`);
            },
        });
    },
};

export const projectRequired: AivenRule = {
    id: "aiven-project",
    kinds: ["AivenFlink"],
    severity: "error",
    description: "project is set: letters, digits, _ or -, at most 63 characters.",
    check(ctx) {
        const project = ctx.get("project");
        if (isBlank(project)) return ctx.report("project", "project is required; set the name of the Aiven project the service belongs to.");
        if (typeof project !== "string") return;
        if (project.length > 63) ctx.report("project", `project is ${project.length} characters long; Aiven project names have at most 63.`);
        if (!PROJECT.test(project)) ctx.report("project", `project "${project}" may contain only letters, digits, "_" and "-" (pattern ^[a-zA-Z0-9_-]+$).`);
    },
};

export const planRequired: AivenRule = {
    id: "aiven-plan",
    kinds: ["AivenFlink"],
    severity: "error",
    description: "plan is set, at most 128 characters.",
    check(ctx) {
        if (isBlank(ctx.get("plan"))) return ctx.report("plan", "plan is required; set a subscription plan such as business-4 (see Aiven's pricing page for those your cloud offers).");
        maxLength(ctx, "plan", 128, "Set a plan name such as business-4.");
    },
};

export const cloudName: AivenRule = {
    id: "aiven-cloud-name",
    kinds: ["AivenFlink"],
    severity: "error",
    description: "cloudName has at most 256 characters.",
    check(ctx) {
        maxLength(ctx, "cloudName", 256, "Set a cloud such as google-europe-west1.");
    },
};

export const serviceName: AivenRule = {
    id: "aiven-service-name",
    kinds: ["AivenFlink"],
    severity: "error",
    description: "serviceName, when set, is not empty.",
    check(ctx) {
        const v = ctx.get("serviceName");
        if (typeof v === "string" && v.trim() === "") ctx.report("serviceName", "serviceName is empty; set the Aiven service name or remove it to use the resource name.");
    },
};

export const maintenanceWindowDow: AivenRule = {
    id: "aiven-maintenance-window-dow",
    kinds: ["AivenFlink"],
    severity: "error",
    description: "maintenanceWindowDow is a day of the week in lower case (monday ... sunday).",
    check(ctx) {
        const v = ctx.get("maintenanceWindowDow");
        if (typeof v === "string" && !DAYS.includes(v)) ctx.report("maintenanceWindowDow", `maintenanceWindowDow "${v}" is not a day; use one of ${DAYS.join(", ")}.`);
    },
};

export const maintenanceWindowTime: AivenRule = {
    id: "aiven-maintenance-window-time",
    kinds: ["AivenFlink"],
    severity: "error",
    description: "maintenanceWindowTime is a UTC time of day HH:mm:ss.",
    check(ctx) {
        const v = ctx.get("maintenanceWindowTime");
        if (typeof v === "string" && !TIME.test(v)) ctx.report("maintenanceWindowTime", `maintenanceWindowTime "${v}" is not a time HH:mm:ss (UTC, 24-hour), e.g. 03:00:00.`);
    },
};

export const projectVpcId: AivenRule = {
    id: "aiven-project-vpc-id",
    kinds: ["AivenFlink"],
    severity: "error",
    description: "projectVpcId is a VPC id of at most 36 characters (or aiven.ProjectVpc's `<project>/<vpc id>` form).",
    check(ctx) {
        const v = ctx.get("projectVpcId");
        if (typeof v !== "string") return;
        // aiven.ProjectVpc's id is "<project>/<vpc id>", which the Aiven provider accepts; the operator's limit is on the VPC id.
        const id = v.slice(v.lastIndexOf("/") + 1);
        if (id === "" || id.length > 36) {
            ctx.report("projectVpcId", `projectVpcId "${v}" is not a project VPC id (at most 36 characters); pass the id of an aiven.ProjectVpc (its id output) or the VPC's UUID.`);
        }
    },
};

export const technicalEmails: AivenRule = {
    id: "aiven-technical-emails",
    kinds: ["AivenFlink"],
    severity: "error",
    description: "technicalEmails has at most 10 entries, each an email address.",
    check(ctx) {
        const emails = ctx.get("technicalEmails");
        if (!Array.isArray(emails)) return;
        if (emails.length > 10) ctx.report("technicalEmails", `technicalEmails has ${emails.length} entries; Aiven takes at most 10. Use a distribution list.`);
        emails.forEach((_, i) => {
            const email = ctx.get(`technicalEmails.${i}.email`);
            if (email === undefined || (typeof email === "string" && !/^[^@\s]+@[^@\s]+$/.test(email))) {
                ctx.report(`technicalEmails[${i}].email`, `technicalEmails[${i}].email ${email === undefined ? "is missing" : `"${email}" is not an email address`}; set an address such as ops@example.com.`);
            }
        });
    },
};

export const diskSpace: AivenRule = {
    id: "aiven-disk-space",
    kinds: ["AivenFlink"],
    severity: "error",
    description: "diskSpace is a size such as 80GiB.",
    check(ctx) {
        const v = ctx.get("diskSpace");
        if (typeof v === "string" && !DISK_SPACE.test(v)) ctx.report("diskSpace", `diskSpace "${v}" is not a disk size; use a whole number of GiB such as 80GiB.`);
    },
};

export const flinkVersion: AivenRule = {
    id: "aiven-flink-version",
    kinds: ["AivenFlink"],
    severity: "error",
    description: "userConfig.flinkVersion is a major version such as 1.20.",
    check(ctx) {
        const v = ctx.get("userConfig.flinkVersion");
        if (typeof v === "string" && !FLINK_VERSION.test(v)) {
            ctx.report("userConfig.flinkVersion", `userConfig.flinkVersion "${v}" is not a Flink major version; use one such as 1.20 (no "v", no patch number). Changing it later replaces the service.`);
        }
    },
};

export const flinkVersionDeprecated: AivenRule = {
    id: "aiven-flink-version-deprecated",
    kinds: ["AivenFlink"],
    severity: "warning",
    description: "userConfig.flinkVersion is not deprecated by Aiven (1.16 is).",
    check(ctx) {
        const v = ctx.get("userConfig.flinkVersion");
        if (DEPRECATED_AIVEN_FLINK_VERSIONS.includes(v)) {
            ctx.report("userConfig.flinkVersion", `Flink ${v} is deprecated on Aiven; plan a move to 1.20 (changing flinkVersion replaces the service).`);
        }
    },
};

export const taskSlots: AivenRule = {
    id: "aiven-task-slots",
    kinds: ["AivenFlink"],
    severity: "error",
    description: "userConfig.numberOfTaskSlots is from 1 to 1024.",
    check(ctx) {
        range(ctx, "userConfig.numberOfTaskSlots", 1, 1024, "task slots per node");
    },
};

export const ipFilter: AivenRule = {
    id: "aiven-ip-filter",
    kinds: ["AivenFlink"],
    severity: "error",
    description: "userConfig.ipFilter has at most 8000 entries, each a CIDR block (at most 43 characters) with a description of at most 1024.",
    check(ctx) {
        const entries = ctx.get("userConfig.ipFilter");
        if (!Array.isArray(entries)) return;
        if (entries.length > 8000) ctx.report("userConfig.ipFilter", `userConfig.ipFilter has ${entries.length} entries; Aiven takes at most 8000. Merge adjacent networks into wider blocks.`);
        entries.forEach((_, i) => {
            const path = `userConfig.ipFilter[${i}]`;
            const network = ctx.get(`userConfig.ipFilter.${i}.network`);
            if (network === undefined || network === null) ctx.report(`${path}.network`, `${path}.network is required; set a CIDR block such as 10.20.0.0/16.`);
            else if (typeof network === "string") {
                const err = network.length > 43 ? `"${network}" is longer than 43 characters` : cidrError(network);
                if (err) ctx.report(`${path}.network`, `${path}.network ${err}; set a CIDR block such as 10.20.0.0/16.`);
            }
            const description = ctx.get(`userConfig.ipFilter.${i}.description`);
            if (typeof description === "string" && description.length > 1024) ctx.report(`${path}.description`, `${path}.description is ${description.length} characters long; at most 1024 are allowed.`);
        });
    },
};

export const ipFilterOpen: AivenRule = {
    id: "aiven-ip-filter-open",
    kinds: ["AivenFlink"],
    severity: "warning",
    description: "userConfig.ipFilter does not open the service to every address: no entry, and no set of entries together, covers all of IPv4 or IPv6, in any CIDR spelling (0.0.0.0/0, 0/0, /00, 0.0.0.0/1 plus 128.0.0.0/1, ::/0).",
    check(ctx) {
        const entries = ctx.get("userConfig.ipFilter");
        if (!Array.isArray(entries)) return;
        const networks = entries.map((_, i) => ctx.get(`userConfig.ipFilter.${i}.network`));
        for (const open of openFilters(networks)) {
            if (open.single) {
                const i = open.entries[0];
                ctx.report(`userConfig.ipFilter[${i}].network`, `userConfig.ipFilter[${i}].network ${networks[i]} lets any address on the Internet connect to the Flink service (${familyText(open.families)}); list only the networks that need access (e.g. your VPC's 10.0.0.0/16).`);
            } else {
                const parts = open.entries.map((i) => `[${i}] ${cidrReadings(String(networks[i])).filter((r) => r.family === open.families[0]).map((r) => r.cidr).join(" or ")}`);
                ctx.report("userConfig.ipFilter", `userConfig.ipFilter entries ${parts.join(", ")} together let any address on the Internet connect to the Flink service (${familyText(open.families)}); list only the networks that need access.`);
            }
        }
    },
};

export const pekkoAskTimeout: AivenRule = {
    id: "aiven-pekko-ask-timeout",
    kinds: ["AivenFlink"],
    severity: "error",
    description: "userConfig.pekkoAskTimeoutS is from 5 to 60 seconds.",
    check(ctx) {
        range(ctx, "userConfig.pekkoAskTimeoutS", 5, 60, "the Pekko ask timeout (seconds)");
    },
};

export const pekkoFramesize: AivenRule = {
    id: "aiven-pekko-framesize",
    kinds: ["AivenFlink"],
    severity: "error",
    description: "userConfig.pekkoFramesizeB is from 1048576 to 52428800 bytes.",
    check(ctx) {
        range(ctx, "userConfig.pekkoFramesizeB", 1048576, 52428800, "the Pekko frame size (bytes)");
    },
};

export const serviceIntegrationsRefused: AivenRule = {
    id: "aiven-service-integrations",
    kinds: ["AivenFlink"],
    severity: "error",
    description: "serviceIntegrations is not set: Aiven accepts no integration type for Flink services.",
    check(ctx) {
        const v = ctx.get("serviceIntegrations");
        if (Array.isArray(v) && v.length > 0) {
            ctx.report("serviceIntegrations", "serviceIntegrations is not accepted for Flink services (Aiven refuses every integration type here); remove it and connect Kafka or PostgreSQL with an aiven.ServiceIntegration of type flink after the service exists.");
        }
    },
};

export const secretTarget: AivenRule = {
    id: "aiven-conn-info-secret-target",
    kinds: ["AivenFlink"],
    severity: "error",
    description: "The connection Secret has a valid Kubernetes name and namespace, and a prefix of Secret-key characters.",
    check(ctx) {
        if (ctx.get("connInfoSecretTargetDisabled") === true) return;
        const target = ctx.get("connInfoSecretTarget");
        if (target !== undefined && target !== null && typeof target !== "object") return;
        const name = target ? ctx.get("connInfoSecretTarget.name") : undefined;
        if (target && isBlank(name)) {
            ctx.report("connInfoSecretTarget.name", "connInfoSecretTarget.name is required; set the name of the Kubernetes Secret to create (e.g. flink-secret).");
        } else if (typeof name === "string" && (name.length > 253 || !DNS_SUBDOMAIN.test(name))) {
            ctx.report("connInfoSecretTarget.name", `connInfoSecretTarget.name "${name}" is not a valid Kubernetes name: lower case letters, digits, "-" and ".", starting and ending alphanumeric, at most 253 characters.`);
        } else if (!target && (ctx.name.length > 253 || !DNS_SUBDOMAIN.test(ctx.name))) {
            ctx.report("connInfoSecretTarget.name", `the connection Secret is named after the resource by default, and "${ctx.name}" is not a valid Kubernetes name; set connInfoSecretTarget.name (lower case letters, digits, "-", "."), or connInfoSecretTargetDisabled: true.`);
        }
        const namespace = target ? ctx.get("connInfoSecretTarget.namespace") : undefined;
        if (typeof namespace === "string" && (namespace.length > 63 || !DNS_LABEL.test(namespace))) {
            ctx.report("connInfoSecretTarget.namespace", `connInfoSecretTarget.namespace "${namespace}" is not a valid namespace: lower case letters, digits and "-", starting and ending alphanumeric, at most 63 characters.`);
        }
        const prefix = target ? ctx.get("connInfoSecretTarget.prefix") : undefined;
        if (typeof prefix === "string" && !SECRET_KEY_CHARS.test(prefix)) {
            ctx.report("connInfoSecretTarget.prefix", `connInfoSecretTarget.prefix "${prefix}" would make invalid Secret keys: use letters, digits, "-", "_" and "." only (e.g. FLINK_).`);
        }
    },
};

export const secretTargetDisabled: AivenRule = {
    id: "aiven-conn-info-secret-disabled",
    kinds: ["AivenFlink"],
    severity: "warning",
    description: "connInfoSecretTarget is not set while connInfoSecretTargetDisabled is true (it would be ignored).",
    check(ctx) {
        const target = ctx.get("connInfoSecretTarget");
        if (ctx.get("connInfoSecretTargetDisabled") === true && target !== undefined && target !== null) {
            ctx.report("connInfoSecretTarget", "connInfoSecretTarget is ignored because connInfoSecretTargetDisabled is true; remove one of them.");
        }
    },
};

export const secretDisabledKnown: AivenRule = {
    id: "aiven-conn-info-secret-disabled-known",
    kinds: ["AivenFlink"],
    severity: "error",
    description: "connInfoSecretTargetDisabled is a plain boolean (whether to create the Secret is decided when the program runs).",
    check(ctx) {
        if (isUnknown(ctx.peek("connInfoSecretTargetDisabled"))) {
            ctx.report("connInfoSecretTargetDisabled", "connInfoSecretTargetDisabled must be a plain true or false, not an Output: the component decides whether to create the Secret before values resolve.");
        }
    },
};

// Applications.

export const applicationService: AivenRule = {
    id: "aiven-application-service",
    kinds: APP_KINDS,
    severity: "error",
    description: "An application names its service: the service option, or project and serviceName.",
    check(ctx) {
        for (const field of ["project", "serviceName"]) {
            if (isBlank(ctx.get(field))) ctx.report(field, `${field} is required without the service option; pass { service: myAivenFlink } as a resource option (other languages: serviceUrn, the AivenFlink's urn), or set ${field}.`);
        }
        const name = ctx.get("applicationName");
        if (typeof name === "string" && name.trim() === "") ctx.report("applicationName", "applicationName is empty; set a name or remove it to use the resource name.");
    },
};

export const sqlStatement: AivenRule = {
    id: "aiven-sql-statement",
    kinds: ["AivenFlinkSqlApplication"],
    severity: "error",
    description: "An SQL application has a statement, and each source and sink a CREATE TABLE statement.",
    check(ctx) {
        if (isBlank(ctx.get("statement"))) ctx.report("statement", "statement is required; set the job's SQL, e.g. INSERT INTO sink SELECT * FROM source.");
        for (const list of ["sources", "sinks"]) {
            const tables = ctx.get(list);
            if (!Array.isArray(tables)) continue;
            tables.forEach((_, i) => {
                if (isBlank(ctx.get(`${list}.${i}.createTable`))) ctx.report(`${list}[${i}].createTable`, `${list}[${i}].createTable is required; set the table's CREATE TABLE statement.`);
            });
        }
    },
};

export const jarPath: AivenRule = {
    id: "aiven-jar-path",
    kinds: ["AivenFlinkJarApplication"],
    severity: "error",
    description: "A JAR application has the path of its .jar file.",
    check(ctx) {
        if (isBlank(ctx.get("jarPath"))) ctx.report("jarPath", "jarPath is required; set the path of the local .jar file to upload.");
    },
};

export const jarCustomCode: AivenRule = {
    id: "aiven-jar-custom-code",
    kinds: ["AivenFlinkJarApplication"],
    severity: "warning",
    description: "A JAR application's service has userConfig.customCode: true.",
    check(ctx) {
        const service = ctx.peek("$service") as { name?: unknown; customCode?: unknown } | undefined;
        // Only with the service option, and only when the service's value is known (it is not checked again later).
        if (!service || isUnknown(service.customCode)) return;
        if (service.customCode !== true) {
            ctx.report("jarPath", `the service ${typeof service.name === "string" ? `"${service.name}" ` : ""}does not set userConfig.customCode: true, and Aiven refuses JAR uploads without it; set it on the AivenFlink (this replaces the service).`);
        }
    },
};

export const deploymentParallelism: AivenRule = {
    id: "aiven-deployment-parallelism",
    kinds: APP_KINDS,
    severity: "error",
    description: "deployment.parallelism is from 1 to 128.",
    check(ctx) {
        range(ctx, "deployment.parallelism", 1, 128, "deployment parallelism");
    },
};

export const AIVEN_RULES: readonly AivenRule[] = [
    unknownField,
    fieldType,
    projectRequired,
    planRequired,
    cloudName,
    serviceName,
    maintenanceWindowDow,
    maintenanceWindowTime,
    projectVpcId,
    technicalEmails,
    diskSpace,
    flinkVersion,
    flinkVersionDeprecated,
    taskSlots,
    ipFilter,
    ipFilterOpen,
    pekkoAskTimeout,
    pekkoFramesize,
    serviceIntegrationsRefused,
    secretTarget,
    secretTargetDisabled,
    secretDisabledKnown,
    applicationService,
    sqlStatement,
    jarPath,
    jarCustomCode,
    deploymentParallelism,
];

export interface AivenValidationResult {
    findings: Finding[];
    /** Ids of rules that read an unknown value and so could not decide yet. */
    deferred: string[];
}

/** Runs the rules of `kind` (or only those of `only`) over a snapshot of a component's args. */
export function validateAiven(kind: AivenKind, name: string, doc: unknown, only?: ReadonlySet<string>, rules: readonly AivenRule[] = AIVEN_RULES): AivenValidationResult {
    const findings: Finding[] = [];
    const deferred: string[] = [];
    for (const rule of rules) {
        if (!rule.kinds.includes(kind) || (only && !only.has(rule.id))) continue;
        let tainted = false;
        const reports: { path: string; message: string }[] = [];
        const ctx: AivenRuleContext = {
            kind,
            name,
            get(path) {
                const v = path === "" ? doc : readPath(doc, path);
                if (isUnknown(v)) { tainted = true; return undefined; }
                return v;
            },
            peek(path) {
                return path === "" ? doc : readPath(doc, path);
            },
            report(path, message) { reports.push({ path, message }); },
        };
        try {
            rule.check(ctx);
        } catch (err) {
            reports.push({ path: "", message: `internal error in rule ${rule.id}: ${(err as Error).message}` });
        }
        if (tainted) { deferred.push(rule.id); continue; }
        for (const r of reports) findings.push({ rule: rule.id, severity: rule.severity, path: r.path, message: r.message, kind, name });
    }
    return { findings, deferred };
}

export { UNKNOWN };
