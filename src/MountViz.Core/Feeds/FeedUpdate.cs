using System.Collections.Immutable;
using MountViz.Core.Model;

namespace MountViz.Core.Feeds;

/// <summary>
/// One published step of a feed: the table before, the table after and their diff, computed
/// once for every subscriber that saw <see cref="Before"/> last.
/// </summary>
internal sealed record FeedUpdate(MountTable Before, MountTable After, ImmutableArray<MountChange> Changes);
