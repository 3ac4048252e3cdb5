/**
 * The component provider: the plugin runner's ComponentProvider with this package's hooks. The URN args resolve to
 * the components built earlier in the same provider process, with the same effects as the TypeScript options; the
 * schema it serves is flinkSchema's; the hooks degrade to warnings when @pulumi/pulumi's internals change.
 */
import "../support/mocks";
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { customResources, dependencies, resetRegistered, settle, settleUntil, valueOf } from "../support/mocks";
import { applicationDeployment, sessionCluster, sessionJob } from "../support/fixtures";
import { ROOT, hookedProvider, pluginSchema, servingComponentProvider } from "../support/plugin-schema";
import { hookComponentProvider, pluginRunnerSdkDir, withoutStack } from "../../components/provider/host";
import { FlinkValidationError } from "../../components";
import { resolveReferenceArgs } from "../../components/base/references";
import { inferFlinkSchema } from "../../components/provider/schema";

/** An Output as the provider's construct deserializes an input that depends on a resource: a new Output, known. */
function inputOutput(value: string): pulumi.Output<string> {
    return pulumi.output(value).apply((v) => v);
}

/** Captures what the hooks write to stderr while `run` runs (and what it returns settles). */
async function captureWarnings(run: () => unknown): Promise<string[]> {
    const messages: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => {
        messages.push(args.join(" "));
    };
    try {
        await run();
    } finally {
        console.error = original;
    }
    return messages;
}

