/**
 * Policies on Flink Kubernetes Operator custom resources (FlinkDeployment, FlinkSessionJob, FlinkStateSnapshot),
 * matched by their CustomResource type tokens. Every Flink check comes from the rule engine (components/rules);
 * what the engine does not check (Kubernetes-only HA, replica minimum, CPU set, pod template images, a savepoint
 * directory for last-state) is written here with the engine's helpers and FlinkOptions.
 */
import type { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { EngineOptions, FlinkDocument, RULES, Severity, imageTag, isNonBlank, isUnknown, readPath } from "../components/rules";
import { ConfigOption, FlinkConfig, FlinkOptions, UpgradeMode, flattenFlinkConfiguration, isHighAvailabilityType } from "../components/core";
import {
    CheckArgs,
    DocumentCheck,
    SCOPE_SCHEMA,
    ScopeConfig,
    TYPES,
    checkFlinkResource,
    configOf,
    findingMessage,
    inScope,
    requireRule,
    runRules,
} from "./common";
import { BLUE_GREEN_KIND, childDeployment, templateMessage, templatePath } from "../components/core";
import { CHART_NAMES_SCHEMA, operatorImageViolations, renderedOperatorImageViolations } from "./operator";

/** Flink's class name for Kubernetes HA, accepted for high-availability.type like "kubernetes". */
export const KUBERNETES_HA_FACTORY = "org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory";

/**
 * CPU options of the JobManager and TaskManager in flinkConfiguration (spec.*.resource.cpu overrides them).
 * Candidates for FlinkOptions in components/core/flink/config.ts.
 */
export const CPU_OPTIONS: { jobManager: ConfigOption; taskManager: ConfigOption } = {
    jobManager: { key: "kubernetes.jobmanager.cpu.amount", deprecatedKeys: ["kubernetes.jobmanager.cpu"] },
    taskManager: { key: "kubernetes.taskmanager.cpu.amount", deprecatedKeys: ["kubernetes.taskmanager.cpu"] },
};

/** The kinds the FlinkDeployment policies hold to their rules: a FlinkBlueGreenDeployment through its template. */
const DEPLOYMENT_KINDS = ["FlinkDeployment", "FlinkBlueGreenDeployment"] as const;

/**
 * A FlinkDeployment check that holds a FlinkBlueGreenDeployment to the same standard, through the FlinkDeployment the
 * operator makes of its template (core's childDeployment: the template's spec, the blue/green deployment's
 * namespace); messages and paths name the template's fields (spec.template.spec...).
 */
function orTemplate(name: string, check: DocumentCheck): DocumentCheck {
    return (doc, report) => {
        if (doc.kind !== BLUE_GREEN_KIND) return check(doc, report);
        const spec = readPath(doc, "spec.template.spec");
        if (spec === undefined || spec === null) return; // no template: flink-engine-rules reports bluegreen-template-required
        const own = `FlinkDeployment ${name}`;
        check(childDeployment(doc), (message, path) =>
            report(
                templateMessage(message.split(own).join(`FlinkBlueGreenDeployment ${name} (its template)`)),
                path === undefined ? undefined : templatePath(path),
            ),
        );
    };
}

function configOfDoc(doc: FlinkDocument): FlinkConfig {
    return flattenFlinkConfiguration(readPath(doc, "spec.flinkConfiguration"));
}

// ---------------------------------------------------------------------------------------------------------------
// 2. flink-deployment-ha

export interface DeploymentHaConfig extends ScopeConfig {
    minJobManagerReplicas?: number;
}

export function isKubernetesHaType(type: string): boolean {
    const t = type.trim();
    return t.toLowerCase() === "kubernetes" || t === KUBERNETES_HA_FACTORY;
}

const haStorageDirRequired = requireRule("ha-storage-dir-required");

export function checkDeploymentHa(args: CheckArgs, reportViolation: ReportViolation): void {
    const cfg = configOf<DeploymentHaConfig>(args);
    checkFlinkResource(
        args,
        DEPLOYMENT_KINDS,
        orTemplate(args.name, (doc, report) => {
            if (inScope(args, doc, cfg) !== true) return;
            const config = configOfDoc(doc);
            const type = config.get(FlinkOptions.haType);
            const haHint = `Set high-availability.type: kubernetes and high-availability.storageDir (durable storage, e.g. s3://bucket/flink/ha) in spec.flinkConfiguration, or use the package's highAvailability helper.`;
            if (!isUnknown(type)) {
                if (!isHighAvailabilityType(type)) {
                    report(
                        `FlinkDeployment ${args.name} runs without high availability${type === undefined ? "" : ` (high-availability.type: ${type})`}: a JobManager failure loses the job's leadership and in-flight state. ${haHint}`,
                    );
                } else if (type !== undefined && !isKubernetesHaType(type)) {
                    report(`FlinkDeployment ${args.name} uses high-availability.type ${type}; this platform requires Kubernetes HA. ${haHint}`);
                } else {
                    for (const f of runRules([haStorageDirRequired], doc)) report(findingMessage(f), f.path);
                }
            }
            const min = cfg.minJobManagerReplicas ?? 2;
            const replicas = readPath(doc, "spec.jobManager.replicas");
            if (isUnknown(replicas)) return;
            const effective = typeof replicas === "number" ? replicas : replicas === undefined || replicas === null ? 1 : undefined;
            if (effective !== undefined && effective < min) {
                report(
                    `FlinkDeployment ${args.name} runs ${effective} JobManager replica${effective === 1 ? "" : "s"}${replicas === undefined ? " (the default)" : ""}; at least ${min} are required so a standby takes over at once. Set spec.jobManager.replicas: ${min} (with Kubernetes HA).`,
                    "spec.jobManager.replicas",
                );
            }
        }),
        reportViolation,
    );
}

export const flinkDeploymentHa: ResourceValidationPolicy = {
    name: "flink-deployment-ha",
    description:
        "Every FlinkDeployment, session clusters included, and every FlinkBlueGreenDeployment template has Kubernetes high availability (type kubernetes or its factory class, and a storage dir) and at least minJobManagerReplicas JobManagers.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            minJobManagerReplicas: { type: "integer", minimum: 1, default: 2, description: "Least spec.jobManager.replicas accepted." },
            ...SCOPE_SCHEMA,
        },
    },
    validateResource: checkDeploymentHa,
};

