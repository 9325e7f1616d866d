-- Changes a user's role and/or sites, only if the user still exists: a change racing a delete
-- must not leave a half user (a role without a password hash) behind.
--
-- KEYS[1]  the user hash (auth:user:<login>)
-- ARGV[1]  new role ('' = unchanged)
-- ARGV[2]  new sites JSON ('' = unchanged)
-- returns  1 if changed, 0 if there is no such user
if redis.call('HEXISTS', KEYS[1], 'hash') == 0 then return 0 end
if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], 'role', ARGV[1]) end
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'sites', ARGV[2]) end
return 1
