-- wrk script: POST the same JSON body on every request (the SQL API test).
-- Environment: BENCH_BODY_FILE (the body).

local file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
