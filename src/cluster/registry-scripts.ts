// The registry's Lua scripts (redis-registry.ts has the key layout). Each runs atomically. They
// read the liveness keys of the nodes named in the hash fields, i.e. keys not passed in KEYS: fine
// on a standalone Redis or Sentinel, not on Redis Cluster.

// Device limits + registration (docs/protocol.md 5.2 step 5 with decision 10's `>=`, the rule
// core/handlers/auth.ts applies on one node). KEYS: u:<user>, n:<self>. ARGV: prefix, self, sid,
// now, termtyp, deviceLimit, deviceTypeLimit, kickWindowMs, user, keyTtlMs. Entries of nodes
// without a liveness key are dropped. Returns {0} (over a limit inside the kick window) or
// {1, victim fields...}, oldest first.
export const ADMIT = `
local prefix, self = ARGV[1], ARGV[2]
local now, termtyp = tonumber(ARGV[4]), tonumber(ARGV[5])
local limit, tlimit, window = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local raw = redis.call('HGETALL', KEYS[1])
local live, alive = {}, {}
for i = 1, #raw, 2 do
  local f, v = raw[i], raw[i + 1]
  local server = string.match(f, '^(.+)/%d+$')
  local at, tt = string.match(v, '^(%d+)/(%d+)$')
  local ok = false
  if server and at then
    ok = alive[server]
    if ok == nil then
      ok = server == self or redis.call('EXISTS', prefix .. 'alive:' .. server) == 1
      alive[server] = ok
    end
  end
  if ok then live[#live + 1] = { f, tonumber(at), tonumber(tt) } else redis.call('HDEL', KEYS[1], f) end
end
table.sort(live, function(a, b) if a[2] ~= b[2] then return a[2] < b[2] end return a[1] < b[1] end)
local same = {}
if termtyp > 0 then for _, e in ipairs(live) do if e[3] == termtyp then same[#same + 1] = e end end end
local overAll = #live - limit + 1
local overType = 0
if termtyp > 0 then overType = #same - tlimit + 1 end
local victims = {}
if overAll > 0 or overType > 0 then
  local last = nil
  for _, e in ipairs(live) do if last == nil or e[2] > last then last = e[2] end end
  if last == nil or now - last <= window then return { 0 } end
  local picked = {}
  for _, e in ipairs(same) do
    if #victims < overType then victims[#victims + 1] = e[1]; picked[e[1]] = true end
  end
  local most = math.max(overAll, overType)
  for _, e in ipairs(live) do
    if #victims < most and not picked[e[1]] then victims[#victims + 1] = e[1]; picked[e[1]] = true end
  end
  for _, f in ipairs(victims) do redis.call('HDEL', KEYS[1], f) end
end
redis.call('HSET', KEYS[1], self .. '/' .. ARGV[3], ARGV[4] .. '/' .. ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[10])
redis.call('SADD', KEYS[2], ARGV[9])
return { 1, unpack(victims) }
`;

// Forgets this node's socket. KEYS: u:<user>, n:<self>. ARGV: prefix, self, sid, user. Returns
// the user's sockets left on live nodes.
export const RELEASE = `
redis.call('HDEL', KEYS[1], ARGV[2] .. '/' .. ARGV[3])
local n, mine, alive = 0, false, {}
for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
  local server = string.match(f, '^(.+)/%d+$')
  if server == ARGV[2] then
    mine = true
    n = n + 1
  elseif server then
    local ok = alive[server]
    if ok == nil then ok = redis.call('EXISTS', ARGV[1] .. 'alive:' .. server) == 1; alive[server] = ok end
    if ok then n = n + 1 end
  end
end
if not mine then redis.call('SREM', KEYS[2], ARGV[4]) end
return n
`;

// Removes node ARGV[2]'s entries for up to ARGV[3] of its users; refuses (-1) while it is alive
// unless forced (a node clearing its own entries before rewriting them).
export const REAP = `
local prefix, server = ARGV[1], ARGV[2]
if ARGV[4] ~= '1' and redis.call('EXISTS', prefix .. 'alive:' .. server) == 1 then return -1 end
local users = redis.call('SPOP', KEYS[1], tonumber(ARGV[3]))
local mark = server .. '/'
for _, u in ipairs(users) do
  local h = prefix .. 'u:' .. u
  for _, f in ipairs(redis.call('HKEYS', h)) do
    if string.sub(f, 1, #mark) == mark then redis.call('HDEL', h, f) end
  end
end
if ARGV[4] ~= '1' and redis.call('SCARD', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], server) end
return #users
`;

// Keeps (or takes back, when free) this node's id slot; 0 when another node holds it.
export const KEEP_SLOT = `
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0
`;

// One turn's bus traffic of a node (redis-outbox.ts), routed and published in one step, in order.
// ARGV: prefix, self, then per item a target and an encoded bus message: target '' routes the item
// to every node other than self holding a socket of the user whose u:<user> key is the next of
// KEYS; any other target is that node itself. Each destination gets ONE publish on its channel:
// the item alone when it is the only one, else a batch (bus.ts: 0x01, then per message its byte
// length as 4 bytes big-endian and its bytes), in item order. Returns per item the nodes whose
// subscriber took it (a node that died a moment ago is not among them); for an item with a node
// as its target, 1 when that node's subscriber took it, else 0 (an integer: cheaper to read back).
export const OUTBOX = `
local prefix, self = ARGV[1], ARGV[2]
local n = (#ARGV - 2) / 2
local dests, order, queues = {}, {}, {}
local k = 0
for i = 1, n do
  local target = ARGV[1 + 2 * i]
  local servers = {}
  if target == '' then
    k = k + 1
    local seen = {}
    for _, f in ipairs(redis.call('HKEYS', KEYS[k])) do
      local server = string.match(f, '^(.+)/%d+$')
      if server and server ~= self and not seen[server] then
        seen[server] = true
        servers[#servers + 1] = server
      end
    end
  else
    servers[1] = target
  end
  dests[i] = servers
  for _, server in ipairs(servers) do
    local q = queues[server]
    if not q then
      q = {}
      queues[server] = q
      order[#order + 1] = server
    end
    q[#q + 1] = i
  end
end
local took = {}
for _, server in ipairs(order) do
  local q = queues[server]
  local payload
  if #q == 1 then
    payload = ARGV[2 + 2 * q[1]]
  else
    local parts = { '\\1' }
    for _, i in ipairs(q) do
      local m = ARGV[2 + 2 * i]
      parts[#parts + 1] = struct.pack('>I4', #m)
      parts[#parts + 1] = m
    end
    payload = table.concat(parts)
  end
  took[server] = redis.call('PUBLISH', prefix .. 'node:' .. server, payload) > 0
end
local res = {}
for i = 1, n do
  if ARGV[1 + 2 * i] == '' then
    local t = {}
    for _, server in ipairs(dests[i]) do
      if took[server] then t[#t + 1] = server end
    end
    res[i] = t
  else
    res[i] = took[dests[i][1]] and 1 or 0
  end
end
return res
`;
