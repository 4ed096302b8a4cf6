// Which drawn mounts belong to each peer group, as members (shared:N), slaves (master:N) and
// receivers (propagate_from:N), and which relation edges each group has. Kept up to date as
// nodes come and go, so a batch redraws the relations of the groups it touched without running
// a selector over every mount for each group.

/** The node IDs of one group's members, slaves and receivers, and the IDs of its relation edges. */
export interface GroupEntry {
  readonly members: Set<string>;
  readonly slaves: Set<string>;
  readonly receivers: Set<string>;
  readonly edges: Set<string>;
}

/** The group fields of a mount, as its DTO carries them. */
export interface GroupFields {
  readonly shared: number | null;
  readonly master: number | null;
  readonly propagateFrom: number | null;
}

/** Node IDs by peer group; mounts only (not fading ghosts). */
export class GroupIndex {
  private readonly groups = new Map<number, GroupEntry>();

  /** The group's entry, created empty on first use. */
  entry(group: number): GroupEntry {
    let entry = this.groups.get(group);
    if (!entry) {
      entry = { members: new Set(), slaves: new Set(), receivers: new Set(), edges: new Set() };
      this.groups.set(group, entry);
    }
    return entry;
  }

  /** Records a drawn mount under its groups. */
  add(id: string, fields: GroupFields): void {
    if (fields.shared !== null && fields.shared !== undefined) {
      this.entry(fields.shared).members.add(id);
    }
    if (fields.master !== null && fields.master !== undefined) {
      this.entry(fields.master).slaves.add(id);
    }
    if (fields.propagateFrom !== null && fields.propagateFrom !== undefined) {
      this.entry(fields.propagateFrom).receivers.add(id);
    }
  }

  /** Forgets a mount under the groups it was recorded with. */
  remove(id: string, fields: GroupFields): void {
    if (fields.shared !== null && fields.shared !== undefined) {
      this.groups.get(fields.shared)?.members.delete(id);
    }
    if (fields.master !== null && fields.master !== undefined) {
      this.groups.get(fields.master)?.slaves.delete(id);
    }
    if (fields.propagateFrom !== null && fields.propagateFrom !== undefined) {
      this.groups.get(fields.propagateFrom)?.receivers.delete(id);
    }
  }

  /** Members and slaves of a group (ghosts excluded), for the legend. */
  counts(group: number): { members: number; slaves: number } {
    const entry = this.groups.get(group);
    return { members: entry?.members.size ?? 0, slaves: entry?.slaves.size ?? 0 };
  }

  /** Every group that has an entry. */
  keys(): IterableIterator<number> {
    return this.groups.keys();
  }
}
