/**
 * Program-run state (components/base/program-scope.ts): one scope per run, told apart by the resource monitor. The
 * behaviour through the real engine (an inline program's preview then update, two stacks in one process) is in
 * tests/e2e/15-program-runs.spec.js; this covers the identification rules on every kind of monitor.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import "../support/mocks";
import { MAX_ADDRESS_SCOPES, programScoped, scopeOfMonitor } from "../../components/base/program-scope";

/** A monitor as a real run has it: a gRPC client whose channel names the engine's address. */
function grpcMonitor(address: string): object {
    return { getChannel: () => ({ getTarget: () => address }) };
}

describe("program scope", () => {
    it("tells runs apart by monitor: mock monitors by identity, gRPC monitors by address, none at all shares one scope", () => {
        const cases: [string, object | undefined, object | undefined, boolean][] = [
            ["the same mock monitor", ((m) => m)({}), undefined, true],
            ["two mock monitors (two setMocks calls)", {}, {}, false],
            [
                "two clients of one engine address (a component provider's construct calls)",
                grpcMonitor("dns:127.0.0.1:40001"),
                grpcMonitor("dns:127.0.0.1:40001"),
                true,
            ],
            ["clients of two engine runs", grpcMonitor("dns:127.0.0.1:40002"), grpcMonitor("dns:127.0.0.1:40003"), false],
            ["no monitor, twice", undefined, undefined, true],
            ["no monitor and a mock monitor", undefined, {}, false],
        ];
        for (const [title, a, b, same] of cases) {
            const second = title === "the same mock monitor" ? a : b;
            assert.strictEqual(scopeOfMonitor(a) === scopeOfMonitor(second), same, title);
        }
    });

    it("keeps at most MAX_ADDRESS_SCOPES address scopes, dropping the oldest run", () => {
        const first = scopeOfMonitor(grpcMonitor("dns:127.0.0.1:50000"));
        first.set(Symbol("marker"), 1);
        for (let i = 1; i <= MAX_ADDRESS_SCOPES; i++) scopeOfMonitor(grpcMonitor(`dns:127.0.0.1:${50000 + i}`));
        assert.notStrictEqual(scopeOfMonitor(grpcMonitor("dns:127.0.0.1:50000")), first, "the oldest run's scope should have been dropped");
        // The newest runs are kept.
        const newest = scopeOfMonitor(grpcMonitor(`dns:127.0.0.1:${50000 + MAX_ADDRESS_SCOPES}`));
        assert.strictEqual(scopeOfMonitor(grpcMonitor(`dns:127.0.0.1:${50000 + MAX_ADDRESS_SCOPES}`)), newest);
    });

    it("programScoped makes one value per run, on first use", () => {
        let made = 0;
        const state = programScoped("test-state", () => ({ n: ++made }));
        const inThisRun = state();
        assert.strictEqual(state(), inThisRun, "the unit tests' mocked run has one value");
        assert.strictEqual(made, 1);
        assert.ok(pulumi.runtime.getMonitor(), "the unit tests run under mocks");
    });
});
