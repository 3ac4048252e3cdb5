import * as assert from "assert";
import * as fc from "fast-check";
import { aivenIpFilterNotOpen } from "../../../policies/policies";
import { TYPES } from "../../../policies/common";
import { cidrReadings, coversAll, isOpenToAll, openFilters } from "../../../components/core/cidr";
import { ResourceInput, UNKNOWN_VALUE, aivenFlink, violations } from "./harness";

const policy = aivenIpFilterNotOpen;
const flink = (mutate: (p: any) => void = () => {}, extra: Partial<ResourceInput> = {}): ResourceInput => {
    const p = aivenFlink();
    mutate(p);
    return { type: TYPES.aivenFlink, props: p, name: "flink", ...extra };
};
const uc = (p: any) => p.flinkUserConfig;
const strings = (list: string[]) => flink((p) => (uc(p).ipFilterStrings = list));

/** Every spelling of "the whole IPv4 or IPv6 space" in one entry that the policy must catch. */
const OPEN_SPELLINGS = [
    "0.0.0.0/0",
    "0.0.0.0/00",
    "0.0.0.0/000",
    "0/0",
    "0.0/0",
    "0.0.0/0",
    " 0.0.0.0/0",
    "0.0.0.0/0 ",
    "\t0.0.0.0/0\n",
    "0.0.0.0 / 0",
    "00.00.00.00/0",
    "000.000.000.000/0",
    "0x0.0x0.0x0.0x0/0",
    "10.1.2.3/0",
    "255.255.255.255/0",
    "0.0.0.0/0.0.0.0",
    "1.2.3.4/0.0.0.0",
    "0x0/0",
    "0x00000000/0",
    "00000000000000000/0",
    "4294967295/0",
    "::/0",
    "::/00",
    "0:0::/0",
    "::0/0",
    "0::/0",
    "0:0:0:0:0:0:0:0/0",
    "0000::0000/0",
    "[::]/0",
    "::%eth0/0",
    "2001:db8::1/0",
    " ::/0 ",
    // IPv4-mapped: a dual-stack listener sees every IPv4 client inside ::ffff:0:0/96, so these admit all of IPv4.
    "::ffff:0:0/96",
    "::ffff:0.0.0.0/96",
    "0:0:0:0:0:ffff:0:0/96",
    "::/64",
    "::/80",
    "::/1",
];
/** Entries that admit less than everything. */
const NOT_OPEN = [
    "10.0.0.0/8",
    "0.0.0.0/1",
    "128.0.0.0/1",
    "0.0.0.0/32",
    "0.0.0.0",
    "1.0.0.0/8",
    "192.168.0.0/16",
    "::1/128",
    "8000::/1",
    "2000::/3",
    "fc00::/7",
    "::ffff:0:0/97",
    "0.0.0.0/33",
    "not-a-cidr",
    "",
    "/0",
    "0.0.0.0/",
    "1.2.3.4.5/0",
    "::/129",
    "256.0.0.0/0x",
    "10.0.0.0/255.0.255.0",
    // 255.255.255.255 is read as a netmask (/32) before a hostmask, as Python's ipaddress does; 0.0.0.255 is a hostmask (/24).
    "0.0.0.0/255.255.255.255",
    "10.0.0.0/0.0.0.255",
];

