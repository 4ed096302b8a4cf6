using System.Collections.Immutable;

namespace MountViz.Core.Simulation;

/// <summary>A propagation change that makes the event reach, checked by simulating the event again after it.</summary>
/// <param name="Changes">The changes, in order (one or two).</param>
/// <param name="Text">The fix in one sentence.</param>
public sealed record WhyNotFix(ImmutableArray<WhyNotChange> Changes, string Text);
