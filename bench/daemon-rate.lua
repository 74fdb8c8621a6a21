-- SPDX-License-Identifier: MIT
-- wrk script: each connection waits DELAY_MS between requests, so that
-- C connections give about C * 1000 / (DELAY_MS + latency) requests per second.
-- Set METHOD, BODY and TOKEN in the environment for writes.
local delay_ms = tonumber(os.getenv("DELAY_MS") or "50")
wrk.method = os.getenv("METHOD") or "GET"
local body = os.getenv("BODY")
if body and body ~= "" then
	wrk.body = body
	wrk.headers["Content-Type"] = "application/json"
end
local token = os.getenv("TOKEN")
if token and token ~= "" then
	wrk.headers["Authorization"] = "Bearer " .. token
end

function delay()
	return delay_ms
end

local errors = 0
function response(status, headers, body)
	if status >= 400 then
		errors = errors + 1
	end
end
