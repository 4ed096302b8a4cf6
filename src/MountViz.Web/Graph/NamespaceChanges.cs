using System.Collections.Immutable;
using MountViz.Core.Model;

namespace MountViz.Web.Graph;

/// <summary>One namespace's share of a change batch.</summary>
/// <param name="SourceId">The namespace's source ID, as loaded into the mapper.</param>
/// <param name="Changes">Its changes, as <see cref="MountDiff.Compare"/> lists them.</param>
public sealed record NamespaceChanges(string SourceId, ImmutableArray<MountChange> Changes);
