/**
 * examples/aiven under mocks: the example's own program (examples/aiven/index.ts, type-checked against the package's
 * published types, then run as the Node.js runtime would run it) with @pulumi-flink/flink resolved to this checkout's
 * package main. No Aiven provider can be built on this machine, so this is how the example is verified: the
 * FlinkDeployment's pods read the connection Secret the component writes (secretKeyRef, same names and keys), the
 * service's credentials stay Pulumi secrets, and the SQL application is ordered after the service.
 */
import "../support/aiven-mocks";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as pulumi from "@pulumi/pulumi";
import { AIVEN_PASSWORD } from "../support/aiven-mocks";
import { dependencies, registered, resetRegistered, settleUntil, valueOf } from "../support/mocks";

// Compiled to dist/tests/unit: the checkout is three levels up.
const REPO = path.resolve(__dirname, "..", "..", "..");
const EXAMPLE = path.join(REPO, "examples", "aiven");
const PROGRAM = path.join(EXAMPLE, "index.ts");
const PACKAGE = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const NAMESPACE = "apps";
const PREFIX = "AIVEN_FLINK_";
const KEYS = ["HOST", "PORT", "USER", "PASSWORD", "URI", "HOSTS"].map((k) => PREFIX + k);

function revealed(value: any): any {
    assert.ok(value && value[pulumi.runtime.specialSigKey] === SECRET_SIG, `expected a secret, got ${JSON.stringify(value)}`);
    return value.value;
}

function only(type: string, name?: string) {
    const found = registered.filter((r) => r.type === type && (!name || r.name === name));
    assert.strictEqual(found.length, 1, `expected one ${type}${name ? ` named ${name}` : ""}, got ${found.length}`);
    return found[0];
}

/** The dependencies the engine got for resource `name`, checked to include a resource of `type` named `dep`. */
function dependsOn(name: string, type: string, dep: string): boolean {
    return (dependencies.get(name) ?? []).some((urn) => urn.endsWith(`${type}::${dep}`));
}

/** Runs the example's program as the Node.js runtime would (ts-node transpiles it to CommonJS), returning its exports. */
function runProgram(): any {
    const Module = require("module");
    const source = fs.readFileSync(PROGRAM, "utf8");
    const js = ts.transpileModule(source, {
        fileName: PROGRAM,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
    }).outputText;
    const mod = new Module(PROGRAM, module);
    mod.filename = PROGRAM;
    mod.paths = Module._nodeModulePaths(EXAMPLE);
    // What `npm install` of the example's "file:../.." dependency resolves to: this checkout's package main.
    const packageMain = path.join(REPO, PACKAGE.main);
    const resolve = mod.require.bind(mod);
    mod.require = (id: string) => (id === "@pulumi-flink/flink" ? require(packageMain) : resolve(id));
    mod._compile(js, PROGRAM);
    return mod.exports;
}

