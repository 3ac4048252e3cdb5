import { Rule } from "../engine";
import { ingressTemplateError } from "../../core/java/url";

export const ingressTemplateRequired: Rule = {
    id: "ingress-template-required",
    kinds: ["FlinkDeployment"],
    severity: "error",
    source: "operator",
    description: "spec.ingress has a template.",
    check(ctx) {
        const ingress = ctx.get("spec.ingress");
        if (ingress === undefined || ingress === null) return;
        const template = ctx.get("spec.ingress.template");
        if (template === undefined || template === null) {
            ctx.report(
                "spec.ingress.template",
                `Ingress template must be defined. Set spec.ingress.template, e.g. "{{name}}.{{namespace}}.flink.example.com" or "flink.example.com/{{namespace}}/{{name}}".`,
            );
        }
    },
};

export const ingressTemplateValid: Rule = {
    id: "ingress-template-valid",
    kinds: ["FlinkDeployment"],
    severity: "error",
    source: "operator",
    description:
        "spec.ingress.template, with http:// put in front when it has no http(s) scheme and {{name}}/{{namespace}} filled in (any case), constructs a java.net.URL as in the operator (a port must be a number; a bracketed host a valid IPv6 literal).",
    check(ctx) {
        const template = ctx.get("spec.ingress.template");
        if (typeof template !== "string") return;
        const name = ctx.get("metadata.name");
        const namespace = ctx.get("metadata.namespace");
        const error = ingressTemplateError(
            template,
            typeof name === "string" ? name : "name",
            typeof namespace === "string" && namespace !== "" ? namespace : "default",
        );
        if (error !== undefined) {
            ctx.report(
                "spec.ingress.template",
                `Unable to process the Ingress template(${template}). Error: ${error}. Use a host, an optional numeric port and an optional path, with {{name}}/{{namespace}} placeholders, e.g. "{{name}}.{{namespace}}.flink.example.com" or "flink.example.com:8080/{{namespace}}/{{name}}".`,
            );
        }
    },
};
