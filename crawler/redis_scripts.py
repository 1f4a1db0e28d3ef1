"""The Lua scripts of the shared frontier (:mod:`crawler.redis_frontier`): each runs atomically in
Redis, so that no two workers ever see a claim, a queue entry or a worker's state half made."""

# Lua scripts: each runs atomically in Redis. KEYS are the crawl's keys; per-worker keys are
# derived inside from the crawl's key prefix (ARGV[1]), in the same Cluster slot.
CLAIM_AND_PUSH = """
local base, fp, data, priority, budget, origin, counted = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]),
      tonumber(ARGV[5]), ARGV[6], ARGV[7]
if redis.call('HGET', base .. 'crawl', 'state') ~= 'running' then return 0 end  -- the crawl is over
if origin == fp then  -- a request this worker is processing, again (a retry): back to the queue
  local score = -priority * 1e9 + redis.call('INCR', base .. 'seq')
  redis.call('HSET', base .. 'requests', fp, data)
  redis.call('HSET', base .. 'scores', fp, score)
  redis.call('ZADD', base .. 'queue', score, fp)
  redis.call('HDEL', base .. 'processing:' .. ARGV[8], fp)
  redis.call('SREM', base .. 'pins:' .. ARGV[8], fp)
  return 2
end
if redis.call('SISMEMBER', base .. 'claimed', fp) == 1 then return 0 end
if counted == '1' and budget >= 0 and tonumber(redis.call('GET', base .. 'pages') or '0') >= budget then
  redis.call('INCR', base .. 'refused')
  return -1
end
redis.call('SADD', base .. 'claimed', fp)
if counted == '1' then redis.call('INCR', base .. 'pages') end
local score = -priority * 1e9 + redis.call('INCR', base .. 'seq')
redis.call('HSET', base .. 'requests', fp, data)
redis.call('HSET', base .. 'scores', fp, score)
redis.call('ZADD', base .. 'queue', score, fp)
return 1
"""

POP = """
local base, worker = ARGV[1], ARGV[2]
if redis.call('HGET', base .. 'crawl', 'state') ~= 'running' then return false end
local item = redis.call('ZPOPMIN', base .. 'queue')
if #item == 0 then return false end
local data = redis.call('HGET', base .. 'requests', item[1])
if not data then return false end
redis.call('HSET', base .. 'processing:' .. worker, item[1], data)
return {item[1], data}
"""

ACK = """
local base, worker = ARGV[1], ARGV[2]
local done = 0
for i = 3, #ARGV do
  if redis.call('HDEL', base .. 'processing:' .. worker, ARGV[i]) == 1 then
    redis.call('HDEL', base .. 'requests', ARGV[i])
    redis.call('HDEL', base .. 'scores', ARGV[i])
    done = done + 1
  end
end
return done
"""

#: Put a worker's unfinished requests back in the queue (its own on a graceful stop, a dead one's).
REQUEUE_FUNCTION = """
local function requeue(base, worker)
  local key = base .. 'processing:' .. worker
  local entries = redis.call('HGETALL', key)
  for i = 1, #entries, 2 do
    local score = redis.call('HGET', base .. 'scores', entries[i]) or '0'
    redis.call('HSET', base .. 'requests', entries[i], entries[i + 1])
    redis.call('ZADD', base .. 'queue', score, entries[i])
  end
  redis.call('DEL', key, base .. 'pins:' .. worker)
  redis.call('HDEL', base .. 'workers', worker)
  redis.call('HDEL', base .. 'holds', worker)
  return #entries / 2
end
"""

LEAVE = REQUEUE_FUNCTION + """
return requeue(ARGV[1], ARGV[2])
"""

#: Heartbeat, re-queue the requests of dead workers, and say whether the crawl is over:
#: returns {finished (0/1), requeued, live workers, quiet (0/1): nothing is left anywhere but pages
#: waiting for their canonical URL (pinned)}.
CHECK = REQUEUE_FUNCTION + """
local base, me, timeout = ARGV[1], ARGV[2], tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
if redis.call('HGET', base .. 'crawl', 'state') ~= 'running' then return {1, 0, 0, 1} end
if me ~= '' then redis.call('HSET', base .. 'workers', me, now) end
local requeued, live, busy, pinned = 0, 0, 0, 0
local workers = redis.call('HGETALL', base .. 'workers')
for i = 1, #workers, 2 do
  if now - tonumber(workers[i + 1]) > timeout then
    requeued = requeued + requeue(base, workers[i])
  else
    live = live + 1
    busy = busy + redis.call('HLEN', base .. 'processing:' .. workers[i])
    pinned = pinned + redis.call('SCARD', base .. 'pins:' .. workers[i])
  end
end
local waiting = redis.call('ZCARD', base .. 'queue') + redis.call('LLEN', base .. 'deferred')
                + redis.call('HLEN', base .. 'holds')
if busy > 0 or waiting > 0 then
  return {0, requeued, live, (waiting == 0 and busy == pinned) and 1 or 0}
end
redis.call('HSET', base .. 'crawl', 'state', 'finished', 'articles', redis.call('HLEN', base .. 'articles'))
redis.call('UNLINK', base .. 'claimed', base .. 'articles', base .. 'requests', base .. 'scores',
           base .. 'deferred:set', base .. 'canonical')
return {1, requeued, live, 1}
"""

CLAIM_ARTICLE = """
local base, owner = ARGV[1], ARGV[2]
local current = redis.call('HGET', base .. 'articles', ARGV[3])
if current and current ~= owner then return 0 end
for i = 3, #ARGV do redis.call('HSETNX', base .. 'articles', ARGV[i], owner) end
return 1
"""

DEFER = """
if redis.call('SADD', ARGV[1] .. 'deferred:set', ARGV[2]) == 1 then
  redis.call('RPUSH', ARGV[1] .. 'deferred', ARGV[2])
end
return 1
"""

OUTCOMES = """
for i = 3, #ARGV do
  if ARGV[2] == '1' then redis.call('HSET', ARGV[1] .. 'canonical', ARGV[i], '1')
  else redis.call('HSETNX', ARGV[1] .. 'canonical', ARGV[i], '0') end
end
return 1
"""

TAKE_DEFERRED = """
local base, worker = ARGV[1], ARGV[2]
local urls = redis.call('LRANGE', base .. 'deferred', 0, -1)
if #urls > 0 then
  redis.call('HINCRBY', base .. 'holds', worker, 1)
  redis.call('DEL', base .. 'deferred', base .. 'deferred:set')
end
return urls
"""