// ---------------------------------------------------------------------------------------------------------------
// 4a. flink-stateful-job-storage

/** The engine's storage rules for stateful jobs (flink-session-job-storage runs them on session jobs). */
export const STORAGE_RULES = [requireRule("checkpoint-dir-required"), requireRule("savepoint-dir-required")];

export function checkStatefulJobStorage(args: CheckArgs, reportViolation: ReportViolation): void {
    checkFlinkResource(
        args,
        DEPLOYMENT_KINDS,
        orTemplate(args.name, (doc, report) => {
            // The operator's own rules: checkpoint dir for savepoint/last-state, savepoint dir for savepoint upgrades etc.
            for (const f of runRules(STORAGE_RULES, doc)) report(findingMessage(f), f.path);
            // Stricter than the operator: last-state jobs also need a savepoint dir (suspend, manual and periodic savepoints).
            const job = readPath(doc, "spec.job");
            if (job === undefined || job === null || isUnknown(job)) return;
            const dir = configOfDoc(doc).get(FlinkOptions.savepointsDir);
            if (readPath(doc, "spec.job.upgradeMode") === UpgradeMode.LastState && !isUnknown(dir) && !isNonBlank(dir)) {
                report(
                    `spec.flinkConfiguration: job ${args.name} uses upgradeMode last-state but has no savepoint directory, so savepoints (manual, periodic, or on suspend) cannot be taken. Set ${FlinkOptions.savepointsDir.key}, e.g. s3://bucket/flink/savepoints.`,
                );
            }
        }),
        reportViolation,
    );
}

