/**
 * Resource sizes against the real parsers. GOLDEN_MEMORY and GOLDEN_STORAGE are verdicts recorded on JDK 17 from
 * the code the operator 1.15.0 runs per field: for resource.memory, Flink 1.20.1's MemorySize.parse, falling back to
 * FlinkConfigBuilder.parseResourceMemoryString's reformatting and fabric8 kubernetes-model-core 7.3.1's Quantity,
 * then MemorySize.parse of the printed amount (DefaultValidator.validateResources); for resource.ephemeralStorage,
 * Quantity.parse + Quantity.getAmountInBytes alone. Hand-picked spellings plus a sample of generated ones; the
 * differential run that produced them agreed on all of 20,000 generated memory and 28,000 storage spellings.
 * The second column is "ok" or the exception the operator's code threw.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { validate } from "../../components/rules";
import { ephemeralStorageError, flinkMemoryBytes, quantityAmount, resourceMemoryError } from "../../components/core/java/memory-size";
import { applicationDeployment } from "../support/fixtures";

const GOLDEN_MEMORY: [string, string][] = [
    ["2gi", "ok"],
    ["2GiB", "ok"],
    ["2 Gi", "ok"],
    ["512mib", "ok"],
    ["2Gi", "ok"],
    ["1G", "ok"],
    ["100", "ok"],
    ["1Gi", "ok"],
    ["invalid", 'java.lang.NumberFormatException: Character I is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["2048m", "ok"],
    ["2 gb", "ok"],
    ["2GB", "ok"],
    ["2Gb", "ok"],
    [
        "1.5Gi",
        "java.lang.IllegalArgumentException: Memory size unit '.0' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    ],
    [
        "1.5G",
        "java.lang.IllegalArgumentException: Memory size unit '.0' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    ],
    [
        "1.5g",
        "java.lang.IllegalArgumentException: Memory size unit '.0' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    ],
    [
        "0.5Ki",
        "java.lang.IllegalArgumentException: Memory size unit '.0' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    ],
    ["1e3", "ok"],
    ["1E3", "ok"],
    [
        "1e-3",
        "java.lang.IllegalArgumentException: Memory size unit '.001' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    ],
    ["0.001E", "ok"],
    [
        "1Ei",
        "java.lang.IllegalArgumentException: Memory size unit '.152921504606847e+18' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    ],
    ["0.001Ei", "ok"],
    [
        "8Ei",
        "java.lang.IllegalArgumentException: Memory size unit '.223372036854776e+18' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    ],
    [".", "ok"],
    ["+5", "ok"],
    ["-1", "java.lang.NumberFormatException: text does not start with a number"],
    ["-0Gi", "ok"],
    ["\u0661Gi", "ok"],
    ["9223372036854775807", "ok"],
    ["9223372036854775808", "java.lang.IllegalArgumentException: The value '9223372036854775808' cannot be re represented as 64bit number (numeric overflow)."],
    ["8388608t", "ok"],
    ["8388607t", "ok"],
    ["1536Mi", "ok"],
    ["1536 mi", "ok"],
    [" 2 g ", "ok"],
    ["2\tG\tB", "ok"],
    ["2\nGi", "ok"],
    ["2\u00a0Gi", 'java.lang.NumberFormatException: Character \u00a0 is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["2 Gigabytes", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    ["2 gibibytes", "ok"],
    ["2 mebibytes", "ok"],
    ["2 bytes", "ok"],
    ["2 byte", 'java.lang.NumberFormatException: Character B is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["2KiB", "ok"],
    ["2kib", "ok"],
    ["2K", "ok"],
    ["2KB", "ok"],
    ["2Ki", "ok"],
    ["2k", "ok"],
    ["2m", "ok"],
    ["2M", "ok"],
    ["2Mi", "ok"],
    ["2MB", "ok"],
    ["2u", 'java.lang.NumberFormatException: Character U is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["2n", 'java.lang.NumberFormatException: Character N is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["1000000n", 'java.lang.NumberFormatException: Character N is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["2P", "ok"],
    ["2Pi", "ok"],
    ["2T", "ok"],
    ["2Ti", "ok"],
    ["2TB", "ok"],
    ["2TiB", "ok"],
    ["", "java.lang.IllegalArgumentException: Invalid quantity string format passed."],
    [" ", "java.lang.IllegalArgumentException: Invalid quantity string format passed."],
    ["Gi", "java.lang.NumberFormatException"],
    ["2 G i", "ok"],
    ["2GIB", "ok"],
    ["2gb ", "ok"],
    ["2\u212a", "ok"],
    ["1,5Gi", 'java.lang.NumberFormatException: Character , is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["1 000Mi", "ok"],
    [
        "  1\nEi  ",
        "java.lang.IllegalArgumentException: Memory size unit '.152921504606847e+18' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    ],
    ["\uff12GiB\n", "ok"],
    ["  100  mi", "ok"],
    ["\n1 000\tt\n", "ok"],
    [
        " .5Ti",
        "java.lang.IllegalArgumentException: Memory size unit '.0' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    ],
    [
        "  1.25\tMI  ",
        "java.lang.IllegalArgumentException: Memory size unit '.00' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    ],
    [" 2  kibibytes\n", "ok"],
    ["100\u00a0ei", 'java.lang.NumberFormatException: Character \u00a0 is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    [" 100  Ki", "ok"],
    ["\n1.5 e15\u00a0", 'java.lang.NumberFormatException: For input string: "15\u00a0"'],
    [" +5  e15\t", "ok"],
    [
        "\n512Ei",
        "java.lang.IllegalArgumentException: Memory size unit '.90295810358705664e+20' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    ],
    ["1E6", "ok"],
    [".  I ", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    ["\t1,5 gibibytes ", 'java.lang.NumberFormatException: Character , is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    [" 0.001\nei ", "ok"],
    [" \u0661\tGB", "ok"],
    ["+5\nki\n", "ok"],
    ["\n.  K", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    ["100\tKiB ", "ok"],
    ["  1\nGi ", "ok"],
    ["512tb ", "ok"],
    ["2\ne15 ", "ok"],
    [
        "  .5\nG\n",
        "java.lang.IllegalArgumentException: Memory size unit '.0' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    ],
    ["  0E6  ", "ok"],
    [
        ".\te-20 ",
        "java.lang.IllegalArgumentException: Memory size unit 'e-20' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    ],
    [
        " 1.25mib\n",
        "java.lang.IllegalArgumentException: Memory size unit '.00' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    ],
    ["\u00a09223372036854775808  Mi\u0131\u00a0", 'java.lang.NumberFormatException: Character array is missing "e" notation exponential mark.'],
    ["\t\u0661\tMB", "ok"],
    ["\n1 000  g\n", "ok"],
    ["1 000 m", "ok"],
    ["\uff12MiB\t", "ok"],
    ["\t.\nT", "ok"],
    ["-0E6\n", "ok"],
    ["\n0.5 i", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    ["\n0  KI\n", "ok"],
    ["\u00a0512Gi", 'java.lang.NumberFormatException: Character \u00a0 is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    [
        "9223372036854775808  GIB  ",
        "java.lang.IllegalArgumentException: The value '9903520314283042199192993792' cannot be re represented as 64bit number (numeric overflow).",
    ],
    [
        ".5g ",
        "java.lang.IllegalArgumentException: Memory size unit '.0' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    ],
    ["\t2048\u00a0g", 'java.lang.NumberFormatException: Character \u00a0 is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    [" \u0661t", "ok"],
    [
        " 1.5pi  ",
        "java.lang.IllegalArgumentException: Memory size unit '.0' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    ],
    ["+5\tg", "ok"],
    ["\n2 m\t", "ok"],
    ["\t\uff12Ki", "ok"],
    ["\n512  Mb", "ok"],
    ["\t2048gb\n", "ok"],
    [" +5  e9", "ok"],
    [" 0bytes\n", "ok"],
    ["I\u00a0", 'java.lang.NumberFormatException: Character I is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["\u00a01,5 e-3", 'java.lang.NumberFormatException: Character \u00a0 is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    [
        "  100\u00a0T\u00a0",
        'java.lang.NumberFormatException: Character \u00a0 is neither a decimal digit number, decimal point, nor "e" notation exponential mark.',
    ],
    ["  0.5\tbytes", 'java.lang.NumberFormatException: Character B is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["\n8589934592\ti\t", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    [" -1i\u00a0", 'java.lang.NumberFormatException: Character I is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    [" 1.25\ttebibytes\t", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    [
        "0.5\nP\t",
        "java.lang.IllegalArgumentException: Memory size unit '.0' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    ],
    ["\u00a0007P", 'java.lang.NumberFormatException: Character \u00a0 is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["\t1,5Gb", 'java.lang.NumberFormatException: Character , is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    [
        "\t8589934592  e ",
        "java.lang.IllegalArgumentException: Memory size unit '.589934592000000000000000e+27' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    ],
];

const GOLDEN_STORAGE: [string, string][] = [
    ["1.5Gi", "ok"],
    ["-1Gi", "ok"],
    ["1gi", 'java.lang.NumberFormatException: Character g is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["1 Gi", 'java.lang.NumberFormatException: Character   is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["1e3", "ok"],
    ["1E", "ok"],
    ["1K", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    ["1e-20", "ok"],
    ["1e20", "ok"],
    [".5", "ok"],
    ["10G", "ok"],
    ["1GiB", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    [" 1Gi", 'java.lang.NumberFormatException: Character   is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["1Gi ", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    ["", "java.lang.IllegalArgumentException: Invalid quantity string format passed."],
    ["1e1000000000", "java.lang.ArithmeticException: Invalid operation"],
    ["1i3", "ok"],
    ["abc", 'java.lang.NumberFormatException: Character a is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["10Gi", "ok"],
    ["500M", "ok"],
    ["500m", "ok"],
    ["1Ki", "ok"],
    ["1ki", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    ["1Ei", "ok"],
    ["1E3", "ok"],
    ["1e3k", "java.lang.IllegalArgumentException: Invalid quantity string format passed"],
    ["1e", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    ["+1Gi", "ok"],
    ["--1Gi", 'java.lang.NumberFormatException: Character - is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["1.Gi", "ok"],
    [".Gi", "ok"],
    ["\u0661Gi", "ok"],
    ["1u", "ok"],
    ["1n", "ok"],
    ["1k", "ok"],
    ["1P", "ok"],
    ["1Pi", "ok"],
    ["1T", "ok"],
    ["1Ti", "ok"],
    ["1M", "ok"],
    ["1Mi", "ok"],
    ["1B", 'java.lang.NumberFormatException: Character B is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["2048", "ok"],
    ["-1ki", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    ["007e-3", "ok"],
    ["0e20", "ok"],
    ["1.5Pi", "ok"],
    ["0e-20", "ok"],
    [".Ti", "ok"],
    ["0.5Mi", "ok"],
    ["-0Ei", "ok"],
    ["0.5Ei", "ok"],
    ["1.e3", "ok"],
    ["1m", "ok"],
    [".", "ok"],
    [".5e20", "ok"],
    ["007Ei", "ok"],
    ["1ee3k", "java.lang.IllegalArgumentException: Invalid quantity string format passed"],
    [".5ki", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    ["007n", "ok"],
    ["--1Ki", 'java.lang.NumberFormatException: Character - is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    [".5m", "ok"],
    ["007B", 'java.lang.NumberFormatException: Character B is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["--1Gi\u0661", 'java.lang.NumberFormatException: Character - is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["100T", "ok"],
    ["1.G", "ok"],
    ["9223372036854775808e-20", "ok"],
    ["0.5e20", "ok"],
    ["0e+2", "ok"],
    ["0gi", 'java.lang.NumberFormatException: Character g is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["100ki", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    ["1eT", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    ["Ti", "java.lang.NumberFormatException"],
    ["-1K", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    ["abcE", 'java.lang.NumberFormatException: Character a is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["1eKi", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    ["i3", "java.lang.NumberFormatException"],
    ["+5Gi\u0661", 'java.lang.NumberFormatException: For input string: "i\u0661"'],
    ["\u0661gi", 'java.lang.NumberFormatException: Character g is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["--1GiB", 'java.lang.NumberFormatException: Character - is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ["1eG", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    ["0ki", "java.lang.IllegalArgumentException: Invalid quantity format passed to parse"],
    ["M", "java.lang.NumberFormatException"],
];

type Role = "jobManager" | "taskManager";

function findings(role: Role, field: "memory" | "ephemeralStorage", value: unknown) {
    const doc = applicationDeployment();
    doc.spec[role].resource[field] = value;
    return validate([{ doc }]).findings.filter((f) => f.rule === "resource-quantity-format");
}

/** The reason Java gave, without its exception class (messages Java leaves empty are not compared). */
const javaReason = (verdict: string) => verdict.replace(/^[\w.]+(Exception|Error)(: )?/, "");

