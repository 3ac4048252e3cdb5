/**
 * A FlinkStateSnapshot whose jobReference target is missing: the webhook (FlinkValidator.validateStateSnapshot →
 * DefaultValidator.validateStateSnapshot, 1.15.0) looks the target up by kind and name in the snapshot's namespace
 * and refuses the snapshot with "Target for snapshot <namespace>/<name> was not found" when there is none (and the
 * snapshot has no status yet, or is TRIGGER_PENDING). The package can only say "missing" when the checked set is all
 * there is: EngineOptions.completeSet. Without it nothing is reported.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { DocumentSet, EngineOptions, UNKNOWN, validate } from "../../components/rules";
import { applicationDeployment, savepointSnapshot, sessionCluster, sessionJob } from "../support/fixtures";

const RULE = "snapshot-job-reference-required";
type Doc = any;

function run(snapshot: Doc, others: Doc[], options: EngineOptions = { completeSet: true }, context?: DocumentSet) {
    const docs = [{ doc: snapshot }, ...others.map((doc) => ({ doc }))];
    const result = validate(docs, options, context);
    return { findings: result.findings.filter((f) => f.rule === RULE && f.kind === "FlinkStateSnapshot"), deferred: result.deferred };
}

const snap = (mutate: (d: Doc) => void = () => undefined) => {
    const d = savepointSnapshot();
    mutate(d);
    return d;
};
const withMeta = (doc: Doc, name: string, namespace?: string) => ({ ...doc, metadata: namespace === undefined ? { name } : { name, namespace } });

interface Row {
    title: string;
    snapshot: Doc;
    others: Doc[];
    options?: EngineOptions;
    /** The expected message start, or undefined for no finding. */
    expect?: string;
}

const rows: Row[] = [
    { title: "target FlinkDeployment in the set", snapshot: snap(), others: [applicationDeployment()] },
    {
        title: "target missing",
        snapshot: snap(),
        others: [],
        expect: 'Target for snapshot flink/orders was not found. Create the FlinkDeployment "orders" in namespace flink',
    },
    {
        title: "target of that name in another namespace",
        snapshot: snap(),
        others: [withMeta(applicationDeployment(), "orders", "payments")],
        expect: "Target for snapshot flink/orders was not found",
    },
    {
        title: "a session job of that name, but the reference is to a FlinkDeployment",
        snapshot: snap(),
        others: [withMeta(sessionJob(), "orders", "flink")],
        expect: "Target for snapshot flink/orders was not found",
    },
    {
        title: "target FlinkSessionJob in the set",
        snapshot: snap((d) => (d.spec.jobReference = { kind: "FlinkSessionJob", name: "clicks" })),
        others: [sessionJob(), sessionCluster()],
    },
    {
        title: "target FlinkSessionJob missing",
        snapshot: snap((d) => (d.spec.jobReference = { kind: "FlinkSessionJob", name: "clicks" })),
        others: [sessionCluster()],
        expect: 'Target for snapshot flink/clicks was not found. Create the FlinkSessionJob "clicks"',
    },
    {
        title: "no namespaces anywhere: both in default",
        snapshot: snap((d) => delete d.metadata.namespace),
        others: [withMeta(applicationDeployment(), "orders")],
    },
    {
        title: "snapshot in default, target in flink",
        snapshot: snap((d) => delete d.metadata.namespace),
        others: [applicationDeployment()],
        expect: "Target for snapshot default/orders was not found",
    },
    {
        title: "reference without a name",
        snapshot: snap((d) => delete d.spec.jobReference.name),
        others: [applicationDeployment()],
        expect: "Target for snapshot flink/null was not found",
    },
    {
        title: "status TRIGGER_PENDING: still checked",
        snapshot: snap((d) => (d.status = { state: "TRIGGER_PENDING" })),
        others: [],
        expect: "Target for snapshot flink/orders was not found",
    },
    { title: "status COMPLETED: not checked (the operator has processed it)", snapshot: snap((d) => (d.status = { state: "COMPLETED" })), others: [] },
    { title: "status without a state: not checked, as in the webhook", snapshot: snap((d) => (d.status = {})), others: [] },
    {
        title: "an existing savepoint needs no target",
        snapshot: snap((d) => {
            delete d.spec.jobReference;
            d.spec.savepoint = { alreadyExists: true, path: "s3://x/sp" };
        }),
        others: [],
    },
    {
        title: "an existing savepoint with a dangling reference needs no target",
        snapshot: snap((d) => (d.spec.savepoint = { alreadyExists: true, path: "s3://x/sp" })),
        others: [],
    },
    {
        title: "both savepoint and checkpoint: the one-type error comes first, as the webhook returns only it",
        snapshot: snap((d) => (d.spec.checkpoint = {})),
        others: [],
    },
    {
        title: "checkpoint snapshot, target missing",
        snapshot: snap((d) => {
            delete d.spec.savepoint;
            d.spec.checkpoint = {};
        }),
        others: [],
        expect: "Target for snapshot flink/orders was not found",
    },
    { title: "set not declared complete: nothing reported", snapshot: snap(), others: [], options: {} },
    { title: "completeSet: false: nothing reported", snapshot: snap(), others: [], options: { completeSet: false } },
];

