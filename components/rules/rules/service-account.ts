import { Rule } from "../engine";

export const serviceAccountRequired: Rule = {
    id: "service-account-required",
    kinds: ["FlinkDeployment"],
    severity: "error",
    source: "operator",
    description: "spec.serviceAccount is set.",
    check(ctx) {
        const account = ctx.get("spec.serviceAccount");
        if (account === undefined || account === null) {
            ctx.report(
                "spec.serviceAccount",
                `spec.serviceAccount must be defined. If you use helm, its value should be the same with the name of jobServiceAccount (the chart's default is "flink").`,
            );
        }
    },
};
