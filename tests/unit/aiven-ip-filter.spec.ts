/** AivenFlink's aiven-ip-filter-open warning reads entries as the policy pack does: every spelling, and their union. */
import * as assert from "assert";
import { validateAiven } from "../../components/aiven/validate";

const warnings = (networks: string[]) =>
    validateAiven(
        "AivenFlink",
        "events",
        { project: "p", plan: "business-4", userConfig: { ipFilter: networks.map((network) => ({ network })) } },
        new Set(["aiven-ip-filter-open"]),
    ).findings;

describe("AivenFlink: an ip filter open to the world, however it is written", () => {
    const open: [string, string[]][] = [
        ["0.0.0.0/0", ["0.0.0.0/0"]],
        ["a zero-padded prefix", ["0.0.0.0/00"]],
        ["a one-part address", ["0/0"]],
        ["spaces", [" 0.0.0.0 / 0 "]],
        ["IPv6 ::/0", ["::/0"]],
        ["IPv6 spelled long", ["0:0:0:0:0:0:0:0/0"]],
        ["two halves of IPv4", ["0.0.0.0/1", "128.0.0.0/1"]],
        ["four quarters among private networks", ["10.0.0.0/8", "0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"]],
    ];
    for (const [title, networks] of open) {
        it(`${title}: warned`, () => {
            const found = warnings(networks);
            assert.strictEqual(found.length, 1, JSON.stringify(found));
            assert.match(found[0].message, /lets? any address on the Internet connect/);
        });
    }
    const closed: [string, string[]][] = [
        ["a VPC", ["10.20.0.0/16"]],
        ["one half of IPv4", ["0.0.0.0/1"]],
        ["IPv4 with a gap", ["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3"]],
        ["no entries", []],
    ];
    for (const [title, networks] of closed) {
        it(`${title}: not warned`, () => assert.deepStrictEqual(warnings(networks), []));
    }
});
