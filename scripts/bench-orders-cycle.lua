-- wrk script for scripts/bench-orders.sh: the full life of an order over HTTP, again and again —
-- POST /api/v1/orders (a 3-line draft) → POST /api/v1/orders/{id}/confirm →
-- POST /api/v1/orders/{id}/ship (everything reserved) — each request with its own
-- Idempotency-Key. Run it with as many threads as connections (-t N -c N): each thread then owns
-- one keep-alive connection, so its requests and answers alternate and the next step can use
-- the id the previous answer carried. Lines as bench-orders-load.py draws drafts: one product
-- from each third of [plo, phi], 1..5 whole units, catalog prices.
-- Arguments after `--`: token client_id warehouse_id plo phi run_tag [last step: ship (default) or
-- confirm — a sale created and confirmed, the workload of the Tryton comparison].
-- done() prints one line: "RESULT <complete cycles> <unexpected answers> <seconds>".

local threads = {}

function setup(thread)
    thread:set("tid", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    token, client, wh = args[1], tonumber(args[2]), tonumber(args[3])
    plo, phi, tag = tonumber(args[4]), tonumber(args[5]), args[6]
    last_step = args[7] or "ship"
    third = math.floor((phi - plo + 1) / 3)
    math.randomseed(os.time() * 1000 + tid * 7919)
    step, order, counter = "create", nil, 0
    cycles, bad = 0, 0
    first_bad = ""
end

local function post(path, body)
    counter = counter + 1
    local headers = {
        ["Authorization"] = "Bearer " .. token,
        ["Idempotency-Key"] = string.format("cycle-%s-%d-%d", tag, tid, counter),
    }
    if body ~= "" then headers["Content-Type"] = "application/json" end
    return wrk.format("POST", path, headers, body)
end

function request()
    if step == "create" then
        local p1 = math.random(plo, plo + third - 1)
        local p2 = math.random(plo + third, plo + 2 * third - 1)
        local p3 = math.random(plo + 2 * third, phi)
        return post("/api/v1/orders", string.format(
            '{"client_id":%d,"warehouse_id":%d,"lines":[{"product_id":%d,"qty":"%d"},{"product_id":%d,"qty":"%d"},{"product_id":%d,"qty":"%d"}]}',
            client, wh, p1, math.random(1, 5), p2, math.random(1, 5), p3, math.random(1, 5)))
    elseif step == "confirm" then
        return post(string.format("/api/v1/orders/%d/confirm", order), "")
    else
        return post(string.format("/api/v1/orders/%d/ship", order), "")
    end
end

local expected = { create = 201, confirm = 200, ship = 201 }

function response(status, headers, body)
    if status ~= expected[step] then
        bad = bad + 1
        if first_bad == "" then first_bad = step .. ": " .. status .. " " .. string.sub(body or "", 1, 200) end
        step = "create"
        return
    end
    if step == "create" then
        -- The order's own id: the house coder sorts keys, and "id" is the first key spelt so.
        order = tonumber(string.match(body, '"id":(%d+)'))
        step = "confirm"
    elseif step == "confirm" and last_step ~= "confirm" then
        step = "ship"
    else
        cycles = cycles + 1
        step = "create"
    end
end

function done(summary, latency, requests)
    local cycles_total, bad_total = 0, 0
    for _, thread in ipairs(threads) do
        cycles_total = cycles_total + (thread:get("cycles") or 0)
        bad_total = bad_total + (thread:get("bad") or 0)
        local sample = thread:get("first_bad")
        if sample and sample ~= "" then io.stderr:write("first unexpected answer: " .. sample .. "\n") end
    end
    io.write(string.format("RESULT %d %d %.2f\n", cycles_total, bad_total, summary.duration / 1e6))
end
