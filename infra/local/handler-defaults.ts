/**
 * How the in-process handlers log and publish metrics on this machine: warnings and errors only,
 * and no CloudWatch metric lines on stdout. Powertools reads these when a function's logger and
 * metrics are built, at import, so every entry that runs handlers (infra/local/main.ts,
 * bench/run-bench.ts, bench/soak-process.ts) imports this module before anything else; the
 * environment still wins.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
