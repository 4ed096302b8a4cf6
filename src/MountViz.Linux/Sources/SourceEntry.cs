using MountViz.Linux.Watching;

namespace MountViz.Linux.Sources;

/// <summary>A watched source: its ID and the watcher (with its feed) that lives while someone subscribes.</summary>
internal sealed record SourceEntry(string Id, MountWatcher Watcher);
