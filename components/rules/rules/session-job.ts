import { Rule } from "../engine";
import { RESOURCE_NAME, invalidNameMessage } from "./util";

export const sessionJobDeploymentName: Rule = {
    id: "session-job-deployment-name",
    kinds: ["FlinkSessionJob"],
    severity: "error",
    source: "operator",
    description: "spec.deploymentName names a session cluster with a valid FlinkDeployment name.",
    check(ctx) {
        const name = ctx.get("spec.deploymentName");
        if (name === undefined || name === null || name === "") {
            ctx.report(
                "spec.deploymentName",
                "spec.deploymentName is missing; set it to the name of the session cluster FlinkDeployment (or pass the FlinkDeployment as `deployment`).",
            );
        } else if (typeof name === "string" && !RESOURCE_NAME.test(name)) {
            ctx.report("spec.deploymentName", invalidNameMessage(name));
        }
    },
};

export const sessionJobJobRequired: Rule = {
    id: "session-job-job-required",
    kinds: ["FlinkSessionJob"],
    severity: "error",
    source: "operator",
    description: "A session job has spec.job.",
    check(ctx) {
        const job = ctx.get("spec.job");
        if (job === undefined || job === null)
            ctx.report("spec.job", "The job spec should not be empty. Set spec.job with at least jarURI, parallelism and upgradeMode.");
    },
};

export const sessionJobTargetsSessionCluster: Rule = {
    id: "session-job-target-session-cluster",
    kinds: ["FlinkSessionJob"],
    severity: "error",
    source: "operator",
    description: "The FlinkDeployment a session job names, when in the same program or file set, is a session cluster (no spec.job).",
    check(ctx) {
        const cluster = ctx.sessionCluster();
        if (cluster === undefined) return;
        const job = ctx.getIn(cluster, "spec.job");
        if (job !== undefined && job !== null) {
            ctx.report(
                "spec.deploymentName",
                `Can not submit session job to application cluster: FlinkDeployment ${ctx.get("spec.deploymentName")} has spec.job. Point spec.deploymentName at a session cluster (a FlinkDeployment without spec.job).`,
            );
        }
    },
};
