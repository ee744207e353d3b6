-- GET /v1/customers/{id} of a random customer of the million
math.randomseed(os.time())
request = function()
  return wrk.format("GET", string.format("/v1/customers/C%07d", math.random(0, 999999)))
end
