-- Print wrk's results as one JSON line (latencies in microseconds), for bench/run_pages.py.
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "non2xx": %d, "p50": %d, "p95": %d, "p99": %d}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