describe("policy aiven-ip-filter-not-open", () => {
    it("is mandatory with a config schema", () => {
        assert.strictEqual(policy.enforcementLevel, "mandatory");
        assert.ok(policy.configSchema!.properties.requireIpFilter);
    });
    it("passes private networks", async () => assert.deepStrictEqual(await violations(policy, strings(["192.168.0.0/16"])), []));
    it("flags 0.0.0.0/0 in ipFilterObjects, ipFilterStrings and ipFilters", async () => {
        const v1 = await violations(
            policy,
            flink((p) => uc(p).ipFilterObjects.push({ network: "0.0.0.0/0" })),
        );
        assert.strictEqual(v1.length, 1);
        assert.match(v1[0], /flinkUserConfig\.ipFilterObjects\[1\]\.network.*from anywhere.*Replace it/);
        assert.strictEqual((await violations(policy, strings([" 0.0.0.0/0 "]))).length, 1);
        assert.strictEqual(
            (
                await violations(
                    policy,
                    flink((p) => (uc(p).ipFilters = ["0.0.0.0/0"])),
                )
            ).length,
            1,
        );
    });
    it("flags ::/0", async () => assert.strictEqual((await violations(policy, strings(["::/0"]))).length, 1));
    it("checks other services' user config (Kafka)", async () => {
        assert.strictEqual(
            (await violations(policy, { type: "aiven:index/kafka:Kafka", props: { kafkaUserConfig: { ipFilterObjects: [{ network: "0.0.0.0/0" }] } } })).length,
            1,
        );
    });
    it("no filter: passes by default, flagged with requireIpFilter", async () => {
        assert.deepStrictEqual(
            await violations(
                policy,
                flink((p) => delete p.flinkUserConfig),
            ),
            [],
        );
        assert.match(
            (
                await violations(
                    policy,
                    flink((p) => delete p.flinkUserConfig, { config: { requireIpFilter: true } }),
                )
            )[0],
            /no IP filter/,
        );
        assert.deepStrictEqual(
            await violations(
                policy,
                flink(() => {}, { config: { requireIpFilter: true } }),
            ),
            [],
        );
    });
    it("no violation from unknown filters at preview (real proxy)", async () => {
        assert.deepStrictEqual(
            await violations(
                policy,
                flink((p) => (uc(p).ipFilterObjects = [{ network: UNKNOWN_VALUE }]), { preview: true }),
            ),
            [],
        );
        assert.deepStrictEqual(
            await violations(
                policy,
                flink((p) => (p.flinkUserConfig = UNKNOWN_VALUE), { preview: true, config: { requireIpFilter: true } }),
            ),
            [],
        );
        assert.deepStrictEqual(
            await violations(
                policy,
                flink(
                    (p) => {
                        uc(p).ipFilterObjects = UNKNOWN_VALUE;
                    },
                    { preview: true, config: { requireIpFilter: true } },
                ),
            ),
            [],
        );
    });
    it("an unknown entry at preview does not hide known entries that already open the service", async () => {
        const v = await violations(
            policy,
            flink((p) => (uc(p).ipFilterObjects = [{ network: "0.0.0.0/1" }, { network: UNKNOWN_VALUE }, { network: "128.0.0.0/1" }]), { preview: true }),
        );
        assert.strictEqual(v.length, 1, v.join("\n"));
    });

    describe("every spelling of an open network (table)", () => {
        for (const spelling of OPEN_SPELLINGS) {
            it(`flags ${JSON.stringify(spelling)}`, async () => {
                assert.ok(isOpenToAll(spelling), `isOpenToAll(${JSON.stringify(spelling)})`);
                const v = await violations(policy, strings(["10.0.0.0/8", spelling]));
                assert.strictEqual(v.length, 1, v.join("\n"));
                assert.match(v[0], /ipFilterStrings\[1\].*from anywhere/);
            });
        }
        for (const spelling of NOT_OPEN) {
            it(`passes ${JSON.stringify(spelling)}`, async () => {
                assert.ok(!isOpenToAll(spelling), `isOpenToAll(${JSON.stringify(spelling)})`);
                assert.deepStrictEqual(await violations(policy, strings([spelling])), []);
            });
        }
    });

    describe("the world in pieces (table)", () => {
        const open: string[][] = [
            ["0.0.0.0/1", "128.0.0.0/1"],
            ["128.0.0.0/1", "0.0.0.0/1"],
            ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/1"],
            ["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/2", "10.0.0.0/8"],
            ["0.0.0.0/1", "0.0.0.0/1", "100.0.0.0/6", "128.0.0.0/1"], // duplicates and overlaps
            ["0/1", "128.0.0.0/01"], // odd spellings in pieces
            ["0.0.0.0/1", "128.0.0.0/1.0.0.0"], // netmask "/1.0.0.0" is no netmask: not counted; the next row is
            ["::/1", "8000::/1"],
            ["::/2", "4000::/2", "8000::/1"],
            ["0:0::/1", "8000:0::/1 "],
        ];
        // Row 6's second entry is not a CIDR (1.0.0.0 is neither a netmask nor a hostmask): that row must pass.
        const notOpen = new Set([6]);
        open.forEach((list, i) => {
            it(`${notOpen.has(i) ? "passes" : "flags"} ${list.join(" + ")}`, async () => {
                const v = await violations(policy, strings(list));
                if (notOpen.has(i)) assert.deepStrictEqual(v, []);
                else {
                    // IPv6 rows: the piece holding ::ffff:0:0/96 is also reported alone, for the IPv4 clients it maps.
                    assert.strictEqual(v.length, list[0].includes(":") ? 2 : 1, v.join("\n"));
                    assert.ok(
                        v.some((m) => /together its IP filter entries .* admit every IPv[46] address/.test(m)),
                        v.join("\n"),
                    );
                }
            });
        });
        it("pieces spread over ipFilterObjects, ipFilterStrings and ipFilters still count together", async () => {
            const v = await violations(
                policy,
                flink((p) => {
                    uc(p).ipFilterObjects = [{ network: "0.0.0.0/2", description: "a" }];
                    uc(p).ipFilterStrings = ["64.0.0.0/2"];
                    uc(p).ipFilters = ["128.0.0.0/1"];
                }),
            );
            assert.strictEqual(v.length, 1, v.join("\n"));
            assert.match(
                v[0],
                /ipFilterObjects\[0\]\.network \(0\.0\.0\.0\/2\), flinkUserConfig\.ipFilterStrings\[0\] \(64\.0\.0\.0\/2\), flinkUserConfig\.ipFilters\[0\] \(128\.0\.0\.0\/1\)/,
            );
        });
        it("an IPv4-mapped IPv6 network counts for the IPv4 clients it admits", async () => {
            assert.strictEqual((await violations(policy, strings(["0.0.0.0/1", "::ffff:128.0.0.0/97"]))).length, 1);
            assert.deepStrictEqual(await violations(policy, strings(["0.0.0.0/1", "::ffff:128.0.0.0/98"])), []);
        });
        it("an entry a parser could read as octal counts as both readings", () => {
            // 010.0.0.0/8 is 10.0.0.0/8 in decimal and 8.0.0.0/8 for inet_aton.
            assert.deepStrictEqual(
                cidrReadings("010.0.0.0/8")
                    .map((r) => r.cidr)
                    .sort(),
                ["10.0.0.0/8", "8.0.0.0/8"],
            );
        });
    });

    describe("properties (fast-check)", () => {
        it("any string (hostile or not) is read without throwing, quickly, and reported only when it admits everything", async () => {
            const chars = fc.constantFrom(..."0123456789abcdefx.:/[]% \t".split(""));
            fc.assert(
                fc.property(fc.oneof(fc.string(), fc.string({ unit: chars, maxLength: 60 })), (entry) => {
                    const readings = cidrReadings(entry);
                    assert.strictEqual(
                        isOpenToAll(entry),
                        readings.some((r) => r.start === 0n && r.end === (r.family === 4 ? 0xffffffffn : (1n << 128n) - 1n)),
                    );
                }),
                { numRuns: 2000 },
            );
            // Leading zeros never make an entry too long to read: 100,000 zeros are 0.0.0.0 (inet_aton), so this is open.
            const t0 = Date.now();
            assert.strictEqual(isOpenToAll("0".repeat(100_000) + "/0"), true);
            assert.strictEqual(isOpenToAll("1".repeat(100_000) + "/0"), false);
            assert.strictEqual(isOpenToAll("::" + ":".repeat(100_000) + "/0"), false);
            assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
        });
        /** A random partition of a family's address space into CIDR blocks: split blocks in two at random. */
        const partition = (family: 4 | 6) => fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }).chain((splits) => fc.constant(splitSpace(family, splits)));
        const spell = (family: 4 | 6) =>
            fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean()).map(
                ([ws, zeros, compress, bracket]) =>
                    (cidr: Block): string =>
                        spellBlock(family, cidr, { ws, zeros, compress, bracket }),
            );

        it("every random partition of IPv4 or IPv6 space, in any order and spelling, is reported", async () => {
            await fc.assert(
                fc.asyncProperty(
                    fc.constantFrom<4 | 6>(4, 6).chain((f) => fc.tuple(fc.constant(f), partition(f), spell(f), fc.integer())),
                    async ([family, blocks, spellFn, seed]) => {
                        const entries = shuffle(blocks.map(spellFn), seed);
                        assert.ok(coversAll(entries.flatMap(cidrReadings), family), entries.join(" "));
                        const found = openFilters(entries);
                        assert.ok(
                            found.some((f) => f.families.includes(family)),
                            `not reported: ${entries.join(" ")}`,
                        );
                        const v = await violations(policy, strings(entries));
                        assert.ok(v.length >= 1, `policy passed ${entries.join(" ")}`);
                    },
                ),
                { numRuns: 300 },
            );
        });
        it("a random partition with at least one block left out is never reported, whatever extra sub-blocks are added", async () => {
            await fc.assert(
                fc.asyncProperty(
                    fc.constantFrom<4 | 6>(4, 6).chain((f) =>
                        fc.tuple(
                            fc.constant(f),
                            partition(f).filter((b) => b.length > 1),
                            spell(f),
                            fc.integer(),
                            fc.array(fc.nat(), { maxLength: 4 }),
                            fc.nat(),
                        ),
                    ),
                    async ([family, blocks, spellFn, seed, extras, drop]) => {
                        const dropped = drop % blocks.length;
                        const kept = blocks.filter((_, i) => i !== dropped);
                        // Extra entries strictly inside kept blocks (never touching the gap).
                        const inside = extras.map((n) => subBlock(kept[n % kept.length], n));
                        const entries = shuffle([...kept, ...inside].map(spellFn), seed);
                        assert.ok(!coversAll(entries.flatMap(cidrReadings), family));
                        // IPv6 blocks also admit the IPv4 clients they map (::ffff:0:0/96): the kept blocks cover all of
                        // them exactly when the dropped block lies outside that range.
                        const d = blocks[dropped];
                        const dEnd = d.start + (1n << BigInt(128 - d.prefix)) - 1n;
                        const ipv4ThroughMapping = family === 6 && (dEnd < MAPPED_START || d.start > MAPPED_END);
                        const found = openFilters(entries);
                        assert.ok(
                            found.every((f) => !f.families.includes(family)),
                            JSON.stringify(found),
                        );
                        assert.strictEqual(found.length > 0, ipv4ThroughMapping, JSON.stringify(found));
                        assert.strictEqual((await violations(policy, strings(entries))).length > 0, ipv4ThroughMapping);
                    },
                ),
                { numRuns: 300 },
            );
        });
    });
});

