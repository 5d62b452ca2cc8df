-- wrk script: PUT the same manifest under rotating tags (t<thread>-<0..499>), so the run inserts
-- new tags first and then moves existing ones, as a CI pushing many tags does.
-- Environment: BENCH_MANIFEST_FILE (the body), BENCH_MANIFEST_PATH (/v2/<name>/manifests/),
-- BENCH_CONTENT_TYPE (the manifest's media type).

local file = assert(io.open(os.getenv("BENCH_MANIFEST_FILE"), "rb"))
local body = file:read("*a")
file:close()

local base = os.getenv("BENCH_MANIFEST_PATH")
local threads = 0

wrk.method = "PUT"
wrk.body = body
wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE")

function setup(thread)
    thread:set("thread_id", threads)
    threads = threads + 1
end

local counter = 0

function request()
    counter = counter + 1
    return wrk.format(nil, base .. "t" .. thread_id .. "-" .. (counter % 500))
end
