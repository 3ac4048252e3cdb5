import * as assert from "assert";
import { aivenMaintenanceWindow } from "../../../policies/policies";
import { TYPES } from "../../../policies/common";
import { ResourceInput, UNKNOWN_VALUE, aivenFlink, violations } from "./harness";

const policy = aivenMaintenanceWindow;
const flink = (mutate: (p: any) => void = () => {}, extra: Partial<ResourceInput> = {}): ResourceInput => {
    const p = aivenFlink();
    mutate(p);
    return { type: TYPES.aivenFlink, props: p, name: "flink", ...extra };
};

describe("policy aiven-maintenance-window", () => {
    it("is advisory with a config schema", () => {
        assert.strictEqual(policy.enforcementLevel, "advisory");
        assert.ok(policy.configSchema!.properties.resourceTypes);
    });
    it("passes a service with a window", async () => assert.deepStrictEqual(await violations(policy, flink()), []));
    it("flags a missing day or time, naming what to set", async () => {
        assert.match(
            (
                await violations(
                    policy,
                    flink((p) => delete p.maintenanceWindowDow),
                )
            )[0],
            /maintenanceWindowDow unset.*Set maintenanceWindowDow/,
        );
        assert.match(
            (
                await violations(
                    policy,
                    flink((p) => (p.maintenanceWindowTime = "")),
                )
            )[0],
            /maintenanceWindowTime unset/,
        );
    });
    it("honours resourceTypes", async () => {
        assert.deepStrictEqual(
            await violations(
                policy,
                flink((p) => delete p.maintenanceWindowDow, { config: { resourceTypes: ["aiven:index/kafka:Kafka"] } }),
            ),
            [],
        );
    });
    it("no violation when the window is unknown at preview (real proxy)", async () => {
        assert.deepStrictEqual(
            await violations(
                policy,
                flink(
                    (p) => {
                        p.maintenanceWindowDow = UNKNOWN_VALUE;
                        p.maintenanceWindowTime = UNKNOWN_VALUE;
                    },
                    { preview: true },
                ),
            ),
            [],
        );
    });
});
