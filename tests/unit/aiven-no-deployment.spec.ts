/**
 * noDeployment on the Aiven applications: only a plain `true` skips the deployment. An Output is a value not known
 * when the program decides which resources to register, and an unknown value does not count as set (issue 12): the
 * deployment is planned, and should the Output resolve to true, the deployment is refused before it is created.
 */
import "../support/aiven-mocks";
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { deferredFailure, registered, resetRegistered, settle, valueOf } from "../support/mocks";
import { AivenFlinkJarApplication, AivenFlinkSqlApplication, FlinkValidationError } from "../../components";

const DEPLOYMENT_TYPES = [
    "aiven:index/flinkApplicationDeployment:FlinkApplicationDeployment",
    "aiven:index/flinkJarApplicationDeployment:FlinkJarApplicationDeployment",
];
const deployments = () => registered.filter((r) => DEPLOYMENT_TYPES.includes(r.type));

describe("Aiven applications: noDeployment", () => {
    beforeEach(resetRegistered);

    for (const [label, value] of [
        ["an Output resolving to undefined", pulumi.output(undefined)],
        ["an Output resolving to false", pulumi.output(false)],
        ["a Promise resolving to undefined", Promise.resolve(undefined)],
    ] as const) {
        it(`${label} is not set: the deployment is created`, async () => {
            const app = new AivenFlinkSqlApplication("q", { project: "p", serviceName: "s", statement: "SELECT 1", noDeployment: value as any });
            await settle();
            assert.strictEqual(deployments().length, 1, registered.map((r) => r.type).join("\n"));
            assert.ok(await valueOf(app.deploymentId));
        });
    }

    it("a plain true skips the deployment (both kinds)", async () => {
        new AivenFlinkSqlApplication("q", { project: "p", serviceName: "s", statement: "SELECT 1", noDeployment: true });
        new AivenFlinkJarApplication("j", { project: "p", serviceName: "s", jarPath: "a.jar", noDeployment: true });
        await settle();
        assert.strictEqual(deployments().length, 0);
    });

    it("an Output resolving to true refuses the deployment, naming the field and what to pass", async () => {
        const err = await deferredFailure(
            () => new AivenFlinkJarApplication("j", { project: "p", serviceName: "s", jarPath: "a.jar", noDeployment: pulumi.output(true) as any }),
        );
        assert.ok(err instanceof FlinkValidationError, String(err));
        assert.match(err.message, /noDeployment/);
        assert.match(err.message, /plain true/);
    });
});
