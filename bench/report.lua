-- wrk script for bench/intake.py: POST anonymous reports with varied texts; counts statuses.
local texts = {
  "Lucrez pe un santier de trei luni si patronul nu mi-a platit niciun salariu.",
  "Ik zie elke nacht een busje met arbeiders vertrekken bij de carwash in Gent.",
  "Des femmes vivent dans le salon de massage et ne sortent jamais seules.",
  "My employer at the farm keeps our passports and we sleep in a container.",
}
local counter = 0
request = function()
  counter = counter + 1
  local body = '{"text": "' .. texts[(counter % #texts) + 1] .. ' (' .. counter .. ')"}'
  return wrk.format("POST", "/api/v1/public/reports", {["Content-Type"] = "application/json"}, body)
end
local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
