/**
 * An in-memory UserDirectory of one realm that records calls and can be told to fail: the stand-in
 * for Keycloak when flows run without it (flows-as-code tests, the bridge's own tests).
 */
import type { DirectoryUser, NewDirectoryUser, UserDirectory } from '../engine/services.js';
import { IoError } from '../errors.js';

type Method = keyof UserDirectory;

export class MemoryDirectory implements UserDirectory {
  readonly users = new Map<string, DirectoryUser>();
  readonly groups = new Map<string, Set<string>>();
  readonly roles = new Map<string, Set<string>>();
  readonly calls: string[] = [];
  private failures: Array<{ method: Method; arg?: string; error: Error }> = [];
  private nextId = 1;

  /** @param realm the only realm this directory answers for; another is a programming error */
  constructor(readonly realm = 'demo') {}

  /** Makes `method` throw `error` (only for calls naming `arg`, when given). */
  failOn(method: Method, error: Error = new IoError('directory_unavailable', 503, 'Keycloak is down'), arg?: string): this {
    this.failures.push({ method, arg, error });
    return this;
  }

  add(user: DirectoryUser, groups: string[] = [], roles: string[] = []): this {
    this.users.set(user.id, structuredClone(user));
    this.groups.set(user.id, new Set(groups));
    this.roles.set(user.id, new Set(roles));
    return this;
  }

  async getUser(realm: string, userId: string) {
    this.enter('getUser', realm, userId);
    const user = this.users.get(userId);
    return user && structuredClone(user);
  }

  async findUserByUsername(realm: string, username: string) {
    this.enter('findUserByUsername', realm, username);
    return [...this.users.values()].find((user) => user.username === username);
  }

  async updateUser(realm: string, userId: string, changes: Partial<Omit<DirectoryUser, 'id' | 'username'>>) {
    this.enter('updateUser', realm, userId);
    const user = this.existing(userId);
    const { attributes, ...fields } = changes;
    for (const [name, value] of Object.entries(fields)) {
      if (value === '') delete (user as unknown as Record<string, unknown>)[name];
      else (user as unknown as Record<string, unknown>)[name] = value;
    }
    for (const [name, values] of Object.entries(attributes ?? {})) {
      if (values.length === 0) delete user.attributes[name];
      else user.attributes[name] = [...values];
    }
  }

  async createUser(realm: string, user: NewDirectoryUser) {
    this.enter('createUser', realm, user.username);
    if ([...this.users.values()].some((known) => known.username === user.username)) throw new IoError('directory_conflict', 409, 'username taken');
    const id = `new-${this.nextId++}`;
    this.add({ ...user, id, enabled: user.enabled ?? true, attributes: user.attributes ?? {} });
    return id;
  }

  async deleteUser(realm: string, userId: string) {
    this.enter('deleteUser', realm, userId);
    this.existing(userId);
    this.users.delete(userId);
  }

  async addToGroup(realm: string, userId: string, path: string) {
    this.enter('addToGroup', realm, path);
    this.groups.get(userId)!.add(path);
  }

  async removeFromGroup(realm: string, userId: string, path: string) {
    this.enter('removeFromGroup', realm, path);
    this.groups.get(userId)!.delete(path);
  }

  async addRole(realm: string, userId: string, role: string) {
    this.enter('addRole', realm, role);
    this.roles.get(userId)!.add(role);
  }

  async removeRole(realm: string, userId: string, role: string) {
    this.enter('removeRole', realm, role);
    this.roles.get(userId)!.delete(role);
  }

  async userGroups(realm: string, userId: string) {
    this.enter('userGroups', realm, userId);
    return [...this.groups.get(userId)!];
  }

  async userRoles(realm: string, userId: string) {
    this.enter('userRoles', realm, userId);
    return [...this.roles.get(userId)!];
  }

  /** Calls that changed something, as `method arg`. */
  writes(): string[] {
    return this.calls.filter((call) => !/^(getUser|findUserByUsername|userGroups|userRoles) /.test(call));
  }

  private enter(method: Method, realm: string, arg: string) {
    if (realm !== this.realm) throw new Error(`unexpected realm ${realm} (this directory holds ${this.realm})`);
    this.calls.push(`${method} ${arg}`);
    const failure = this.failures.find((candidate) => candidate.method === method && (candidate.arg === undefined || candidate.arg === arg));
    if (failure) throw failure.error;
  }

  private existing(userId: string): DirectoryUser {
    const user = this.users.get(userId);
    if (!user) throw new IoError('directory_not_found', 404, `no user ${userId}`);
    return user;
  }
}
