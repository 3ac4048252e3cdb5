/** The pack as a whole: layout, and the per-policy metadata every policy must carry. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { POLICY_PACK_NAME, policies } from "../../../policies/policies";

const ROOT = path.resolve(__dirname, "../../../..");
const PACK = path.join(ROOT, "policies");

describe("policy pack layout", () => {
    it("PulumiPolicy.yaml uses the nodejs runtime; package.json names and versions the pack", () => {
        assert.match(fs.readFileSync(path.join(PACK, "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
        const pkg = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8"));
        assert.strictEqual(pkg.name, "pulumi-flink-policies");
        assert.ok(pkg.version);
        // The entry compiled by the project's build (policies/index.ts -> dist/policies/index.js).
        assert.strictEqual(pkg.main, "../dist/policies/index.js");
    });
    it("only the entry file creates the PolicyPack", () => {
        for (const f of fs.readdirSync(PACK).filter((f) => f.endsWith(".ts"))) {
            const creates = /new PolicyPack\(/.test(fs.readFileSync(path.join(PACK, f), "utf8"));
            assert.strictEqual(creates, f === "index.ts", f);
        }
        assert.strictEqual(POLICY_PACK_NAME, "pulumi-flink");
    });
    it("every policy has a unique name, a description, a configSchema and a default level", () => {
        const names = policies.map((p) => p.name);
        assert.strictEqual(new Set(names).size, names.length);
        for (const p of policies) {
            assert.ok(p.description && p.description.length > 20, p.name);
            assert.ok(p.configSchema && typeof p.configSchema.properties === "object", p.name);
            assert.ok(["advisory", "mandatory"].includes(p.enforcementLevel!), p.name);
        }
    });
    it("the issue's first three policies are mandatory", () => {
        for (const name of ["aiven-termination-protection", "flink-deployment-ha", "flink-operator-ha"]) {
            assert.strictEqual(policies.find((p) => p.name === name)?.enforcementLevel, "mandatory", name);
        }
    });
    it("every policy has a spec of its own", () => {
        for (const p of policies) assert.ok(fs.existsSync(path.join(ROOT, "tests/unit/policies", `${p.name}.spec.ts`)), p.name);
    });
});
