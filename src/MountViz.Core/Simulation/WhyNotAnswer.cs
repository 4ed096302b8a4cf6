using System.Collections.Immutable;

namespace MountViz.Core.Simulation;

/// <summary>
/// The answer to "why does (or doesn't) a mount event at one path show up at another?": whether
/// it reaches, through which peer groups and master links, or the first rule that stops it, and
/// the smallest propagation change that would make it reach.
/// </summary>
public sealed record WhyNotAnswer
{
    /// <summary>Whether the question could be answered; when false, <see cref="Reason"/> says why.</summary>
    public required bool Supported { get; init; }

    /// <summary>Why there is no answer, when <see cref="Supported"/> is false.</summary>
    public string? Reason { get; init; }

    /// <summary>Whether a mount made at the first path appears at the second.</summary>
    public bool Reaches { get; init; }

    /// <summary>The answer in one or two sentences.</summary>
    public string Summary { get; init; } = "";

    /// <summary>
    /// The chain: the mount the event happens on, each peer group or master link it passes, and
    /// the mount in the other namespace that receives it. When it does not reach: the way as far
    /// as it goes (the origin at least).
    /// </summary>
    public ImmutableArray<WhyNotHop> Chain { get; init; } = [];

    /// <summary>Where the copy appears in the other namespace, when it reaches.</summary>
    public string? Arrival { get; init; }

    /// <summary>The first rule that stops it (rule ID of mount-propagation.md), when it does not reach.</summary>
    public string? StoppedRule { get; init; }

    /// <summary>The first rule that stops it, in words, when it does not reach.</summary>
    public string? StoppedBy { get; init; }

    /// <summary>Changes that would make it reach, smallest first (each checked by simulation); empty when it reaches or none was found.</summary>
    public ImmutableArray<WhyNotFix> Fixes { get; init; } = [];

    /// <summary>The simulator's explanations of the probe event: every namespace and mount, receiving or not.</summary>
    public ImmutableArray<PropagationExplanation> Explanations { get; init; } = [];

    /// <summary>No answer, with the reason.</summary>
    public static WhyNotAnswer Unsupported(string reason) => new() { Supported = false, Reason = reason, Summary = reason };
}
