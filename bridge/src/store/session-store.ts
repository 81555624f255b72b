/** A stored record and the version a compare-and-set update must name. */
export interface Versioned<T> {
  version: number;
  data: T;
}

/**
 * Persistence for flow sessions and single-use markers. Implementations must make `update` a true
 * compare-and-set so two concurrent requests on one session cannot both win.
 */
export interface SessionStore<T> {
  /** Stores a new record at version 1; false if the id is already taken. */
  create(id: string, data: T, ttlSeconds: number): Promise<boolean>;
  get(id: string): Promise<Versioned<T> | undefined>;
  /** Replaces the record if it is still at `expectedVersion` (keeping its TTL); false otherwise. */
  update(id: string, expectedVersion: number, data: T): Promise<boolean>;
  /** Removes a record (e.g. the old id after a session id renewal); no error when it is gone. */
  delete(id: string): Promise<void>;
  /**
   * Records `key` for `ttlSeconds` if it was not recorded yet (SET NX); false means already seen.
   * A marker that belongs to one journey names its handle, so it lives with the journey's session
   * (one Redis Cluster slot); the markers of outside tokens (handoff, admin) name none.
   */
  claimOnce(key: string, ttlSeconds: number, journey?: string): Promise<boolean>;
  /**
   * Deadlines: ids to look at again once their time has come (a journey nobody finishes must still
   * be expired and compensated). `dueDeadlines` lists the ids whose deadline (ms) has passed.
   */
  addDeadline(id: string, at: number): Promise<void>;
  removeDeadline(id: string): Promise<void>;
  dueDeadlines(now: number, limit: number): Promise<string[]>;
  /**
   * When the data holding the single-use marker `key` (claimed without a journey) began, in seconds
   * since the epoch: a marker written once and kept without expiry, next to that single-use marker
   * (on the same Redis Cluster node). After the data is lost it is written again with a later time,
   * so anything dated before it (a handoff whose single-use marker may be gone) can be told apart.
   * Without `key`: writes every such marker still missing (at startup, so the first handoffs never
   * race their creation) and answers the latest.
   */
  generation(key?: string): Promise<number>;
  /** Answers when the store does (readiness: Redis's PING); throws otherwise. */
  ping(): Promise<void>;
  /** Number of live sessions (diagnostics and tests). */
  count(): Promise<number>;
  /** Remaining lifetime in seconds of a session, undefined if it does not exist. */
  ttl(id: string): Promise<number | undefined>;
  close(): Promise<void>;
}
