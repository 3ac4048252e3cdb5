import { Rule } from "../engine";

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
            ctx.report("spec.ingress.template", `Ingress template must be defined. Set spec.ingress.template, e.g. "{{name}}.{{namespace}}.flink.example.com" or "flink.example.com/{{namespace}}/{{name}}".`);
        }
    },
};

export const ingressTemplateValid: Rule = {
    id: "ingress-template-valid",
    kinds: ["FlinkDeployment"],
    severity: "error",
    source: "operator",
    description: "spec.ingress.template becomes a valid URL once {{name}} and {{namespace}} are filled in.",
    check(ctx) {
        const template = ctx.get("spec.ingress.template");
        if (typeof template !== "string") return;
        const name = ctx.get("metadata.name") ?? "name";
        const namespace = ctx.get("metadata.namespace") ?? "default";
        let url = template.replace(/\{\{name\}\}/g, String(name)).replace(/\{\{namespace\}\}/g, String(namespace));
        if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(url)) url = `http://${url}`;
        let error: string | undefined;
        try {
            const parsed = new URL(url);
            if (!parsed.hostname) error = "no host";
            else if (/[\s{}]/.test(template.replace(/\{\{(name|namespace)\}\}/g, ""))) error = "only {{name}} and {{namespace}} placeholders are substituted, and spaces are not allowed";
        } catch (err) {
            error = (err as Error).message;
        }
        if (error) ctx.report("spec.ingress.template", `Unable to process the Ingress template(${template}). Error: ${error}. Use a host and optional path with {{name}}/{{namespace}} placeholders.`);
    },
};
