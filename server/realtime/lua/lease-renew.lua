-- Renews the flush lease if this node holds it (server/realtime/flush-lease.ts).
-- KEYS[1] lease key   ARGV[1] this node's id   ARGV[2] lease length (ms)
-- Returns 1 if renewed, 0 if another node (or nobody) holds it.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end
