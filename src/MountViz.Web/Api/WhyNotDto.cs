using MountViz.Core.Simulation;

namespace MountViz.Web.Api;

/// <summary>
/// <c>GET /api/sources/{id}/why</c>: whether a mount made at one path reaches a path in another
/// (or the same) namespace, the chain that carries it, or the first rule that stops it and the
/// smallest propagation change that would make it reach.
/// </summary>
/// <param name="Supported">Whether the question could be answered; when false, <paramref name="Reason"/> says why.</param>
/// <param name="Reason">Why there is no answer.</param>
/// <param name="FromNamespace">The namespace the mount is made in, as the answer names it: the lab namespace's name within one lab, else the source ID.</param>
/// <param name="ToNamespace">The namespace it should show up in, named the same way.</param>
/// <param name="Reaches">Whether it shows up there.</param>
/// <param name="Summary">The answer in one or two sentences.</param>
/// <param name="Chain">The mounts the event passes: where it happens, each group and master link, the receiving mount.</param>
/// <param name="Arrival">Where the copy appears, when it reaches.</param>
/// <param name="StoppedRule">The rule of mount-propagation.md that stops it (R-RECV...), when it does not reach.</param>
/// <param name="StoppedBy">That rule applied, in words.</param>
/// <param name="Fixes">Changes that would make it reach, smallest first, each checked by simulation.</param>
/// <param name="Explanations">The simulator's explanations of the event for every namespace and mount.</param>
public sealed record WhyNotDto(
    bool Supported,
    string? Reason,
    string FromNamespace,
    string ToNamespace,
    bool Reaches,
    string Summary,
    IReadOnlyList<WhyNotHop> Chain,
    string? Arrival,
    string? StoppedRule,
    string? StoppedBy,
    IReadOnlyList<WhyNotFixDto> Fixes,
    IReadOnlyList<ExplanationDto> Explanations)
{
    /// <summary>Maps an answer.</summary>
    public static WhyNotDto From(WhyNotAnswer answer, string fromNamespace, string toNamespace)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new(
            answer.Supported,
            answer.Reason,
            fromNamespace,
            toNamespace,
            answer.Reaches,
            answer.Summary,
            answer.Chain,
            answer.Arrival,
            answer.StoppedRule,
            answer.StoppedBy,
            [.. answer.Fixes.Select(f => new WhyNotFixDto(f.Text, f.Changes))],
            [.. answer.Explanations.Select(ExplanationDto.From)]);
    }
}

/// <summary>One fix: its sentence and its changes (each with the command that makes it, or null when a new bind is needed).</summary>
/// <param name="Text">The fix in one sentence.</param>
/// <param name="Changes">The changes, in order.</param>
public sealed record WhyNotFixDto(string Text, IReadOnlyList<WhyNotChange> Changes);
