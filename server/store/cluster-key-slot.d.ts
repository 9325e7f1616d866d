// cluster-key-slot (ioredis' own dependency) ships no types: the one function we use
declare module 'cluster-key-slot' {
  /** the Redis Cluster hash slot (0–16383) of a key, hash tags honoured */
  export default function calculateSlot(key: string | Buffer): number;
}