describe("examples/aiven (under mocks: no Aiven provider here)", function () {
    let exported: any;

    before(async function () {
        resetRegistered();
        pulumi.runtime.setConfig("test:aivenProject", "my-aiven-project");
        pulumi.runtime.setConfig("test:namespace", NAMESPACE);
        exported = runProgram();
        await settleUntil(() => registered.some((r) => r.name === "enrich-deployment") && registered.some((r) => r.type.endsWith(":FlinkDeployment")));
    });

    it("type-checks against the package's published types", function () {
        this.timeout(60_000);
        const program = ts.createProgram([PROGRAM], {
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            target: ts.ScriptTarget.ES2020,
            module: ts.ModuleKind.CommonJS,
            moduleResolution: ts.ModuleResolutionKind.Node10,
            baseUrl: EXAMPLE,
            paths: { "@pulumi-flink/flink": [path.join(REPO, PACKAGE.types)] },
            types: ["node"],
            typeRoots: [path.join(REPO, "node_modules", "@types")],
        });
        const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        assert.deepStrictEqual(diagnostics, []);
    });

    it("AivenFlink writes the connection Secret in the FlinkDeployment's namespace, its data a Pulumi secret", async function () {
        const secret = only("kubernetes:core/v1:Secret", "events-connection");
        assert.deepStrictEqual(secret.inputs.metadata, { name: "events-flink", namespace: NAMESPACE });
        const data = revealed(secret.inputs.stringData);
        assert.deepStrictEqual(Object.keys(data).sort(), [...KEYS].sort());
        assert.strictEqual(data.AIVEN_FLINK_PASSWORD, AIVEN_PASSWORD);
        assert.strictEqual(data.AIVEN_FLINK_HOST, "events-my-aiven-project.a.aivencloud.com");
        assert.strictEqual(data.AIVEN_FLINK_PORT, "12693");
        assert.strictEqual(await valueOf(exported.connectionSecret), "events-flink");
    });

    it("the FlinkDeployment's pods read every key from that Secret through secretKeyRef, and never hold the password", async function () {
        const cr = registered.find((r) => r.type === "kubernetes:flink.apache.org/v1beta1:FlinkDeployment");
        assert.ok(cr, "no FlinkDeployment registered");
        assert.strictEqual(cr.inputs.metadata.namespace, NAMESPACE, "a secretKeyRef reads its own namespace only");
        const containers = cr.inputs.spec.podTemplate.spec.containers;
        const main = containers.find((c: any) => c.name === "flink-main-container");
        assert.ok(main, "the env must be on flink-main-container, the container the operator merges the template into");
        assert.deepStrictEqual(
            main.env,
            KEYS.map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: "events-flink", key } } })),
        );
        assert.ok(!JSON.stringify(cr.inputs).includes(AIVEN_PASSWORD), "the password reached the FlinkDeployment");
        // The Secret exists before the pods that read it.
        assert.ok(dependsOn(cr.name, "kubernetes:core/v1:Secret", "events-connection"), JSON.stringify(dependencies.get(cr.name)));
        assert.strictEqual(await valueOf(exported.monitorName), "events-monitor");
    });

    it("exports the password and URI as Pulumi secrets, the host and port in plain", async function () {
        assert.strictEqual(await exported.password.isSecret, true);
        assert.strictEqual(await exported.uri.isSecret, true);
        assert.strictEqual(await valueOf(exported.password), AIVEN_PASSWORD);
        assert.match(await valueOf(exported.uri), new RegExp(`^https://avnadmin:${AIVEN_PASSWORD}@`));
        assert.strictEqual(await exported.serviceHost.isSecret, false);
        assert.strictEqual(await valueOf(exported.servicePort), 12693);
        assert.strictEqual(await valueOf(exported.serviceName), "events");
    });

    it("the Aiven service keeps termination protection and an ip filter that is not open", function () {
        const service = only("aiven:index/flink:Flink", "events").inputs;
        assert.strictEqual(service.terminationProtection, true);
        assert.strictEqual(service.project, "my-aiven-project");
        assert.deepStrictEqual(service.flinkUserConfig.ipFilterObjects, [{ network: "10.0.0.0/8", description: "cluster egress" }]);
    });

    it("the SQL application: application, then version, then deployment, each after the service", async function () {
        const FLINK = "aiven:index/flink:Flink";
        const APP = "aiven:index/flinkApplication:FlinkApplication";
        const VERSION = "aiven:index/flinkApplicationVersion:FlinkApplicationVersion";
        assert.deepStrictEqual(only(APP, "enrich").inputs, { project: "my-aiven-project", serviceName: "events", name: "enrich" });
        const version = only(VERSION, "enrich-version").inputs;
        assert.match(version.statement, /^INSERT INTO enriched/);
        assert.strictEqual(version.source.length, 1);
        assert.strictEqual(version.sink.length, 1);
        const deployment = only("aiven:index/flinkApplicationDeployment:FlinkApplicationDeployment", "enrich-deployment").inputs;
        assert.strictEqual(deployment.parallelism, 2);
        assert.strictEqual(deployment.versionId, "ver-enrich-version");
        assert.ok(dependsOn("enrich", FLINK, "events"), "the application waits for the service");
        assert.ok(dependsOn("enrich-version", APP, "enrich"), "the version waits for the application");
        assert.ok(dependsOn("enrich-deployment", VERSION, "enrich-version"), "the deployment waits for the version");
        // Destroy runs in reverse: the deployment goes before the service it depends on.
        assert.ok(dependsOn("enrich-deployment", FLINK, "events"), "the deployment depends on the service, so it is deleted first");
        assert.strictEqual(await valueOf(exported.sqlDeploymentId), "dep-enrich-deployment");
    });
});
