// The shapes MountViz.Web.Graph sends across JS interop (camelCase JSON). Keep in step with
// src/MountViz.Web/Graph/*Dto.cs.

/** One mount (GraphMountDto). */
export interface MountNodeDto {
  readonly id: string;
  readonly namespace: string;
  readonly mountId: number;
  /** The node ID of the mount this one sits on; null for a root or an orphan. */
  readonly parent: string | null;
  readonly mountPoint: string;
  readonly detail: string;
  readonly fsType: string;
  readonly source: string;
  readonly root: string | null;
  readonly options: string;
  readonly propagation: 'private' | 'shared' | 'slave' | 'shared+slave' | 'unbindable';
  readonly shared: number | null;
  readonly master: number | null;
  readonly propagateFrom: number | null;
  readonly unbindable: boolean;
  readonly hidden: boolean;
  readonly propagated: boolean;
  readonly line: string;
}

/** A namespace (GraphNamespaceDto); with mounts, a snapshot to draw anew. */
export interface NamespaceDto {
  readonly id: string;
  readonly sourceId: string;
  readonly label: string;
  readonly mounts: readonly MountNodeDto[] | null;
}

/** A node patch (GraphChangeDto). */
export interface ChangeDto {
  readonly kind: 'added' | 'removed' | 'changed' | 'refreshed';
  readonly node: MountNodeDto;
  readonly aspects: readonly string[];
}

/** A legend entry (GraphPeerGroupDto). */
export interface PeerGroupDto {
  readonly group: number;
  readonly label: string;
  readonly color: string;
}

/** What update() applies (GraphBatchDto). */
export interface BatchDto {
  readonly namespaces?: readonly NamespaceDto[];
  readonly removedNamespaces?: readonly string[];
  readonly changes?: readonly ChangeDto[];
  readonly groups?: readonly PeerGroupDto[];
}

/** The .NET side: a DotNetObjectReference as Blazor hands it to JS. */
export interface DotNetRef {
  invokeMethodAsync<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
}

/** create()'s options; every field is optional. */
export interface GraphOptions {
  /** 'light', 'dark', or 'auto' (the default: follows prefers-color-scheme). */
  readonly theme?: 'light' | 'dark' | 'auto';
  /** How long a mount that arrived by propagation stays marked, in ms (default 10000). */
  readonly propagatedMarkMs?: number;
  /** Animations for added/removed/changed nodes (default true). */
  readonly animate?: boolean;
}