export const flinkStatefulJobStorage: ResourceValidationPolicy = {
    name: "flink-stateful-job-storage",
    description:
        "Stateful jobs (upgradeMode savepoint or last-state) of application FlinkDeployments and FlinkBlueGreenDeployment templates have a checkpoint directory and a savepoint directory.",
    enforcementLevel: "mandatory",
    configSchema: { properties: {} },
    validateResource: checkStatefulJobStorage,
};

// ---------------------------------------------------------------------------------------------------------------
// 4b. flink-image-pinned

const imageTagPinned = requireRule("image-tag");

const POD_TEMPLATES = ["spec.podTemplate", "spec.jobManager.podTemplate", "spec.taskManager.podTemplate"];

export interface ImagePinnedConfig {
    /** Other chart names that package the Flink operator, as flink-operator-ha's chartNames. */
    operatorChartNames?: string[];
}

export function checkImagePinned(args: CheckArgs, reportViolation: ReportViolation): void | Promise<void> {
    const chartNames = configOf<ImagePinnedConfig>(args).operatorChartNames;
    if (args.type === TYPES.helmRelease) {
        return operatorImageViolations(args, chartNames).then((messages) => messages.forEach((m) => reportViolation(m)));
    }
    for (const m of renderedOperatorImageViolations(args, chartNames)) reportViolation(m);
    checkFlinkResource(
        args,
        DEPLOYMENT_KINDS,
        orTemplate(args.name, (doc, report) => {
            for (const f of runRules([imageTagPinned], doc, { rules: { "image-tag": "error" } })) report(findingMessage(f), f.path);
            for (const template of POD_TEMPLATES) {
                for (const list of ["containers", "initContainers"]) {
                    const containers = readPath(doc, `${template}.spec.${list}`);
                    if (!Array.isArray(containers)) continue;
                    containers.forEach((container, i) => {
                        const image = readPath(container, "image");
                        if (typeof image !== "string" || image === "") return;
                        const tag = imageTag(image);
                        if (tag === undefined || tag === "latest") {
                            report(
                                `${template}.spec.${list}[${i}].image: image ${image} ${tag === undefined ? "has no tag, so it means :latest" : "uses the :latest tag"} and can change at any pod restart. Pin a version tag or a digest.`,
                                `${template}.spec.${list}`,
                            );
                        }
                    });
                }
            }
        }),
        reportViolation,
    );
}

export const flinkImagePinned: ResourceValidationPolicy = {
    name: "flink-image-pinned",
    description:
        "No untagged or :latest image: FlinkDeployment spec.image and pod template containers (a FlinkBlueGreenDeployment's in its template), and the Flink operator chart's image.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            operatorChartNames: CHART_NAMES_SCHEMA,
        },
    },
    validateResource: checkImagePinned,
};

// ---------------------------------------------------------------------------------------------------------------
// 4e. flink-resources-set

export interface ResourcesConfig {
    requireCpu?: boolean;
}

const memoryRules = [requireRule("jobmanager-memory-required"), requireRule("taskmanager-memory-required")];

export function checkResourcesSet(args: CheckArgs, reportViolation: ReportViolation): void {
    const requireCpu = configOf<ResourcesConfig>(args).requireCpu !== false;
    checkFlinkResource(
        args,
        DEPLOYMENT_KINDS,
        orTemplate(args.name, (doc, report) => {
            for (const f of runRules(memoryRules, doc)) report(findingMessage(f), f.path);
            if (!requireCpu) return;
            const config = configOfDoc(doc);
            for (const role of ["jobManager", "taskManager"] as const) {
                const path = `spec.${role}.resource.cpu`;
                const cpu = readPath(doc, path);
                if (isUnknown(cpu) || (cpu !== undefined && cpu !== null)) continue;
                const fromConfig = config.get(CPU_OPTIONS[role]);
                if (isUnknown(fromConfig) || fromConfig !== undefined) continue;
                const label = role === "jobManager" ? "JobManager" : "TaskManager";
                report(`${path}: ${label} CPU is not set, so the operator's default (1 core) applies whatever the job needs. Set ${path}, e.g. 1 or 0.5.`);
            }
        }),
        reportViolation,
    );
}

