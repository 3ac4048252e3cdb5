/**
 * The Aiven kinds, as data: which documents they are, where their fields start, how they are spelled, and the
 * fields each takes (its shape). One rule table (./service.ts, ./user-config.ts, ./secret.ts, ./operator.ts,
 * ./applications.ts) checks them all; a rule declares the kinds it checks.
 *
 * - Component kinds (AivenFlink, AivenFlinkSqlApplication, AivenFlinkJarApplication, AivenOperatorFlink): the args
 *   of a component, as `{ apiVersion: COMPONENT_API_VERSION, kind, metadata: { name }, spec: <args> }`; findings'
 *   paths are paths of the args.
 * - The Aiven Kubernetes operator's `Flink` custom resource (aiven.io/v1alpha1): manifests (CLI, policy pack) and
 *   what AivenOperatorFlink renders. Its userConfig is snake_case and its disk size `disk_space`; the rules read it
 *   through a view in the components' camelCase, and findings carry the manifest's own paths (spec.userConfig.ip_filter[0].network).
 */
import type { KindModel } from "../../engine";
import { isUnknown } from "../../../core/unknown";

/** The apiVersion group and version of the component kinds' documents (never a manifest's). */
export const COMPONENT_GROUP = "components.pulumi-flink.io";
export const COMPONENT_API_VERSION = `${COMPONENT_GROUP}/v1`;
/** The Aiven operator's API version, and its kind for Aiven for Apache Flink. */
export const AIVEN_OPERATOR_API_VERSION = "aiven.io/v1alpha1";
export const AIVEN_OPERATOR_FLINK_KIND = "Flink";

export const AIVEN_KINDS = ["AivenFlink", "AivenFlinkSqlApplication", "AivenFlinkJarApplication", "AivenOperatorFlink", "Flink"] as const;
export type AivenKind = (typeof AIVEN_KINDS)[number];
/** The kinds that are one Aiven for Apache Flink service: through @pulumi/aiven, through the operator (component or manifest). */
export const SERVICE_KINDS: readonly AivenKind[] = ["AivenFlink", "AivenOperatorFlink", "Flink"];
/** The operator's resource: the component and the manifest. */
export const OPERATOR_KINDS: readonly AivenKind[] = ["AivenOperatorFlink", "Flink"];
export const APPLICATION_KINDS: readonly AivenKind[] = ["AivenFlinkSqlApplication", "AivenFlinkJarApplication"];

// ---------------------------------------------------------------------------------------------------------------
// Shapes: the fields each kind takes and their types (for the unknown-field and field-type rules, and the schema).

export type Leaf = "string" | "boolean" | "integer" | "stringMap";
export interface Shape {
    [field: string]: Leaf | Shape | [Shape] | ["string"];
}

const DEPLOYMENT_SHAPE: Shape = { parallelism: "integer", restartEnabled: "boolean", startingSavepoint: "string" };
const TABLE_SHAPE: Shape = { createTable: "string", integrationId: "string" };

const USER_CONFIG: Shape = {
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
};

/** Fields AivenFlink and AivenOperatorFlink share: one spelling, one validation. */
const SERVICE_SHAPE: Shape = {
    project: "string",
    plan: "string",
    cloudName: "string",
    maintenanceWindowDow: "string",
    maintenanceWindowTime: "string",
    terminationProtection: "boolean",
    projectVpcId: "string",
    tags: "stringMap",
    technicalEmails: [{ email: "string" }],
    diskSpace: "string",
    userConfig: USER_CONFIG,
    connInfoSecretTargetDisabled: "boolean",
};

const SECRET_TARGET: Shape = { name: "string", prefix: "string", labels: "stringMap", annotations: "stringMap" };

