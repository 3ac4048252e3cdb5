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
            ctx.report(
                "apiVersion",
                `${value === undefined ? "apiVersion is missing" : `apiVersion ${JSON.stringify(value)} is not served by the operator's CRDs`}; set apiVersion: ${FLINK_API_VERSION}`,
            );
        }
    },
};

export const metadataName: Rule = {
    id: "metadata-name",
    kinds: FLINK_KINDS,
    severity: "error",
    source: "schema",
    checksCanaries: true,
    description:
        "metadata.name is set (Flink resources are referenced by name, so generated names are not used) and, as the API server requires of every custom resource, is a lowercase RFC 1123 subdomain (FlinkDeployment names: see deployment-name).",
    check(ctx) {
        const name = ctx.get("metadata.name");
        if (typeof name !== "string" || name === "") ctx.report("metadata.name", "metadata.name is missing; set a name for the resource");
        // FlinkDeployment names are held to the operator's stricter rule (deployment-name) instead.
        else if (ctx.kind !== "FlinkDeployment" && !DNS_SUBDOMAIN.test(name)) {
            ctx.report(
                "metadata.name",
                `metadata.name "${name}" is invalid: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character, at most 253 characters (e.g. '${
                    name
                        .toLowerCase()
                        .replace(/[^a-z0-9.-]+/g, "-")
                        .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "") || "my-name"
                }'); the API server refuses the resource otherwise.`,
            );
        }
    },
};

/** The API server's name rule for custom resources (k8s.io/apimachinery IsDNS1123Subdomain). */
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

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