// --- helpers for the properties ---------------------------------------------------------------------------------

interface Block {
    start: bigint;
    prefix: number;
}

const FAMILY_BITS = { 4: 32, 6: 128 } as const;
const MAPPED_START = 0xffffn << 32n;
const MAPPED_END = MAPPED_START + 0xffffffffn;

/** Splits the whole space: each boolean says whether to split the next block (breadth first) or keep it. */
function splitSpace(family: 4 | 6, splits: boolean[]): Block[] {
    const bits = FAMILY_BITS[family];
    const queue: Block[] = [{ start: 0n, prefix: 0 }];
    const out: Block[] = [];
    let forcedFirst = false;
    for (const split of splits) {
        const b = queue.shift();
        if (!b) break;
        // The first block is always split: the whole space in one entry is the single-entry case, tested above.
        if ((split || !forcedFirst) && b.prefix < bits) {
            forcedFirst = true;
            const half = 1n << BigInt(bits - b.prefix - 1);
            queue.push({ start: b.start, prefix: b.prefix + 1 }, { start: b.start + half, prefix: b.prefix + 1 });
        } else out.push(b);
    }
    return [...out, ...queue];
}

function subBlock(b: Block, n: number): Block {
    return { start: b.start, prefix: b.prefix + 1 + (n % 3) };
}

