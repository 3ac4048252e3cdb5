/** Flink applications on an Aiven service (AivenFlinkSqlApplication, AivenFlinkJarApplication). */
import type { Rule } from "../../engine";
import { isUnknown } from "../../../core/unknown";
import { APPLICATION_KINDS } from "./kinds";
import { isBlank, range } from "./util";

export const applicationService: Rule = {
    id: "aiven-application-service",
    kinds: APPLICATION_KINDS,
    severity: "error",
    source: "aiven",
    description: "An application names its service: the service option, or project and serviceName.",
    check(ctx) {
        for (const field of ["project", "serviceName"]) {
            if (isBlank(ctx.get(field)))
                ctx.report(
                    field,
                    `${field} is required without the service option; pass { service: myAivenFlink } as a resource option (other languages: serviceUrn, the AivenFlink's urn), or set ${field}.`,
                );
        }
        const name = ctx.get("applicationName");
        if (typeof name === "string" && name.trim() === "")
            ctx.report("applicationName", "applicationName is empty; set a name or remove it to use the resource name.");
    },
};

export const sqlStatement: Rule = {
    id: "aiven-sql-statement",
    kinds: ["AivenFlinkSqlApplication"],
    severity: "error",
    source: "aiven",
    description: "An SQL application has a statement, and each source and sink a CREATE TABLE statement.",
    check(ctx) {
        if (isBlank(ctx.get("statement"))) ctx.report("statement", "statement is required; set the job's SQL, e.g. INSERT INTO sink SELECT * FROM source.");
        for (const list of ["sources", "sinks"]) {
            const tables = ctx.get(list);
            if (!Array.isArray(tables)) continue;
            tables.forEach((_, i) => {
                if (isBlank(ctx.get(`${list}.${i}.createTable`)))
                    ctx.report(`${list}[${i}].createTable`, `${list}[${i}].createTable is required; set the table's CREATE TABLE statement.`);
            });
        }
    },
};

export const jarPath: Rule = {
    id: "aiven-jar-path",
    kinds: ["AivenFlinkJarApplication"],
    severity: "error",
    source: "aiven",
    description: "A JAR application has the path of its .jar file.",
    check(ctx) {
        if (isBlank(ctx.get("jarPath"))) ctx.report("jarPath", "jarPath is required; set the path of the local .jar file to upload.");
    },
};

export const jarCustomCode: Rule = {
    id: "aiven-jar-custom-code",
    kinds: ["AivenFlinkJarApplication"],
    severity: "warning",
    source: "aiven",
    description: "A JAR application's service has userConfig.customCode: true.",
    check(ctx) {
        const service = ctx.peek("$service") as { name?: unknown; customCode?: unknown } | undefined;
        // Only with the service option, and only when the service's value is known (it is not checked again later).
        if (!service || isUnknown(service.customCode)) return;
        if (service.customCode !== true) {
            ctx.report(
                "jarPath",
                `the service ${typeof service.name === "string" ? `"${service.name}" ` : ""}does not set userConfig.customCode: true, and Aiven refuses JAR uploads without it; set it on the AivenFlink (this replaces the service).`,
            );
        }
    },
};

export const deploymentParallelism: Rule = {
    id: "aiven-deployment-parallelism",
    kinds: APPLICATION_KINDS,
    severity: "error",
    source: "aiven",
    description: "deployment.parallelism is from 1 to 128.",
    check(ctx) {
        range(ctx, "deployment.parallelism", 1, 128, "deployment parallelism");
    },
};