describe("parity: resource.memory as the operator reads it (golden verdicts)", () => {
    GOLDEN_MEMORY.forEach(([value, verdict], i) => {
        const role: Role = i % 2 === 0 ? "jobManager" : "taskManager";
        it(`${role}: ${JSON.stringify(value)} → ${verdict === "ok" ? "accepted" : "refused"}`, () => {
            const found = findings(role, "memory", value);
            if (verdict === "ok") return assert.deepStrictEqual(found, []);
            assert.strictEqual(found.length, 1);
            assert.strictEqual(found[0].path, `spec.${role}.resource.memory`);
            assert.ok(found[0].message.startsWith(`${role === "jobManager" ? "JobManager" : "TaskManager"} resource memory parse error: `), found[0].message);
            assert.match(found[0].message, /Set spec\.\w+\.resource\.memory to a size such as "2048m", "2g" or "2Gi"\.$/);
        });
    });

    it("names the reason Java gives when the operator's last step fails on the amount", () => {
        for (const [value, verdict] of GOLDEN_MEMORY) {
            const reason = javaReason(verdict);
            // BigDecimal words some errors by input length; those are not compared.
            if (verdict === "ok" || reason === "" || reason.startsWith("Character array")) continue;
            const error = resourceMemoryError(value) ?? "";
            if (!error.includes(reason) && !/Character .* is neither/.test(reason)) assert.fail(`${JSON.stringify(value)}: ${error} does not name ${reason}`);
        }
    });
});

