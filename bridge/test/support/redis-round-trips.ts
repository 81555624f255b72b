import { Redis, type Command } from 'ioredis';

/** One write to Redis and the replies it waits for: a single command, or every command of a pipeline or transaction. */
export type RoundTrip = string[];

/**
 * Counts the round trips every ioredis client of this process makes, by watching what reaches
 * `sendCommand`: a command on its own is a round trip, and the commands of one pipeline (or MULTI)
 * share one (ioredis writes them to the socket together). Deterministic, unlike timings, so tests can
 * assert on the count. Install before the clients connect (the bridge's clients bind `sendCommand`
 * when they open).
 */
export class RedisRoundTrips {
  private trips: RoundTrip[] = [];
  private readonly pipelines = new WeakMap<object, RoundTrip>();
  private readonly original = Redis.prototype.sendCommand;

  private constructor() {
    const original = this.original;
    const trips = this;
    Redis.prototype.sendCommand = function (this: Redis, command: Command, stream?: Parameters<Redis['sendCommand']>[1]) {
      trips.record(command, stream);
      return original.call(this, command, stream);
    };
  }

  static install(): RedisRoundTrips {
    return new RedisRoundTrips();
  }

  /** The round trips since the last call (or since installing), and starts counting afresh. */
  take(): RoundTrip[] {
    const taken = this.trips;
    this.trips = [];
    return taken;
  }

  uninstall(): void {
    Redis.prototype.sendCommand = this.original;
  }

  private record(command: Command, stream: unknown): void {
    const name = command.name.toLowerCase();
    if (stream && typeof stream === 'object' && (stream as { isPipeline?: boolean }).isPipeline) {
      const trip = this.pipelines.get(stream);
      if (trip) return void trip.push(name);
      const started = [name];
      this.pipelines.set(stream, started);
      this.trips.push(started);
      return;
    }
    this.trips.push([name]);
  }
}

/** `[['get'], ['multi', 'set', 'exec']]` as `get | multi set exec`. */
export function describeTrips(trips: readonly RoundTrip[]): string {
  return trips.map((trip) => trip.join(' ')).join(' | ');
}
