/**
 * The Aiven rules of the one engine, through its public entry (`validate`): every rule fails and passes on a
 * component's args and/or the Aiven operator's Flink CR (tests/fixtures/aiven-cases.ts), and the kind model keeps
 * the kinds apart.
 */
import * as assert from "assert";
import { RULES, validate, transitionIssues, TRANSITION_RULES } from "../../components/rules";
import { aivenFailing, aivenPassing, aivenFlink, flinkCr, jarApp, operatorFlink, sqlApp } from "../fixtures/aiven-cases";
import type { Case } from "../fixtures/admission-cases";

function run(c: Case) {
    const doc = c.base();
    c.mutate(doc);
    return validate([{ doc }]).findings.filter((f) => f.rule === c.rule && f.kind === doc.kind && f.name === doc.metadata.name);
}

describe("Aiven rules (one engine)", () => {
    describe("the valid documents", () => {
        for (const [name, fixture] of Object.entries({ aivenFlink, operatorFlink, flinkCr, sqlApp, jarApp })) {
            it(`${name} has no findings at all`, () => assert.deepStrictEqual(validate([{ doc: fixture() }]).findings, []));
        }
    });
    describe("fail", () => {
        for (const c of aivenFailing) {
            it(`${c.rule}: ${c.title}`, () => {
                const findings = run(c);
                assert.ok(findings.length > 0, `expected a ${c.rule} finding`);
                if (c.path !== undefined) assert.strictEqual(findings[0].path, c.path);
                if (c.message) assert.match(findings[0].message, c.message);
            });
        }
    });
    describe("pass", () => {
        for (const c of aivenPassing) it(`${c.rule}: ${c.title}`, () => assert.deepStrictEqual(run(c), []));
    });
    it("every Aiven rule has a failing and a passing case", () => {
        const aiven = RULES.filter((r) => r.id.startsWith("aiven-")).map((r) => r.id);
        assert.deepStrictEqual(
            aiven.filter((id) => !aivenFailing.some((c) => c.rule === id)),
            [],
        );
        assert.deepStrictEqual(
            aiven.filter((id) => !aivenPassing.some((c) => c.rule === id)),
            [],
        );
    });
    it("a Flink kind in another group is not the Aiven CR, and component kinds are not read from manifests", () => {
        const cr = flinkCr();
        cr.apiVersion = "example.com/v1";
        cr.spec.plan = "";
        assert.deepStrictEqual(validate([{ doc: cr }]).findings, []);
        const fake = aivenFlink();
        fake.apiVersion = "v1";
        delete fake.spec.project;
        assert.deepStrictEqual(validate([{ doc: fake }]).findings, []);
    });
    it("one rule table checks both kinds: the same rule ids for the same mistake on AivenFlink, AivenOperatorFlink and the CR", () => {
        const a = aivenFlink();
        a.spec.userConfig.numberOfTaskSlots = 0;
        a.spec.maintenanceWindowDow = "Sun";
        const o = operatorFlink();
        o.spec.userConfig.numberOfTaskSlots = 0;
        o.spec.maintenanceWindowDow = "Sun";
        const c = flinkCr();
        c.spec.userConfig.number_of_task_slots = 0;
        c.spec.maintenanceWindowDow = "Sun";
        const ids = (d: any) =>
            validate([{ doc: d }])
                .findings.map((f) => f.rule)
                .sort();
        assert.deepStrictEqual(ids(a), ["aiven-maintenance-window-dow", "aiven-task-slots"]);
        assert.deepStrictEqual(ids(o), ids(a));
        assert.deepStrictEqual(ids(c), ids(a));
    });
    it("the CRD's CEL transition rules, each caught on a change (table)", () => {
        const base = { project: "p", connInfoSecretTarget: { name: "s" }, serviceIntegrations: [], userConfig: { customCode: false, flinkVersion: "1.20" } };
        const cases: [string, (d: any) => void, string][] = [
            ["project", (d) => (d.project = "q"), "self == oldSelf"],
            ["connInfoSecretTarget.name", (d) => (d.connInfoSecretTarget.name = "t"), "self == oldSelf"],
            ["serviceIntegrations", (d) => (d.serviceIntegrations = [{ integrationType: "read_replica", sourceServiceName: "x" }]), "self == oldSelf"],
            ["userConfig.customCode", (d) => (d.userConfig.customCode = true), "self == oldSelf"],
            ["userConfig.flinkVersion", (d) => (d.userConfig.flinkVersion = "1.19"), "self == oldSelf"],
            [
                "connInfoSecretTargetDisabled",
                (d) => (d.connInfoSecretTargetDisabled = true),
                "has(oldSelf.connInfoSecretTargetDisabled) == has(self.connInfoSecretTargetDisabled)",
            ],
        ];
        for (const [path, mutate, cel] of cases) {
            const next = JSON.parse(JSON.stringify(base));
            mutate(next);
            const issues = transitionIssues(base, next);
            assert.ok(
                issues.some((i) => i.path === path && i.cel === cel),
                `${path}: ${JSON.stringify(issues)}`,
            );
        }
        // connInfoSecretTargetDisabled changed while set on both sides: its own self == oldSelf rule.
        assert.ok(transitionIssues({ connInfoSecretTargetDisabled: false }, { connInfoSecretTargetDisabled: true }).some((i) => i.cel === "self == oldSelf"));
        // Every CEL rule of the CRD is in the table (7 x-kubernetes-validations in flinks.aiven.io v0.44.0).
        assert.strictEqual(TRANSITION_RULES.length, 7);
        assert.deepStrictEqual(transitionIssues(base, JSON.parse(JSON.stringify(base))), []);
    });
});
