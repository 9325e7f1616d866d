-- Applies new events of ONE entity atomically: the idempotency markers, the log entries,
-- the entity record and its counter/live-state difference land together or not at all.
-- Optimistic: if the entity changed since it was read, or an event got marked meanwhile
-- (another node, a retry), nothing is written and 'conflict' is returned; the caller re-reads.
--
-- KEYS[1]            entity hash (v = version, r = record JSON)
-- KEYS[2]            the site's log stream
-- KEYS[3 .. 2+n]     seen markers of the n new events
-- KEYS[3+n ..]       counter and live hashes referenced by index from the ops
-- ARGV[1]  expected version ('' = entity must not exist yet)
-- ARGV[2]  new version
-- ARGV[3]  new record JSON
-- ARGV[4]  entity TTL (s)
-- ARGV[5]  seen-marker TTL (s)
-- ARGV[6]  log MAXLEN (approximate trim); '0' = do not log (rebuild replays the log itself)
-- ARGV[7]  counter TTL (s)
-- ARGV[8]  n
-- ARGV[9]  ops JSON: [[op, keyIndex, field, value?, ttl?]...]; op 'i' = HINCRBY (its key's TTL: ttl, or the
--          counter TTL), 's' = HSET, 'd' = HDEL, 'x' = DEL the key (a rebuild clearing a day's roll-up first)
-- ARGV[10 .. 9+n]  event JSON for the log, in the order of the seen markers
-- Returns 'ok', 'conflict', or 'refused:<why>' (checked before the first write: nothing written).
local current = redis.call('HGET', KEYS[1], 'v')
if (current or '') ~= ARGV[1] then return 'conflict' end
local n = tonumber(ARGV[8])
for i = 1, n do
  if redis.call('EXISTS', KEYS[2 + i]) == 1 then return 'conflict' end
end
-- Redis does not roll a script back: everything that could fail is checked before the first write
local ops = cjson.decode(ARGV[9])
for _, op in ipairs(ops) do
  if op[1] == 'i' then
    local now = tonumber(redis.call('HGET', KEYS[op[2]], op[3]) or '0')
    if now == nil then return 'refused:counter ' .. op[3] .. ' does not hold a number' end
    local after = now + op[4]
    if after > 9007199254740991 or after < -9007199254740991 then return 'refused:counter ' .. op[3] .. ' would overflow' end
  end
end
for i = 1, n do
  redis.call('SET', KEYS[2 + i], '1', 'EX', ARGV[5])
  if ARGV[6] ~= '0' then
    redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], '*', 'e', ARGV[9 + i])
  end
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'r', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
local touched = {}
for _, op in ipairs(ops) do
  local key = KEYS[op[2]]
  if op[1] == 'i' then
    -- a contribution moved elsewhere leaves 0: drop the field, as a replay would never write it
    if redis.call('HINCRBY', key, op[3], op[4]) == 0 then redis.call('HDEL', key, op[3]) end
    if not touched[key] then
      redis.call('EXPIRE', key, op[5] or ARGV[7])
      touched[key] = true
    end
  elseif op[1] == 'x' then
    redis.call('DEL', key)
  elseif op[1] == 's' then
    redis.call('HSET', key, op[3], op[4])
  else
    redis.call('HDEL', key, op[3])
  end
end
return 'ok'
