import { Registry } from 'prom-client';
import type { TimCore } from '../core/tim-core.js';
import { TemplateLatency } from './template-latency.js';
export declare class Metrics {
    readonly registry: Registry<"text/plain; version=0.0.4; charset=utf-8">;
    private core;
    private readonly templateCalls;
    private readonly templateSeconds;
    private readonly adminRequests;
    /** the same template runs in small fixed histograms the admin API reads (GET /api/v1/admin/monitor) */
    readonly templateLatency: TemplateLatency;
    constructor(opts?: {
        processMetrics?: boolean;
    });
    /** Starts reading the core's counters (the core is built after the store, hence not in the constructor). */
    attach(core: TimCore): void;
    /** SqlStore's onTemplateCall hook. */
    readonly templateCall: (key: string, ms: number, ok: boolean) => void;
    /** One answered admin request; `route` is the route pattern, never the raw URL. */
    adminRequest(route: string, status: number): void;
    get contentType(): string;
    text(): Promise<string>;
}
