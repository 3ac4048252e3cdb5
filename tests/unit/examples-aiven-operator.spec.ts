/**
 * examples/aiven-operator under mocks: the example's own program, type-checked against the package's published types
 * and run as the Node.js runtime would run it (@pulumi-flink/flink resolved to this checkout). The Aiven operator's
 * Flink resource is rendered validly, and the FlinkDeployment's pods read the keys the operator writes (no PORT)
 * from its Secret, after the service. The component itself is run end to end by tests/e2e/14-aiven-operator.spec.js.
 */
import "../support/aiven-mocks";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as pulumi from "@pulumi/pulumi";
import { registered, resetRegistered, settleUntil, valueOf } from "../support/mocks";
import { validate } from "../../components/rules";

const REPO = path.resolve(__dirname, "..", "..", "..");
const EXAMPLE = path.join(REPO, "examples", "aiven-operator");
const PROGRAM = path.join(EXAMPLE, "index.ts");
const PACKAGE = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const NAMESPACE = "jobs";
const KEYS = ["HOST", "USER", "PASSWORD", "URI", "HOSTS"].map((k) => `AIVEN_FLINK_${k}`);

function runProgram(): any {
    const Module = require("module");
    const js = ts.transpileModule(fs.readFileSync(PROGRAM, "utf8"), {
        fileName: PROGRAM,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
    }).outputText;
    const mod = new Module(PROGRAM, module);
    mod.filename = PROGRAM;
    mod.paths = Module._nodeModulePaths(EXAMPLE);
    const packageMain = path.join(REPO, PACKAGE.main);
    const resolve = mod.require.bind(mod);
    mod.require = (id: string) => (id === "@pulumi-flink/flink" ? require(packageMain) : resolve(id));
    mod._compile(js, PROGRAM);
    return mod.exports;
}

describe("examples/aiven-operator (under mocks)", function () {
    let exported: any;

    before(async function () {
        resetRegistered();
        pulumi.runtime.setConfig("test:aivenProject", "my-aiven-project");
        pulumi.runtime.setConfig("test:namespace", NAMESPACE);
        exported = runProgram();
        await settleUntil(() => registered.some((r) => r.type === "kubernetes:flink.apache.org/v1beta1:FlinkDeployment"));
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
        assert.deepStrictEqual(
            ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
            [],
        );
    });

    it("renders the operator's Flink resource in the namespace, valid for the same rules as a manifest", () => {
        const cr = registered.filter((r) => r.type === "kubernetes:aiven.io/v1alpha1:Flink");
        assert.strictEqual(cr.length, 1);
        assert.strictEqual(cr[0].inputs.metadata.namespace, NAMESPACE);
        assert.strictEqual(cr[0].inputs.spec.terminationProtection, true);
        assert.deepStrictEqual(validate([{ doc: cr[0].inputs }]).findings, []);
    });

    it("the FlinkDeployment's pods read the keys the operator writes (no PORT) from its Secret, after the service", async () => {
        const fd = registered.find((r) => r.type === "kubernetes:flink.apache.org/v1beta1:FlinkDeployment")!;
        const main = fd.inputs.spec.podTemplate.spec.containers.find((c: any) => c.name === "flink-main-container");
        assert.deepStrictEqual(
            main.env,
            KEYS.map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: "events-flink", key } } })),
        );
        // dependsOn the component: the FlinkDeployment is registered only once the service's resource and the read of
        // its Secret are (in a deployment: once the service is RUNNING and the Secret read).
        const at = (type: string) => registered.findIndex((r) => r.type === type);
        assert.ok(at("kubernetes:flink.apache.org/v1beta1:FlinkDeployment") > at("kubernetes:core/v1:Secret"), registered.map((r) => r.type).join("\n"));
        assert.ok(at("kubernetes:core/v1:Secret") > at("kubernetes:aiven.io/v1alpha1:Flink"));
        assert.strictEqual(await valueOf(exported.connectionSecret), "events-flink");
        assert.strictEqual(await exported.password.isSecret, true);
        assert.strictEqual(await exported.uri.isSecret, true);
    });
});