function snake(key: string): string {
    return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function camel(key: string): string {
    return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The operator CR's spec: its own spelling (snake_case userConfig, disk_space), as the CRD of operator v0.44.0 lists it. */
const OPERATOR_SPEC_SHAPE: Shape = (() => {
    const { diskSpace, userConfig, ...rest } = SERVICE_SHAPE;
    const userConfigSnake: Shape = Object.fromEntries(Object.entries(USER_CONFIG).map(([k, v]) => [snake(k), v]));
    userConfigSnake.additional_backup_regions = ["string"];
    return {
        ...rest,
        disk_space: diskSpace,
        userConfig: userConfigSnake,
        connInfoSecretTarget: SECRET_TARGET,
        authSecretRef: { name: "string", key: "string" },
        projectVPCRef: { name: "string", namespace: "string" },
        powered: "boolean",
        serviceIntegrations: [{ integrationType: "string", sourceServiceName: "string" }],
    };
})();

export const SHAPES: { [kind in AivenKind]: Shape } = {
    AivenFlink: {
        ...SERVICE_SHAPE,
        serviceName: "string",
        connInfoSecretTarget: { ...SECRET_TARGET, namespace: "string" },
        serviceIntegrations: [{ integrationType: "string", sourceServiceName: "string" }],
    },
    AivenOperatorFlink: {
        ...SERVICE_SHAPE,
        serviceName: "string",
        namespace: "string",
        connInfoSecretTarget: SECRET_TARGET,
        authSecretRef: { name: "string", key: "string" },
        projectVpcRef: { name: "string", namespace: "string" },
        powered: "boolean",
        labels: "stringMap",
        annotations: "stringMap",
        skipAwait: "boolean",
        awaitTimeoutSeconds: "integer",
    },
    Flink: OPERATOR_SPEC_SHAPE,
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

// ---------------------------------------------------------------------------------------------------------------
// The view of the operator CR: its spec in the components' spelling.

/** Fields whose CR spelling differs at the top of spec (model name -> CR name). */
const SPEC_RENAMES: { [model: string]: string } = { diskSpace: "disk_space", projectVpcRef: "projectVPCRef" };
const SPEC_RENAMES_BACK: { [cr: string]: string } = Object.fromEntries(Object.entries(SPEC_RENAMES).map(([m, c]) => [c, m]));

function readOperatorSpec(spec: unknown): unknown {
    if (spec === null || typeof spec !== "object" || Array.isArray(spec)) return spec;
    const out: { [k: string]: unknown } = {};
    for (const key of Object.keys(spec)) {
        const value = (spec as { [k: string]: unknown })[key];
        if (key === "userConfig" && value !== null && typeof value === "object" && !Array.isArray(value) && !isUnknown(value)) {
            const userConfig: { [k: string]: unknown } = {};
            for (const k of Object.keys(value)) userConfig[camel(k)] = (value as { [k: string]: unknown })[k];
            out.userConfig = userConfig;
        } else out[Object.prototype.hasOwnProperty.call(SPEC_RENAMES_BACK, key) ? SPEC_RENAMES_BACK[key] : key] = value;
    }
    return out;
}

/** A model path ("userConfig.numberOfTaskSlots", "diskSpace") as the CR spells it below spec. */
export function operatorSpecPath(path: string): string {
    const userConfig = /^userConfig\.([A-Za-z]+)(.*)$/.exec(path);
    if (userConfig) return `userConfig.${snake(userConfig[1])}${userConfig[2]}`;
    const top = /^([A-Za-z]+)(.*)$/.exec(path);
    if (top && Object.prototype.hasOwnProperty.call(SPEC_RENAMES, top[1])) return `${SPEC_RENAMES[top[1]]}${top[2]}`;
    return path;
}

function componentKind(kind: AivenKind): KindModel {
    return { kind, group: COMPONENT_GROUP, root: "spec", pathPrefix: "" };
}

export const AIVEN_KIND_MODELS: readonly KindModel[] = [
    componentKind("AivenFlink"),
    componentKind("AivenFlinkSqlApplication"),
    componentKind("AivenFlinkJarApplication"),
    componentKind("AivenOperatorFlink"),
    { kind: AIVEN_OPERATOR_FLINK_KIND, group: "aiven.io", root: "spec", pathPrefix: "spec.", view: { read: readOperatorSpec, path: operatorSpecPath } },
];

/** How a finding names a path of the model: as the document spells it (spec.userConfig.number_of_task_slots for the CR). */
export function displayPath(kind: string, path: string): string {
    return kind === AIVEN_OPERATOR_FLINK_KIND ? `spec.${operatorSpecPath(path)}` : path;
}

/** The document the engine checks for a component's args snapshot. */
export function componentDocument(
    kind: AivenKind,
    name: string,
    args: unknown,
): { apiVersion: string; kind: string; metadata: { name: string }; spec: unknown } {
    return { apiVersion: COMPONENT_API_VERSION, kind, metadata: { name }, spec: args };
}
