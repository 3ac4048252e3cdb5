/**
 * The service's fields, shared by every way of making an Aiven for Apache Flink service: AivenFlink
 * (@pulumi/aiven), AivenOperatorFlink and the operator's `Flink` CR. One rule per field, one table for all.
 */
import type { Rule } from "../../engine";
import { SERVICE_KINDS, OPERATOR_KINDS } from "./kinds";
import { at, isBlank, maxLength } from "./util";

const PROJECT = /^[a-zA-Z0-9_-]+$/;
const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
const DISK_SPACE = /^[1-9][0-9]*(GiB|G)?$/i;
/** The operator CRD's pattern for technicalEmails[].email (the API server enforces it). */
const CRD_EMAIL = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/;
const EMAIL = /^[^@\s]+@[^@\s]+$/;

export const projectRequired: Rule = {
    id: "aiven-project",
    kinds: SERVICE_KINDS,
    severity: "error",
    source: "aiven",
    description: "project is set: letters, digits, _ or -, at most 63 characters.",
    check(ctx) {
        const project = ctx.get("project");
        const p = at(ctx, "project");
        if (isBlank(project)) return ctx.report("project", `${p} is required; set the name of the Aiven project the service belongs to.`);
        if (typeof project !== "string") return;
        if (project.length > 63) ctx.report("project", `${p} is ${project.length} characters long; Aiven project names have at most 63.`);
        if (!PROJECT.test(project)) ctx.report("project", `${p} "${project}" may contain only letters, digits, "_" and "-" (pattern ^[a-zA-Z0-9_-]+$).`);
    },
};

export const planRequired: Rule = {
    id: "aiven-plan",
    kinds: SERVICE_KINDS,
    severity: "error",
    source: "aiven",
    description: "plan is set, at most 128 characters.",
    check(ctx) {
        if (isBlank(ctx.get("plan")))
            return ctx.report(
                "plan",
                `${at(ctx, "plan")} is required; set a subscription plan such as business-4 (see Aiven's pricing page for those your cloud offers).`,
            );
        maxLength(ctx, "plan", 128, "Set a plan name such as business-4.");
    },
};

export const cloudName: Rule = {
    id: "aiven-cloud-name",
    kinds: SERVICE_KINDS,
    severity: "error",
    source: "aiven",
    description: "cloudName has at most 256 characters.",
    check(ctx) {
        maxLength(ctx, "cloudName", 256, "Set a cloud such as google-europe-west1.");
    },
};

export const serviceName: Rule = {
    id: "aiven-service-name",
    kinds: ["AivenFlink", "AivenOperatorFlink"],
    severity: "error",
    source: "aiven",
    description: "serviceName, when set, is not empty.",
    check(ctx) {
        const v = ctx.get("serviceName");
        if (typeof v === "string" && v.trim() === "")
            ctx.report("serviceName", "serviceName is empty; set the Aiven service name or remove it to use the resource name.");
    },
};

export const maintenanceWindowDow: Rule = {
    id: "aiven-maintenance-window-dow",
    kinds: SERVICE_KINDS,
    severity: "error",
    source: "aiven",
    description: "maintenanceWindowDow is a day of the week in lower case (monday ... sunday).",
    check(ctx) {
        const v = ctx.get("maintenanceWindowDow");
        if (typeof v === "string" && !DAYS.includes(v))
            ctx.report("maintenanceWindowDow", `${at(ctx, "maintenanceWindowDow")} "${v}" is not a day; use one of ${DAYS.join(", ")}.`);
    },
};

export const maintenanceWindowTime: Rule = {
    id: "aiven-maintenance-window-time",
    kinds: SERVICE_KINDS,
    severity: "error",
    source: "aiven",
    description: "maintenanceWindowTime is a UTC time of day HH:mm:ss.",
    check(ctx) {
        const v = ctx.get("maintenanceWindowTime");
        if (typeof v === "string" && !TIME.test(v))
            ctx.report("maintenanceWindowTime", `${at(ctx, "maintenanceWindowTime")} "${v}" is not a time HH:mm:ss (UTC, 24-hour), e.g. 03:00:00.`);
    },
};

export const projectVpcId: Rule = {
    id: "aiven-project-vpc-id",
    kinds: SERVICE_KINDS,
    severity: "error",
    source: "aiven",
    description: "projectVpcId is a VPC id of at most 36 characters (the components also take aiven.ProjectVpc's `<project>/<vpc id>` form).",
    check(ctx) {
        const v = ctx.get("projectVpcId");
        if (typeof v !== "string") return;
        // aiven.ProjectVpc's id is "<project>/<vpc id>": @pulumi/aiven accepts it and AivenOperatorFlink sends the VPC
        // id part; the operator's CR takes the VPC id itself (its CRD: at most 36 characters).
        const id = ctx.kind === "Flink" ? v : v.slice(v.lastIndexOf("/") + 1);
        if (id === "" || id.length > 36) {
            ctx.report(
                "projectVpcId",
                `${at(ctx, "projectVpcId")} "${v}" is not a project VPC id (at most 36 characters); pass the id of an aiven.ProjectVpc (its id output) or the VPC's UUID.`,
            );
        }
    },
};

export const technicalEmails: Rule = {
    id: "aiven-technical-emails",
    kinds: SERVICE_KINDS,
    severity: "error",
    source: "aiven",
    description: "technicalEmails has at most 10 entries, each an email address (for the operator's resource, one its CRD's pattern accepts).",
    check(ctx) {
        const emails = ctx.get("technicalEmails");
        if (!Array.isArray(emails)) return;
        if (emails.length > 10)
            ctx.report("technicalEmails", `${at(ctx, "technicalEmails")} has ${emails.length} entries; Aiven takes at most 10. Use a distribution list.`);
        const pattern = OPERATOR_KINDS.includes(ctx.kind as never) ? CRD_EMAIL : EMAIL;
        emails.forEach((_, i) => {
            const email = ctx.get(`technicalEmails.${i}.email`);
            if (email === undefined || (typeof email === "string" && !pattern.test(email))) {
                const p = at(ctx, `technicalEmails[${i}].email`);
                ctx.report(
                    `technicalEmails[${i}].email`,
                    `${p} ${email === undefined ? "is missing" : `"${email}" is not an email address`}; set an address such as ops@example.com.`,
                );
            }
        });
    },
};

export const diskSpace: Rule = {
    id: "aiven-disk-space",
    kinds: SERVICE_KINDS,
    severity: "error",
    source: "aiven",
    description: "diskSpace is a size such as 80GiB.",
    check(ctx) {
        const v = ctx.get("diskSpace");
        if (typeof v === "string" && !DISK_SPACE.test(v))
            ctx.report("diskSpace", `${at(ctx, "diskSpace")} "${v}" is not a disk size; use a whole number of GiB such as 80GiB.`);
    },
};

export const serviceIntegrationsRefused: Rule = {
    id: "aiven-service-integrations",
    kinds: ["AivenFlink", "Flink"],
    severity: "error",
    source: "aiven",
    description: "serviceIntegrations is not set: Aiven accepts no integration type for Flink services.",
    check(ctx) {
        const v = ctx.get("serviceIntegrations");
        if (Array.isArray(v) && v.length > 0) {
            ctx.report(
                "serviceIntegrations",
                `${at(ctx, "serviceIntegrations")} is not accepted for Flink services (Aiven refuses every integration type here); remove it and connect Kafka or PostgreSQL with an aiven.ServiceIntegration of type flink after the service exists.`,
            );
        }
    },
};