describe("component provider", function () {
    this.timeout(180000);
    beforeEach(resetRegistered);

    describe("resolveReferenceArgs", () => {
        it("resolves Output URN args to their strings and leaves every other input as it is", async () => {
            const spec = pulumi.output({ job: {} });
            const inputs = {
                spec,
                operatorUrn: inputOutput("urn:pulumi:s::p::flink:index:FlinkOperator::op"),
                deploymentUrn: "urn:pulumi:s::p::flink:index:FlinkDeployment::d",
                serviceUrn: undefined,
            };
            const out = await resolveReferenceArgs("flink:index:FlinkSessionJob", "clicks", inputs);
            assert.strictEqual(out.operatorUrn, "urn:pulumi:s::p::flink:index:FlinkOperator::op");
            assert.strictEqual(out.deploymentUrn, "urn:pulumi:s::p::flink:index:FlinkDeployment::d");
            assert.strictEqual(out.spec, spec, "other inputs are passed as they are");
            assert.ok(pulumi.Output.isInstance(inputs.operatorUrn), "the caller's inputs are not modified");
            const plain = { spec: {} };
            assert.strictEqual(await resolveReferenceArgs("flink:index:FlinkDeployment", "d", plain), plain, "nothing to resolve: the same object");
        });
    });

    describe("hooks", () => {
        it("wrap generateSchema with flinkSchema and construct with the URN resolution, once however often installed", async () => {
            const constructed: any[] = [];
            class FakeProvider {
                async construct(name: string, type: string, inputs: any) {
                    constructed.push({ name, type, inputs });
                    return { urn: "u", state: {} };
                }
                async getSchema() {
                    return JSON.stringify(schemaModule.generateSchema("flink", "0.1.0", "d", {}, {}, [], "pulumi-flink"));
                }
            }
            const schemaModule: { generateSchema: (...args: any[]) => any } = { generateSchema: (name: string) => ({ name, resources: {}, types: {} }) };
            const providerModule = { ComponentProvider: FakeProvider as any };
            assert.deepStrictEqual(hookComponentProvider(providerModule, schemaModule), { schema: true, construct: true });
            const wrappedConstruct = FakeProvider.prototype.construct;
            hookComponentProvider(providerModule, schemaModule);
            assert.strictEqual(FakeProvider.prototype.construct, wrappedConstruct, "not wrapped twice");
            const served = JSON.parse(await new FakeProvider().getSchema());
            assert.strictEqual(served.language.python.packageName, "pulumi_flink");
            await new FakeProvider().construct("clicks", "flink:index:FlinkSessionJob", { deploymentUrn: inputOutput("urn:x") } as any);
            assert.strictEqual(constructed[0].inputs.deploymentUrn, "urn:x");
            // Another package's provider in the same process (this one loaded as a library) is left alone.
            assert.deepStrictEqual(schemaModule.generateSchema("other", "1.0.0", "d", {}, {}, [], "someone"), { name: "other", resources: {}, types: {} });
            const urn = inputOutput("urn:y");
            await new FakeProvider().construct("x", "other:index:Thing", { deploymentUrn: urn } as any);
            assert.strictEqual(constructed[1].inputs.deploymentUrn, urn);
        });

        it("post-process a schema the host no longer builds through generateSchema, with a warning", async () => {
            class OtherProvider {
                async getSchema() {
                    return JSON.stringify({ name: "flink", resources: {}, types: {} });
                }
            }
            let hooked: any;
            const messages = await captureWarnings(() => {
                hooked = hookComponentProvider({ ComponentProvider: OtherProvider as any }, {});
            });
            assert.deepStrictEqual(hooked, { schema: false, construct: false });
            assert.ok(
                messages.some((m) => /pulumi-flink: .*has no generateSchema/.test(m)),
                messages.join("\n"),
            );
            assert.ok(
                messages.some((m) => /no construct method to hook: operatorUrn, deploymentUrn and serviceUrn/.test(m)),
                messages.join("\n"),
            );
            let served: any;
            const later = await captureWarnings(async () => {
                served = JSON.parse(await new OtherProvider().getSchema());
            });
            assert.strictEqual(served.language.python.packageName, "pulumi_flink");
            assert.ok(
                later.some((m) => /post-processed the served schema/.test(m)),
                later.join("\n"),
            );
        });

        it("warn instead of failing when the modules have nothing to hook", async () => {
            const messages = await captureWarnings(() =>
                assert.deepStrictEqual(hookComponentProvider({} as any, {} as any), { schema: false, construct: false }),
            );
            assert.strictEqual(messages.length, 2, messages.join("\n"));
        });

        it("report validation errors that surface outside a construct call by their message, without a stack trace", () => {
            const err = new FlinkValidationError("FlinkDeployment", "orders", [
                { rule: "r", severity: "error", path: "spec.image", message: "set an image", kind: "FlinkDeployment", name: "orders" },
            ]);
            withoutStack(err);
            assert.strictEqual(err.stack, `FlinkValidationError: ${err.message}`);
            assert.match(err.stack!, /spec\.image: set an image \[r\]/);
            const other = new Error("boom");
            const stack = other.stack;
            withoutStack(other);
            assert.strictEqual(other.stack, stack, "other errors keep their stack");
        });

        it("are installed only in a process the plugin runner started", () => {
            const run = "/x/node_modules/@pulumi/pulumi/cmd/run-plugin/run.js";
            assert.strictEqual(pluginRunnerSdkDir({ [run]: {}, "/x/other.js": {} }), "/x/node_modules/@pulumi/pulumi");
            assert.strictEqual(pluginRunnerSdkDir({ "/x/node_modules/@pulumi/pulumi/cmd/run/run.js": {} }), undefined);
            assert.strictEqual(pluginRunnerSdkDir(), undefined, "not in this test process");
        });
    });

    describe("Pulumi's ComponentProvider, hooked", () => {
        it("serves the schema inferFlinkSchema computes in-process", async () => {
            assert.deepStrictEqual(await pluginSchema(), inferFlinkSchema(ROOT));
        });

        it("constructs without inferring the schema first, reporting every output of the component", async () => {
            const provider = hookedProvider();
            const cluster = sessionCluster();
            const built = await provider.construct(
                "sessions-fast",
                "flink:index:FlinkDeployment",
                { metadata: { ...cluster.metadata, name: "sessions-fast" }, spec: cluster.spec, skipAwait: true },
                {},
            );
            assert.strictEqual(provider.cachedSchema, undefined, "the host did not run inference");
            assert.deepStrictEqual(Object.keys(built.state).sort(), [
                "error",
                "jobManagerDeploymentStatus",
                "jobState",
                "lifecycleState",
                "name",
                "namespace",
                "restAddress",
                "status",
            ]);
            assert.strictEqual(await valueOf(built.state.restAddress), "sessions-fast-rest.flink:8081");
        });

        it("constructs a session job whose deploymentUrn names a session cluster built by an earlier construct", async () => {
            const provider = await servingComponentProvider();
            const cluster = sessionCluster();
            const built = await provider.construct(
                "sessions",
                "flink:index:FlinkDeployment",
                { metadata: cluster.metadata, spec: cluster.spec, skipAwait: true },
                {},
            );
            const urn = await valueOf(built.urn as pulumi.Output<string>);
            const spec = sessionJob().spec;
            delete spec.deploymentName;
            await provider.construct("clicks", "flink:index:FlinkSessionJob", { spec, skipAwait: true, deploymentUrn: inputOutput(urn) }, {});
            await settleUntil(() => customResources("FlinkSessionJob").length > 0);
            const cr = customResources("FlinkSessionJob")[0];
            assert.strictEqual(cr.inputs.spec.deploymentName, "sessions");
            assert.strictEqual(cr.inputs.metadata.namespace, "flink");
            assert.ok(
                dependencies.get("clicks")!.some((u) => u.endsWith("kubernetes:flink.apache.org/v1beta1:FlinkDeployment::sessions")),
                String(dependencies.get("clicks")),
            );
        });

        it("refuses, in construct and before anything of it is registered, a session job whose deploymentUrn names an application cluster", async () => {
            const provider = await servingComponentProvider();
            const built = await provider.construct("orders", "flink:index:FlinkDeployment", { spec: applicationDeployment().spec, skipAwait: true }, {});
            const urn = await valueOf(built.urn as pulumi.Output<string>);
            const spec = sessionJob().spec;
            delete spec.deploymentName;
            await assert.rejects(provider.construct("clicks", "flink:index:FlinkSessionJob", { spec, deploymentUrn: inputOutput(urn) }, {}), (err: Error) =>
                /FlinkSessionJob "clicks" is invalid \(1 error\)[\s\S]*spec\.deploymentName: Can not submit session job to application cluster/.test(
                    err.message,
                ),
            );
            await settle();
            assert.strictEqual(customResources("FlinkSessionJob").length, 0);
        });

        it("refuses a deploymentUrn that is the URN of no FlinkDeployment of the program, naming the arg and what to pass", async () => {
            const provider = await servingComponentProvider();
            const spec = sessionJob().spec;
            await assert.rejects(
                provider.construct(
                    "clicks",
                    "flink:index:FlinkSessionJob",
                    { spec, deploymentUrn: inputOutput("urn:pulumi:test::test::flink:index:FlinkDeployment::elsewhere") },
                    {},
                ),
                /FlinkSessionJob "clicks" is invalid[\s\S]*\n {2}deploymentUrn: no FlinkDeployment with URN "urn:pulumi:test::test::flink:index:FlinkDeployment::elsewhere" was built in this program \(yet\)\. Pass the `urn` output of a FlinkDeployment declared in the same program \(e\.g\. deploymentUrn: sessions\.urn; in Python deployment_urn=sessions\.urn\)/,
            );
        });
    });
});