function spellBlock(family: 4 | 6, b: Block, o: { ws: boolean; zeros: boolean; compress: boolean; bracket: boolean }): string {
    let text: string;
    if (family === 4) {
        const parts = [24n, 16n, 8n, 0n].map((s) => String((b.start >> s) & 0xffn));
        // Only zero octets get leading zeros: "010" would mean 8 to inet_aton, and such entries count as both readings.
        text = `${parts.map((p) => (o.zeros && p === "0" ? "000" : p)).join(".")}/${o.zeros ? String(b.prefix).padStart(2, "0") : b.prefix}`;
    } else {
        const groups = Array.from({ length: 8 }, (_, i) => Number((b.start >> BigInt(16 * (7 - i))) & 0xffffn).toString(16));
        let addr = groups.map((g) => (o.zeros ? g.padStart(4, "0") : g)).join(":");
        if (o.compress) {
            const tail = addr.replace(/(^|:)(0+:)+0+$/, "::");
            addr = tail !== addr ? tail : addr.replace(/^(0+:){2,}/, "::");
        }
        text = `${o.bracket ? `[${addr}]` : addr}/${b.prefix}`;
    }
    return o.ws ? ` ${text.replace("/", " / ")} ` : text;
}

function shuffle<T>(list: T[], seed: number): T[] {
    const out = [...list];
    let s = seed >>> 0 || 1;
    for (let i = out.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) >>> 0;
        const j = s % (i + 1);
        [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
}