describe("parity: FlinkStateSnapshot target in a complete set", () => {
    for (const row of rows) {
        it(row.title, () => {
            const { findings } = run(row.snapshot, row.others, row.options);
            if (row.expect === undefined) return assert.deepStrictEqual(findings, []);
            assert.strictEqual(findings.length, 1, JSON.stringify(findings));
            assert.strictEqual(findings[0].path, "spec.jobReference");
            assert.ok(findings[0].message.startsWith(row.expect), findings[0].message);
            assert.match(findings[0].message, /or fix spec\.jobReference\.$/);
        });
    }

    it("a target given only as context (referenced, not validated) counts as present", () => {
        const context = new DocumentSet([applicationDeployment()]);
        assert.deepStrictEqual(run(snap(), [], { completeSet: true }, context).findings, []);
    });

    it("a possible target whose namespace is not known yet withholds the finding (deferred), never guesses", () => {
        const target = withMeta(applicationDeployment(), "orders", UNKNOWN as any);
        const { findings, deferred } = run(snap(), [target]);
        assert.deepStrictEqual(findings, []);
        assert.ok(deferred.includes(`FlinkStateSnapshot/orders-sp: ${RULE}`), JSON.stringify(deferred));
    });

    it("property: reported exactly when no resource of the referenced kind, name and namespace is in the set", () => {
        const name = fc.constantFrom("orders", "clicks", "billing");
        const namespace = fc.constantFrom("flink", "payments", undefined);
        const kind = fc.constantFrom("FlinkDeployment", "FlinkSessionJob");
        const resource = fc.tuple(kind, name, namespace);
        fc.assert(
            fc.property(fc.array(resource, { maxLength: 5 }), kind, name, namespace, (set, refKind, refName, snapshotNamespace) => {
                const others = set.map(([k, n, ns]) => withMeta(k === "FlinkDeployment" ? applicationDeployment() : sessionJob(), n, ns));
                const snapshot = snap((d) => {
                    d.spec.jobReference = { kind: refKind, name: refName };
                    if (snapshotNamespace === undefined) delete d.metadata.namespace;
                    else d.metadata.namespace = snapshotNamespace;
                });
                const present = set.some(([k, n, ns]) => k === refKind && n === refName && (ns ?? "default") === (snapshotNamespace ?? "default"));
                const { findings } = run(snapshot, others);
                const { findings: without } = run(snapshot, others, {});
                return (
                    findings.length === (present ? 0 : 1) &&
                    without.length === 0 &&
                    (present || findings[0].message.startsWith(`Target for snapshot ${snapshotNamespace ?? "default"}/${refName} was not found`))
                );
            }),
            { numRuns: 500 },
        );
    });
});
