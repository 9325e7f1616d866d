-- Gives the flush lease up, if this node holds it (graceful stop: another node takes over at once).
-- KEYS[1] lease key   ARGV[1] this node's id
-- Returns 1 if released, 0 if it was not ours.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end
