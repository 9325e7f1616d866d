-- Issue 17: a local day's roll-up made from its 15-minute buckets, atomically (a late event folded
-- meanwhile lands in both or neither). For a day whose buckets are all still kept, they are the
-- truth: every bucket field (not the surge alarm's minute arrivals) is set in the roll-up to the
-- buckets' sum, and a roll-up field no bucket has any more is dropped — but the fields kept in
-- roll-ups only (ARGV[2..]: their `ap|<name>` prefixes) are left as they are.
--
-- KEYS[1]       the day's roll-up hash
-- KEYS[2 ..]    the day's 15-minute bucket hashes
-- ARGV[1]       the roll-up's TTL (s)
-- ARGV[2 ..]    prefixes of the roll-up-only fields
-- Returns { fields written, fields dropped } or { -1 } when no bucket holds anything (nothing written).
local sums = {}
local any = false
for i = 2, #KEYS do
  local flat = redis.call('HGETALL', KEYS[i])
  for j = 1, #flat, 2 do
    local f = flat[j]
    if string.sub(f, 1, 3) ~= 'qm|' then
      sums[f] = (sums[f] or 0) + tonumber(flat[j + 1])
      any = true
    end
  end
end
if not any then return { -1 } end
local function rollupOnly(f)
  for k = 2, #ARGV do
    local p = ARGV[k]
    if f == p or string.sub(f, 1, #p + 1) == p .. ':' then return true end
  end
  return false
end
local dropped = 0
local have = redis.call('HKEYS', KEYS[1])
for _, f in ipairs(have) do
  if sums[f] == nil and not rollupOnly(f) then
    redis.call('HDEL', KEYS[1], f)
    dropped = dropped + 1
  end
end
local written = 0
for f, v in pairs(sums) do
  if v ~= 0 then
    redis.call('HSET', KEYS[1], f, v)
    written = written + 1
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return { written, dropped }