describe("parity: resource.ephemeralStorage as the operator reads it (golden verdicts)", () => {
    GOLDEN_STORAGE.forEach(([value, verdict], i) => {
        const role: Role = i % 2 === 0 ? "taskManager" : "jobManager";
        it(`${role}: ${JSON.stringify(value)} → ${verdict === "ok" ? "accepted" : "refused"}`, () => {
            const found = findings(role, "ephemeralStorage", value);
            if (verdict === "ok") return assert.deepStrictEqual(found, []);
            assert.strictEqual(found.length, 1);
            assert.ok(
                found[0].message.startsWith(`${role === "jobManager" ? "JobManager" : "TaskManager"} resource ephemeral storage parse error: `),
                found[0].message,
            );
            const reason = javaReason(verdict);
            if (reason !== "" && !reason.startsWith("Character array"))
                assert.ok(found[0].message.includes(reason), `${found[0].message} does not name ${reason}`);
        });
    });
});

describe("parity: resource sizes, the issue's spellings", () => {
    const table: [string, boolean][] = [
        ["2gi", true],
        ["2GiB", true],
        ["2 Gi", true],
        ["512mib", true],
        ["2 gib", true],
        ["1 TiB", true],
        ["2048", true],
        ["2048m", true],
        ["2 gb", true],
        ["1.5Gi", false],
        ["1.5G", false],
        ["0.5Ki", false],
        ["2 gigs", false],
        ["2Gi!", false],
    ];
    for (const [value, ok] of table) {
        it(`memory ${JSON.stringify(value)} is ${ok ? "accepted" : "refused"}; ephemeral storage reads it differently`, () => {
            assert.strictEqual(findings("taskManager", "memory", value).length, ok ? 0 : 1);
        });
    }
    it("ephemeral storage is not read like memory: case, spaces and B matter there", () => {
        for (const value of ["2gi", "2GiB", "2 Gi", "512mib", "2 gb", "2g"])
            assert.strictEqual(findings("jobManager", "ephemeralStorage", value).length, 1, value);
        // "2048m" is 2048 mebibytes as memory but 2.048 bytes (milli) as a quantity: accepted there too, and tiny.
        for (const value of ["2Gi", "1.5Gi", "10G", "500M", "1e3", "2048", "2048m"])
            assert.strictEqual(findings("jobManager", "ephemeralStorage", value).length, 0, value);
    });
    it("a non-string value is refused without printing it", () => {
        const [finding] = findings("jobManager", "memory", 2048);
        assert.match(finding.message, /expected a string, got number/);
        assert.doesNotMatch(finding.message, /2048[^m]/);
    });
});

