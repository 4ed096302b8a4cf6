namespace MountViz.Core.Simulation;

/// <summary>
/// Why one mount receives (or does not receive) an event, or what the operation itself does:
/// one sentence in the user's terms, with the rule of <c>mount-propagation.md</c> it applies.
/// </summary>
/// <param name="Namespace">The namespace the sentence is about.</param>
/// <param name="Path">The mount's lab path (the receiver or the candidate), or null for the operation as a whole.</param>
/// <param name="Receives">True for a mount that receives a copy (or loses one), false for a candidate that is stopped, null for the operation itself.</param>
/// <param name="Rule">The rule ID (<c>R-RECV</c>, <c>R-BIND</c>...).</param>
/// <param name="Text">The sentence.</param>
public sealed record PropagationExplanation(string Namespace, string? Path, bool? Receives, string Rule, string Text)
{
    /// <inheritdoc/>
    public override string ToString() => $"[{Namespace}{(Path is null ? "" : " " + Path)}] {Text} ({Rule})";
}
