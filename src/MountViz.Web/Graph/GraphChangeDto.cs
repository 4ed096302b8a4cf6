namespace MountViz.Web.Graph;

/// <summary>
/// One node to patch. <see cref="Kind"/> says how the module shows it: <c>added</c> (pulses),
/// <c>removed</c> (fades out), <c>changed</c> (flashes), <c>refreshed</c> (restyled quietly: its
/// hidden flag or parent link followed a change elsewhere).
/// </summary>
/// <param name="Kind">added, removed, changed or refreshed.</param>
/// <param name="Node">The mount now (for removed: as it was).</param>
/// <param name="Aspects">For changed: the mount change kinds merged into it (moved, propagationChanged, optionsChanged).</param>
public sealed record GraphChangeDto(string Kind, GraphMountDto Node, IReadOnlyList<string> Aspects);