// ---- properties ------------------------------------------------------------------------------------------------

const anyCase = (text: string) =>
    fc
        .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
        .map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(""));
const spaces = fc.constantFrom("", "", " ", "  ", "\t");

describe("parity: resource size properties", () => {
    it("memory: n with a binary unit in any case, spaces anywhere, an optional B, is n × 2^k bytes and accepted", () => {
        const unit = fc
            .constantFrom(["K", 10], ["M", 20], ["G", 30], ["T", 40])
            .chain(([u, k]) => fc.tuple(anyCase(`${u}i`), fc.constantFrom("", "b", "B"), fc.constant(k as number)));
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 4096 }), unit, spaces, spaces, spaces, (n, [u, b, k], s1, s2, s3) => {
                const text = `${s1}${n}${s2}${u}${b}${s3}`;
                const amount = quantityAmount(`${n}${u.toUpperCase().slice(0, 1)}i`);
                return resourceMemoryError(text) === undefined && amount.scale === 0 && amount.unscaled === BigInt(n) * 2n ** BigInt(k);
            }),
            { numRuns: 1000 },
        );
    });

    it("memory: Flink's own units in any case and long names are read by MemorySize first", () => {
        const unit = fc.constantFrom(
            ["b", 0],
            ["bytes", 0],
            ["k", 10],
            ["kb", 10],
            ["kibibytes", 10],
            ["m", 20],
            ["mb", 20],
            ["mebibytes", 20],
            ["g", 30],
            ["gb", 30],
            ["gibibytes", 30],
            ["t", 40],
            ["tb", 40],
            ["tebibytes", 40],
        );
        fc.assert(
            fc.property(
                fc.integer({ min: 0, max: 1 << 20 }),
                unit.chain(([u, k]) => fc.tuple(anyCase(u as string), fc.constant(k as number))),
                spaces,
                (n, [u, k], s) => {
                    return flinkMemoryBytes(`${n}${s}${u}`) === BigInt(n) * 2n ** BigInt(k) && resourceMemoryError(`${n}${s}${u}`) === undefined;
                },
            ),
            { numRuns: 1000 },
        );
    });

    it("memory: a fractional amount with a Kubernetes suffix is refused (the operator prints it with a decimal point)", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 0, max: 4096 }),
                fc.stringMatching(/^[0-9]{1,3}$/),
                fc.constantFrom("Ki", "Mi", "Gi", "Ti", "Pi", "M", "G", "T", "P", "gi", "mib", "GiB"),
                (n, fraction, unit) => {
                    return resourceMemoryError(`${n}.${fraction}${unit}`) !== undefined;
                },
            ),
            { numRuns: 500 },
        );
    });

    it("ephemeral storage: exact-case suffixes only, any decimal amount; another case or a space is refused", () => {
        const suffix = fc.constantFrom("Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E", "");
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 1 << 20 }), fc.option(fc.stringMatching(/^[0-9]{1,3}$/), { nil: undefined }), suffix, (n, fraction, unit) => {
                const amount = fraction === undefined ? String(n) : `${n}.${fraction}`;
                const ok = ephemeralStorageError(`${amount}${unit}`) === undefined;
                const spaced = ephemeralStorageError(` ${amount}${unit}`) !== undefined && ephemeralStorageError(`${amount} ${unit}`) !== undefined;
                // Swapping the case gives another valid suffix only for m (milli) and M (mega).
                const swappedUnit = [...unit].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join("");
                const swapped = ["", "m", "M"].includes(unit) || ephemeralStorageError(`${amount}${swappedUnit}`) !== undefined;
                return ok && spaced && swapped;
            }),
            { numRuns: 1000 },
        );
    });

    it("never throws on any value, for either field", () => {
        fc.assert(
            fc.property(
                fc.oneof(
                    fc.string({ maxLength: 30 }),
                    fc.string({ maxLength: 20, unit: "binary" }),
                    fc
                        .array(fc.constantFrom("1", "0", ".", "-", "+", "e", "E", "i", "I", "G", "g", "B", "b", " ", "K", "k", "m", "M"), { maxLength: 12 })
                        .map((a) => a.join("")),
                ),
                (text) => {
                    const m = resourceMemoryError(text);
                    const s = ephemeralStorageError(text);
                    return (m === undefined || typeof m === "string") && (s === undefined || typeof s === "string");
                },
            ),
            { numRuns: 3000 },
        );
    });
});
