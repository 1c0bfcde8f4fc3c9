-- wrk script for scripts/bench-orders.sh: POST /api/v1/orders/{id}/confirm of pre-created 3-line
-- drafts, each with its own Idempotency-Key, over keep-alive connections. The drafts are one id
-- range [first, last]; thread t of n confirms first + t - 1, first + t - 1 + n, … (as pgbench's
-- clients take theirs in bench-orders-confirm.sql), so no draft is confirmed twice and what a run
-- used is (nearly) a prefix of the range. A thread that reaches the end of the range stops and
-- says so (the run is then void: bench-orders.sh creates more drafts and runs it again).
-- Arguments after `--`: token first last threads run_tag
-- done() prints one line: "RESULT <requests> <non-200> <p50 ms> <p99 ms> <mean ms> <threads out of drafts> <highest id>".

local threads = {}

function setup(thread)
    thread:set("tid", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    token, first, last = args[1], tonumber(args[2]), tonumber(args[3])
    nthreads, tag = tonumber(args[4]), args[5]
    nextid = first + tid - 1
    highest = 0
    bad = 0
    out = 0
    first_bad = ""
end

function request()
    if nextid > last then
        out = 1
        wrk.thread:stop()
        -- wrk still wants a request; a cheap one that is never counted as a confirmation.
        return wrk.format("GET", "/health")
    end
    local id = nextid
    nextid = nextid + nthreads
    if id > highest then highest = id end
    local headers = {
        ["Authorization"] = "Bearer " .. token,
        ["Idempotency-Key"] = string.format("wrk-%s-%d", tag, id),
    }
    return wrk.format("POST", string.format("/api/v1/orders/%d/confirm", id), headers, "")
end

function response(status, headers, body)
    if status ~= 200 and out == 0 then
        bad = bad + 1
        if first_bad == "" then first_bad = status .. " " .. string.sub(body or "", 1, 200) end
    end
end

function done(summary, latency, requests)
    local bad_total, out_total, top = 0, 0, 0
    for _, thread in ipairs(threads) do
        bad_total = bad_total + (thread:get("bad") or 0)
        out_total = out_total + (thread:get("out") or 0)
        top = math.max(top, thread:get("highest") or 0)
        local sample = thread:get("first_bad")
        if sample and sample ~= "" then io.stderr:write("first non-200 answer: " .. sample .. "\n") end
    end
    io.write(string.format("RESULT %d %d %.2f %.2f %.2f %d %d\n", summary.requests, bad_total,
                           latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.mean / 1000,
                           out_total, top))
end
