namespace MountViz.Web.Components.Graph;

/// <summary>What <c>create(element, dotnetRef, options)</c> of the graph module gets (camelCase JSON).</summary>
/// <param name="Theme"><c>auto</c> (follow the page's light/dark scheme), <c>light</c> or <c>dark</c>.</param>
/// <param name="PropagatedMarkMs">How long a mount that arrived by propagation stays marked, in milliseconds.</param>
/// <param name="Animate">Pulse, flash and fade changed nodes; off for screenshots and benchmarks.</param>
public sealed record MountGraphOptions(string Theme = "auto", int PropagatedMarkMs = 10_000, bool Animate = true)
{
    /// <summary>Follows the page's scheme, marks propagated mounts for 10 s, animates.</summary>
    public static MountGraphOptions Default { get; } = new();
}
