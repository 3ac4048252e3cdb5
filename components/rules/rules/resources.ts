import { Rule, RuleContext } from "../engine";
import { ConfigOption, FlinkOptions, isHighAvailabilityType } from "../../core/flink/config";
import { ephemeralStorageError, flinkMemoryBytes, resourceMemoryError } from "../../core/java/memory-size";
import { isJavaWhitespace } from "../../core/java/lang";

type Role = "jobManager" | "taskManager";
const LABEL: Record<Role, string> = { jobManager: "JobManager", taskManager: "TaskManager" };

/** Whether Flink can derive the process memory from configuration alone (what the operator asks of it). */
function memoryFromConfig(ctx: RuleContext, role: Role): boolean {
    // A memory option counts when Flink can read it (MemorySize.parse); an unreadable one fails the operator's check.
    const has = (opt: ConfigOption) => {
        const value = ctx.config(opt);
        if (value === undefined) return false;
        if (opt === FlinkOptions.jmLegacyHeapMb || opt === FlinkOptions.tmLegacyHeapMb) return true;
        try {
            flinkMemoryBytes(value);
            return true;
        } catch {
            return false;
        }
    };
    if (role === "jobManager") {
        return has(FlinkOptions.jmProcessMemory) || has(FlinkOptions.jmFlinkMemory) || has(FlinkOptions.jmHeapMemory) || has(FlinkOptions.jmLegacyHeapMb);
    }
    return (
        has(FlinkOptions.tmProcessMemory) ||
        has(FlinkOptions.tmFlinkMemory) ||
        has(FlinkOptions.tmLegacyHeapMb) ||
        (has(FlinkOptions.tmTaskHeapMemory) && has(FlinkOptions.tmManagedMemory))
    );
}

function memoryRequired(role: Role): Rule {
    const path = `spec.${role}.resource.memory`;
    return {
        id: `${role === "jobManager" ? "jobmanager" : "taskmanager"}-memory-required`,
        kinds: ["FlinkDeployment"],
        severity: "error",
        source: "operator",
        description: `${path} is set (not blank), or the ${LABEL[role]} memory is configured in flinkConfiguration with a value Flink can read.`,
        check(ctx) {
            const memory = ctx.get(path);
            // StringUtils.isNullOrWhitespaceOnly: a blank memory is as good as none.
            const blank = memory === undefined || memory === null || (typeof memory === "string" && [...memory].every(isJavaWhitespace));
            if (blank && !memoryFromConfig(ctx, role)) {
                ctx.report(path, `${LABEL[role]} resource memory must be defined using \`${path}\`, e.g. "2048m" or "2Gi".`);
            }
        },
    };
}

export const jobManagerMemoryRequired = memoryRequired("jobManager");
export const taskManagerMemoryRequired = memoryRequired("taskManager");

const ROLES: readonly Role[] = ["jobManager", "taskManager"];
/** The fields resource-quantity-format and cpu-positive read, built once rather than per document. */
const QUANTITY_FIELDS = ROLES.flatMap((role) => [
    { role, path: `spec.${role}.resource.memory`, label: "memory", parse: resourceMemoryError, example: `"2048m", "2g" or "2Gi"` },
    {
        role,
        path: `spec.${role}.resource.ephemeralStorage`,
        label: "ephemeral storage",
        parse: ephemeralStorageError,
        example: `"10Gi" or "500M" (case-sensitive, no spaces)`,
    },
]);
const CPU_FIELDS = ROLES.map((role) => ({ role, path: `spec.${role}.resource.cpu` }));

export const resourceQuantityFormat: Rule = {
    id: "resource-quantity-format",
    kinds: ["FlinkDeployment"],
    severity: "error",
    source: "operator",
    description:
        "resource.memory reads as the operator reads it (a Flink memory size, else a Kubernetes quantity, any case, spaces and a trailing B dropped, a whole number of bytes); resource.ephemeralStorage as a Kubernetes quantity (case-sensitive).",
    check(ctx) {
        for (const { role, path, label, parse, example } of QUANTITY_FIELDS) {
            const value = ctx.get(path);
            if (value === undefined || value === null) continue;
            const error = typeof value === "string" ? parse(value) : `expected a string, got ${typeof value}`;
            if (error) ctx.report(path, `${LABEL[role]} resource ${label} parse error: ${error.replace(/\.$/, "")}. Set ${path} to a size such as ${example}.`);
        }
    },
};

export const cpuPositive: Rule = {
    id: "cpu-positive",
    kinds: ["FlinkDeployment"],
    severity: "error",
    source: "extra",
    description: "resource.cpu, when set, is greater than 0 (the operator does not check; Kubernetes refuses the pods).",
    check(ctx) {
        for (const { role, path } of CPU_FIELDS) {
            const cpu = ctx.get(path);
            if (typeof cpu === "number" && !(cpu > 0)) {
                ctx.report(path, `${LABEL[role]} CPU is ${cpu}; set ${path} to a positive number of cores, e.g. 1 or 0.5.`);
            }
        }
    },
};

export const jobManagerReplicas: Rule = {
    id: "jobmanager-replicas",
    kinds: ["FlinkDeployment"],
    severity: "error",
    source: "operator",
    description: "jobManager.replicas is at least 1.",
    check(ctx) {
        const replicas = ctx.get("spec.jobManager.replicas");
        if (typeof replicas === "number" && replicas < 1) {
            ctx.report(
                "spec.jobManager.replicas",
                "JobManager replicas should not be configured less than one. Set spec.jobManager.replicas to 1, or 2 or more with high availability.",
            );
        }
    },
};

export const taskManagerReplicas: Rule = {
    id: "taskmanager-replicas",
    kinds: ["FlinkDeployment"],
    severity: "error",
    source: "operator",
    description: "taskManager.replicas, when set on a session cluster, is at least 1 (application clusters: see job-parallelism).",
    check(ctx) {
        if (ctx.get("spec.job") !== undefined && ctx.get("spec.job") !== null) return;
        const replicas = ctx.get("spec.taskManager.replicas");
        if (typeof replicas === "number" && replicas < 1) {
            ctx.report(
                "spec.taskManager.replicas",
                "TaskManager replicas should not be configured less than one. Set spec.taskManager.replicas to 1 or more, or remove it.",
            );
        }
    },
};

export const standbyJobManagersRequireHa: Rule = {
    id: "standby-jobmanagers-require-ha",
    kinds: ["FlinkDeployment"],
    severity: "error",
    source: "operator",
    description: "More than one JobManager replica needs high availability.",
    check(ctx) {
        const replicas = ctx.get("spec.jobManager.replicas");
        if (typeof replicas === "number" && replicas > 1 && !isHighAvailabilityType(ctx.config(FlinkOptions.haType))) {
            ctx.report(
                "spec.jobManager.replicas",
                "High availability should be enabled when starting standby JobManagers. Set high-availability.type: kubernetes and high-availability.storageDir in spec.flinkConfiguration, or set spec.jobManager.replicas to 1.",
            );
        }
    },
};