export const flinkResourcesSet: ResourceValidationPolicy = {
    name: "flink-resources-set",
    description: "Every FlinkDeployment (and FlinkBlueGreenDeployment template) sets JobManager and TaskManager memory and CPU.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            requireCpu: {
                type: "boolean",
                default: true,
                description: "Also require spec.jobManager.resource.cpu and spec.taskManager.resource.cpu (or kubernetes.*.cpu.amount).",
            },
        },
    },
    validateResource: checkResourcesSet,
};

// ---------------------------------------------------------------------------------------------------------------
// 4f. flink-engine-rules

/**
 * Engine rules left to another policy, so the pack does not report them twice. A rule is left only where that
 * policy reports the same finding on every resource the engine would, by default: the rule is not one the operator
 * enforces (ha-storage-dir-required, image-tag: production checks with policies of their own), or its policy is
 * mandatory and cannot be scoped (flink-stateful-job-storage), or a resource policy cannot decide it alone
 * (a session job's directories need its session cluster: flink-session-job-storage). Operator rules whose policy is
 * scoped or advisory (standby-jobmanagers-require-ha, rollback-requires-ha, the memory rules) stay here, so a stack
 * outside flink-deployment-ha's scope still gets every error the operator would raise.
 */
export const DELEGATED_RULES: readonly string[] = [
    "ha-storage-dir-required",
    "checkpoint-dir-required",
    "savepoint-dir-required",
    "image-tag",
    // flink-stateful-job-storage holds a blue/green template with upgradeMode last-state to a savepoint directory.
    "bluegreen-savepoint-dir-required",
];

export interface EngineRulesConfig {
    rules?: { [ruleId: string]: Severity | "off" };
    allowedJarSchemes?: string[];
    disallowRestrictedHosts?: boolean;
    reportWarnings?: boolean;
}

export function checkEngineRules(args: CheckArgs, reportViolation: ReportViolation): void {
    const cfg = configOf<EngineRulesConfig>(args);
    const overrides = cfg.rules ?? {};
    const rules = RULES.filter((r) => !DELEGATED_RULES.includes(r.id) || (overrides[r.id] !== undefined && overrides[r.id] !== "off"));
    const options: EngineOptions = {
        rules: overrides,
        ...(cfg.allowedJarSchemes ? { allowedJarSchemes: cfg.allowedJarSchemes } : {}),
        ...(cfg.disallowRestrictedHosts !== undefined ? { disallowRestrictedHosts: cfg.disallowRestrictedHosts } : {}),
    };
    checkFlinkResource(
        args,
        ["FlinkDeployment", "FlinkSessionJob", "FlinkStateSnapshot", "FlinkBlueGreenDeployment"],
        (doc, report) => {
            for (const f of runRules(rules, doc, options)) if (f.severity === "error" || cfg.reportWarnings === true) report(findingMessage(f), f.path);
        },
        reportViolation,
    );
}

export const flinkEngineRules: ResourceValidationPolicy = {
    name: "flink-engine-rules",
    description:
        "Every rule of the pulumi-flink rule engine passes on FlinkDeployment, FlinkSessionJob, FlinkStateSnapshot and FlinkBlueGreenDeployment custom resources, so raw manifests get the same preview-time errors as the components.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            rules: {
                type: "object",
                additionalProperties: { type: "string", enum: ["off", "error", "warning"] },
                description:
                    "Per-rule overrides by rule id, as for `pulumi-flink validate`. Rules with their own policy (" +
                    DELEGATED_RULES.join(", ") +
                    ") run here only when given a severity.",
            },
            allowedJarSchemes: {
                type: "array",
                items: { type: "string" },
                description: 'kubernetes.operator.user.artifacts.allowed-schemes of your operator (default ["https"]).',
            },
            disallowRestrictedHosts: {
                type: "boolean",
                description:
                    "kubernetes.operator.user.artifacts.disallow-restricted-hosts of your operator (default true): false lets session job jars come from loopback, private, link-local, any and multicast addresses.",
            },
            reportWarnings: { type: "boolean", default: false, description: "Also report warning-level findings as violations." },
        },
    },
    validateResource: checkEngineRules,
};
