import { FLINK_API_VERSION, FLINK_KINDS, Rule } from "../engine";
import { RESOURCE_NAME, invalidNameMessage } from "./util";

export const apiVersion: Rule = {
    id: "api-version",
    kinds: FLINK_KINDS,
    severity: "error",
    source: "schema",
    checksCanaries: true,
    description: `apiVersion is ${FLINK_API_VERSION}, the only version the 1.15 CRDs serve.`,
    check(ctx) {
        const value = ctx.get("apiVersion");
        if (value !== FLINK_API_VERSION) {
            ctx.report("apiVersion", `${value === undefined ? "apiVersion is missing" : `apiVersion ${JSON.stringify(value)} is not served by the operator's CRDs`}; set apiVersion: ${FLINK_API_VERSION}`);
        }
    },
};

export const metadataName: Rule = {
    id: "metadata-name",
    kinds: FLINK_KINDS,
    severity: "error",
    source: "schema",
    checksCanaries: true,
    description: "metadata.name is set (Flink resources are referenced by name, so generated names are not used).",
    check(ctx) {
        const name = ctx.get("metadata.name");
        if (typeof name !== "string" || name === "") ctx.report("metadata.name", "metadata.name is missing; set a name for the resource");
    },
};

export const deploymentName: Rule = {
    id: "deployment-name",
    kinds: ["FlinkDeployment"],
    severity: "error",
    source: "operator",
    description: "A FlinkDeployment name is lower case alphanumerics or '-', starts with a letter, ends alphanumeric, at most 45 characters.",
    check(ctx) {
        const name = ctx.get("metadata.name");
        if (typeof name === "string" && name !== "" && !RESOURCE_NAME.test(name)) ctx.report("metadata.name", invalidNameMessage(name));
    },
};
