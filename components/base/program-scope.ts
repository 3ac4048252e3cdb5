/**
 * State that belongs to one run of a Pulumi program, not to the Node.js process: the program's FlinkDeployments
 * (for session jobs' cross-checks) and the components named by URN. A process can run several programs: the
 * Automation API runs an inline program's preview and then its update in one process, two stacks can run side by
 * side, and tests run many programs. State kept in module globals leaked from one run into the next (a session job
 * of the second run was checked against, and waited for, the first run's deployments).
 *
 * A run is identified by the resource monitor it registers with:
 *  - a real engine run: the monitor's address. The engine serves one address per deployment, and every construct
 *    call of a component provider (other languages) connects to the same address, so all components of a program
 *    share one scope even though Pulumi gives each construct call its own async-local store;
 *  - unit tests under `pulumi.runtime.setMocks`: the mock monitor object (a new one per setMocks call);
 *  - outside any program (a component built without a monitor): one process-wide scope.
 */
import * as pulumi from "@pulumi/pulumi";

/** A value per program run, made on first use in that run. */
export interface ProgramScoped<T> {
    (): T;
}

type Scope = Map<symbol, unknown>;

/** Scopes of real engine runs by monitor address, oldest first: bounded, since a long-lived Automation API process runs many. */
const byAddress = new Map<string, Scope>();
export const MAX_ADDRESS_SCOPES = 64;
/** Scopes of mock monitors (and any monitor without an address), collected with their monitor. */
const byMonitor = new WeakMap<object, Scope>();
const outsideProgram: Scope = new Map();

/** The monitor's address when it is a gRPC client (grpc-js `Client.getChannel().getTarget()`). */
function monitorAddress(monitor: object): string | undefined {
    const channel = (monitor as { getChannel?: () => { getTarget?: () => unknown } }).getChannel?.();
    const target = channel?.getTarget?.();
    return typeof target === "string" ? target : undefined;
}

function currentScope(): Scope {
    let monitor: object | undefined;
    try {
        monitor = pulumi.runtime.getMonitor() as object | undefined;
    } catch {
        monitor = undefined;
    }
    return scopeOfMonitor(monitor);
}

/** The scope of the run registering with `monitor` (exported for tests). */
export function scopeOfMonitor(monitor: object | undefined | null): Map<symbol, unknown> {
    if (monitor === undefined || monitor === null) return outsideProgram;
    const address = monitorAddress(monitor);
    if (address === undefined) {
        let scope = byMonitor.get(monitor);
        if (scope === undefined) byMonitor.set(monitor, (scope = new Map()));
        return scope;
    }
    let scope = byAddress.get(address);
    if (scope === undefined) {
        scope = new Map();
        byAddress.set(address, scope);
        if (byAddress.size > MAX_ADDRESS_SCOPES) byAddress.delete(byAddress.keys().next().value as string);
    }
    return scope;
}

/**
 * Declares a piece of program-run state: `create` makes its value the first time a run asks for it. Call the
 * returned function while the program runs (in a constructor, not at module load) and keep what it returns for
 * callbacks that run later in the same program.
 */
export function programScoped<T>(name: string, create: () => T): ProgramScoped<T> {
    const slot = Symbol(name);
    return () => {
        const scope = currentScope();
        if (!scope.has(slot)) scope.set(slot, create());
        return scope.get(slot) as T;
    };
}
