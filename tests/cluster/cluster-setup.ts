/**
 * `npm run test:cluster`: a Redis Cluster of 3 masters and 3 replicas on loopback for the run; the
 * suites of `npm test` that run here again find it in REDIS_CLUSTER_NODES (tests/helpers/start-app.ts).
 * The failover tests start topologies of their own, which they may kill.
 */
import { missingRedisServer, startRedisCluster } from '../helpers/redis-topologies.js';

export default async function setup(): Promise<() => Promise<void>> {
  const missing = missingRedisServer();
  if (missing) {
    console.warn(`test:cluster: no Cluster for the suites of npm test (they run on REDIS_URL instead), the failover tests skip — ${missing}`);
    return () => Promise.resolve();
  }
  const cluster = await startRedisCluster();
  process.env.REDIS_CLUSTER_NODES = cluster.nodes;
  console.log(`test:cluster: a Redis Cluster of 3 masters + 3 replicas on ${cluster.nodes}`);
  return () => cluster.stop();
}
