using MountViz.Core.Simulation;

namespace MountViz.Web.Api;

/// <summary>Why one mount receives (or does not receive) an event, or what the operation itself does.</summary>
/// <param name="Namespace">The namespace the sentence is about.</param>
/// <param name="Path">The mount's lab path, or null for the operation as a whole.</param>
/// <param name="Receives">true for a mount that receives a copy (or loses one), false for one that is stopped, null for the operation itself.</param>
/// <param name="Rule">The rule of mount-propagation.md it applies (R-RECV, R-BIND...).</param>
/// <param name="Text">The sentence.</param>
public sealed record ExplanationDto(string Namespace, string? Path, bool? Receives, string Rule, string Text)
{
    /// <summary>Maps an explanation.</summary>
    public static ExplanationDto From(PropagationExplanation explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        return new(explanation.Namespace, explanation.Path, explanation.Receives, explanation.Rule, explanation.Text);
    }
}
