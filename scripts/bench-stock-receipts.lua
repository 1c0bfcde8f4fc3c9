-- wrk script for scripts/bench-stock.sh: POST /api/v1/receipts of 3 lines, each with its own
-- Idempotency-Key, over keep-alive connections. Lines are drawn exactly as the pgbench script
-- (bench-stock-receipt.sql) draws them: one product from each third of [plo, phi] (distinct,
-- ascending), qty 1..20 whole units, unit cost 1.00..1000.00.
-- Arguments after `--`: token warehouse_id supplier_id plo phi run_tag
-- done() prints one line: "RESULT <requests> <non-201> <p50 ms> <p99 ms> <mean ms>".

local threads = {}
local counter = 0

function setup(thread)
    thread:set("tid", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    token, wh, supplier = args[1], tonumber(args[2]), tonumber(args[3])
    plo, phi, tag = tonumber(args[4]), tonumber(args[5]), args[6]
    third = math.floor((phi - plo + 1) / 3)
    math.randomseed(os.time() * 1000 + tid * 7919)
    bad = 0
    first_bad = ""
end

local function line(product)
    local cost = math.random(100, 100000)
    return string.format('{"product_id":%d,"qty":"%d","unit_cost":"%d.%02d"}', product, math.random(1, 20),
                         math.floor(cost / 100), cost % 100)
end

function request()
    counter = counter + 1
    local p1 = math.random(plo, plo + third - 1)
    local p2 = math.random(plo + third, plo + 2 * third - 1)
    local p3 = math.random(plo + 2 * third, phi)
    local body = string.format('{"warehouse_id":%d,"supplier_id":%d,"supplier_ref":"W-1","lines":[%s,%s,%s]}',
                               wh, supplier, line(p1), line(p2), line(p3))
    local headers = {
        ["Authorization"] = "Bearer " .. token,
        ["Content-Type"] = "application/json",
        ["Idempotency-Key"] = string.format("wrk-%s-%d-%d", tag, tid, counter),
    }
    return wrk.format("POST", "/api/v1/receipts", headers, body)
end

function response(status, headers, body)
    if status ~= 201 then
        bad = bad + 1
        if first_bad == "" then first_bad = status .. " " .. string.sub(body or "", 1, 200) end
    end
end

function done(summary, latency, requests)
    local bad_total = 0
    for _, thread in ipairs(threads) do
        bad_total = bad_total + (thread:get("bad") or 0)
        local sample = thread:get("first_bad")
        if sample and sample ~= "" then io.stderr:write("first non-201 answer: " .. sample .. "\n") end
    end
    io.write(string.format("RESULT %d %d %.2f %.2f %.2f\n", summary.requests, bad_total,
                           latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.mean / 1000))
end
